"""Pasted model code, every form the reader takes: ``python -m lstm_ref explain --file``
against the same code run by Keras (per layer output shape, trainable and non-trainable
counts, totals; for code Keras refuses, the line and layer it fails at)."""

import ast
import json
import re
import subprocess
import sys
from math import prod

import keras
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lstm_ref as lr
from lstm_ref.explain import explain_text
from lstm_ref.reader import read_model

# Keras warns when a layer after Masking or Embedding(mask_zero=True) drops the mask, and about
# Keras 2's input_shape=; both are expected here and say nothing about shapes.
pytestmark = [pytest.mark.filterwarnings("ignore:.*does not support masking:UserWarning"),
              pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning"),
              pytest.mark.filterwarnings("ignore:Argument `input_length` is deprecated:UserWarning")]

VALID = {
    "Keras 2 style: model.add lines, input_shape= on the first layer": ("""
import numpy as np
from tensorflow.keras.models import Sequential
from tensorflow.keras.layers import LSTM, Dense, Dropout

# a stacked LSTM for 30 steps of 1 feature
model = Sequential()
model.add(LSTM(50, return_sequences=True, input_shape=(30, 1)))
model.add(Dropout(0.2))
model.add(LSTM(50))
model.add(Dense(1, activation="linear"))
model.compile(optimizer="adam", loss="mse")
model.summary()
history = model.fit(x_train, y_train, epochs=10, batch_size=32, verbose=0)
predictions = model.predict(x_test)
""", None),
    "Sequential list with keras.Input, Conv1D and pooling": ("""
import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(None, 8)),
    layers.Conv1D(16, 5, padding="causal", dilation_rate=2, activation="relu"),
    layers.MaxPooling1D(2),
    layers.Conv1D(8, 3, strides=2, padding="same"),
    layers.Bidirectional(layers.GRU(12, return_sequences=True)),
    layers.GlobalAveragePooling1D(),
    layers.Dense(3, activation="softmax"),
])
""", None),
    "a list variable, InputLayer, tf.keras prefixes": ("""
import tensorflow as tf

stack = [
    tf.keras.layers.InputLayer(shape=(20, 4)),
    tf.keras.layers.SimpleRNN(6, return_sequences=True),
    tf.keras.layers.LayerNormalization(),
    tf.keras.layers.TimeDistributed(tf.keras.layers.Dense(2)),
    tf.keras.layers.Flatten(),
    tf.keras.layers.Dense(1),
]
model = tf.keras.Sequential(stack, name="rnn")
""", None),
    "a text classifier with no input shape in the code": ("""
from keras.models import Sequential
from keras.layers import Embedding, SpatialDropout1D, LSTM, Dense
model = Sequential()
model.add(Embedding(5000, 100, input_length=80))
model.add(SpatialDropout1D(0.2))
model.add(LSTM(100, dropout=0.2, recurrent_dropout=0.2))
model.add(Dense(3, activation='softmax'))
model.compile(loss='categorical_crossentropy', optimizer='adam', metrics=['accuracy'])
""", "80"),
    "a functional chain: a layer variable, a nested call, keyword arguments": ("""
import keras
from keras import layers

inputs = keras.Input(shape=(12, 3), batch_size=4)
x = layers.Masking(mask_value=0.0)(inputs)
encoder = layers.LSTM(16, return_sequences=True, stateful=True)
x = encoder(x)
x = layers.Permute((2, 1))(x)
x = layers.Reshape((-1, 6))(x)
outputs = layers.Dense(1)(layers.GaussianNoise(0.1)(x))
model = keras.Model(inputs=inputs, outputs=outputs)
""", None),
    "a video model: TimeDistributed Conv2D": ("""
from tensorflow import keras
from tensorflow.keras import layers

video = keras.Input((10, 32, 32, 3))
x = layers.TimeDistributed(layers.Conv2D(8, (3, 3), strides=2, padding="same"))(video)
x = layers.TimeDistributed(layers.MaxPooling2D((2, 2)))(x)
x = layers.TimeDistributed(layers.Flatten())(x)
x = layers.LSTM(32)(x)
x = layers.Dropout(0.5)(x)
label = layers.Dense(5, activation="softmax")(x)
model = keras.Model(video, label)
""", None),
    "non-trainable weights: frozen Embedding, BatchNormalization, model.build": ("""
from keras import Sequential
from keras.layers import Embedding, Conv1D, BatchNormalization, Activation, GlobalMaxPooling1D
from keras.layers import RepeatVector, GRU, Dense

model = Sequential()
model.add(Embedding(300, 16, trainable=False, mask_zero=False))
model.add(Conv1D(8, 3))
model.add(BatchNormalization())
model.add(Activation("relu"))
model.add(GlobalMaxPooling1D())
model.add(RepeatVector(4))
model.add(GRU(5, reset_after=False, return_sequences=True))
model.add(Dense(2))
model.build((None, 40))
""", None),
    "Keras 3 reads input_dim= as input_shape=(input_dim,)": ("""
model = keras.Sequential()
model.add(keras.layers.Dense(16, input_dim=8, activation="relu"))
model.add(keras.layers.Dense(1))
""", None),
}

