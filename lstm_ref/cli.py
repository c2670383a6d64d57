"""The command line: ``python -m lstm_ref explain LAYER [LAYER ...] --input-shape T,F``.

The contract, on every input: the report on stdout and exit 0, or one line on stderr that
starts with ``lstm_ref: error:`` and says what was expected, and exit 2; never a traceback.
A reader that stops reading early (``| head -1``) ends the command quietly, as Unix tools do
(exit 141, the shell's status for SIGPIPE).
"""

from __future__ import annotations

import argparse
import os
import sys
from typing import Optional, Sequence

from . import limits
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


ERROR_PREFIX = "lstm_ref: error: "
"""How every error line starts, whether argparse or lstm_ref found the problem."""

EXIT_BAD_INPUT = 2
EXIT_BROKEN_PIPE = 141


class _UsageError(Exception):
    """A usage error argparse found; main() prints it like any other error."""


class _OneLineParser(argparse.ArgumentParser):
    """argparse, but a usage error is one line on stderr (exit 2), not the usage block."""

    def error(self, message: str):  # type: ignore[override]
        raise _UsageError(f"{message} (see --help)")


class _Formatter(argparse.RawDescriptionHelpFormatter):
    """argparse's formatter, sized as shutil.get_terminal_size() would size it, without importing
    shutil (and with it bz2, lzma and zlib) on every run: the command line starts faster."""

    def __init__(self, prog: str, indent_increment: int = 2, max_help_position: int = 24,
                 width: Optional[int] = None) -> None:
        if width is None:
            width = _terminal_columns() - 2
        super().__init__(prog, indent_increment, max_help_position, width)


def _terminal_columns() -> int:
    try:
        columns = int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        columns = 0
    if columns <= 0:
        try:
            columns = os.get_terminal_size(sys.__stdout__.fileno()).columns
        except (AttributeError, ValueError, OSError):
            columns = 0
    return columns or 80


def _positive_int(text: str) -> int:
    try:
        limits.check_text(text, "--batch-size")
        return limits.parse_size(text.strip(), "--batch-size")  # type: ignore[return-value]
    except LstmRefError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def build_parser() -> argparse.ArgumentParser:
    parser = _OneLineParser(prog="python -m lstm_ref", description=DESCRIPTION,
                            formatter_class=_Formatter)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_OneLineParser)
    explain = commands.add_parser("explain", help="explain a layer or a stack of layers",
                                  description=DESCRIPTION, epilog=EPILOG,
                                  formatter_class=_Formatter)
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
            raise SpecError(f"--input-shape {limits.excerpt(args.input_shape)} disagrees with the "
                            f"first layer's input_shape={limits.clip(str(from_layer))}")
    elif from_layer is not None:
        input_shape = from_layer
    else:
        raise SpecError("missing --input-shape TIMESTEPS,FEATURES, e.g. --input-shape 10,64 "
                        "for inputs of shape (batch, 10, 64)")
    summary = summarize([p.layer for p in parsed], input_shape, args.batch_size)
    return render_json(summary) if args.json else render_text(summary)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; returns the exit status (0, 2 for bad input, 141 if stdout closed early)."""
    try:
        args = build_parser().parse_args(argv)
        output = explain(args)
    except SystemExit as exit:  # --help printed its text and exits 0
        return _emit("", end="") if not exit.code else int(exit.code)
    except (LstmRefError, _UsageError) as error:
        return _fail(str(error))
    except BrokenPipeError:  # --help into a closed pipe
        return _stdout_gone()
    except (RecursionError, MemoryError):  # a backstop: limits.py refuses these inputs first
        return _fail("the input is too large or nests too deeply to read: "
                     f"lstm_ref reads up to {limits.MAX_NESTING} levels")
    return _emit(output)


def _emit(output: str, end: str = "\n") -> int:
    stream = sys.stdout
    if stream is None:
        return _fail("cannot write the report: standard output is closed")
    try:
        stream.write(output + end)
        stream.flush()
    except BrokenPipeError:
        return _stdout_gone()
    except OSError as error:  # a full disk, a closed descriptor
        _stdout_gone()
        return _fail(f"cannot write the output: {error.strerror or error}")
    return 0


def _stdout_gone() -> int:
    """Point stdout at /dev/null, so that Python's flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture stdout)
        pass
    return EXIT_BROKEN_PIPE


def _fail(message: str) -> int:
    """Print the one error line; returns the exit status for bad input."""
    try:
        sys.stderr.write(ERROR_PREFIX + limits.one_line(message) + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # stderr closed or full: the status still tells
        pass
    return EXIT_BAD_INPUT
