"""How long `python -m lstm_ref explain --file` takes on a 100-layer pasted model (target: well
under a second, issue 9), and how long lstm_ref itself takes in-process (read, summarize, JSON).

Run alone: `python -m bench.pasted_model`.
"""

from __future__ import annotations

import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import NamedTuple

from .cli_time import Timing, reader_environment, time_command

TARGET_MS = 500
LAYERS = 100
RUNS = 11

# One block of the model: layers of many kinds that keep a (batch, timesteps, channels) shape.
BLOCK = [
    "layers.Conv1D(32, 3, padding='same', activation='relu')",
    "layers.BatchNormalization()",
    "layers.Dropout(0.1)",
    "layers.Bidirectional(layers.LSTM(16, return_sequences=True))",
    "layers.LayerNormalization()",
    "layers.TimeDistributed(layers.Dense(32))",
    "layers.SpatialDropout1D(0.1)",
    "layers.GRU(32, return_sequences=True)",
    "layers.Activation('tanh')",
    "layers.GaussianNoise(0.1)",
]


def model_code(layers: int = LAYERS) -> str:
    """Sequential code with `layers` layers after the Input, as a reader would paste it."""
    body = [BLOCK[i % len(BLOCK)] for i in range(layers - 2)]
    body += ["layers.GlobalAveragePooling1D()", "layers.Dense(1)"]
    lines = ["import keras", "from keras import layers", "", "model = keras.Sequential([",
             "    keras.Input(shape=(200, 8)),"]
    lines += [f"    {line}," for line in body]
    lines += ["])", "model.compile(optimizer='adam', loss='mse')", "model.summary()"]
    return "\n".join(lines) + "\n"


class Measured(NamedTuple):
    cli: Timing
    in_process_ms: float
    params: int


def measure(runs: int = RUNS) -> Measured:
    from lstm_ref.explain import explain_model, explain_text

    code = model_code()
    params = explain_model(code).params
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        explain_text(code, as_json=True)
        times.append((time.perf_counter() - started) * 1000)
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "model.py"
        path.write_text(code)
        argv = [sys.executable, "-m", "lstm_ref", "explain", "--file", str(path), "--json"]
        cli = time_command(argv, runs, reader_environment())
    return Measured(cli, statistics.median(times), params)


def pasted_table(measured: Measured) -> bool:
    """Print the table; returns whether the target is met."""
    ok = measured.cli.wall_ms <= TARGET_MS
    print(f"\n## A {LAYERS}-layer pasted model, median of {RUNS} runs "
          f"(target: explain --file <= {TARGET_MS} ms)\n")
    print("| measure | wall ms | CPU ms | target |\n|---|---:|---:|---|")
    print(f"| `python -m lstm_ref explain --file model.py --json` ({measured.params} params) | "
          f"{measured.cli.wall_ms:.1f} | {measured.cli.cpu_ms:.1f} | {'ok' if ok else 'MISS'} |")
    print(f"| in-process: read, summarize, render JSON | {measured.in_process_ms:.1f} | | |")
    return ok


if __name__ == "__main__":
    pasted_table(measure())