INVALID = {
    "a 2-D tensor into a recurrent layer": ("""
model = keras.Sequential()
model.add(keras.Input(shape=(10, 3)))
model.add(keras.layers.LSTM(8))
model.add(keras.layers.LSTM(4))
""", None, "return_sequences=True on layer 1"),
    "Flatten over None timesteps before Dense": ("""
inputs = keras.Input(shape=(None, 3))
x = keras.layers.Conv1D(4, 2)(inputs)
x = keras.layers.Flatten()(x)
outputs = keras.layers.Dense(1)(x)
""", None, "layer 2, Flatten.*GlobalAveragePooling1D"),
    "a 4-D tensor from Embedding on vectors": ("""
model = keras.Sequential()
model.add(keras.Input(shape=(80, 3)))
model.add(keras.layers.Embedding(1000, 8))
model.add(keras.layers.LSTM(4))
""", None, r"give the input shape \(80,\)"),
    "a Reshape that changes the size": ("""
inputs = keras.Input(shape=(6, 4))
x = keras.layers.Reshape((5, 5))(inputs)
""", None, "a Reshape keeps the number of values"),
    "a Conv1D kernel longer than the sequence": ("""
model = keras.Sequential()
model.add(keras.Input(shape=(3, 2)))
model.add(keras.layers.Dense(4))
model.add(keras.layers.Conv1D(4, 5))
""", None, "at least 5 steps"),
    "RepeatVector after a sequence": ("""
inputs = keras.Input(shape=(5, 2))
x = keras.layers.GRU(3, return_sequences=True)(inputs)
x = keras.layers.RepeatVector(2)(x)
""", None, "RepeatVector repeats one vector"),
    # Two faults: Keras builds as each layer is added (a declared input) or applied, so a layer
    # it cannot build stops it before a later layer it cannot even construct.
    "two faults: a shape error before a bad activation, model.add": ("""
model = keras.Sequential()
model.add(keras.Input(shape=(10, 3)))
model.add(keras.layers.LSTM(8))
model.add(keras.layers.LSTM(4))
model.add(keras.layers.Dense(2, activation="sofmax"))
""", None, "return_sequences=True on layer 1"),
    "two faults: a bad activation before a shape error, model.add": ("""
model = keras.Sequential()
model.add(keras.layers.LSTM(4, input_shape=(10, 3)))
model.add(keras.layers.Dense(2, activation="sofmax"))
model.add(keras.layers.LSTM(4))
""", None, "did you mean 'softmax'"),
    "two faults: a shape error, then a layer Keras cannot construct (functional)": ("""
inputs = keras.Input(shape=(6, 4))
x = keras.layers.Reshape((5, 5))(inputs)
x = keras.layers.Dense(0)(x)
""", None, "a Reshape keeps the number of values"),
}


def explain(code: str, *args: str, via_stdin: bool = True, tmp_path=None):
    """The CLI on `code`: through --file - (standard input) or --file PATH."""
    command = [sys.executable, "-m", "lstm_ref", "explain", "--json", *args]
    if via_stdin:
        return subprocess.run(command + ["--file", "-"], input=code, capture_output=True,
                              text=True, timeout=60)
    path = tmp_path / "model.py"
    path.write_text(code)
    return subprocess.run(command + ["--file", str(path)], capture_output=True, text=True,
                          timeout=60)


