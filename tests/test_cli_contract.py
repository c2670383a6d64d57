"""The command line's contract on every input: exit 0 with a report on stdout, or exit 2 with
exactly one line on stderr that starts with ``lstm_ref: error:``; never a traceback.

The reproducers are the inputs that broke it (issue 11, section 2). The command runs in this
process through ``cli.main(argv)`` where that is the same code path, and as a real process
where the operating system is part of the case (bytes in argv, a closed pipe, a full disk).
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import re
import subprocess
import sys
import warnings

import pytest

from lstm_ref import cli, limits

PREFIX = cli.ERROR_PREFIX
LONGEST_LINE = len(PREFIX) + limits.MAX_MESSAGE_CHARS + 1


def run(argv: list[str], capsys) -> tuple[int, str, str]:
    """cli.main in this process: (exit status, stdout, stderr); see run_quietly()."""
    return run_quietly(argv)


def assert_contract(code: int, out: str, err: str) -> None:
    assert "Traceback" not in err, err
    if code == 0:
        assert out.strip() and err == "", (out, err)
        return
    assert code == 2, (code, err)
    if out:  # with --json, the error as JSON (schema version 2) carries the same message
        report = json.loads(out)
        assert out.count("\n") == 1 and report["schema_version"] == 2, out
        assert PREFIX + report["error"]["message"] + "\n" == err, (out, err)
    assert err.endswith("\n") and err.count("\n") == 1, repr(err)
    assert err.startswith(PREFIX), err
    assert len(err) <= LONGEST_LINE, len(err)
    assert "\r" not in err and "\x1b" not in err, repr(err)


def digits(n: int) -> str:
    return "9" * n


SHAPE = ["--input-shape", "10,4"]

# (argv after "explain", a regex the error line must match)
REPRODUCERS = {
    "ClassVar offered as an argument": (["LSTM(32, states=1)", *SHAPE],
                                        r"unexpected argument 'states': expected return_sequences, "
                                        r"return_state, stateful, units, use_bias, input_shape or "
                                        r"trainable"),
    "ClassVar kind": (["GRU(3, kind='x')", *SHAPE], r"unexpected argument 'kind'"),
    "byte that is not UTF-8": (["LSTM(\udcff)", *SHAPE], r"byte 0xFF at character 6.*not UTF-8"),
    "superscript timesteps": (["LSTM(3)", "--input-shape", "²,3"],
                              r"axis 1 of the input shape .*'²'.*U\+00B2 SUPERSCRIPT TWO is not a digit 0-9"),
    "Arabic-Indic features": (["LSTM(3)", "--input-shape", "3,١٠"],
                              r"axis 2 of the input shape .*U\+0661 ARABIC-INDIC DIGIT ONE is not a digit"),
    "5000-digit timesteps": (["LSTM(3)", "--input-shape", f"{digits(5000)},3"],
                             r"axis 1 of the input shape to be a positive integer or None up to 1000000000"),
    "5000-digit features": (["LSTM(3)", "--input-shape", f"3,{digits(5000)}"],
                            r"axis 2 of the input shape to be a positive integer or None up to 1000000000"),
    "superscript batch size": (["LSTM(3)", *SHAPE, "--batch-size", "²"],
                               r"--batch-size to be a positive integer.*U\+00B2"),
    "5000-digit batch size": (["LSTM(3)", *SHAPE, "--batch-size", digits(5000)],
                              r"--batch-size .* up to 1000000000"),
    "5000-digit units": ([f"LSTM({digits(5000)})", *SHAPE],
                         r"5000-digit number at character 6: lstm_ref reads sizes up to 1000000000"),
    "11-digit units": (["LSTM(10000000000)", *SHAPE],
                       r"units is 10000000000: lstm_ref reads sizes up to 1000000000"),
    "long hex units": ([f"LSTM(0x{'f' * 5000})", *SHAPE], r"6021-digit number: .*up to 1000000000"),
    "long negative hex units": ([f"Dense(-0x{'f' * 5000})", *SHAPE], r"digit negative number"),
    "long binary units": ([f"LSTM(0b{'1' * 9000})", *SHAPE], r"2710-digit number"),
    "long hex in input_shape": ([f"LSTM(3, input_shape=(3, 0x{'f' * 3000}))"],
                                r"input_shape is a 3613-digit number"),
    "long hex in a non-literal": ([f"LSTM([0x{'f' * 5000}] * 2)", *SHAPE],
                                  r"must be a literal .*got "),
    "unknown layer named by a long hex": ([f"(0x{'f' * 5000})(3)", *SHAPE], r"unknown layer"),
    "500 unary minus": ([f"LSTM({'-' * 500}3)", *SHAPE], r"nests more than 100 levels deep"),
    "3000 unary minus": ([f"LSTM({'-' * 3000}3)", *SHAPE], r"nests more than 100 levels deep"),
    "3000 unary tilde": ([f"LSTM({'~' * 3000}3)", *SHAPE], r"nests more than 100 levels deep"),
    "3000 attributes": ([f"{'a.' * 3000}LSTM(3)", *SHAPE], r"nests more than 100 levels deep"),
    "500 attributes": ([f"{'a.' * 500}LSTM(3)", *SHAPE], r"nests more than 100 levels deep"),
    "1000 brackets": ([f"LSTM({'(' * 1000}3{')' * 1000})", *SHAPE], r"nests more than 100 levels"),
    "1000 list brackets": ([f"LSTM(3, input_shape={'[' * 1000}{']' * 1000})"], r"nests more"),
    "3000 additions": ([f"LSTM({'1+' * 3000}1)", *SHAPE], r"nests more than 100 levels deep"),
    "deep call chain": ([f"LSTM(3){'()' * 2000}", *SHAPE], r"nests more than 100 levels deep|"
                                                           r"expected a layer call"),
    "2000 subscripts": ([f"LSTM({'x' + '[0]' * 2000})", *SHAPE], r"nests more|literal"),
    "newline in the input shape": (["LSTM(3, input_shape=(3, 4))", "--input-shape", "3,\n5"],
                                   r"--input-shape '3,\\n5' disagrees"),
    "carriage return in the input shape": (["LSTM(3)", "--input-shape", "x\r,4"],
                                           r"got 'x' in 'x\\r,4'"),
    "newline in an unknown option": (["LSTM(3)", *SHAPE, "--bo\ngus"],
                                     r"unrecognized arguments: --bo\\ngus"),
    "escape sequence in a layer": (["LSTM(\x1b[31m3)", *SHAPE],
                                   r"U\+001B .* at character 6"),
    "no-break space": (["LSTM(32,\u00a0return_sequences=True)", *SHAPE],
                       r"U\+00A0 NO-BREAK SPACE, at character 9.*plain space"),
    "zero-width space": (["LSTM(\u200b32)", *SHAPE], r"U\+200B ZERO WIDTH SPACE, at character 6"),
    "right-to-left override": (["LSTM(32)\u202e", *SHAPE],
                               r"U\+202E RIGHT-TO-LEFT OVERRIDE, at character 9"),
    "128 KB layer": (["LSTM(" + "3," * 65536 + ")", *SHAPE],
                     r"131078 characters long, more than the 10000 lstm_ref reads"),
    "128 KB input shape": (["LSTM(3)", "--input-shape", "1," * 65536], r"characters long"),
    "long syntax error": (["LSTM(3 " + "x " * 2000, *SHAPE], r"could not read .*\(4007 characters\)"),
    "warning from the compiler": (["LSTM(10input_shape=(3, 4))", *SHAPE],
                                  r"could not read .*expected Keras call syntax"),
    "argparse error": (["LSTM(3)", "--input-shape"], r"argument --input-shape: expected one"),
    "no layer": (["--input-shape", "3,4"], r"required: LAYER"),
}


@pytest.mark.parametrize("argv, message", REPRODUCERS.values(), ids=REPRODUCERS.keys())
def test_reproducer_gets_one_line_and_exit_2(argv, message, capsys):
    code, out, err = run(["explain", *argv], capsys)
    assert_contract(code, out, err)
    assert code == 2
    assert re.search(message, err), err


def test_unknown_argument_lists_only_real_arguments(capsys):
    _, _, err = run(["explain", "LSTM(3, colour=1)", *SHAPE], capsys)
    listed = re.search(r"expected (.*), input_shape or trainable", err).group(1)
    assert not {"kind", "gates", "states"} & set(listed.replace(",", " ").split()), err


def test_argparse_and_lstm_ref_errors_share_the_prefix(capsys):
    usage = run(["explain", "LSTM(3)", "--bogus"], capsys)[2]
    ours = run(["explain", "LSTM(0)", *SHAPE], capsys)[2]
    assert usage.startswith(PREFIX) and ours.startswith(PREFIX), (usage, ours)


@pytest.mark.parametrize("argv", [
    ["explain", "LSTM(32)", "Dense(2)", "--input-shape", "10,64"],
    ["explain", "LSTM(3, name='é x')", "--input-shape", "3,4"],
    ["explain", "LSTM(\n  3,\n  return_sequences=True,\n)", "--input-shape", "3,4"],
    ["explain", "LSTM(3)", "--input-shape", " ( 1000000000 , 4 ) "],
    ["explain", "LSTM(3)", "--input-shape", "3,4", "--batch-size", "1000000000"],
])
def test_valid_calls_still_work(argv, capsys):
    code, out, err = run(argv, capsys)
    assert_contract(code, out, err)
    assert code == 0


def test_help_returns_0(capsys):
    code, out, err = run(["explain", "--help"], capsys)
    assert code == 0 and out.startswith("usage: python -m lstm_ref explain") and err == ""


# --- As a real process: what the operating system hands the command. --------------------

def command(*args: str | bytes) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_ref", *args], capture_output=True,
                          timeout=60)


def assert_process_contract(result: subprocess.CompletedProcess) -> str:
    err = result.stderr.decode("utf-8")
    assert_contract(result.returncode, result.stdout.decode("utf-8"), err)
    return err


def test_bytes_that_are_not_utf8_in_argv():
    result = command("explain", b"LSTM(\xff)", "--input-shape", "3,4")
    assert result.returncode == 2
    assert "byte 0xFF at character 6" in assert_process_contract(result)


def test_bytes_that_are_not_utf8_in_an_option():
    result = command("explain", "LSTM(3)", "--input-shape", b"3,\xfe4")
    assert result.returncode == 2
    assert "byte 0xFE" in assert_process_contract(result)


def test_a_full_disk_is_one_line_exit_2():
    with open("/dev/full", "wb") as full:
        result = subprocess.run([sys.executable, "-m", "lstm_ref", "explain", "LSTM(3)",
                                 "--input-shape", "3,4"], stdout=full, stderr=subprocess.PIPE,
                                timeout=60)
    assert result.returncode == 2
    err = result.stderr.decode()
    assert err == f"{PREFIX}cannot write the output: No space left on device\n", err


def environment(unbuffered: bool) -> dict:
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    return {**env, "PYTHONUNBUFFERED": "1"} if unbuffered else env


def _reader_stops_after_one_line(unbuffered: bool) -> subprocess.CompletedProcess:
    """`explain ... | head -1`: the reader closes the pipe with most of the report unread."""
    layers = ["LSTM(4, return_sequences=True)"] * 300  # about 200 KB: more than a pipe holds
    process = subprocess.Popen([sys.executable, "-m", "lstm_ref", "explain", *layers,
                                "--input-shape", "3,4"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, env=environment(unbuffered))
    first = process.stdout.readline()
    process.stdout.close()
    err = process.stderr.read()
    process.wait(timeout=60)
    assert first.startswith(b"Input ")
    return subprocess.CompletedProcess(process.args, process.returncode, b"", err)


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
def test_a_reader_that_stops_early_gets_one_line(unbuffered):
    # The report is larger than a pipe holds, so the write fails once the reader has gone:
    # one error line, exit 2, no traceback.
    result = _reader_stops_after_one_line(unbuffered)
    assert result.stderr.decode().splitlines() == [
        "lstm_ref: error: cannot write the output: the reader closed the pipe (as `| head` does)"]
    assert result.returncode == 2


@pytest.mark.parametrize("unbuffered", [True, False], ids=["unbuffered", "buffered"])
@pytest.mark.parametrize("args", [["explain", "LSTM(3)", "--input-shape", "3,4"],
                                  ["explain", "--help"]], ids=["report", "help"])
def test_a_pipe_closed_before_any_output(args, unbuffered):
    read, write = os.pipe()
    os.close(read)
    try:
        result = subprocess.run([sys.executable, "-m", "lstm_ref", *args], stdout=write,
                                stderr=subprocess.PIPE, env=environment(unbuffered), timeout=60)
    finally:
        os.close(write)
    # argparse swallows a failed write of --help text itself (exit 0); the report is ours.
    if args[1] == "--help" and unbuffered:
        assert (result.returncode, result.stderr) == (0, b"")
        return
    assert result.stderr.decode().splitlines() == [
        "lstm_ref: error: cannot write the output: the reader closed the pipe (as `| head` does)"]
    assert result.returncode == 2


# --- Speed by design: the command line never imports NumPy (make bench times it). ---------

def test_the_command_line_does_not_import_numpy():
    code = ("import sys, lstm_ref, lstm_ref.cli, lstm_ref.report, lstm_ref.limits\n"
            "from lstm_ref import cli\n"
            "cli.main(['explain', 'LSTM(32)', 'Dense(2)', '--input-shape', '10,64', '--json'])\n"
            "print(sorted(m for m in sys.modules if m.split('.')[0] == 'numpy'), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0 and result.stderr.strip() == "[]", result.stderr


NOT_AT_START_UP = ("numpy", "dataclasses", "inspect", "typing", "json", "shutil", "unicodedata")
"""Modules a typical explain does without, each worth a millisecond or more of start-up: NumPy
(forward passes only), dataclasses and inspect (lstm_ref.records instead), typing (annotations
only), json (--json only), shutil (cli sizes help itself) and unicodedata (non-ASCII input)."""


@pytest.mark.parametrize("pasted", [False, True], ids=["layer-calls", "pasted-model"])
def test_a_typical_explain_imports_none_of_the_costly_modules(pasted, tmp_path):
    model = tmp_path / "model.py"
    model.write_text("model = keras.Sequential([keras.Input(shape=(10, 64)), layers.LSTM(32), "
                     "layers.Dense(2)])\n")
    args = ["--file", str(model)] if pasted else ["LSTM(32)", "Dense(2)", "--input-shape", "10,64"]
    code = ("import sys\n"
            "before = set(sys.modules)  # what the interpreter and site loaded\n"
            "from lstm_ref import cli\n"
            f"status = cli.main(['explain', *{args!r}])\n"
            "new = {name.split('.')[0] for name in set(sys.modules) - before}\n"
            f"print(status, sorted(new & set({NOT_AT_START_UP!r})), file=sys.stderr)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.stderr.strip() == "0 []", result.stderr


def test_numpy_names_still_come_from_the_package():
    code = ("import lstm_ref as lr\n"
            "from lstm_ref import *\n"
            "assert lr.lstm_forward is lr.forward.lstm_forward\n"
            "assert torch_forward is lr.torch_layout.torch_forward\n"
            "assert {'lstm_forward', 'TorchLSTM'} <= set(dir(lr))\n"
            "assert set(lr.__all__) <= set(dir(lr))\n"
            "try:\n    lr.no_such_name\nexcept AttributeError as e:\n    print(e)\n")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "module 'lstm_ref' has no attribute 'no_such_name'"


# --- Properties: mutated valid calls and random text keep the contract. -------------------
# Derandomized (the same examples on every run, so CI is reproducible) and sized for 2 cores:
# the command runs in this process, about a millisecond per example.

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

PROPERTY = settings(max_examples=300, deadline=None, derandomize=True, database=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large])

VALID_CALLS = [
    ["LSTM(32)", "Dense(2)", "--input-shape", "10,64"],
    ["GRU(16, reset_after=False)", "--input-shape", "None,8"],
    ["Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')", "--input-shape", "30,1",
     "--batch-size", "32", "--json"],
    ["keras.layers.LSTM(5, return_state=True, activation='relu')", "--input-shape", "(3, 2)"],
    ["SimpleRNN(3, return_sequences=True, stateful=True)", "Dense(1)", "--input-shape", "4,2",
     "--batch-size", "8"],
    ["tf.keras.layers.LSTM(10, input_shape=(13, 5))", "--json"],
    ["Bidirectional(GRU(4, return_state=True, return_sequences=True), merge_mode=None)",
     "--input-shape", "6,3"],
]

# Pieces of layer-call syntax and of the inputs that broke the command before.
FRAGMENTS = [
    "(", ")", "[", "]", "{", "}", ",", ".", "=", "-", "+", "~", "*", "**", "'", '"', "\\", "#",
    " ", "\n", "\r", "\t", "0", "1", "9", "None", "True", "0x", "0b", "e", "j", "_", "lambda",
    "...", "LSTM(", "GRU(", "Dense(", "Bidirectional(", "return_sequences=", "merge_mode=",
    "input_shape=", "units=", "states=", "kind=", "gates=", "layer=", "use_bias=",
    "\u00a0", "\u200b", "\u202e", "\ufeff", "\x00", "\x1b", "\udcff", "\udc80", "²", "١", "９",
    "é", "😀", "9" * 30, "f" * 40,
]
OPTIONS = ["--json", "--batch-size", "--input-shape", "--help", "-h", "--", "explain", "",
           "--input-shape=3,4", "--batch-size=0", "-x"]


NUMBERS = ["0", "-1", "1", "10.0", "1e5", "1_0", "²", "1²", "١٠", "９", "None", "True", "'3'",
           "()", "(3,)", "0x" + "f" * 9, "0x" + "f" * 5000, "0b" + "1" * 3000, "9" * 11,
           "9" * 5000, "1000000000", "1000000001", "-0x" + "f" * 2000, "3j", "...", "3if",
           "0x1for", "3 is 3", "'\\d'", "1__0", "0o" + "7" * 6000]
KEYWORDS = ["states", "kind", "gates", "units", "layer", "merge_mode", "return_state",
            "return_sequences", "use_bias", "reset_after", "stateful", "input_shape", "dtype",
            "batch_input_shape", "input_dim", "colour", "__class__"]
DEPTHS = [1, 2, 50, 99, 150, 600, 3000]
WRAPPERS = [("(", ")"), ("[", "]"), ("-", ""), ("~", ""), ("a.", ""), ("not ", ""), ("", "[0]"),
            ("", "()"), ("1+", ""), ("Bidirectional(", ")")]


NOISE = ("insert", "delete", "repeat", "option", "text")
STRUCTURE = ("number", "keyword", "wrap")


def mutate_text(draw, text: str, kind: str) -> str:
    """`text` with one mutation of `kind` (see NOISE and STRUCTURE)."""
    at = draw(st.integers(0, len(text)))
    if kind == "insert":
        piece = draw(st.sampled_from(FRAGMENTS)) * draw(st.sampled_from([1, 1, 2, 3, 60, 700]))
        return text[:at] + piece + text[at:]
    if kind == "delete":
        return text[:at] + text[at + draw(st.integers(1, 8)):]
    if kind == "repeat":
        return text[:at] + text[at:at + draw(st.integers(1, 12))] * draw(
            st.sampled_from([2, 40, 400])) + text[at:]
    if kind == "number":  # replace one number (or the start) with an odd one
        numbers = list(re.finditer(r"\d+|None", text)) or [re.match("", text)]
        found = draw(st.sampled_from(numbers))
        return text[:found.start()] + draw(st.sampled_from(NUMBERS)) + text[found.end():]
    if kind == "keyword":  # an argument before a closing bracket
        closes = [m.start() for m in re.finditer(r"\)", text)] or [len(text)]
        close = draw(st.sampled_from(closes))
        value = draw(st.sampled_from(NUMBERS))
        return text[:close] + f", {draw(st.sampled_from(KEYWORDS))}={value}" + text[close:]
    if kind == "wrap":  # nest a number, or the whole text, k levels deep
        numbers = list(re.finditer(r"\d+", text))
        found = draw(st.sampled_from(numbers)) if numbers and draw(st.booleans()) else None
        start, stop = (found.start(), found.end()) if found else (0, len(text))
        left, right = draw(st.sampled_from(WRAPPERS))
        depth = draw(st.sampled_from(DEPTHS))
        return text[:start] + left * depth + text[start:stop] + right * depth + text[stop:]
    return "".join(draw(st.lists(st.sampled_from(FRAGMENTS), max_size=12)))


@st.composite
def mutated_call(draw, kinds=NOISE + STRUCTURE, most=4) -> list[str]:
    """A valid call with one to `most` mutations, from character noise to deep nesting."""
    argv = list(draw(st.sampled_from(VALID_CALLS)))
    for _ in range(draw(st.integers(1, most))):
        kind = draw(st.sampled_from(kinds))
        if kind == "option":
            argv.insert(draw(st.integers(0, len(argv))), draw(st.sampled_from(OPTIONS)))
            continue
        if not argv:
            argv.append("")
        index = draw(st.integers(0, len(argv) - 1))
        argv[index] = mutate_text(draw, argv[index], kind)
    return argv


ANY_CHARACTER = st.one_of(st.characters(), st.characters(min_codepoint=0xDC80,
                                                          max_codepoint=0xDCFF))


def run_quietly(argv: list[str]) -> tuple[int, str, str]:
    """cli.main in this process. A warning would be a second stderr line in a real process
    (pytest would only record it), so any warning is written to stderr here."""
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err), \
            warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        code = cli.main(argv)
    for warning in caught:
        err.write(f"{warning.category.__name__}: {warning.message}\n")
    return code, out.getvalue(), err.getvalue()


def is_help(word: str) -> bool:
    """-h, --help, or an abbreviation argparse accepts for it (--he)."""
    return word == "-h" or (len(word) > 2 and "--help".startswith(word))


def assert_kept(argv: list[str]) -> None:
    code, out, err = run_quietly(argv)
    assert_contract(code, out, err)
    if code == 0 and "--json" in argv and not any(is_help(word) for word in argv):
        json.loads(out)


@PROPERTY
@given(mutated_call())
def test_mutated_calls_keep_the_contract(argv):
    assert_kept(["explain", *argv])


@PROPERTY
@given(mutated_call(kinds=STRUCTURE, most=1))
def test_one_odd_number_argument_or_nesting_keeps_the_contract(argv):
    assert_kept(["explain", *argv])


@settings(PROPERTY, max_examples=150)
@given(st.lists(st.text(ANY_CHARACTER, max_size=40), min_size=1, max_size=5))
def test_random_text_keeps_the_contract(words):
    assert_kept(["explain", *words])


@settings(PROPERTY, max_examples=150)
@given(st.text(ANY_CHARACTER, max_size=60), st.text(ANY_CHARACTER, max_size=30))
def test_random_layer_and_shape_keep_the_contract(layer, shape):
    assert_kept(["explain", layer, "--input-shape", shape])


# --- Pasted model code (--file -): the same contract for the model reader. ----------------

VALID_MODELS = [
    ("from tensorflow import keras\nfrom tensorflow.keras import layers\n\n"
     "model = keras.Sequential()\n"
     "model.add(layers.Embedding(1000, 64, input_length=80))  # Keras 2 style\n"
     "model.add(layers.SpatialDropout1D(0.2))\n"
     "model.add(layers.Conv1D(32, 5, padding='causal', dilation_rate=2, activation='relu'))\n"
     "model.add(layers.MaxPooling1D(2))\n"
     "model.add(layers.LSTM(32, return_sequences=True, dropout=0.2))\n"
     "model.add(layers.GlobalAveragePooling1D())\n"
     "model.add(layers.Dense(1, activation='sigmoid'))\n"
     "model.compile(loss='binary_crossentropy', optimizer='adam')\n"
     "model.summary()\n", ["--input-shape", "80"]),
    ("model = Sequential([\n"
     "    Input(shape=(10, 64)),\n"
     "    Masking(mask_value=0.0),\n"
     "    Bidirectional(GRU(16, return_sequences=True)),\n"
     "    LayerNormalization(),\n"
     "    TimeDistributed(Dense(8)),\n"
     "    Dropout(0.5),\n"
     "    LSTM(4),\n"
     "    RepeatVector(3),\n"
     "    SimpleRNN(2, return_sequences=True),\n"
     "    Flatten(),\n"
     "    Dense(1),\n"
     "])\n", []),
    ("inputs = keras.Input(shape=(None, 3))\n"
     "x = layers.LSTM(8, return_sequences=True)(inputs)\n"
     "x = layers.BatchNormalization()(x)\n"
     "x = layers.LSTM(4)(x)\n"
     "outputs = layers.Dense(1)(x)\n"
     "model = keras.Model(inputs, outputs)\n", []),
    ("model = tf.keras.Sequential()\r\n"
     "model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.Conv2D(8, 3), "
     "input_shape=(5, 32, 32, 3)))\r\n"
     "model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.MaxPooling2D()))\r\n"
     "model.add(tf.keras.layers.TimeDistributed(tf.keras.layers.Flatten()))\r\n"
     "model.add(tf.keras.layers.LSTM(16))\r\n", ["--json"]),
]

STATEMENTS = ["for i in range(3):\n    model.add(LSTM(4))\n", "if x:\n    pass\n",
              "class Attention(Layer):\n    pass\n", "model.add(Attention())\n",
              "import os; os.system('ls')\n", "x, y = a, b\n", "model.add(*layers)\n",
              "\tmodel.add(LSTM(3))\n", "model.add(LSTM(3)\n", '"""\n', "\ufeff", "\x00",
              "model = Sequential([])\n", "model.add(model)\n", "lambda: 0\n", "del model\n",
              "model.add(LSTM(3))\n" * 200, "#" * 5000 + "\n", "\n" * 3000,
              "model.add(keras.Input(shape=(3,)))\n", "async def f(): pass\n",
              "x = layers.Dense(3)(y)\n", "model = keras.Model(inputs, [x, y])\n"]


