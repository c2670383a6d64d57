"""Every number typed in the prose of a chapter is checked here against Keras (or PyTorch).

Numbers printed by blocks that run at build time are Keras' own output. The numbers typed in
the text around them are not, so this test finds each one (tests/prose_numbers.py) and
requires that it is one of:

- a version name (`Keras 3`) or an input of the example that runs in the same section;
- a formula in inline code, listed in FORMULAS and evaluated here against Keras for several
  sizes;
- a claim listed in CLAIMS with a check that runs Keras (or PyTorch, or reads the installed
  TensorFlow), or a release-history fact listed in HISTORY with its source.

A number that is none of these fails the test: type a new number in a chapter, and this test
asks how it is checked. Every chapter in the nav is read; a new chapter must be added to
CHAPTERS.
"""

from __future__ import annotations

import ast
import operator
import re
import subprocess
import sys
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras
import tf_keras.api._v1.keras as tf_keras_v1

from prose_numbers import numbers_in
from site_build import ROOT

DOCS = ROOT / "docs"
CHAPTERS = ["index", "shapes", "one-step", "parameters", "data", "layers-around",
            "misconceptions", "calculator", "stateful", "masking", "states", "sizing", "glossary",
            "keras-2-vs-3", "pytorch", "errors", "speed"]
NOT_CHAPTERS = {
    "reference.md": "rendered from lstm_ref's docstrings, whose examples run as doctests",
    "notebook.ipynb": "every number in it is printed by the notebook, executed at build",
}
SIZES = [(1, 1), (1, 2), (4, 3), (10, 5), (32, 64)]          # (units, features)


# -- Formulas: evaluated from the page's own text ------------------------------------------------

_OPERATORS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul,
              ast.Pow: operator.pow}


def evaluate(formula: str, **names: int):
    """The value of a formula as the page types it, e.g. `4 × (units + 1)`, or a tuple of them.

    >>> evaluate("(features, 4 × units²)", units=2, features=3)
    (3, 16)
    """
    text = formula.replace("×", "*").replace("·", "*").replace("²", "**2")

    def value(node):
        if isinstance(node, ast.Expression):
            return value(node.body)
        if isinstance(node, ast.Tuple):
            return tuple(value(element) for element in node.elts)
        if isinstance(node, ast.BinOp) and type(node.op) in _OPERATORS:
            return _OPERATORS[type(node.op)](value(node.left), value(node.right))
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name) and node.id in names:
            return names[node.id]
        raise ValueError(f"not a formula: {formula!r}")

    return value(ast.parse(text, mode="eval"))


def keras_layer(kind, units, features, **arguments):
    layer = getattr(keras.layers, kind)(units, **arguments)
    layer.build((None, 7, features))
    return layer


def cudnn_layer(kind, units, features):
    layer = getattr(tf_keras_v1.layers, kind)(units)
    layer.build((None, 7, features))
    return layer


def torch_lstm(units, features, **arguments):
    import torch

    return torch.nn.LSTM(input_size=features, hidden_size=units, **arguments)


def torch_count(module) -> int:
    return sum(p.numel() for p in module.parameters())


def sized(check):
    """Run `check(formula, units, features)` for every size in SIZES."""
    def run(formula):
        for units, features in SIZES:
            check(formula, units, features)
    run.__name__ = check.__name__.lstrip("_")
    return run


def _lstm_count(formula, u, f):
    assert evaluate(formula, units=u, features=f) == keras_layer("LSTM", u, f).count_params()


def _lstm_kernel_shape(formula, u, f):
    assert evaluate(formula, units=u, features=f) == tuple(keras_layer("LSTM", u, f).cell.kernel.shape)


def _lstm_kernel_size(formula, u, f):
    kernel = keras_layer("LSTM", u, f).cell.kernel
    assert evaluate(formula, units=u, features=f) == int(np.prod(kernel.shape))


def _lstm_recurrent_shape(formula, u, f):
    layer = keras_layer("LSTM", u, f)
    assert evaluate(formula, units=u, features=f) == tuple(layer.cell.recurrent_kernel.shape)


def _lstm_bias_shape(formula, u, f):
    assert evaluate(formula, units=u, features=f) == tuple(keras_layer("LSTM", u, f).cell.bias.shape)


def _gru_bias_shape(formula, u, f):
    assert evaluate(formula, units=u, features=f) == tuple(keras_layer("GRU", u, f).cell.bias.shape)


def _gru_count_after(formula, u, f):
    assert evaluate(formula, units=u, features=f) == keras_layer("GRU", u, f).count_params()


def _gru_count_before(formula, u, f):
    layer = keras_layer("GRU", u, f, reset_after=False)
    assert evaluate(formula, units=u, features=f) == layer.count_params()


def _cudnn_lstm_count(formula, u, f):
    assert evaluate(formula, units=u, features=f) == cudnn_layer("CuDNNLSTM", u, f).count_params()


def _cudnn_lstm_extra(formula, u, f):
    extra = cudnn_layer("CuDNNLSTM", u, f).count_params() - keras_layer("LSTM", u, f).count_params()
    assert evaluate(formula, units=u, features=f) == extra