def keras_namespace(monkeypatch):
    """What pasted code expects to find; fit/predict do nothing (the shapes are the point)."""
    monkeypatch.setattr(keras.Model, "fit", lambda self, *a, **k: None)
    monkeypatch.setattr(keras.Model, "predict", lambda self, *a, **k: None)
    monkeypatch.setattr(keras.Model, "summary", lambda self, *a, **k: None)
    return {"keras": keras, "x_train": None, "y_train": None, "x_test": None}


def run_in_keras(code: str, monkeypatch, input_shape=None):
    """Run the code statement by statement; (namespace, line Keras raised at or None)."""
    namespace = keras_namespace(monkeypatch)
    for statement in ast.parse(code).body:
        try:
            exec(compile(ast.Module([statement], []), "<pasted>", "exec"), namespace)  # noqa: S102
        except (ValueError, TypeError):
            return namespace, statement.lineno
    if input_shape is not None:
        namespace["model"].build((None, *map(int, input_shape.split(","))))
    return namespace, None


def constructs(code: str, line: int, namespace: dict) -> bool:
    """Whether Keras constructs the layer that `model.add(...)` on `line` adds (the failure
    was then in adding it: the model holds it) or refuses it in its constructor."""
    (statement,) = [s for s in ast.parse(code).body if s.lineno == line]
    call = statement.value.args[0]
    try:
        eval(compile(ast.Expression(call), "<layer>", "eval"), namespace)  # noqa: S307 - our cases
    except (ValueError, TypeError):
        return False
    return True


def keras_layers(model) -> list:
    return [layer for layer in model.layers if not isinstance(layer, keras.layers.InputLayer)]


def per_layer(layer):
    frozen = sum(prod(w.shape) for w in layer.non_trainable_weights)
    return layer.count_params() - frozen, frozen


@pytest.mark.parametrize("name", list(VALID))
def test_json_agrees_with_keras(name, monkeypatch, tmp_path):
    code, input_shape = VALID[name]
    args = ["--input-shape", input_shape] if input_shape else []
    result = explain(code, *args, via_stdin=name.startswith("Keras 2"), tmp_path=tmp_path)
    assert result.returncode == 0, result.stderr
    report = json.loads(result.stdout)
    namespace, failed = run_in_keras(code, monkeypatch, input_shape)
    assert failed is None
    model = namespace["model"]
    layers = keras_layers(model)
    assert [row["output_shape"] for row in report["layers"]] == \
        [list(layer.output.shape) for layer in layers]
    assert [(row["trainable_params"], row["non_trainable_params"]) for row in report["layers"]] \
        == [per_layer(layer) for layer in layers]
    trainable = sum(prod(w.shape) for w in model.trainable_weights)
    assert (report["params"], report["trainable_params"], report["non_trainable_params"]) == \
        (model.count_params(), trainable, model.count_params() - trainable)
    assert report["output_shapes"] == [list(layers[-1].output.shape)]
    assert [row["config"]["class_name"] for row in report["layers"]] == \
        [type(layer).__name__ for layer in layers]


@pytest.mark.parametrize("name", list(INVALID))
def test_the_error_names_the_line_and_layer_keras_fails_at(name, monkeypatch):
    code, input_shape, fix = INVALID[name]
    result = explain("import keras\n" + code)
    assert result.returncode == 2
    error = json.loads(result.stdout)["error"]
    namespace, line = run_in_keras("import keras\n" + code, monkeypatch)
    assert line is not None, "Keras accepted the model"
    assert error["line"] == line, (error, line)
    model = namespace.get("model")
    if model is not None:  # Sequential: the layers Keras added before it failed, and this one
        added = "add(" in code and constructs("import keras\n" + code, line, namespace)
        assert error["layer"] == len(keras_layers(model)) + (0 if added else 1)
    assert result.stderr == f"lstm_ref: error: {error['message']}\n"
    assert re.search(fix, error["message"]), error["message"]


