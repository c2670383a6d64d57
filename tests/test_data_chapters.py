"""The chapters Preparing your data and Layers around the recurrent layer, and the windows figure.

Every number the pages print is recomputed here in Keras, independently of the page's code, and
must appear on the built page. Window arithmetic (lstm_ref.windows) is checked against
keras.utils.timeseries_dataset_from_array.
"""

from __future__ import annotations

import html
import math
import re

import keras
import numpy as np
import pytest

from lstm_diagrams.windows import windows_figure
from lstm_ref.windows import window_count, window_spans
from test_chapters import built, ids, text_of
from test_errors_page import message as raised



def keras_windows(data, length: int, stride: int = 1, targets=None) -> tuple[np.ndarray, ...]:
    """Every (window, target) that timeseries_dataset_from_array gives, as whole arrays."""
    dataset = keras.utils.timeseries_dataset_from_array(
        data, targets=targets, sequence_length=length, sequence_stride=stride, batch_size=7)
    batches = [tuple(np.asarray(part) for part in (batch if targets is not None else (batch,)))
               for batch in dataset]
    if not batches:
        return (np.zeros((0, length)),)
    return tuple(np.concatenate(parts) for parts in zip(*batches))


def flat(text: str) -> str:
    return " ".join(text.split())


# -- lstm_ref.windows against Keras ------------------------------------------------------------

@pytest.mark.parametrize("length, timesteps, horizon, stride", [
    (10, 4, 1, 1), (10, 4, 3, 1), (10, 4, 2, 2), (23, 5, 4, 3), (7, 7, 1, 1), (8, 3, 1, 5),
    (100, 12, 3, 1), (6, 4, 3, 1)])
def test_window_spans_are_keras_windows(length, timesteps, horizon, stride):
    series = np.arange(length)
    spans = window_spans(length, timesteps, horizon, stride)
    assert window_count(length, timesteps, horizon, stride) == len(spans)
    # Keras, inputs and targets read together as windows of timesteps + horizon steps.
    (whole,) = keras_windows(series, timesteps + horizon, stride)
    assert len(whole) == len(spans)
    for span, window in zip(spans, whole):
        assert list(range(*span.inputs)) == window[:timesteps].tolist()
        assert list(range(*span.target)) == window[timesteps:].tolist()
    if horizon == 1 and spans:           # the documented pairing: targets shifted by timesteps
        x, y = keras_windows(series[:-1], timesteps, stride, targets=series[timesteps:])
        assert [s.inputs[0] for s in spans] == x[:, 0].tolist()
        assert [s.target[0] for s in spans] == y.tolist()


@pytest.mark.parametrize("bad", [0, -1, 2.5, True, None])
def test_window_spans_refuse_what_is_not_a_positive_integer(bad):
    with pytest.raises(ValueError, match="positive integer"):
        window_spans(10, bad)


# -- the windows figure ------------------------------------------------------------------------

@pytest.mark.parametrize("length, timesteps, horizon, stride", [
    (10, 4, 1, 1), (10, 4, 3, 1), (12, 3, 2, 2), (5, 4, 1, 1), (12, 2, 1, 1)])
def test_windows_figure(length, timesteps, horizon, stride):
    figure = windows_figure(length, timesteps, horizon, stride, figure_id="win")
    assert figure == windows_figure(length, timesteps, horizon, stride, figure_id="win")
    found = re.findall(r'\bid="([^"]+)"', figure)
    assert len(found) == len(set(found)) and all(i.startswith("win") for i in found)
    assert '<svg role="img" aria-labelledby="win-title win-desc"' in figure
    assert figure.count("<title") == 1 and "<desc" in figure and "<figcaption>" in figure
    assert set(re.findall(r'(?:fill|stroke)="([^"]+)"', figure)) <= {"none", "transparent", "black"}
    text = html.unescape(figure)
    (whole,) = keras_windows(np.arange(length), timesteps + horizon, stride)
    drawn = [0, 1, len(whole) - 1] if len(whole) > 4 else list(range(len(whole)))
    assert len(re.findall(r">window \d+<", text)) == len(drawn)
    assert text.count("node-window") == len(drawn) * timesteps
    assert text.count("node-target") == len(drawn) * horizon
    last = whole[-1]
    assert (f"window {len(whole) - 1}, reads series[{last[0]}:{last[timesteps - 1] + 1}] and "
            f"predicts series[{last[timesteps]}:{last[-1] + 1}]") in text
    assert f"{len(whole)} samples" in text