def _cudnn_lstm_bias_length(formula, u, f):
    bias = cudnn_layer("CuDNNLSTM", u, f).weights[2]
    assert (evaluate(formula, units=u, features=f),) == tuple(bias.shape)


def _torch_lstm_count(formula, u, f):
    assert evaluate(formula, hidden_size=u, input_size=f) == torch_count(torch_lstm(u, f))


def _torch_lstm_extra(formula, u, f):
    extra = torch_count(torch_lstm(u, f)) - keras_layer("LSTM", u, f).count_params()
    assert evaluate(formula, hidden_size=u, units=u) == extra


def _torch_and_cudnn_extra(formula, u, f):
    """The glossary's `4·units`: both PyTorch's second bias and CuDNNLSTM's."""
    _torch_lstm_extra(formula, u, f)
    _cudnn_lstm_extra(formula, u, f)


def _torch_second_layer_input(formula, u, f):
    """A bidirectional PyTorch LSTM's second layer reads both directions of the first."""
    module = torch_lstm(u, f, num_layers=2, bidirectional=True)
    assert evaluate(formula, hidden_size=u) == module.weight_ih_l1.shape[1]


def _bidirectional_width(formula, u, f):
    output = keras.layers.Bidirectional(keras.layers.LSTM(u))(keras.Input(shape=(7, f)))
    assert evaluate(formula, units=u) == output.shape[-1]


lstm_count, lstm_kernel_shape, lstm_kernel_size = (
    sized(_lstm_count), sized(_lstm_kernel_shape), sized(_lstm_kernel_size))
lstm_recurrent_shape, lstm_bias_shape, gru_bias_shape = (
    sized(_lstm_recurrent_shape), sized(_lstm_bias_shape), sized(_gru_bias_shape))
gru_count_after, gru_count_before = sized(_gru_count_after), sized(_gru_count_before)
cudnn_lstm_count, cudnn_lstm_extra, cudnn_lstm_bias_length = (
    sized(_cudnn_lstm_count), sized(_cudnn_lstm_extra), sized(_cudnn_lstm_bias_length))
torch_lstm_count, torch_lstm_extra = sized(_torch_lstm_count), sized(_torch_lstm_extra)
torch_and_cudnn_extra = sized(_torch_and_cudnn_extra)
torch_second_layer_input, bidirectional_width = (
    sized(_torch_second_layer_input), sized(_bidirectional_width))


def candidate_columns(formula, *_):
    """Columns 2·units to 3·units of the kernel feed the candidate (the tanh block) in Keras."""
    for units in (1, 3):
        lstm = keras.layers.LSTM(units)
        lstm.build((None, 1, 1))
        start, stop = evaluate("2 × units", units=units), evaluate("3 × units", units=units)
        kernel = np.zeros((1, 4 * units), "float32")
        kernel[:, start:stop] = 2.0
        lstm.set_weights([kernel, np.zeros((units, 4 * units), "float32"),
                          np.zeros(4 * units, "float32")])
        h = keras.ops.convert_to_numpy(lstm(np.ones((1, 1, 1), "float32")))
        # i = f = o = sigmoid(0) = 0.5, g = tanh(2): h = 0.5 · tanh(0.5 · tanh(2))
        assert np.allclose(h, 0.5 * np.tanh(0.5 * np.tanh(2.0)), atol=1e-6)
    assert formula in ("2 × units", "3 × units")


def gru_reset_before_equation(formula, *_):
    """The page's reset_after=False candidate, one step in NumPy, against Keras' GRU."""
    units, features = 3, 2
    layer = keras.layers.GRU(units, reset_after=False, return_sequences=True)
    layer.build((None, 1, features))
    rng = np.random.default_rng(0)
    kernel, recurrent, bias = (rng.uniform(-1, 1, w.shape).astype("float32")
                               for w in layer.get_weights())
    layer.set_weights([kernel, recurrent, bias])
    x, h_prev = rng.uniform(-1, 1, (1, features)), rng.uniform(-1, 1, (1, units))
    sigmoid = lambda v: 1 / (1 + np.exp(-v))  # noqa: E731
    xz, xr, xh = np.split(x @ kernel + bias, 3, axis=1)
    z = sigmoid(xz + h_prev @ recurrent[:, :units])
    r = sigmoid(xr + h_prev @ recurrent[:, units:2 * units])
    hh = np.tanh(xh + (r * h_prev) @ recurrent[:, 2 * units:])
    h_t = z * h_prev + (1 - z) * hh
    theirs = layer(x[:, None].astype("float32"), initial_state=[h_prev.astype("float32")])
    assert np.allclose(keras.ops.convert_to_numpy(theirs)[:, 0], h_t, atol=1e-5)
    assert "2*units" in formula


def batch_of_one_copy(formula, *_):
    """A stateful model rebuilt for batches of 1 takes the bigger model's weights."""
    big = keras.Sequential([keras.Input(batch_shape=(3, 4, 1)),
                            keras.layers.LSTM(2, stateful=True)])
    single = keras.Sequential([keras.Input(batch_shape=evaluate(
        formula.split("=", 1)[1], timesteps=4, features=1)), keras.layers.LSTM(2, stateful=True)])
    single.set_weights(big.get_weights())
    assert single.input_shape == (1, 4, 1)


