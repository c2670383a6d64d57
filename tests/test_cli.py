"""The explain CLI, run as a reader would run it, with Keras as the judge of its numbers."""

import json
import re
import subprocess
import sys

import pytest

import lstm_ref as lr
from keras_bridge import keras_model, shapes


def explain(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "lstm_ref", "explain", *args],
                          capture_output=True, text=True, timeout=60)


def test_the_issue_example_matches_keras_summary():
    result = explain("LSTM(32)", "Dense(2)", "--input-shape", "10,64")
    assert result.returncode == 0, result.stderr
    model = keras_model([lr.LSTM(32), lr.Dense(2)], (10, 64))
    lstm_params, dense_params = (layer.count_params() for layer in model.layers[1:])
    lines = result.stdout.splitlines()
    assert f"         = {lstm_params}" in lines
    assert f"         = {dense_params}" in lines
    trainable = sum(int(w.numpy().size) for w in model.trainable_weights)
    assert lines[-3:] == [f"Total params: {model.count_params()}",
                          f"Trainable params: {trainable}",
                          f"Non-trainable params: {model.count_params() - trainable}"]


@pytest.mark.parametrize("layers, input_shape, batch", [
    (["LSTM(32)", "Dense(2)"], "10,64", None),
    (["GRU(16, reset_after=False)"], "None,8", None),
    (["Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')"], "30,1", "32"),
    (["keras.layers.LSTM(5, return_state=True, activation='relu')"], "(3, 2)", None),
    (["Bidirectional(GRU(4, return_state=True, return_sequences=True), merge_mode=None)"],
     "6,3", None),
    (["SimpleRNN(3, return_sequences=True, stateful=True)", "Dense(1)"], "4,2", "8"),
])
def test_json_matches_keras(layers, input_shape, batch):
    args = [*layers, "--input-shape", input_shape, "--json"]
    if batch:
        args += ["--batch-size", batch]
    result = explain(*args)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    specs = [lr.parse_layer(text).layer for text in layers]
    model = keras_model(specs, lr.parse_shape(input_shape), int(batch) if batch else None)
    assert report["params"] == model.count_params()
    expected = shapes(model.output)
    as_json = [list(s) for s in expected] if isinstance(expected, list) else list(expected)
    assert report["output_shape"] == as_json
    for row, keras_layer in zip(report["layers"], model.layers[1:]):
        assert row["params"] == keras_layer.count_params()
        assert [w["shape"] for w in row["weights"]] == [list(w.shape) for w in keras_layer.weights]
        assert set(row) >= {"layer", "params", "output_shape", "weights", "formula"}


def test_input_shape_may_come_from_the_first_layer():
    result = explain("LSTM(10, input_shape=(13, 5))", "--json")
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout)["params"] == keras_model([lr.LSTM(10)], (13, 5)).count_params()


BAD = {
    "unknown layer": (["Conv3D(3)", "--input-shape", "10,4"], "expected one of LSTM"),
    "missing argument": (["Conv1D(3)", "--input-shape", "10,4"], "needs its kernel_size"),
    "zero units": (["LSTM(0)", "--input-shape", "10,4"], "positive integer, got 0"),
    "negative units": (["GRU(-3)", "--input-shape", "10,4"], "positive integer, got -3"),
    "malformed": (["LSTM(32", "--input-shape", "10,4"], "expected Keras call syntax"),
    "import": (["__import__('os').system('echo pwned')", "--input-shape", "10,4"],
               "unknown layer"),
    "call in argument": (["LSTM(__import__('os').getpid())", "--input-shape", "10,4"],
                         "must be a literal"),
    "three-axis shape": (["LSTM(4)", "--input-shape", "32,10,4"],
                         r"layer 1, LSTM\(4\), expects a 3-D input \(batch, timesteps, features\) "
                         r"but receives \(None, 32, 10, 4\): the input shape excludes the batch"),
    "bad shape": (["LSTM(4)", "--input-shape", "ten,4"],
                  "axis 1 of the input shape to be a positive integer"),
    "no shape": (["LSTM(4)"], "missing --input-shape"),
    "keras 2 argument": (["LSTM(4, batch_input_shape=(2, 3, 4))", "--input-shape", "3,4"],
                         "Keras 3 rejects batch_input_shape"),
    "unknown argument": (["LSTM(4, colour='red')", "--input-shape", "3,4"],
                         "unexpected argument 'colour'"),
    "stateful without batch": (["LSTM(4, stateful=True)", "--input-shape", "3,4"],
                               "fixed batch size"),
    "2-D into LSTM": (["LSTM(4)", "LSTM(2)", "--input-shape", "3,4"], "return_sequences=True"),
    "scalar input_shape": (["LSTM(4, input_shape=5)"], r"tuple such as \(timesteps, features\)"),
    "2-D input_shape": (["LSTM(4, input_shape=(5,))"], r"input_shape=\(timesteps, features\)"),
    "text in input_shape": (["LSTM(4, input_shape=(5, 'x'))"],
                            r"each axis of the input shape .* positive integer or None, got 'x'"),
    "disagreeing shapes": (["LSTM(4, input_shape=(5, 2))", "--input-shape", "5,3"], "disagrees"),
    "bad batch": (["LSTM(4)", "--input-shape", "3,4", "--batch-size", "0"],
                  "expected --batch-size to be a positive integer, got .0."),
    "no layer": (["--input-shape", "3,4"], "required: LAYER or --file PATH"),
}


@pytest.mark.parametrize("args, message", BAD.values(), ids=BAD.keys())
def test_bad_input_is_one_line_exit_2(args, message):
    result = explain(*args)
    assert result.returncode == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert re.search(message, result.stderr), result.stderr


def test_importing_lstm_ref_does_not_import_tensorflow():
    code = ("import sys, lstm_ref, lstm_ref.cli, lstm_ref.report; "
            "print(sorted(m for m in sys.modules if m.split('.')[0] in "
            "('tensorflow', 'keras', 'torch', 'jax')))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]"