@st.composite
def mutated_model(draw) -> tuple[bytes, list[str]]:
    """A pasted model with one to three mutations, as the bytes standard input would carry."""
    code, options = draw(st.sampled_from(VALID_MODELS))
    for _ in range(draw(st.integers(1, 3))):
        kind = draw(st.sampled_from(("insert", "delete", "repeat") + STRUCTURE
                                    + ("line", "line", "statement")))
        lines = code.splitlines(keepends=True) or [""]
        if kind == "line":  # drop, repeat or swap whole lines
            i, j = sorted(draw(st.integers(0, len(lines) - 1)) for _ in range(2))
            action = draw(st.sampled_from(["drop", "repeat", "swap"]))
            if action == "drop":
                del lines[i]
            elif action == "repeat":
                lines[i:i] = [lines[i]] * draw(st.sampled_from([2, 50]))
            else:
                lines[i], lines[j] = lines[j], lines[i]
            code = "".join(lines)
        elif kind == "statement":
            at = draw(st.integers(0, len(lines)))
            code = "".join(lines[:at] + [draw(st.sampled_from(STATEMENTS))] + lines[at:])
        else:
            code = mutate_text(draw, code, kind)
    options = list(options)
    if draw(st.booleans()):
        options.append(draw(st.sampled_from(["--json", "--input-shape", "--batch-size", "4",
                                             "LSTM(3)", "--input-shape=10,64"])))
    return code.encode("utf-8", "surrogateescape"), options