def torch_projection(formula, *_):
    assert formula == "proj_size > 0"
    assert not hasattr(torch_lstm(3, 2, proj_size=0), "weight_hr_l0")
    assert torch_lstm(3, 2, proj_size=1).weight_hr_l0.shape == (1, 3)


def single_timestep(formula, *_):
    """On one timestep the recurrent kernel multiplies only the zero initial state: a random
    recurrent kernel leaves predict() unchanged and fit() leaves it (and the forget gate) as is."""
    shape = evaluate(formula, samples=16, features=3)
    x = np.random.default_rng(1).normal(size=shape).astype("float32")
    keras.utils.set_random_seed(1)
    model = keras.Sequential([keras.Input(shape=shape[1:]), keras.layers.LSTM(4),
                              keras.layers.Dense(1)])
    model.compile(optimizer="sgd", loss="mse")
    lstm = model.layers[0]
    kernel, recurrent, bias = lstm.get_weights()
    before = model.predict(x, verbose=0)
    lstm.set_weights([kernel, recurrent + 5.0, bias])
    assert np.allclose(model.predict(x, verbose=0), before, atol=1e-6)
    model.fit(x, np.ones((len(x), 1), "float32"), epochs=2, batch_size=8, verbose=0)
    after = lstm.get_weights()
    forget = slice(4, 8)
    assert np.array_equal(after[1], recurrent + 5.0)
    assert np.array_equal(after[0][:, forget], kernel[:, forget])
    assert not np.array_equal(after[0], kernel)


def bidirectional_decoder_states(formula="2 × units", *_):
    """A Bidirectional LSTM encoder returns output, h and c forward, h and c backward; their
    concatenated states start a decoder of `2 × units`, under predict()."""
    for units in (1, 3):
        inputs = keras.Input(shape=(5, 2))
        outputs = keras.layers.Bidirectional(keras.layers.LSTM(units, return_state=True))(inputs)
        assert len(outputs) == 5 and all(tuple(t.shape) == (None, units) for t in outputs[1:])
        h = keras.layers.Concatenate()([outputs[1], outputs[3]])
        c = keras.layers.Concatenate()([outputs[2], outputs[4]])
        width = evaluate(formula, units=units)
        assert tuple(h.shape) == tuple(c.shape) == (None, width)
    decoder_inputs = keras.Input(shape=(4, 1))
    decoded = keras.layers.LSTM(width)(decoder_inputs, initial_state=[h, c])
    model = keras.Model([inputs, decoder_inputs], decoded)
    out = model.predict([np.ones((2, 5, 2), "float32"), np.ones((2, 4, 1), "float32")], verbose=0)
    assert out.shape == (2, width)
    with pytest.raises(Exception):
        wrong = keras.layers.LSTM(units)(decoder_inputs, initial_state=[h, c])
        keras.Model([inputs, decoder_inputs], wrong).predict(
            [np.ones((2, 5, 2), "float32"), np.ones((2, 4, 1), "float32")], verbose=0)


def torch_bidirectional_lstm(batch=2, steps=5, features=3, hidden=4, layers=2):
    import torch

    torch.manual_seed(0)
    module = torch_lstm(hidden, features, num_layers=layers, bidirectional=True,
                        batch_first=True)
    with torch.no_grad():
        output, (h_n, _) = module(torch.randn(batch, steps, features))
    return output.numpy(), h_n.numpy()


def torch_backward_final(formula, *_):
    """With two directions, the backward direction's final h is at the first step of output:
    the page's "its final state is `A`, not `B`" is checked both ways in PyTorch."""
    text = " ".join((DOCS / "pytorch.md").read_text(encoding="utf-8").split())
    right, wrong = re.search(r"its final state is `([^`]+)`, not `([^`]+)`", text).groups()
    assert formula in (right, wrong)
    output, h_n = torch_bidirectional_lstm(hidden=4)
    for typed, is_final in ((right, True), (wrong, False)):
        step = int(re.fullmatch(r"output\[:, (-?\d+), hidden_size:\]", typed).group(1))
        assert np.allclose(output[:, step, 4:], h_n[-1]) == is_final, typed


def torch_top_layer_summary(formula, *_):
    """h_n[-2] and h_n[-1] are the top layer's two directions; side by side, (batch, 2·hidden)."""
    output, h_n = torch_bidirectional_lstm(batch=3, hidden=4)
    top = np.concatenate([h_n[-2], h_n[-1]], axis=1)
    assert top.shape == evaluate(formula, batch=3, hidden_size=4)
    assert np.allclose(top, np.concatenate([output[:, -1, :4], output[:, 0, 4:]], axis=1))


