"""The behaviour claims of the stateful, speed, Keras 2 vs 3 and parameters pages (issue 11).

Each test runs Keras itself, on the path the claim is about (fit, predict, tf.function or an
eager call), and then checks that the built page shows what Keras did here. Nothing on the
expected side comes from lstm_ref or from the page.
"""

from __future__ import annotations

import html
import importlib
import re
import tempfile
import warnings
from pathlib import Path

import keras
import numpy as np
import pytest
import tensorflow as tf
import tf_keras
import tf_keras.api._v1.keras as tf_keras_v1

BATCH, TIMESTEPS, FEATURES, UNITS = 3, 4, 1, 4
backend_rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")


def text_of(page_html: str) -> str:
    """The page's text, tags dropped and entities decoded, whitespace collapsed."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page_html)).split())


@pytest.fixture(scope="module")
def pages(built_site):
    return {name: text_of((built_site / f"{name}.html").read_text(encoding="utf-8"))
            for name in ("stateful", "speed", "keras-2-vs-3", "parameters")}


def forecaster(batch_size):
    keras.utils.set_random_seed(0)
    model = keras.Sequential(
        [keras.Input(batch_shape=(batch_size, TIMESTEPS, FEATURES), name="series"),
         keras.layers.LSTM(UNITS, stateful=True, name="stateful_lstm"),
         keras.layers.Dense(1, name="next_value")], name=f"judge_{batch_size}")
    model.compile(optimizer="adam", loss="mse")
    return model


# -- Stateful: a smaller last batch under fit and predict -----------------------------------------

def test_a_one_row_remainder_passes_fit_silently_and_predict_returns_extra_rows(pages):
    data = np.random.default_rng(5).uniform(-1, 1, (10, TIMESTEPS, FEATURES)).astype("float32")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        history = forecaster(BATCH).fit(data, data[:, -1, 0], batch_size=BATCH, epochs=1,
                                        shuffle=False, verbose=0)
    assert np.isfinite(history.history["loss"][0]) and not caught
    predictions = forecaster(BATCH).predict(data, batch_size=BATCH, verbose=0)
    assert len(predictions) == 12 != len(data)
    assert (f"10 rows, batch_size={BATCH}, last batch of 1: fit: finished predict: "
            f"{len(predictions)} predictions") in pages["stateful"]


def test_a_two_row_remainder_fails_inside_tensorflow(pages):
    data = np.random.default_rng(6).uniform(-1, 1, (11, TIMESTEPS, FEATURES)).astype("float32")
    with pytest.raises(tf.errors.InvalidArgumentError, match=r"Incompatible shapes: \[2,16\] "
                                                             r"vs. \[3,16\]"):
        forecaster(BATCH).predict(data, batch_size=BATCH, verbose=0)
    with pytest.raises(tf.errors.InvalidArgumentError, match="Incompatible shapes"):
        forecaster(BATCH).fit(data, data[:, -1, 0], batch_size=BATCH, epochs=1, shuffle=False,
                              verbose=0)
    assert ("11 rows, batch_size=3, last batch of 2: fit: InvalidArgumentError: Incompatible "
            "shapes predict: InvalidArgumentError: Incompatible shapes: [2,16] vs. [3,16]"
            in pages["stateful"])


def test_a_direct_call_with_a_smaller_batch_is_refused(pages):
    model = forecaster(BATCH)
    with pytest.raises(ValueError, match="Received batch size: 2"):
        model(np.zeros((BATCH - 1, TIMESTEPS, FEATURES), "float32"))
    assert "- Expected batch size: 3 - Received batch size: 2" in pages["stateful"]


def test_a_batch_of_one_copy_predicts_like_its_row_of_the_bigger_model(pages):
    big, single = forecaster(BATCH), forecaster(1)
    single.set_weights(big.get_weights())
    pieces = np.random.default_rng(7).uniform(-1, 1, (2, BATCH, TIMESTEPS, FEATURES))
    pieces = pieces.astype("float32")
    together = [keras.ops.convert_to_numpy(big(piece)) for piece in pieces]
    for stream in range(BATCH):
        single.get_layer("stateful_lstm").reset_state()
        alone = [keras.ops.convert_to_numpy(single(piece[stream:stream + 1])) for piece in pieces]
        assert np.allclose([a[0, 0] for a in alone], [t[stream, 0] for t in together],
                           atol=1e-6)
    assert ("stream 2: batch-1 copy, piece by piece, agrees with row 2 of the batch-3 model to "
            "within 1e-06") in pages["stateful"]


def test_gradients_stop_at_the_stored_state(pages):
    layer = keras.layers.LSTM(UNITS, stateful=True, name="pieces")
    model = keras.Sequential([keras.Input(batch_shape=(BATCH, TIMESTEPS, FEATURES), name="x"),
                              layer], name="gradient_judge")
    first, second = (tf.constant(np.random.default_rng(seed).uniform(
        -1, 1, (BATCH, TIMESTEPS, FEATURES)), dtype="float32") for seed in (8, 9))
    with tf.GradientTape() as tape:
        tape.watch(first)
        model(first)
        loss = tf.reduce_sum(model(second))
    assert tape.gradient(loss, first) is None
    whole = tf.concat([first, second], axis=1)
    plain = keras.layers.LSTM(UNITS, name="whole")
    with tf.GradientTape() as tape:
        tape.watch(whole)
        loss = tf.reduce_sum(plain(whole))
    assert np.any(tape.gradient(loss, whole).numpy()[:, :TIMESTEPS] != 0)
    page = pages["stateful"]
    assert "stateful pieces, gradient reaches the first piece's inputs: no (None)" in page
    assert "whole sequence, gradient reaches the first half's inputs: True" in page
    assert "gradient with respect to the kernel, same in both: False" in page


def test_the_reset_helper_finds_a_stateful_layer_inside_a_nested_model(pages):
    inner = keras.Sequential([keras.Input(batch_shape=(BATCH, TIMESTEPS, FEATURES), name="x"),
                              keras.layers.LSTM(UNITS, stateful=True, name="inner")],
                             name="inner_model")
    outer = keras.Sequential([keras.Input(batch_shape=(BATCH, TIMESTEPS, FEATURES), name="x"),
                              inner], name="outer_model")
    assert [layer for layer in outer.layers if getattr(layer, "stateful", False)] == []
    assert getattr(inner.layers[0], "stateful", False)
    page = pages["stateful"]
    assert "flat loop over outer.layers, inner state zero: False" in page
    assert "reset_states(outer), inner state zero: True" in page


# -- Speed: masks that are not right-padded ---------------------------------------------------------

LEFT_PADDED = [[False, True, True], [True, True, True]]


def test_a_bad_mask_raises_at_once_eagerly_and_only_when_a_compiled_function_runs(pages):
    with pytest.raises(tf.errors.InvalidArgumentError):
        backend_rnn._assert_valid_mask(tf.constant(LEFT_PADDED))       # eager: caught by lstm()
    traced = []

    @tf.function(autograph=False)
    def compiled(mask):
        backend_rnn._assert_valid_mask(mask)
        traced.append(True)                       # tracing finished without an error
        return tf.reduce_sum(tf.cast(mask, "int32"))

    with pytest.raises(tf.errors.InvalidArgumentError, match="right-padded sequences"):
        compiled(tf.constant(LEFT_PADDED))
    assert traced == [True]
    right_padded = tf.constant([[True, True, False], [True, True, True]])
    backend_rnn._assert_valid_mask(right_padded)                          # no error
    page = pages["speed"]
    assert "eager call chooses the generic loop (InvalidArgumentError caught)" in page
    assert "tf.function, when it ran: InvalidArgumentError:" in page


def test_the_tensorflow_lstm_turns_an_invalid_argument_error_into_a_fallback():
    import inspect

    source = inspect.getsource(backend_rnn.lstm)
    assert "except tf.errors.InvalidArgumentError:" in source
    assert re.search(r"except tf\.errors\.InvalidArgumentError:\s*#[^\n]*\n\s*raise "
                     r"NotImplementedError", source)


def test_pad_sequences_pads_at_the_start_by_default(pages):
    assert keras.utils.pad_sequences([[1, 2, 3], [4, 5]]).tolist() == [[1, 2, 3], [0, 4, 5]]
    assert "pad_sequences default padding='pre': [[1, 2, 3], [0, 4, 5]]" in pages["speed"]


def test_the_generic_loop_repeats_the_last_output_over_masked_steps(pages):
    x = np.array([[[0.3], [0.7], [0.0], [0.0]]], "float32")
    inputs = keras.Input(shape=(4, 1), name="x")
    layer = keras.layers.LSTM(3, return_sequences=True, name="judge")
    model = keras.Model(inputs, layer(keras.layers.Masking(0.0, name="m")(inputs)), name="j")
    sequence = keras.ops.convert_to_numpy(model(x))[0]
    assert np.array_equal(sequence[2], sequence[1]) and np.array_equal(sequence[3], sequence[1])
    assert not np.array_equal(sequence[1], sequence[0])
    assert "generic loop, masked steps 3 and 4 repeat step 2's output: True" in pages["speed"]


# -- Keras 2 vs 3: CuDNNLSTM, CuDNNGRU, time_major, implementation -----------------------------------

@pytest.mark.parametrize("units, features", [(1, 1), (10, 5), (32, 64)])
def test_cudnn_layers_counts(units, features):
    """Both bias sets are weights: CuDNNLSTM = LSTM + 4·units; CuDNNGRU = GRU(reset_after=True)."""
    counts = {}
    for name, layer in (("CuDNNLSTM", tf_keras_v1.layers.CuDNNLSTM(units)),
                        ("CuDNNGRU", tf_keras_v1.layers.CuDNNGRU(units)),
                        ("LSTM", keras.layers.LSTM(units)), ("GRU", keras.layers.GRU(units)),
                        ("GRU_before", keras.layers.GRU(units, reset_after=False))):
        layer.build((None, 7, features))
        counts[name] = layer.count_params()
    assert counts["CuDNNLSTM"] == 4 * (units * features + units ** 2 + 2 * units)
    assert counts["CuDNNLSTM"] == counts["LSTM"] + 4 * units
    assert counts["CuDNNGRU"] == counts["GRU"] == 3 * (units * features + units ** 2 + 2 * units)
    assert counts["CuDNNGRU"] > counts["GRU_before"]
    assert not hasattr(keras.layers, "CuDNNLSTM") and not hasattr(keras.layers, "CuDNNGRU")


def test_the_page_table_shows_the_cudnn_counts(built_site):
    page = (built_site / "keras-2-vs-3.html").read_text(encoding="utf-8")
    cells = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", page, re.DOTALL)]
    for name, layer in (("CuDNNLSTM(10) (tf_keras)", tf_keras_v1.layers.CuDNNLSTM(10)),
                        ("LSTM(10) (Keras 3)", keras.layers.LSTM(10)),
                        ("CuDNNGRU(10) (tf_keras)", tf_keras_v1.layers.CuDNNGRU(10)),
                        ("GRU(10) (Keras 3)", keras.layers.GRU(10))):
        layer.build((None, 13, 5))
        row = cells.index(name)
        assert cells[row + 2] == str(layer.count_params()), name


def test_cudnn_lstm_weights_load_only_through_keras_2(pages):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "old.h5"
        old = tf_keras.Sequential([tf_keras_v1.layers.CuDNNLSTM(3, input_shape=(4, 2),
                                                                name="lstm")], name="old")
        old.save_weights(path)
        new = keras.Sequential([keras.Input(shape=(4, 2), name="x"),
                                keras.layers.LSTM(3, name="lstm")], name="new")
        with pytest.raises(ValueError, match=r"expects shape \(12,\). Received saved weight "
                                             r"with shape \(24,\)"):
            new.load_weights(path)
        bridge = tf_keras.Sequential([tf_keras.layers.LSTM(3, input_shape=(4, 2), name="lstm")],
                                     name="bridge")
        bridge.load_weights(path)
        bias = old.get_weights()[2]
        assert np.allclose(bridge.get_weights()[2], bias[:12] + bias[12:])
        new.set_weights(bridge.get_weights())
    page = pages["keras-2-vs-3"]
    assert "Weight expects shape (40,). Received saved weight with shape (80,)" in page
    assert "its bias is the sum of the two halves: True" in page
    assert "Keras 3 LSTM with the copied weights gives Keras 2's outputs: True" in page


def test_time_major_is_rejected_and_implementation_accepted(pages):
    with pytest.raises(ValueError, match=r"Unrecognized keyword arguments passed to LSTM: "
                                         r"\{'time_major': True\}"):
        keras.layers.LSTM(8, time_major=True)
    old = tf_keras.layers.LSTM(8, time_major=True, return_sequences=True)
    assert tuple(old(np.zeros((10, 4, 3), "float32")).shape) == (10, 4, 8)
    for implementation in (1, 2):
        layer = keras.layers.LSTM(10, implementation=implementation)
        layer.build((None, 13, 5))
        assert layer.count_params() == 640 and layer.cell.implementation == implementation
    page = pages["keras-2-vs-3"]
    assert "ValueError: Unrecognized keyword arguments passed to LSTM: {'time_major': True}" in page
    assert "LSTM(10, implementation=1): 640 parameters, cell.implementation=1" in page


def test_keras_3_still_reads_input_dim(pages):
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with pytest.raises(ValueError, match="expected ndim=3, found ndim=2"):
            keras.Sequential([keras.layers.LSTM(8, input_dim=3)])
    assert any("input_dim" in str(w.message) for w in caught)
    assert "LSTM(8, input_dim=3): input shape read as (3,)" in pages["keras-2-vs-3"]
    with pytest.raises(TypeError) as caught_error:
        keras.layers.LSTM(output_dim=8)
    assert f"LSTM(**{{'output_dim': 8}}): TypeError: {caught_error.value}" in pages["keras-2-vs-3"]


# -- Parameters: what changes the count --------------------------------------------------------------

def test_what_changes_the_count_table(built_site):
    page = (built_site / "parameters.html").read_text(encoding="utf-8")
    start = page.index('id="what-changes-the-count"')
    table = page[start:page.index("</table>", start)]
    cells = [text_of(cell) for cell in re.findall(r"<td[^>]*>(.*?)</td>", table, re.DOTALL)]
    shown = dict(zip(cells[0::2], cells[1::2]))

    def count(layer, batch, timesteps, features):
        inputs = keras.Input(batch_shape=(batch, timesteps, features))
        return str(keras.Model(inputs, layer(inputs)).count_params())

    L, G = keras.layers.LSTM, keras.layers.GRU
    assert shown == {
        "LSTM(10) , batch 32, 13 timesteps, 5 features": count(L(10), 32, 13, 5),
        "the batch: 1": count(L(10), 1, 13, 5),
        "the timesteps: 1000": count(L(10), 32, 1000, 5),
        "the features: 6": count(L(10), 32, 13, 6),
        "the units: LSTM(11)": count(L(11), 32, 13, 5),
        "use_bias=False": count(L(10, use_bias=False), 32, 13, 5),
        "GRU(10) ( reset_after=True )": count(G(10), 32, 13, 5),
        "GRU(10, reset_after=False)": count(G(10, reset_after=False), 32, 13, 5),
    }
    assert len(set(shown.values())) > 1


# -- Errors: one axis of size 1 too many or too few is adjusted at a declared input ----------------

def test_a_declared_input_adjusts_one_axis_of_size_one(built_site):
    import inspect

    functional3 = importlib.import_module("keras.src.models.functional").Functional
    functional2 = importlib.import_module("tf_keras.src.engine.functional").Functional
    assert "ops.squeeze(x, axis=-1)" in inspect.getsource(functional3._adjust_input_rank)
    assert "tf.expand_dims(tensor, axis=-1)" in inspect.getsource(
        functional2._conform_to_reference_input)
    for module in (keras, tf_keras):
        model = module.Sequential([module.Input(shape=(TIMESTEPS, 1)),
                                   module.layers.LSTM(UNITS)])
        model.compile(optimizer="sgd", loss="mse")
        flat = np.zeros((BATCH, TIMESTEPS), "float32")
        model.fit(flat, np.zeros((BATCH, UNITS)), epochs=1, verbose=0)
        assert model.predict(flat, verbose=0).shape == (BATCH, UNITS)
        bare = module.Sequential([module.layers.LSTM(UNITS)])
        with pytest.raises(ValueError, match="expected ndim=3, found ndim=4"):
            bare.predict(np.zeros((BATCH, TIMESTEPS, FEATURES, 1), "float32"), verbose=0)
    page = text_of((built_site / "errors.html").read_text(encoding="utf-8"))
    assert "keras Input(shape=(10, 1)) with data (32, 10): fit runs, predict returns (32, 4)" in page
    assert "Functional._adjust_input_rank" in page and "_conform_to_reference_input" in page
