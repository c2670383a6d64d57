"""How long `python -m lstm_ref explain` takes, as a reader runs it, against the 50 ms target.

Each command runs in a fresh process, several times; the table gives the median wall-clock
time and the median CPU time (user + system) of the child, which moves less when other work
shares the machine. Python's own start-up (`python -c pass`) is shown for scale: it is part of
every figure and not ours to cut. The bytecode cache is on, as after `pip install`: an
inherited PYTHONDONTWRITEBYTECODE is dropped and each command is run once before timing.

A pasted 100-layer model (`--file`) is timed the same way, against "well under a second".

Run alone: `python -m bench.cli_time`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple, Optional, Sequence

TARGET_MS = 50
MODEL_TARGET_MS = 500
RUNS = 31
EXPLAIN = ["explain", "LSTM(32)", "Dense(2)", "--input-shape", "10,64"]
MODEL_LAYERS = 100
_CYCLE = ["layers.LSTM(8, return_sequences=True)", "layers.Dropout(0.1)", "layers.Dense(8)",
          "layers.LayerNormalization()", "layers.Conv1D(8, 3, padding='same')"]


def hundred_layer_model() -> str:
    """Pasted code of a valid 100-layer Sequential model (model.add lines), for --file."""
    lines = ["from tensorflow import keras", "from tensorflow.keras import layers", "",
             "model = keras.Sequential()", "model.add(keras.Input(shape=(50, 8)))"]
    lines += [f"model.add({_CYCLE[i % len(_CYCLE)]})" for i in range(MODEL_LAYERS)]
    return "\n".join(lines + ["model.summary()", ""])


class Timing(NamedTuple):
    wall_ms: float
    cpu_ms: float


def time_command(argv: Sequence[str], runs: int = RUNS, env: dict | None = None) -> Timing:
    """Median wall-clock and CPU milliseconds of `argv` over `runs` fresh processes."""
    walls, cpus = [], []
    for _ in range(runs + 1):  # the first run warms the caches and is not counted
        started = time.perf_counter()
        child = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, env=env)
        _, status, usage = os.wait4(child.pid, 0)
        walls.append((time.perf_counter() - started) * 1000)
        cpus.append((usage.ru_utime + usage.ru_stime) * 1000)
        if os.waitstatus_to_exitcode(status) != 0:
            raise RuntimeError(f"{' '.join(argv)} failed: {child.stderr.read().decode()}")
        child.stderr.close()
    return Timing(statistics.median(walls[1:]), statistics.median(cpus[1:]))


def reader_environment() -> dict:
    return {key: value for key, value in os.environ.items()
            if key not in ("PYTHONDONTWRITEBYTECODE", "PYTHONPROFILEIMPORTTIME")}


def commands(model_path: str) -> list[tuple[str, list[str], Optional[int]]]:
    """(label, argv, target in ms or None) for each command timed."""
    python = sys.executable
    shown = " ".join(f'"{a}"' if "(" in a else a for a in EXPLAIN)
    model = [python, "-m", "lstm_ref", "explain", "--file", model_path]
    return [
        ("`python -c pass` (interpreter start-up, for scale)", [python, "-c", "pass"], None),
        (f"`python -m lstm_ref {shown}`", [python, "-m", "lstm_ref", *EXPLAIN], TARGET_MS),
        ("the same with `--json`", [python, "-m", "lstm_ref", *EXPLAIN, "--json"], TARGET_MS),
        (f"`explain --file` a pasted {MODEL_LAYERS}-layer model", model, MODEL_TARGET_MS),
        (f"the same with `--json`", [*model, "--json"], MODEL_TARGET_MS),
    ]


class Measured(NamedTuple):
    rows: list[tuple[str, Timing, Optional[int]]]
    load: tuple[float, float, float]
    runs: int


def measure(runs: int = RUNS) -> Measured:
    """Time every command (run this while the machine is otherwise quiet)."""
    load = os.getloadavg()
    env = reader_environment()
    with tempfile.TemporaryDirectory() as scratch:
        model = Path(scratch) / "model.py"
        model.write_text(hundred_layer_model())
        rows = [(label, time_command(argv, runs, env), target)
                for label, argv, target in commands(str(model))]
    return Measured(rows, load, runs)


def cli_table(measured: Measured) -> bool:
    """Print the CLI timing table; returns whether the target is met."""
    load = ", ".join(f"{value:.1f}" for value in measured.load)
    print(f"\n## Command line, median of {measured.runs} runs (targets: explain <= {TARGET_MS} ms, "
          f"a {MODEL_LAYERS}-layer model <= {MODEL_TARGET_MS} ms)\n")
    print(f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min) before timing.\n")
    print("| command | wall ms | CPU ms | target |\n|---|---:|---:|---|")
    met = True
    for label, timing, target in measured.rows:
        verdict = ""
        if target is not None:
            ok = timing.wall_ms <= target
            met = met and ok
            verdict = f"<= {target}: " + ("ok" if ok else "MISS")
        print(f"| {label} | {timing.wall_ms:.1f} | {timing.cpu_ms:.1f} | {verdict} |")
    print("\nCPU ms is the child's user + system time: close to wall ms on an idle machine, "
          "and the steadier of the two when other work shares the cores.")
    return met


if __name__ == "__main__":
    cli_table(measure())