FORMULAS = {  # (page, formula as typed): how Keras confirms it
    ("one-step", "4·(units·features + units² + units)"): lstm_count,
    ("one-step", "hh = tanh(xh + (r * h_prev) @ recurrent_kernel[:, 2*units:])"):
        gru_reset_before_equation,
    ("parameters", "4 × (units × features + units² + units)"): lstm_count,
    ("parameters", "(features, 4 × units)"): lstm_kernel_shape,
    ("parameters", "(units, 4 × units)"): lstm_recurrent_shape,
    ("parameters", "(4 × units,)"): lstm_bias_shape,
    ("parameters", "2 × units"): candidate_columns,
    ("parameters", "3 × units"): candidate_columns,
    ("parameters", "(2, 3 × units)"): gru_bias_shape,
    ("parameters", "3 × (units × features + units² + 2 × units)"): gru_count_after,
    ("parameters", "3 × (units × features + units² + units)"): gru_count_before,
    ("misconceptions", "features × (4 · units)"): lstm_kernel_size,
    ("misconceptions", "4 × (units × features + units² + units)"): lstm_count,
    ("stateful", "batch_shape=(1, timesteps, features)"): batch_of_one_copy,
    ("glossary", "(2, 3·units)"): gru_bias_shape,
    ("glossary", "4·units"): torch_and_cudnn_extra,
    ("glossary", "2·units"): bidirectional_width,
    ("keras-2-vs-3", "2 × units"): candidate_columns,
    ("keras-2-vs-3", "3 × units"): candidate_columns,
    ("keras-2-vs-3", "4 × units"): cudnn_lstm_extra,
    ("keras-2-vs-3", "8 × units"): cudnn_lstm_bias_length,
    ("keras-2-vs-3", "4 × (units × features + units² + 2 × units)"): cudnn_lstm_count,
    ("pytorch", "4 × (hidden_size × input_size + hidden_size² + 2 × hidden_size)"):
        torch_lstm_count,
    ("pytorch", "4 × hidden_size"): torch_lstm_extra,
    ("pytorch", "2 × hidden_size"): torch_second_layer_input,
    ("pytorch", "proj_size > 0"): torch_projection,
    ("pytorch", "(2, 3 × units)"): gru_bias_shape,
    ("pytorch", "3 × (units × features + units² + 2 × units)"): gru_count_after,
    ("pytorch", "output[:, 0, hidden_size:]"): torch_backward_final,
    ("pytorch", "output[:, -1, hidden_size:]"): torch_backward_final,
    ("pytorch", "(batch, 2 × hidden_size)"): torch_top_layer_summary,
    ("data", "(samples, 1, features)"): single_timestep,
    ("states", "2 × units"): bidirectional_decoder_states,
    ("states", "(units, 4·units)"): lstm_recurrent_shape,
}


# -- Claims: each number with the Keras computation that confirms it --------------------------------

def keras_rank_rule():
    """Recurrent layers read 3-D input; 2-D is refused with "expected ndim=3, found ndim=2";
    without return_sequences they return 2-D; a 2-D input to PyTorch is one unbatched sequence."""
    layer = keras.layers.LSTM(4)
    with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
        keras.Sequential([keras.Input(shape=(3,)), layer])
    assert len(keras.layers.LSTM(4)(keras.Input(shape=(5, 3))).shape) == 2
    assert len(keras.layers.LSTM(4, return_sequences=True)(keras.Input(shape=(5, 3))).shape) == 3
    assert len(keras.layers.Dense(2)(keras.Input(shape=(5, 3))).shape) == 3


def torch_two_dimensional_input():
    import torch

    output, (h_n, _) = torch_lstm(4, 3)(torch.zeros(5, 3))
    assert tuple(output.shape) == (5, 4) and tuple(h_n.shape) == (1, 4)
    keras_rank_rule()


def batch_axis_of_one():
    one = np.zeros((10, 3), "float32")[np.newaxis]
    assert one.shape[0] == 1 and tuple(keras.layers.LSTM(8)(one).shape) == (1, 8)


def activation_ranges():
    """Keras' LSTM gates use sigmoid (0 to 1) and its candidate tanh (-1 to 1)."""
    lstm = keras.layers.LSTM(2)
    assert lstm.cell.recurrent_activation is keras.activations.sigmoid
    assert lstm.cell.activation is keras.activations.tanh
    x = np.linspace(-50, 50, 1001).astype("float32")
    s, t = (keras.ops.convert_to_numpy(f(x)) for f in (keras.activations.sigmoid, keras.activations.tanh))
    assert s.min() >= 0 and s.max() <= 1 and t.min() >= -1 and t.max() <= 1
    assert s.min() < 1e-6 and s.max() > 1 - 1e-6 and t.min() < -1 + 1e-6 and t.max() > 1 - 1e-6


def gru_update_gate_keeps_the_old_state():
    """z near 1 keeps h_prev: a huge update-gate bias, zero weights, in Keras' GRU."""
    units = 2
    layer = keras.layers.GRU(units)
    layer.build((None, 1, 1))
    bias = np.zeros((2, 3 * units), "float32")
    bias[0, :units] = 50.0                                   # z block of the input-side bias
    layer.set_weights([np.zeros((1, 3 * units), "float32"),
                       np.zeros((units, 3 * units), "float32"), bias])
    h_prev = np.array([[0.3, -0.7]], "float32")
    h = layer(np.ones((1, 1, 1), "float32"), initial_state=[h_prev])
    assert np.allclose(keras.ops.convert_to_numpy(h), h_prev, atol=1e-6)


