"""The errors page and the speed page: every message they show is the one Keras raises now,
under its stable anchor, with nothing machine- or run-specific in it.

Each message is raised again here, by the same code, and must appear verbatim on the built page.
"""

from __future__ import annotations

import html
import importlib
import inspect
import re

import keras
import numpy as np
import pytest

ANSI = re.compile(r"\x1b\[[0-9;]*m")


def code_blocks(page_html: str) -> str:
    blocks = re.findall(r"<code[^>]*>(.*?)</code>", page_html, flags=re.DOTALL)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def message(make) -> str:
    """`Type: message` of the exception `make()` raises, as the page's show_error prints it."""
    try:
        make()
    except Exception as error:  # noqa: BLE001 - any error is the point
        return f"{type(error).__name__}: {ANSI.sub('', str(error))}"
    raise AssertionError("expected an error, none was raised")


def fit(model_layers, loss, y, name):
    def run():
        keras.utils.set_random_seed(0)
        model = keras.Sequential(model_layers(), name=name)
        model.compile(optimizer="adam", loss=loss)
        model.fit(np.zeros((4, 10, 3), "float32"), y, epochs=1, verbose=0)
    return run


def per_step(units, activation):
    return lambda: [keras.Input(shape=(10, 3), name="series"),
                    keras.layers.LSTM(8, return_sequences=True, name="lstm"),
                    keras.layers.Dense(units, activation=activation, name="dense")]


def mismatched_features():
    """A model built for 3 features per step, fitted on data with 5."""
    keras.utils.set_random_seed(0)
    model = keras.Sequential([keras.Input(shape=(10, 3), name="series"),
                              keras.layers.LSTM(8, name="lstm"),
                              keras.layers.Dense(1, name="dense")], name="forecaster")
    model.compile(optimizer="adam", loss="mse")
    model.fit(np.zeros((4, 10, 5), "float32"), np.zeros((4, 1), "float32"), epochs=1, verbose=0)


CASES = {
    "dimensions-must-be-equal": mismatched_features,
    "expected-ndim-3-found-ndim-2": lambda: keras.Sequential(
        [keras.Input(shape=(3,), name="features"), keras.layers.LSTM(8, name="lstm")],
        name="model"),
    "unrecognized-keyword-arguments": lambda: keras.layers.LSTM(
        8, name="lstm", batch_input_shape=(32, 10, 3)),
    "batch-size-must-be-static": lambda: keras.Sequential(
        [keras.Input(shape=(10, 3), name="series"),
         keras.layers.LSTM(8, stateful=True, name="lstm")], name="model"),
    "expected-ndim-3-found-ndim-2-after-a-recurrent-layer": lambda: keras.Sequential(
        [keras.Input(shape=(10, 3), name="series"), keras.layers.LSTM(16, name="lower"),
         keras.layers.LSTM(8, name="upper")], name="stacked"),
    "expected-ndim-3-found-ndim-4": lambda: keras.Sequential(
        [keras.Input(shape=(28, 28, 1), name="images"), keras.layers.LSTM(8, name="lstm")],
        name="model"),
    "target-and-output-must-have-the-same-rank": fit(
        per_step(2, "softmax"), "categorical_crossentropy",
        np.eye(2, dtype="float32")[[0, 1, 0, 1]], "classifier"),
    "target-and-output-must-have-the-same-shape": fit(
        per_step(1, "sigmoid"), "binary_crossentropy",
        np.array([[0], [1], [0], [1]], "float32"), "classifier"),
    "output-must-have-rank-target-ndim-minus-1": fit(
        per_step(2, "softmax"), "sparse_categorical_crossentropy", np.array([0, 1, 0, 1]),
        "classifier"),
}


# The other causes a section shows, each raised again; its section must show the message.
MORE_CAUSES = {
    "expected-ndim-3-found-ndim-4": [
        lambda: keras.Sequential([keras.Input(shape=(20, 8), name="vectors"),
                                  keras.layers.Embedding(1000, 64, name="embedding"),
                                  keras.layers.LSTM(8, name="lstm")], name="model"),
        lambda: keras.Sequential([keras.Input(shape=(64, 64, 3), name="images"),
                                  keras.layers.Conv2D(8, 3, name="conv2d"),
                                  keras.layers.LSTM(8, name="lstm")], name="model"),
    ],
}


