"""Keras 2 (tf_keras) and Keras 3 in one process, and the facts the Keras 2 vs 3 page states.

The page runs each snippet at build time; a snippet that is meant to fail catches the error and
prints it, so a Keras release that stopped raising would leave a page that builds but says
something false. These tests pin each fact directly, and check the built page shows it.
"""

from __future__ import annotations

import html
import inspect
import re
import warnings
from importlib.metadata import version

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras

import lstm_ref as lr


def code_blocks(page_html: str) -> str:
    """The text of every code block of a built page, joined."""
    blocks = re.findall(r"<code[^>]*>(.*?)</code>", page_html, flags=re.DOTALL)
    return "\n".join(html.unescape(re.sub(r"<[^>]+>", "", block)) for block in blocks)


def test_both_kerases_load_in_one_process_and_build_an_lstm():
    assert tf_keras.__version__ == version("tensorflow") == tf.__version__
    assert keras.__version__.startswith("3.")
    assert tf.keras.layers.LSTM is keras.layers.LSTM          # tf.keras is Keras 3 here
    for module in (keras, tf_keras):
        layer = module.layers.LSTM(10, name="lstm")
        layer.build((None, 13, 5))
        assert layer.count_params() == lr.count_params(lr.LSTM(10), features=5)


@pytest.mark.parametrize("arguments, key", [
    (dict(batch_input_shape=(1000, 30, 1)), "batch_input_shape"),
    (dict(input_shape=(30, 1), batch_size=1000), "batch_size"),
    (dict(input_length=10), "input_length"),
])
def test_keras3_rejects_keras2_shape_arguments_that_keras2_accepts(arguments, key):
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        with pytest.raises(ValueError, match=f"Unrecognized keyword arguments passed to LSTM: "
                                             f"{{'{key}'"):
            keras.layers.LSTM(5, name="lstm", **arguments)
    if key != "input_length":
        model = tf_keras.Sequential([tf_keras.layers.LSTM(5, name="lstm", **arguments)],
                                    name="keras2_model")
        assert model.input_shape == (1000, 30, 1) and model.output_shape == (1000, 5)


def test_keras3_only_warns_about_input_shape():
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = keras.Sequential([keras.layers.LSTM(5, input_shape=(30, 1), name="lstm")],
                                 name="keras3_model")
    assert model.input_shape == (None, 30, 1)
    assert [w.category for w in caught] == [UserWarning]
    assert "Do not pass an `input_shape`/`input_dim` argument to a layer" in str(caught[0].message)


def test_no_kernel_c_in_either_and_the_slice_is_the_candidate_block():
    for module in (keras, tf_keras):
        layer = module.layers.LSTM(1, name="lstm")
        layer.build((None, 1, 2))
        assert not hasattr(layer, "kernel_c") and not hasattr(layer.cell, "kernel_c")
        assert tuple(layer.cell.kernel[:, 2:3].shape) == (2, 1)
    assert lr.LSTM.gates[2] == "c"


def test_defaults_the_page_states():
    for module in (keras, tf_keras):
        assert inspect.signature(module.layers.GRU).parameters["reset_after"].default is True
        assert inspect.signature(module.layers.LSTM).parameters[
            "recurrent_activation"].default == "sigmoid"


def test_tf1_basic_lstm_cell_has_the_keras_count():
    from tf_keras.api._v1.keras.__internal__.legacy import rnn_cell

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        cell = rnn_cell.BasicLSTMCell(num_units=10, name="basic_lstm_cell")
        cell(np.zeros((2, 5), "float32"), cell.get_initial_state(batch_size=2, dtype="float32"))
    assert [tuple(w.shape) for w in cell.weights] == [(15, 40), (40,)]
    assert sum(int(np.prod(w.shape)) for w in cell.weights) == lr.count_params(lr.LSTM(10), 5)


def test_the_page_shows_each_real_message(built_site):
    text = code_blocks((built_site / "keras-2-vs-3.html").read_text(encoding="utf-8"))
    expected = [
        "Keras 2: (1000, 30, 1) -> (1000, 5)",
        "ValueError: Unrecognized keyword arguments passed to LSTM: "
        "{'batch_input_shape': (1000, 30, 1)}",
        "ValueError: Unrecognized keyword arguments passed to LSTM: {'batch_size': 1000}",
        "ValueError: Unrecognized keyword arguments passed to LSTM: {'input_length': 10}",
        "UserWarning: Do not pass an `input_shape`/`input_dim` argument to a layer.",
        "Keras 2: AttributeError: 'LSTM' object has no attribute 'kernel_c'",
        "Keras 3: AttributeError: 'LSTM' object has no attribute 'kernel_c'",
        "kernel_c: (2, 1)  recurrent_kernel_c: (1, 1)  bias_c: (1,)",
        f"Keras 3 LSTM(10): {lr.count_params(lr.LSTM(10), 5)} parameters",
        f"= {lr.count_params(lr.LSTM(10), 5)} parameters; output (2, 10)",
    ]
    for line in expected:
        assert line in text, line


def test_the_old_names_anchor_exists_and_the_glossary_links_it(built_site):
    page = (built_site / "keras-2-vs-3.html").read_text(encoding="utf-8")
    assert 'id="old-names"' in page
    glossary = (built_site / "glossary.html").read_text(encoding="utf-8")
    assert 'href="keras-2-vs-3.html#old-names"' in glossary