def run_with_stdin(argv: list[str], data: bytes) -> tuple[int, str, str]:
    """cli.main in this process, with `data` as standard input."""
    stdin = sys.stdin
    sys.stdin = io.TextIOWrapper(io.BytesIO(data), encoding="utf-8")
    try:
        return run_quietly(argv)
    finally:
        sys.stdin = stdin


@pytest.mark.parametrize("index", range(len(VALID_MODELS)))
def test_the_valid_models_are_read(index):
    code, options = VALID_MODELS[index]
    result = run_with_stdin(["explain", "--file", "-", *options], code.encode())
    assert_contract(*result)
    assert result[0] == 0, result[2]


@PROPERTY
@given(mutated_model())
def test_mutated_pasted_models_keep_the_contract(pasted):
    data, options = pasted
    code, out, err = run_with_stdin(["explain", "--file", "-", *options], data)
    assert_contract(code, out, err)
    if "--json" in options and out:
        json.loads(out)


@settings(PROPERTY, max_examples=100)
@given(st.binary(max_size=300))
def test_random_bytes_as_a_file_keep_the_contract(data):
    assert_contract(*run_with_stdin(["explain", "--file", "-", "--input-shape", "10,4"], data))


@pytest.mark.parametrize("path, message", [
    ("/nonexistent/model.py", r"cannot read --file '/nonexistent/model.py': No such file"),
    ("/", r"cannot read --file '/': Is a directory"),
    ("/dev/zero", r"more than the 200000 lstm_ref reads"),
])
def test_files_that_cannot_be_read(path, message, capsys):
    code, out, err = run(["explain", "--file", path], capsys)
    assert_contract(code, out, err)
    assert code == 2 and re.search(message, err), err


