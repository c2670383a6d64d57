"""How long `python -m lstm_ref explain` takes, as a reader runs it, against the 50 ms target.

Each command runs in a fresh process, several times; the table gives the median wall-clock
time and the median CPU time (user + system) of the child, which moves less when other work
shares the machine. Python's own start-up (`python -c pass`) is shown for scale: it is part of
every figure and not ours to cut. The bytecode cache is on, as after `pip install`: an
inherited PYTHONDONTWRITEBYTECODE is dropped and each command is run once before timing.

Run alone: `python -m bench.cli_time`.
"""

from __future__ import annotations

import os
import statistics
import subprocess
import sys
import time
from typing import NamedTuple, Sequence

TARGET_MS = 50
RUNS = 31
EXPLAIN = ["explain", "LSTM(32)", "Dense(2)", "--input-shape", "10,64"]


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


def commands() -> list[tuple[str, list[str], bool]]:
    """(label, argv, judged against the target) for each command timed."""
    python = sys.executable
    shown = " ".join(f'"{a}"' if "(" in a else a for a in EXPLAIN)
    return [
        ("`python -c pass` (interpreter start-up, for scale)", [python, "-c", "pass"], False),
        (f"`python -m lstm_ref {shown}`", [python, "-m", "lstm_ref", *EXPLAIN], True),
        ("the same with `--json`", [python, "-m", "lstm_ref", *EXPLAIN, "--json"], True),
    ]


class Measured(NamedTuple):
    rows: list[tuple[str, Timing, bool]]
    load: tuple[float, float, float]
    runs: int


def measure(runs: int = RUNS) -> Measured:
    """Time every command (run this while the machine is otherwise quiet)."""
    load = os.getloadavg()
    env = reader_environment()
    rows = [(label, time_command(argv, runs, env), judged) for label, argv, judged in commands()]
    return Measured(rows, load, runs)


def cli_table(measured: Measured) -> bool:
    """Print the CLI timing table; returns whether the target is met."""
    load = ", ".join(f"{value:.1f}" for value in measured.load)
    print(f"\n## Command line, median of {measured.runs} runs (target: explain <= {TARGET_MS} ms)\n")
    print(f"{os.cpu_count()} cores, load average {load} (1, 5, 15 min) before timing.\n")
    print("| command | wall ms | CPU ms | target |\n|---|---:|---:|---|")
    met = True
    for label, timing, judged in measured.rows:
        verdict = ""
        if judged:
            ok = timing.wall_ms <= TARGET_MS
            met = met and ok
            verdict = "ok" if ok else "MISS"
        print(f"| {label} | {timing.wall_ms:.1f} | {timing.cpu_ms:.1f} | {verdict} |")
    print("\nCPU ms is the child's user + system time: close to wall ms on an idle machine, "
          "and the steadier of the two when other work shares the cores.")
    return met


if __name__ == "__main__":
    cli_table(measure())