def section(page_html: str, anchor: str) -> str:
    """The HTML from the heading with this id to the next heading of the same level or above."""
    start = page_html.index(f'id="{anchor}"')
    following = re.search(r"<h2[ >]", page_html[start:])
    return page_html[start:start + following.start()] if following else page_html[start:]


@pytest.fixture(scope="module")
def errors_page(built_site):
    return (built_site / "errors.html").read_text(encoding="utf-8")


@pytest.mark.parametrize("anchor", sorted(CASES))
def test_the_page_shows_the_message_keras_raises_now(anchor, errors_page):
    expected = message(CASES[anchor])
    assert f'id="{anchor}"' in errors_page
    assert expected in code_blocks(errors_page), expected


@pytest.mark.parametrize("anchor", sorted(CASES) + sorted(MORE_CAUSES))
def test_each_message_is_shown_under_its_own_anchor(anchor, errors_page):
    shown = code_blocks(section(errors_page, anchor))
    for make in [CASES[anchor]] * (anchor in CASES) + MORE_CAUSES.get(anchor, []):
        assert message(make) in shown, anchor


def test_the_same_code_gives_the_same_message_after_other_models():
    """Graph node names in a message must not depend on what ran before (byte-identical pages)."""
    first = message(mismatched_features)
    fit(per_step(1, None), "mse", np.zeros((4, 1), "float32"), "forecaster")()
    keras.layers.LSTM(3, name="lstm")(np.zeros((1, 2, 3), "float32"))
    assert message(mismatched_features) == first


ANCHORS_OUTSIDE_CASES = ["matrix-size-incompatible", "do-not-pass-an-input-shape",
                         "no-error-with-mean-squared-error", "targets-vs-return-sequences"]


def test_every_section_has_its_anchor_and_a_heading_that_matches_it(errors_page):
    headings = dict(re.findall(r'<h[23] id="([^"]+)"[^>]*>(.*?)<a class="headerlink"',
                               errors_page, flags=re.DOTALL))
    for anchor in list(CASES) + ANCHORS_OUTSIDE_CASES:
        assert anchor in headings, anchor
    for anchor in CASES:
        words = re.sub(r"[^a-z0-9]+", " ", html.unescape(re.sub(r"<[^>]+>", "", headings[anchor]))
                       .lower()).split()
        assert all(word in words or word == "minus" for word in anchor.split("-")), anchor


@pytest.mark.parametrize("page", ["errors.html", "keras-2-vs-3.html", "pytorch.html",
                                  "speed.html"])
def test_no_run_specific_text(page, built_site):
    text = code_blocks((built_site / page).read_text(encoding="utf-8"))
    assert not re.search(r"keras_tensor_\d+", text)
    assert not re.search(r"\b0x[0-9a-f]{6,}\b", text)          # memory addresses
    assert not re.search(r"(^|[\s'\"(])/(work|root|home|usr|opt|tmp)/", text, re.MULTILINE)
    assert "site-packages/" not in text                          # absolute install paths
    assert "\x1b[" not in text


def test_speed_page_shows_the_installed_cudnn_conditions(built_site):
    text = code_blocks((built_site / "speed.html").read_text(encoding="utf-8"))
    backend_rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")
    for function in (backend_rnn._do_lstm_arguments_support_cudnn,
                     backend_rnn._do_gru_arguments_support_cudnn, backend_rnn.cudnn_ok):
        assert inspect.getsource(function).strip() in text, function.__name__
    for fragment in ['if self.use_cudnn in ("auto", True):', "if not self.recurrent_dropout:",
                     "full_bias = tf.concat((tf.zeros_like(bias), bias), 0)",
                     "With cuDNN, RNN masks can only be used for right-padding",
                     "Unrolling is only suitable for short sequences.",
                     "since cuDNN ops aren't XLA compatible."]:
        assert fragment in text, fragment
    tanh, sigmoid = keras.activations.tanh, keras.activations.sigmoid
    assert backend_rnn._do_lstm_arguments_support_cudnn(tanh, sigmoid, False, True)
    assert not backend_rnn._do_gru_arguments_support_cudnn(tanh, sigmoid, False, True, False)