def test_pasted_bytes_that_are_not_utf8_through_a_real_pipe():
    code = "model = Sequential([LSTM(4, input_shape=(3, 2)), Dense(1)])\n# caf\xe9\n"
    result = subprocess.run([sys.executable, "-m", "lstm_ref", "explain", "--file", "-"],
                            input=code.encode("latin-1"), capture_output=True, timeout=60)
    assert result.returncode == 2
    assert "byte 0xE9 at line 2, column 6" in assert_process_contract(result)


def test_an_output_encoding_that_cannot_hold_the_message_escapes_it():
    # No report holds a character outside ASCII any more (an activation must be a Keras name),
    # but a message quotes what was typed.
    env = {**os.environ, "PYTHONIOENCODING": "ascii"}
    result = subprocess.run([sys.executable, "-m", "lstm_ref", "explain", "Activation('\u00e9')",
                             "--input-shape", "3,4"], capture_output=True, env=env, timeout=60)
    assert result.returncode == 2, result.stderr.decode()
    assert b"Traceback" not in result.stderr and b"\\xe9" in result.stderr
    assert len(result.stderr.splitlines()) == 1


def test_an_abbreviated_flag_is_refused_not_guessed():
    # --js would otherwise stand for --json while the error JSON looks for the whole word.
    assert cli.main(["explain", "LSTM(3)", "--input-shape", "3,4", "--js"]) == 2