def stateful_rows_continue():
    """Row i of the next batch continues row i: two stateful calls end where one whole call ends."""
    weights = None
    stateful = keras.Sequential([keras.Input(batch_shape=(2, 3, 1)),
                                 keras.layers.LSTM(2, stateful=True, name="s")])
    plain = keras.layers.LSTM(2)
    plain.build((None, 6, 1))
    weights = stateful.get_weights()
    plain.set_weights(weights)
    x = np.random.default_rng(0).uniform(-1, 1, (2, 6, 1)).astype("float32")
    stateful(x[:, :3])
    assert np.allclose(keras.ops.convert_to_numpy(stateful(x[:, 3:])),
                       keras.ops.convert_to_numpy(plain(x)), atol=1e-6)


def predict_default_batch_size():
    """fit, evaluate and predict cut data into batches of 32 when batch_size is not given."""
    sizes = []

    class Sizes(keras.callbacks.Callback):
        def on_predict_batch_end(self, batch, logs=None):
            sizes.append(len(logs["outputs"]))

    model = keras.Sequential([keras.Input(shape=(2,)), keras.layers.Dense(1)])
    model.predict(np.zeros((33, 2), "float32"), verbose=0, callbacks=[Sizes()])
    assert sizes == [32, 1]


def text_split_arithmetic():
    """The wrong picture's 150 characters in 3 consecutive pieces are 50 each."""
    assert [len(piece) for piece in np.split(np.arange(150), 3)] == [50, 50, 50]


def legacy_keras_switch():
    """TensorFlow routes tf.keras to tf_keras when TF_USE_LEGACY_KERAS is "1" (read from its source)."""
    source = (Path(tf.__file__).parent / "python" / "util" / "lazy_loader.py").read_text()
    assert 'os.environ.get("TF_USE_LEGACY_KERAS", None) in ("true", "True", "1")' in source


def tf_keras_line():
    """tf.keras is Keras 3 in this TensorFlow (2.16 or later), and tf_keras is released with it."""
    major, minor = (int(part) for part in tf.__version__.split(".")[:2])
    assert (major, minor) >= (2, 16) and tf.keras.layers.LSTM is keras.layers.LSTM
    assert tf_keras.__version__.split(".")[:2] == tf.__version__.split(".")[:2]


def implementation_modes():
    for implementation in (1, 2):
        layer = keras.layers.LSTM(4, implementation=implementation)
        layer.build((None, 3, 2))
        assert layer.cell.implementation == implementation and layer.count_params() == 112


def recurrent_dropout_turns_cudnn_off():
    import inspect

    source = inspect.getsource(keras.layers.LSTM.inner_loop)
    assert "if not self.recurrent_dropout:" in source
    assert keras.layers.LSTM(2).recurrent_dropout == 0


def speed_condition_references():
    """"Condition n" refers to the numbered list of the speed page, which has seven items."""
    text = (DOCS / "speed.md").read_text(encoding="utf-8")
    section = text[text.index("{ #cudnn-conditions }"):text.index("{ #which-settings }")]
    assert re.findall(r"^(\d+)\. ", section, re.MULTILINE) == [str(n) for n in range(1, 8)]


def cli_examples_match_keras():
    """The command lines the pages quote run, and their totals are Keras' counts."""
    for arguments, keras_model in (
        (["LSTM(8)", "--input-shape", "10,3"],
         [keras.Input(shape=(10, 3)), keras.layers.LSTM(8)]),
        (["LSTM(32)", "Dense(2)", "--input-shape", "10,64", "--batch-size", "8", "--json"],
         [keras.Input(batch_shape=(8, 10, 64)), keras.layers.LSTM(32), keras.layers.Dense(2)]),
    ):
        result = subprocess.run([sys.executable, "-m", "lstm_ref", "explain", *arguments],
                                capture_output=True, text=True, timeout=120, cwd=ROOT)
        assert result.returncode == 0, result.stderr
        total = keras.Sequential(keras_model).count_params()
        assert re.search(rf"\b{total}\b", result.stdout), (arguments, total)


def thirty_steps_thirty_outputs():
    output = keras.layers.LSTM(5, return_sequences=True)(np.zeros((1, 30, 1), "float32"))
    assert tuple(output.shape) == (1, 30, 5)


def upper_layer_reads_lower_width():
    inputs = keras.Input(shape=(10, 64))
    lower = keras.layers.LSTM(32, return_sequences=True)
    upper = keras.layers.LSTM(16)
    upper(lower(inputs))
    assert tuple(upper.cell.kernel.shape) == (32, 64)


def kernel_c_rows_follow_features():
    rows = []
    for features in (1, 2):
        layer = keras.layers.LSTM(1)
        layer.build((None, 1, features))
        rows.append(layer.cell.kernel[:, 2:3].shape[0])
    assert rows == [1, 2]


def torch_reads_time_first():
    import torch

    output, (h_n, _) = torch_lstm(8, 3)(torch.zeros(4, 10, 3))
    assert tuple(output.shape) == (4, 10, 8) and tuple(h_n.shape) == (1, 10, 8)


def rank_four_is_refused():
    """An Embedding on vectors, and an image batch or CNN feature map, are 4-D; a recurrent
    layer placed after them refuses them with "expected ndim=3, found ndim=4" when the model is
    built (where readers meet it)."""
    vectors = keras.Input(shape=(10, 8))
    assert len(keras.layers.Embedding(50, 4)(vectors).shape) == 4
    images = keras.Input(shape=(28, 28, 1))
    assert len(images.shape) == len(keras.layers.Conv2D(3, 3)(images).shape) == 4
    for layers in ([keras.Input(shape=(10, 8)), keras.layers.Embedding(50, 4)],
                   [keras.Input(shape=(28, 28, 1)), keras.layers.Conv2D(3, 3)]):
        with pytest.raises(ValueError, match="expected ndim=3, found ndim=4"):
            keras.Sequential([*layers, keras.layers.LSTM(4)])