def test_windows_figure_refuses_what_it_cannot_draw():
    with pytest.raises(ValueError, match="1 to 12 steps"):
        windows_figure(40, 4)
    with pytest.raises(ValueError, match="no window"):
        windows_figure(5, 5)


# -- Preparing your data -------------------------------------------------------------------------

@pytest.fixture(scope="module")
def data_page(built_site):
    return built(built_site, "data")[0]


@pytest.fixture(scope="module")
def data_text(data_page):
    return text_of(data_page)


def test_data_page_figures_are_drawn_from_the_page_numbers(data_page):
    for figure_id, horizon in (("data-windows", 1), ("data-windows-horizon", 3)):
        (whole,) = keras_windows(np.arange(10), 4 + horizon)
        svg = data_page[data_page.index(f'id="{figure_id}"'):]
        svg = html.unescape(svg[:svg.index("</figure>")])
        assert f"length=10, timesteps=4, horizon={horizon}, stride=1: {len(whole)} samples" in svg


def test_one_step_windows_match_keras(data_text):
    series = np.arange(10)
    x, y = keras_windows(series[:-1, np.newaxis], 4, targets=series[4:])
    assert f"x: {x.shape} y: {y.shape}" in data_text
    for i in (0, 1, len(x) - 1):
        assert f"window {i}: x = {x[i, :, 0].tolist()} -> y = {y[i]}" in data_text
    assert "same windows as NumPy: True | same targets: True" in data_text
    right = sorted(set((y - x[:, -1, 0]).tolist()))
    leaky_x, leaky_y = keras_windows(series[:, np.newaxis], 4, targets=series[3:])
    leaky = sorted(set((leaky_y - leaky_x[:, -1, 0]).tolist()))
    assert right == [1] and leaky == [0]
    assert f"targets series[timesteps:] -> gaps {right} (the next step)" in data_text
    assert f"targets series[timesteps - 1:] -> gaps {leaky} (the window's own last step)" in data_text
    assert f"timeseries_dataset_from_array -> gaps {right}" in data_text


def test_horizon_windows_match_keras(data_text):
    (whole,) = keras_windows(np.arange(10), 4 + 3)
    x, y = whole[:, :4, np.newaxis], whole[:, 4:]
    assert f"x: {x.shape} y: {y.shape} gaps: [1]" in data_text
    for i in (0, len(x) - 1):
        assert f"window {i}: x = {x[i, :, 0].tolist()} -> y = {y[i].tolist()}" in data_text
    assert "Keras gives the same arrays: True" in data_text


def test_several_features_match_keras(data_text):
    table = np.arange(30).reshape(10, 3)
    x, y = keras_windows(table[:-1], 4, targets=table[4:, 2])
    assert f"x: {x.shape} (samples, timesteps, features) y: {y.shape}" in data_text
    assert f"window 0, step by step: {x[0].tolist()} -> y {y[0]}" in data_text
    assert f"sliding_window_view(axis=0): {(len(x), 3, 4)} (samples, columns, timesteps)" in data_text
    assert "Keras gives the same windows: True" in data_text


def multi_step_models():
    timesteps, horizon, n = 12, 3, 2
    (whole,) = keras_windows(np.zeros((300, n), "float32"), timesteps + horizon)
    samples = len(whole)

    def model(name, layers):
        return keras.Sequential([keras.Input(shape=(timesteps, n)), *layers], name=name)

    return samples, {
        "dense_reshape": (model("dense_reshape", [
            keras.layers.LSTM(16), keras.layers.Dense(horizon * n),
            keras.layers.Reshape((horizon, n))]), (samples, horizon, n)),
        "per_step": (model("per_step", [
            keras.layers.LSTM(16, return_sequences=True), keras.layers.Dense(n)]),
            (samples, timesteps, n)),
        "encoder_decoder": (model("encoder_decoder", [
            keras.layers.LSTM(16), keras.layers.RepeatVector(horizon),
            keras.layers.LSTM(16, return_sequences=True), keras.layers.Dense(n)]),
            (samples, horizon, n)),
    }


