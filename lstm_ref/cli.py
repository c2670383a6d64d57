"""The command line: ``python -m lstm_ref explain LAYER [LAYER ...] --input-shape T,F``, or
``python -m lstm_ref explain --file model.py`` for pasted model code (``--file -`` reads stdin).

The contract, on every input: the report on stdout and exit 0, or one line on stderr that
starts with ``lstm_ref: error:`` and says what was expected, and exit 2; never a traceback.
A reader that stops reading early (``| head -1``) gets that one line too ("the reader closed
the pipe"), and the same exit 2.
"""

from __future__ import annotations

import argparse
import os
import sys

from . import limits
from .errors import LstmRefError
from .explain import error_json, explain_text

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional, Sequence

DESCRIPTION = """\
Explain every layer of a Keras model, given as layer calls or as pasted model code: its
output shape, weights and parameter count with the formula, and the first layer Keras would
refuse, with the fix. Nothing is executed and no Keras is needed."""

EPILOG = """\
examples:
  python -m lstm_ref explain "LSTM(32)" "Dense(2)" --input-shape 10,64
  python -m lstm_ref explain "GRU(16, reset_after=False)" --input-shape None,8
  python -m lstm_ref explain "Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')" \\
      --input-shape 30,1 --batch-size 32 --json
  python -m lstm_ref explain --file model.py
  python -m lstm_ref explain --file - --input-shape 80 < model.py"""


ERROR_PREFIX = "lstm_ref: error: "
"""How every error line starts, whether argparse or lstm_ref found the problem."""

EXIT_BAD_INPUT = 2


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
                            formatter_class=_Formatter, allow_abbrev=False)
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND",
                                     parser_class=_OneLineParser)
    explain = commands.add_parser("explain", help="explain a layer or a stack of layers",
                                  description=DESCRIPTION, epilog=EPILOG, allow_abbrev=False,
                                  formatter_class=_Formatter)
    explain.add_argument("layers", nargs="*", metavar="LAYER",
                         help='a Keras layer call, e.g. "LSTM(32)"; several form a stack')
    explain.add_argument("--file", metavar="PATH",
                         help="a file of Keras model code (Sequential, model.add lines or a "
                              "functional chain); - reads standard input")
    explain.add_argument("--input-shape", metavar="SHAPE",
                         help="the input without its batch axis, any rank, as keras.Input(shape="
                              "...) takes it: 10,64 or None,3 (timesteps, features), 80 (token "
                              "ids), 10,32,32,3 (frames); needed when the code gives none")
    explain.add_argument("--batch-size", type=_positive_int, metavar="N",
                         help="a fixed batch size (default: None, unknown)")
    explain.add_argument("--json", action="store_true", help="print one JSON object")
    return parser


def read_file(path: str) -> str:
    """The text of --file PATH (``-``: standard input), bounded and checked like any input."""
    limit = limits.MAX_SOURCE_CHARS
    try:
        if path == "-":
            stream = sys.stdin.buffer if sys.stdin is not None else None
            if stream is None:
                raise LstmRefError("cannot read --file -: standard input is closed")
            data = stream.read(4 * limit + 1)
        else:
            with open(path, "rb") as handle:
                data = handle.read(4 * limit + 1)
    except OSError as error:
        raise LstmRefError(f"cannot read --file {limits.excerpt(path)}: "
                           f"{error.strerror or error}") from None
    text = data.decode("utf-8", errors="surrogateescape")
    if text.startswith("\ufeff"):
        text = text[1:]  # a byte order mark, as some editors save UTF-8
    where = "standard input" if path == "-" else f"--file {limits.excerpt(path)}"
    return limits.check_text(text, where, max_chars=limit)


def explain(args: argparse.Namespace) -> str:
    """The report for parsed arguments: text, or JSON with --json."""
    if args.file is not None and args.layers:
        raise LstmRefError("give LAYER arguments or --file PATH, not both")
    if args.file is None and not args.layers:
        raise LstmRefError("the following arguments are required: LAYER or --file PATH")
    code = read_file(args.file) if args.file is not None else None
    return explain_text(code, args.layers, args.input_shape, args.batch_size, args.json)


def main(argv: Optional[Sequence[str]] = None) -> int:
    """Run the command; returns the exit status (0, or 2 for bad input and for output that cannot be written).

    With --json, bad input also prints ``{"schema_version": 2, "error": {"message", "layer",
    "line"}}`` on stdout: `layer` is the index of the layer Keras would fail at, or null.
    """
    words = list(sys.argv[1:] if argv is None else argv)
    try:
        args = build_parser().parse_args(words)
        output = explain(args)
    except SystemExit as exit:  # --help printed its text and exits 0
        return _emit("", end="") if not exit.code else int(exit.code)
    except (LstmRefError, _UsageError) as error:
        if "--json" in words:
            message = limits.one_line(str(error))
            _emit(error_json(_Refused(message, getattr(error, "layer", None),
                                      getattr(error, "line", None))))
        return _fail(str(error))
    except BrokenPipeError:  # --help into a closed pipe
        _stdout_gone()
        return _fail("cannot write the output: the reader closed the pipe (as `| head` does)")
    except (RecursionError, MemoryError):  # a backstop: limits.py refuses these inputs first
        return _fail("the input is too large or nests too deeply to read: "
                     f"lstm_ref reads up to {limits.MAX_NESTING} levels")
    return _emit(output)


class _Refused(LstmRefError):
    """An error as the JSON report gives it: the one-line message, layer and line."""

    def __init__(self, message: str, layer: Optional[int], line: Optional[int]) -> None:
        super().__init__(message)
        self.layer, self.line = layer, line


def _emit(output: str, end: str = "\n") -> int:
    stream = sys.stdout
    if stream is None:
        return _fail("cannot write the output: standard output is closed")
    try:
        _write_all(stream, output + end)
    except BrokenPipeError:
        _stdout_gone()
        return _fail("cannot write the output: the reader closed the pipe (as `| head` does)")
    except OSError as error:  # a full disk, a closed descriptor
        _stdout_gone()
        return _fail(f"cannot write the output: {error.strerror or error}")
    return 0


def _write_all(stream, text: str) -> None:
    """Write all of `text`, escaping what the stream's encoding cannot hold (``\\xe9``).

    Under PYTHONUNBUFFERED a text stream writes straight to the file, and a write into a pipe
    whose reader has gone can stop part-way without an error: the loop writes the rest, so
    that the next write raises BrokenPipeError instead of the output being cut silently.
    """
    buffer = getattr(stream, "buffer", None)
    if buffer is None:  # an in-memory stream (tests)
        stream.write(text)
        return
    stream.flush()
    rest = memoryview(text.encode(stream.encoding or "utf-8", "backslashreplace"))
    while rest:
        written = buffer.write(rest)
        rest = rest[len(rest) if written is None else written:]
    buffer.flush()


def _stdout_gone() -> None:
    """Point stdout at /dev/null, so that Python's flush at exit cannot fail a second time."""
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (AttributeError, OSError, ValueError):  # not a real file (tests capture stdout)
        pass


def _fail(message: str) -> int:
    """Print the one error line; returns the exit status for bad input."""
    try:
        sys.stderr.write(ERROR_PREFIX + limits.one_line(message) + "\n")
        sys.stderr.flush()
    except (AttributeError, OSError, ValueError):  # stderr closed or full: the status still tells
        pass
    return EXIT_BAD_INPUT