def features_axis_of_one():
    """`series[:, np.newaxis]` has shape (steps, 1), and Keras' windows of it are 3-D."""
    series = np.arange(10, dtype="float32")
    data = series[:, np.newaxis]
    assert data.shape == (10, 1)
    dataset = keras.utils.timeseries_dataset_from_array(
        data[:-1], targets=series[4:], sequence_length=4, batch_size=32)
    windows, _ = next(iter(dataset))
    assert tuple(windows.shape) == (6, 4, 1)


def window_gaps():
    """On the probe series np.arange, targets shifted by timesteps - 1, timesteps and
    timesteps + 1 leave gaps of 0, 1 and 2 after each window's last step, in Keras' windows."""
    series, timesteps = np.arange(20), 4
    for shift, gap in ((timesteps - 1, 0), (timesteps, 1), (timesteps + 1, 2)):
        targets = series[shift:]
        dataset = keras.utils.timeseries_dataset_from_array(
            series[:len(targets), np.newaxis], targets=targets, sequence_length=timesteps,
            batch_size=64)
        windows, first_targets = (np.asarray(part) for part in next(iter(dataset)))
        assert set((first_targets - windows[:, -1, 0]).tolist()) == {gap}


def newest_lag_last():
    """Columns from newest to oldest reversed with [:, ::-1]: the newest value is the last step,
    the one whose output an LSTM without return_sequences returns."""
    newest_first = np.array([[3, 2, 1], [4, 3, 2]], "float32")       # lag 1, lag 2, lag 3
    steps = newest_first[:, ::-1].reshape((2, 3, 1))
    assert np.array_equal(steps[:, -1, 0], newest_first[:, 0])
    keras.utils.set_random_seed(0)
    every = keras.layers.LSTM(2, return_sequences=True)
    inputs = keras.Input(shape=(3, 1))
    sequence = every(inputs)
    last = keras.layers.LSTM(2)
    last(inputs)
    last.set_weights(every.get_weights())
    model = keras.Model(inputs, [sequence, last(inputs)])
    outputs, final = model.predict(steps, verbose=0)
    assert np.allclose(outputs[:, -1], final, atol=1e-6)


def pad_sequences_pads_with_zero():
    """pad_sequences' default padding value is 0 (the installed signature and a call)."""
    import inspect

    assert inspect.signature(keras.utils.pad_sequences).parameters["value"].default == 0
    assert keras.utils.pad_sequences([[5], [1, 2]]).tolist() == [[0, 5], [1, 2]]


def masked_model_outputs(layers, *sequences):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(layers)
    return [model.predict(np.asarray([s]), verbose=0) for s in sequences]


def mask_zero_masks_token_zero():
    """Embedding(mask_zero=True) masks exactly the ids 0: padded with 0 at the start, a
    sentence gives the LSTM the same final output under predict()."""
    ids = np.array([[0, 0, 7, 2], [3, 0, 1, 9]])
    embedding = keras.layers.Embedding(10, 3, mask_zero=True)
    assert np.array_equal(keras.ops.convert_to_numpy(embedding.compute_mask(ids)), ids != 0)
    padded, plain = masked_model_outputs(
        [keras.Input(shape=(None,), dtype="int32"), keras.layers.Embedding(10, 3, mask_zero=True),
         keras.layers.LSTM(2)], [0, 0, 7, 2], [7, 2])
    assert np.allclose(padded, plain, atol=1e-6)


def masking_every_feature():
    """Masking(mask_value=0.0) masks a step only when every feature is 0: under predict(), an
    all-zero step at the end changes nothing, a step with one 0 changes the output."""
    real, partly_zero, all_zero = [0.5, 1.0], [0.0, 1.0], [0.0, 0.0]
    with_all_zero, alone, with_partly_zero = masked_model_outputs(
        [keras.Input(shape=(None, 2)), keras.layers.Masking(mask_value=0.0), keras.layers.LSTM(2)],
        [real, all_zero], [real], [real, partly_zero])
    assert np.allclose(with_all_zero, alone, atol=1e-6)
    assert not np.allclose(with_partly_zero, alone, atol=1e-4)


def pad_with_minus_one():
    """pad_sequences(value=-1.0, dtype="float32") with Masking(mask_value=-1.0): the padding is
    masked, and a real step of zeros is kept, under predict()."""
    sequences = [[[0.5, 1.0], [0.0, 0.0]], [[0.5, 1.0]]]
    padded = keras.utils.pad_sequences(sequences, value=-1.0, dtype="float32")
    assert padded.dtype == np.float32 and padded[1, 0].tolist() == [-1.0, -1.0]
    layers = [keras.Input(shape=(None, 2)), keras.layers.Masking(mask_value=-1.0),
              keras.layers.LSTM(2)]
    with_zeros, short, only_real = masked_model_outputs(
        layers, padded[0], padded[1], [[0.5, 1.0]])
    assert np.allclose(short, only_real, atol=1e-6)
    assert not np.allclose(with_zeros, only_real, atol=1e-4)