def test_multi_step_table_matches_keras(data_text):
    samples, models = multi_step_models()
    assert f"x: ({samples}, 12, 2) y: ({samples}, 3, 2) (samples, horizon, n)" in data_text
    for name, (model, targets) in models.items():
        row = f"{name} {model.output_shape} {targets} {model.count_params()}"
        assert row in data_text, row
        assert (f"{name}: output {model.output_shape}, targets {targets}, "
                f"predict(x[:5]) {(5, *model.output_shape[1:])}, "
                f"{model.count_params()} parameters") in data_text


def test_horizon_targets_on_a_per_step_model_fail_as_the_page_says(data_text):
    samples, models = multi_step_models()
    model = models["per_step"][0]
    model.compile(optimizer="adam", loss="mse")
    with pytest.raises(ValueError, match="Dimensions must be equal") as caught:
        model.fit(np.zeros((samples, 12, 2), "float32"), np.zeros((samples, 3, 2), "float32"),
                  epochs=1, batch_size=32, verbose=0)
    message = re.sub(r" for '.*?' with", " with", str(caught.value))
    assert "input shapes: [?,3,2], [?,12,2]" in message
    assert f"targets ({samples}, 3, 2) instead -> ValueError: {message}" in data_text


def test_lagged_columns_match_keras(data_text):
    for meaning, shape in (("3 steps of 1 feature", (3, 1)), ("1 step of 3 features", (1, 3))):
        lstm = keras.layers.LSTM(8)
        output = lstm(np.zeros((3, *shape), "float32"))
        assert (f"{meaning}: data {(3, *shape)}, output {tuple(output.shape)}, "
                f"LSTM parameters {lstm.count_params()}") in data_text