READER_FORMS = {
    "bare layer lines": ("LSTM(4, input_shape=(3, 2))\nDense(1)", ["LSTM(4)", "Dense(1)"], (3, 2)),
    "a bare list": ("[GRU(3), Dense(1)]", ["GRU(3)", "Dense(1)"], None),
    "print and docstring skipped": ('"""A model."""\nmodel = Sequential()\n'
                                    "model.add(Dense(2, input_shape=(4,)))\nprint(model.summary())",
                                    ["Dense(2)"], (4,)),
    "Sequential(layers=[...])": ("m = keras.models.Sequential(layers=[Dense(2)])\nm.build((None, 5))",
                                 ["Dense(2)"], (5,)),
    "Input with batch_shape": ("i = Input(batch_shape=(8, 10, 3))\no = LSTM(2)(i)\n"
                               "model = Model(i, [o])", ["LSTM(2)"], (10, 3)),
}


@pytest.mark.parametrize("name", list(READER_FORMS))
def test_reader_forms(name):
    code, layers, shape = READER_FORMS[name]
    pasted = read_model(code)
    assert [str(row.layer) for row in pasted.layers] == layers
    assert pasted.input_shape == shape


UNSUPPORTED = {
    "a loop": ("model = Sequential()\nfor units in (4, 2):\n    model.add(Dense(units))", 2,
               "a for loop"),
    "a custom layer": ("class Mine(keras.layers.Layer):\n    pass", 1, "class definition"),
    "a branch": ("i = Input((3,))\na = Dense(2)(i)\nb = Dense(2)(i)", 3,
                 "not the last output"),
    "two outputs": ("i = Input((3, 2))\nx, h, c = LSTM(2, return_state=True)(i)", 2,
                    "several outputs"),
    "a call in an argument": ("model = Sequential([Dense(len(vocab))])", 1, "must be a literal"),
    "an unknown layer": ("model = Sequential([Conv3D(2, 3)])", 1, "unknown layer 'Conv3D'"),
    "a syntax error": ("model = Sequential([Dense(2)]", 1, "could not read the code"),
    "arithmetic": ("n = 3 * 4", 1, "'n = 3 \\* 4' is not supported"),
}


@pytest.mark.parametrize("name", list(UNSUPPORTED))
def test_unsupported_code_is_one_line_with_the_line_number(name):
    code, line, message = UNSUPPORTED[name]
    with pytest.raises(lr.ModelError) as refused:
        read_model(code)
    text = str(refused.value)
    assert refused.value.line == line and "\n" not in text
    assert text.startswith(f"line {line}: "), text
    assert re.search(message, text), text


def _mutate(code: str, edits) -> str:
    for position, action, text in edits:
        position %= len(code) + 1
        if action == "delete":
            code = code[:position] + code[position + len(text):]
        else:
            code = code[:position] + text + code[position:]
    return code


PIECES = ["(", ")", "[", "]", ",", "=", ".", "\n", " ", "x", "0", "-1", "None", "'same'", "**k",
          "*a", "layers.", "Input(", "LSTM(", "model.add(", "(x)", "lambda: 0", "\t", "#", ":",
          "if x:\n  ", "x, y = ", "Sequential(", "shape=", "input_shape=(", "True", "1e400"]


@settings(max_examples=400, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(base=st.sampled_from([code for code, _ in VALID.values()]
                            + [code for code, _, _ in INVALID.values()]),
       edits=st.lists(st.tuples(st.integers(0, 2000), st.sampled_from(["delete", "insert"]),
                                st.sampled_from(PIECES)), max_size=6),
       shape=st.sampled_from([None, "80", "10,3", "None,8", "4,8,8,3"]))
def test_mutated_pasted_code_gets_a_report_or_one_line(base, edits, shape):
    """Any text: a report, or one LstmRefError with a one-line message; never another error."""
    code = _mutate(base, edits)
    try:
        explain_text(code, input_shape=shape, as_json=True)
    except lr.LstmRefError as error:
        assert "\n" not in str(error) and str(error).strip(), repr(str(error))