def torch_initial_state_errors():
    """PyTorch names the wrong initial state: hidden[0] for h_0, hidden[1] for c_0, "hidden
    size" for a GRU; a 2-D state for a batched input asks for 3-D first."""
    import torch

    x = torch.zeros(2, 5, 3)
    lstm = torch_lstm(4, 3, batch_first=True)
    right, wrong = torch.zeros(1, 2, 4), torch.zeros(1, 3, 4)
    with pytest.raises(RuntimeError, match=r"Expected hidden\[0\] size \(1, 2, 4\), got \[1, 3, 4\]"):
        lstm(x, (wrong, right))
    with pytest.raises(RuntimeError, match=r"Expected hidden\[1\] size"):
        lstm(x, (right, wrong))
    with pytest.raises(RuntimeError, match=r"Expected hidden size"):
        torch.nn.GRU(3, 4, batch_first=True)(x, wrong)
    with pytest.raises(RuntimeError, match=r"3-D"):
        lstm(x, (right[0], right[0]))
    output, (h_n, c_n) = lstm(x, (right, right))
    assert h_n.shape == c_n.shape == right.shape


def torch_top_layer_states():
    """In a 2-layer bidirectional nn.LSTM, h_n[-2] and h_n[-1] are the top layer's forward and
    backward final states, and h_n[layer × 2 + direction] is the view's [layer, direction]."""
    output, h_n = torch_bidirectional_lstm(hidden=4)
    assert np.allclose(h_n[-2], output[:, -1, :4]) and np.allclose(h_n[-1], output[:, 0, 4:])
    view = h_n.reshape(2, 2, *h_n.shape[1:])
    assert all(np.array_equal(view[layer, direction], h_n[layer * 2 + direction])
               for layer in (0, 1) for direction in (0, 1))


CLAIMS = [  # (page, what the sentence says, numbers, the check that runs Keras or PyTorch)
    # Numbers that are the example's inputs but also state its result:
    ("misconceptions", r"on sequences of 30 steps runs 30 times and returns 30 outputs .* "
                       r"each 5 numbers wide", {"30", "5"}, thirty_steps_thirty_outputs),
    ("parameters", r"The upper LSTM reads 32 features per step", {"32"},
     upper_layer_reads_lower_width),
    ("keras-2-vs-3", r"With 2 features instead of 1, `kernel_c` has one row more", {"1", "2"},
     kernel_c_rows_follow_features),
    ("pytorch", r"4 sequences of 10 steps become 10 sequences of 4 steps", {"4", "10"},
     torch_reads_time_first),
    # Numbers no block on the page prints:
    ("parameters", r"has 4 × \(units × features \+ units² \+ units\) parameters", {"4"},
     lambda: lstm_count("4 × (units × features + units² + units)")),
    ("pytorch", r"so it has 4 × hidden_size more parameters", {"4"},
     lambda: torch_lstm_extra("4 × hidden_size")),
    ("*", r"\d-D\b|ndim=\d", {"2", "3"}, keras_rank_rule),
    ("pytorch", r"A 2-D input is one sequence without a batch axis", {"2"},
     torch_two_dimensional_input),
    ("shapes", r"Add a batch axis of size 1", {"1"}, batch_axis_of_one),
    ("one-step", r"between 0 and 1 .* between -1 and 1", {"0", "1", "-1"}, activation_ranges),
    ("glossary", r"values between 0 and 1", {"0", "1"}, activation_ranges),
    ("one-step", r"`z` near 1 keeps `h_prev`", {"1"}, gru_update_gate_keeps_the_old_state),
    ("stateful", r"batch `k \+ 1` continues row `i` of batch `k`", {"1"}, stateful_rows_continue),
    ("stateful", r"whose default is 32", {"32"}, predict_default_batch_size),
    ("misconceptions", r"150 characters with a batch size of 3 is split into three "
                       r"consecutive pieces of 50", {"150"}, text_split_arithmetic),
    ("keras-2-vs-3", r"`TF_USE_LEGACY_KERAS=1`", {"1"}, legacy_keras_switch),
    ("keras-2-vs-3", r"TensorFlow 2\.15 and earlier|2\.15 and earlier", {"2.15"}, tf_keras_line),
    ("keras-2-vs-3", r"Since TensorFlow 2\.16, `tf.keras` is Keras 3", {"2.16"}, tf_keras_line),
    ("keras-2-vs-3", r"`implementation=1` or `2`", {"1", "2"}, implementation_modes),
    ("speed", r"`recurrent_dropout=0`|`recurrent_dropout` is 0", {"0"},
     recurrent_dropout_turns_cudnn_off),
    ("speed", r"[Cc]onditions? \d", {"1", "2", "3", "4", "5", "6"}, speed_condition_references),
    ("errors", r'python -m lstm_ref explain "LSTM\(8\)" --input-shape 10,3', {"8", "10", "3"},
     cli_examples_match_keras),
    ("calculator", r'python -m lstm_ref explain "LSTM\(32\)" "Dense\(2\)" --input-shape 10,64',
     {"32", "2", "10", "64", "8"}, cli_examples_match_keras),
    ("*", r"\d-D\b|ndim=\d", {"4"}, rank_four_is_refused),
    ("data", r"shape `\(steps, 1\)`", {"1"}, features_axis_of_one),
    ("data", r"a 2 means one step is skipped", {"2"}, window_gaps),
    ("data", r"newest lag to the oldest, reverse them \(`lags\[:, ::-1\]`\)", {"-1"},
     newest_lag_last),
    ("masking", r"pads with `value=0`", {"0"}, pad_sequences_pads_with_zero),
    ("masking", r"`Embedding\(mask_zero=True\)` masks the token 0", {"0"},
     mask_zero_masks_token_zero),
    ("masking", r"a step where only some features are 0 is a real step", {"0"},
     masking_every_feature),
    ("masking", r"If 0 is a value your data can take at every feature at once, pad with a value "
                r"it cannot take \(`pad_sequences\(\.\.\., value=-1\.0, dtype=\"float32\"\)` with "
                r"`Masking\(mask_value=-1\.0\)`\)", {"0", "-1.0"}, pad_with_minus_one),
    ("states", r"concatenated for a decoder of 2 x units", {"2"}, bidirectional_decoder_states),
    ("pytorch", r"`Expected hidden\[0\] size \(…\), got \[…\]` for `h_0`, `hidden\[1\]` for `c_0`",
     {"0", "1"}, torch_initial_state_errors),
    ("pytorch", r"so `h_n\[-2\]` and `h_n\[-1\]` are the top layer's forward and backward",
     {"-2"}, torch_top_layer_states),
]