def recurrent_kernel_effect(steps: int) -> tuple[float, bool, bool]:
    """(largest change of predict() when the recurrent kernel is randomized, whether fit()
    changes the recurrent kernel, whether it changes the forget gate's kernel columns and bias),
    for LSTM(8) on 3 numbers per sample as `steps` steps."""
    rng = np.random.default_rng(5)
    model = keras.Sequential([keras.Input(shape=(steps, 3 // steps)), keras.layers.LSTM(8),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    data = rng.normal(size=(40, steps, 3 // steps)).astype("float32")
    lstm = model.layers[0]
    kernel, recurrent, bias = lstm.get_weights()
    before = model.predict(data, verbose=0)
    lstm.set_weights([kernel, rng.normal(size=recurrent.shape), bias])
    change = float(np.abs(model.predict(data, verbose=0) - before).max())
    before_fit = lstm.get_weights()
    model.fit(data, rng.normal(size=(40, 1)), epochs=2, batch_size=8, verbose=0)
    after_fit = lstm.get_weights()
    # Blocks i, f, g (Keras' c), o: the forget gate's columns are [units : 2 * units].
    forget = slice(8, 16)
    forget_changed = bool(np.any(after_fit[0][:, forget] != before_fit[0][:, forget])
                          or np.any(after_fit[2][forget] != before_fit[2][forget]))
    return change, bool(np.any(after_fit[1] != before_fit[1])), forget_changed


def test_single_timestep_claims_hold_in_keras(data_text):
    assert recurrent_kernel_effect(1) == (0.0, False, False)
    change, trained, forget_trained = recurrent_kernel_effect(3)
    assert change > 0 and trained and forget_trained
    assert "1 timestep(s), random recurrent_kernel: predictions change by 0 " in data_text
    assert ("1 timestep(s), fit(): recurrent_kernel changed: False | forget gate's kernel and "
            "bias changed: False") in data_text
    assert ("3 timestep(s), fit(): recurrent_kernel changed: True | forget gate's kernel and "
            "bias changed: True") in data_text
    shown = re.search(r"3 timestep\(s\), random recurrent_kernel: predictions change by ([0-9.e-]+)",
                      data_text)
    assert shown and float(shown.group(1)) > 0


def test_entities_match_keras(data_text):
    entities, length, features, timesteps = 5, 40, 2, 8
    panel = np.zeros((entities, length, features), "float32")
    per_entity = [keras_windows(series[:-1], timesteps, targets=series[timesteps:, 0])
                  for series in panel]
    samples = sum(len(x) for x, _ in per_entity)
    assert f"x: ({samples}, {timesteps}, {features}) y: ({samples},)" in data_text
    wide, _ = keras_windows(panel.transpose(1, 0, 2).reshape(length, -1)[:-1], timesteps,
                            targets=np.zeros(length - timesteps))
    assert f"x: {wide.shape} y: ({len(wide)}, {entities})" in data_text
    for name, width, outputs, count in (("per_entity", features, 1, samples),
                                        ("entities_as_features", entities * features, entities,
                                         len(wide))):
        model = keras.Sequential([keras.Input(shape=(timesteps, width)), keras.layers.LSTM(16),
                                  keras.layers.Dense(outputs)])
        assert (f"{name}: {count} samples, output {model.output_shape}, "
                f"{model.count_params()} parameters") in data_text


def test_long_series_windows_and_order_independence(data_text):
    series = np.zeros((1000, 1), "float32")
    for stride in (1, 10, 50):
        x, _ = keras_windows(series[:-1], 50, stride, targets=series[50:, 0])
        assert flat(f"sequence_stride={stride:<2}: {len(x)} windows of 50 steps") in data_text
    assert "same predictions in another order and batch size: True" in data_text
    # The claim itself, under predict(): no state crosses from one window to another.
    model = keras.Sequential([keras.Input(shape=(50, 1)), keras.layers.LSTM(4),
                              keras.layers.Dense(1)])
    x = np.random.default_rng(2).normal(size=(37, 50, 1)).astype("float32")
    order = np.random.default_rng(3).permutation(37)
    alone = np.concatenate([model.predict(x[i:i + 1], verbose=0) for i in range(3)])
    together = model.predict(x, batch_size=32, verbose=0)
    shuffled = np.empty_like(together)
    shuffled[order] = model.predict(x[order], batch_size=5, verbose=0)
    assert np.allclose(together, shuffled, atol=1e-6) and np.allclose(alone, together[:3], atol=1e-6)


# -- Layers around the recurrent layer -----------------------------------------------------------

@pytest.fixture(scope="module")
def around_page(built_site):
    return built(built_site, "layers-around")[0]


@pytest.fixture(scope="module")
def around_text(around_page):
    return text_of(around_page)


def test_embedding_shapes_and_parameters_match_keras(around_text):
    embedding = keras.layers.Embedding(1000, 64)
    out = embedding(keras.Input(shape=(20,), dtype="int32"))
    assert f"embedding -> {out.shape}" in around_text
    assert embedding.count_params() == 1000 * 64
    assert (f"Embedding parameters: {embedding.count_params()} = input_dim · output_dim = "
            f"1000 · 64") in around_text
    assert "fit() on ids (8, 20) -> predict() (8, 1)" in around_text


def embedding_on_vectors():
    embedded = keras.layers.Embedding(1000, 64, name="embedding")(keras.Input(shape=(20, 8)))
    keras.layers.LSTM(32, name="lstm")(embedded)


def test_embedding_on_vectors_error_is_the_one_keras_raises(around_text):
    message = raised(embedding_on_vectors)
    assert "expected ndim=3, found ndim=4" in message
    assert flat(message) in around_text


def conv_steps(steps: int, kernel: int, strides: int, padding: str) -> int:
    """The page's formulas for the length of the time axis after Conv1D."""
    if padding == "valid":
        return (steps - kernel) // strides + 1
    return math.ceil(steps / strides)


@pytest.mark.parametrize("padding", ["valid", "same", "causal"])
def test_the_conv1d_formulas_in_the_prose_are_keras(padding):
    for steps in (7, 50, 100, 101):
        for kernel in (1, 2, 3, 5):
            for strides in (1, 2, 3):
                out = keras.layers.Conv1D(4, kernel, strides=strides, padding=padding)(
                    keras.Input(shape=(steps, 2)))
                assert out.shape[1] == conv_steps(steps, kernel, strides, padding)


@pytest.mark.parametrize("padding", ["valid", "same"])
def test_pooling_shortens_time_the_same_way(padding):
    for steps in (7, 50, 100, 101):
        for pool in (2, 3, 4):
            for strides in (None, 1, 2):
                out = keras.layers.MaxPooling1D(pool, strides=strides, padding=padding)(
                    keras.Input(shape=(steps, 2)))
                assert out.shape[1] == conv_steps(steps, pool, strides or pool, padding)


@pytest.mark.parametrize("reduce", [None, keras.layers.GlobalAveragePooling1D,
                                    keras.layers.GlobalMaxPooling1D])
def test_last_step_and_global_pooling_accept_any_length_under_predict(reduce):
    inputs = keras.Input(shape=(None, 3))
    h = keras.layers.LSTM(4, return_sequences=reduce is not None)(inputs)
    model = keras.Model(inputs, keras.layers.Dense(1)(reduce()(h) if reduce else h))
    for steps in (5, 12):
        assert model.predict(np.zeros((2, steps, 3), "float32"), verbose=0).shape == (2, 1)


def test_conv1d_and_pooling_table_matches_keras(around_text):
    series = keras.Input(shape=(100, 8))
    for kernel, strides, padding in [(3, 1, "valid"), (3, 1, "same"), (3, 1, "causal"),
                                     (5, 2, "valid"), (5, 2, "same")]:
        out = keras.layers.Conv1D(16, kernel, strides=strides, padding=padding)(series)
        assert (f"Conv1D(16, {kernel}, strides={strides}, padding='{padding}') "
                f"{out.shape}") in around_text
    for pool, padding in [(2, "valid"), (3, "valid"), (3, "same")]:
        out = keras.layers.MaxPooling1D(pool, padding=padding)(series)
        assert f"MaxPooling1D({pool}, padding='{padding}') {out.shape}" in around_text
    conv = keras.layers.Conv1D(16, 5, strides=2)(keras.Input(shape=(100, 8)))
    pooled = keras.layers.MaxPooling1D(2)(conv)
    assert f"conv1d -> {conv.shape} max_pooling1d -> {pooled.shape}" in around_text


def test_image_and_video_shapes_match_keras(around_text):
    frames = keras.layers.TimeDistributed(keras.layers.Conv2D(16, 3))(
        keras.Input(shape=(8, 32, 32, 3)))
    vectors = keras.layers.TimeDistributed(keras.layers.GlobalAveragePooling2D())(frames)
    assert f"conv_per_frame -> {frames.shape} vector_per_frame -> {vectors.shape}" in around_text
    feature_map = keras.layers.Conv2D(8, 3)(keras.Input(shape=(64, 64, 3)))
    h, w, c = feature_map.shape[1:]
    assert f"conv2d -> {feature_map.shape} rows_as_steps -> (None, {h}, {w * c})" in around_text


def test_dense_before_lstm_matches_keras(around_text):
    dense = keras.layers.Dense(16)
    x = np.random.default_rng(4).normal(size=(2, 10, 3)).astype("float32")
    y = np.asarray(dense(x))
    assert np.allclose(y[:, 7], dense(x[:, 7]), atol=1e-6)
    assert (f"Dense(16) on {x.shape} -> {y.shape} | kernel {tuple(dense.kernel.shape)} | "
            f"{dense.count_params()} parameters") in around_text
    assert "each step mapped on its own by the same kernel: True" in around_text


def test_after_the_layer_table_matches_keras(around_text):
    reducers = {"last step": None, "Flatten()": keras.layers.Flatten,
                "GlobalAveragePooling1D()": keras.layers.GlobalAveragePooling1D,
                "GlobalMaxPooling1D()": keras.layers.GlobalMaxPooling1D}
    for name, reduce in reducers.items():
        cells = [name]
        for steps in (10, 100):
            inputs = keras.Input(shape=(steps, 3))
            h = keras.layers.LSTM(16, return_sequences=reduce is not None)(inputs)
            h = reduce()(h) if reduce else h
            dense = keras.layers.Dense(1)
            dense(h)
            cells.append(f"{h.shape}, Dense(1): {dense.count_params()}")
        assert " ".join(cells) in around_text.replace(" ,", ","), cells


def flatten_without_a_length():
    flat_ = keras.layers.Flatten()(keras.layers.LSTM(16, return_sequences=True)(
        keras.Input(shape=(None, 3))))
    keras.layers.Dense(1, name="dense")(flat_)


def test_flatten_on_any_length_error_is_the_one_keras_raises(around_text):
    assert flat(raised(flatten_without_a_length)) in around_text


def test_timedistributed_dense_equals_dense_under_predict(around_text):
    dense = keras.Sequential([keras.Input(shape=(10, 16)), keras.layers.Dense(2)])
    wrapped = keras.Sequential([keras.Input(shape=(10, 16)),
                                keras.layers.TimeDistributed(keras.layers.Dense(2))])
    wrapped.set_weights(dense.get_weights())
    x = np.random.default_rng(6).normal(size=(4, 10, 16)).astype("float32")
    difference = np.abs(dense.predict(x, verbose=0) - wrapped.predict(x, verbose=0)).max()
    assert difference == 0.0
    assert f"largest difference between their predict() outputs: {difference}" in around_text
    assert (f"TimeDistributed(Dense) output {wrapped.output_shape}, "
            f"{wrapped.count_params()} parameters") in around_text


# -- both pages ------------------------------------------------------------------------------------

ANCHORS = {
    "data": ["sliding-windows", "sliding-window-view", "timeseries-dataset-from-array",
             "off-by-one-check", "horizon-windows", "several-features", "multi-step-horizon",
             "dense-reshape-horizon", "return-sequences-horizon", "encoder-decoder-horizon",
             "lagged-columns", "single-timestep", "several-entities", "one-sequence-per-entity",
             "entities-as-features", "long-series-without-stateful"],
    "layers-around": ["embedding", "embedding-on-vectors", "conv1d-before-lstm",
                      "images-and-video", "dense-before-lstm", "after-the-recurrent-layer",
                      "last-step", "flatten", "global-pooling", "timedistributed-dense"],
}


@pytest.mark.parametrize("name", sorted(ANCHORS))
def test_every_heading_has_its_stable_id(built_site, name):
    page_html = built(built_site, name)[0]
    headings = re.findall(r'<h[23] id="([^"]+)"', page_html)
    assert headings == ANCHORS[name]
    assert set(ANCHORS[name]) <= ids(page_html)


@pytest.mark.parametrize("name", sorted(ANCHORS))
def test_no_run_specific_text(built_site, name):
    page = text_of(built(built_site, name)[0])
    assert not re.search(r"keras_tensor_\d+", page)
    assert not re.search(r"\b0x[0-9a-f]{6,}\b", page)
    assert not re.search(r"\b(lstm|dense|sequential|functional|embedding|conv1d)_\d+\b", page)
    assert not re.search(r"(^|[\s'\"(])/(work|root|home|usr|opt|tmp)/", page, re.MULTILINE)
    assert "Traceback" not in page and "exec-" not in " ".join(ids(built(built_site, name)[0]))


def test_sliding_window_view_is_read_only_as_the_page_says(data_text):
    assert "x shares memory with series: True | writeable: False" in data_text
    from numpy.lib.stride_tricks import sliding_window_view

    series = np.arange(10)
    windows = sliding_window_view(series[:-1], 4)[..., np.newaxis]
    assert np.shares_memory(windows, series) and not windows.flags.writeable
    with pytest.raises(ValueError):
        windows[0, 0, 0] = 1
