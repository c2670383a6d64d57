"""The command line: ``python -m lstm_ref explain LAYER [LAYER ...] --input-shape T,F``.

Bad input gets one line on stderr saying what was expected, and exit code 2.
"""

from __future__ import annotations

import argparse
import sys
from typing import Optional, Sequence

from .errors import LstmRefError, SpecError
from .parse import parse_layer, parse_shape
from .report import render_json, render_text
from .stack import summarize

DESCRIPTION = """\
Explain the weights, parameter count and output shape of Keras layers applied in order
to inputs of shape (batch, timesteps, features), without building a model."""

EPILOG = """\
examples:
  python -m lstm_ref explain "LSTM(32)" "Dense(2)" --input-shape 10,64
  python -m lstm_ref explain "GRU(16, reset_after=False)" --input-shape None,8
  python -m lstm_ref explain "Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')" \\
      --input-shape 30,1 --batch-size 32 --json"""


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), not the usage block."""

    def error(self, message: str):  # type: ignore[override]
        self.exit(2, f"{self.prog}: error: {message} (see --help)\n")


def _positive_int(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise argparse.ArgumentTypeError(f"expected a positive integer, got {text!r}")
    return int(text)


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m lstm_ref", description=DESCRIPTION,
                            formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_OneLineParser)
    explain = commands.add_parser("explain", help="explain a layer or a stack of layers",
                                  description=DESCRIPTION, epilog=EPILOG,
                                  formatter_class=argparse.RawDescriptionHelpFormatter)
    explain.add_argument("layers", nargs="+", metavar="LAYER",
                         help='a Keras layer call, e.g. "LSTM(32)"; several form a stack')
    explain.add_argument("--input-shape", metavar="TIMESTEPS,FEATURES",
                         help="the input without its batch axis; TIMESTEPS may be None "
                              "(or give input_shape=(T, F) in the first layer)")
    explain.add_argument("--batch-size", type=_positive_int, metavar="N",
                         help="a fixed batch size (default: None, unknown)")
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def explain(args: argparse.Namespace) -> str:
    parsed = [parse_layer(text) for text in args.layers]
    from_layer = parsed[0].input_shape
    if args.input_shape is not None:
        input_shape = parse_shape(args.input_shape)
        if from_layer is not None and tuple(from_layer) != input_shape:
            raise SpecError(f"--input-shape {args.input_shape} disagrees with the first layer's "
                            f"input_shape={from_layer}")
    elif from_layer is not None:
        input_shape = from_layer
    else:
        raise SpecError("missing --input-shape TIMESTEPS,FEATURES, e.g. --input-shape 10,64 "
                        "for inputs of shape (batch, 10, 64)")
    summary = summarize([p.layer for p in parsed], input_shape, args.batch_size)
    return render_json(summary) if args.json else render_text(summary)


def main(argv: Optional[Sequence[str]] = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        output = explain(args)
    except LstmRefError as error:
        print(f"{parser.prog}: error: {error}", file=sys.stderr)
        return 2
    print(output)
    return 0