# Release history of the standalone `keras` package, which no installed package can confirm:
# each is listed with its source, and a new one must be added here with its own.
HISTORY = [
    (r"2\.0 to 2\.3|version 2\.0|versions 2\.0 to 2\.3|Keras 2\.0 converted",
     {"2.0", "2.3"}, "keras-team/keras releases 2.0.0 to 2.3.1; kernel_c and friends in "
     "keras/layers/recurrent.py of those tags"),
    (r"from 2\.1|in 2\.0 .*from 2\.1|on `layer.cell` from 2\.1", {"2.0", "2.1"},
     "keras-team/keras 2.1.0: LSTMCell and RNN(cell), kernel_c moved to the cell"),
    (r"appeared in 2\.1\.5", {"2.1.5"}, "keras-team/keras 2.1.5 release notes: GRU reset_after"),
    (r"up to version 2\.2|Before version 2\.3", {"2.2", "2.3"},
     "keras-team/keras 2.3.0 release notes: recurrent_activation default to sigmoid"),
    (r"`return_state` arrived in 2\.0\.5", {"2.0.5"},
     "keras-team/keras 2.0.5 release notes: return_state in recurrent layers"),
]


def audited(page):
    markdown = (DOCS / f"{page}.md").read_text(encoding="utf-8")
    return numbers_in(markdown)


def matching_claims(page, number):
    return [entry for entry in CLAIMS
            if entry[0] in ("*", page) and number.text in entry[2]
            and re.search(entry[1], number.context)]


def matching_history(number):
    return [entry for entry in HISTORY
            if number.text in entry[1] and re.search(entry[0], number.context)]


def test_every_nav_page_is_a_checked_chapter_or_named_as_not_one():
    nav = re.findall(r"^\s+- [^:]+: (\S+)$", (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
                     .split("\nnav:", 1)[1], re.MULTILINE)
    unknown = [page for page in nav
               if page not in NOT_CHAPTERS and page.removesuffix(".md") not in CHAPTERS]
    assert not unknown, f"add these pages to CHAPTERS and check their prose numbers: {unknown}"


@pytest.mark.parametrize("page", CHAPTERS)
def test_every_prose_number_is_accounted_for(page):
    unexplained = []
    for number in audited(page):
        if number.kind in ("version", "example"):
            continue
        if number.kind == "formula":
            if (page, number.code) not in FORMULAS:
                unexplained.append(f"formula `{number.code}`")
            continue
        if not matching_claims(page, number) and not matching_history(number):
            unexplained.append(f"{number.text!r} in: {number.context[:100]}")
    assert not unexplained, "numbers no test checks:\n" + "\n".join(unexplained)


@pytest.mark.parametrize("page, formula", sorted(FORMULAS))
def test_each_formula_holds_in_keras(page, formula):
    assert any(number.code == formula for number in audited(page)), "no longer on the page"
    FORMULAS[page, formula](formula)


@pytest.mark.parametrize("check", sorted({entry[3] for entry in CLAIMS}, key=lambda f: f.__name__),
                         ids=lambda f: f.__name__)
def test_each_claim_holds(check):
    used = [entry for entry in CLAIMS if entry[3] is check]
    for page, pattern, numbers, _ in used:
        pages = CHAPTERS if page == "*" else [page]
        assert any(matching_claims(p, n) and re.search(pattern, n.context)
                   for p in pages for n in audited(p)), f"{pattern!r} no longer on {page}"
    check()


def test_each_history_entry_is_still_used():
    for pattern, numbers, source in HISTORY:
        assert source
        assert any(re.search(pattern, n.context) and n.text in numbers
                   for page in CHAPTERS for n in audited(page)), pattern
