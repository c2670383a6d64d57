"""The chapters Variable length (masking.md), Passing states (states.md) and Sizing (sizing.md),
as built, against Keras computed here independently: other weights, other sizes, and the
reader's paths (predict, fit, compiled functions) as well as eager calls.

Each test first checks the behaviour in Keras, then that the page says what Keras did.
"""

from __future__ import annotations

import importlib
import re

import keras
import numpy as np
import pytest
import tensorflow as tf

import lstm_ref as lr
from site_build import ROOT
from test_chapters import built, ids, text_of

DOCS = ROOT / "docs"
backend_rnn = importlib.import_module("keras.src.backend.tensorflow.rnn")


@pytest.fixture(scope="module")
def masking_page(built_site):
    return text_of(built(built_site, "masking")[0])


@pytest.fixture(scope="module")
def states_page(built_site):
    return text_of(built(built_site, "states")[0])


@pytest.fixture(scope="module")
def sizing_page(built_site):
    return text_of(built(built_site, "sizing")[0])


def one_line(text: str) -> str:
    return " ".join(text.split())


# -- Every heading has a stable id -----------------------------------------------------------------

@pytest.mark.parametrize("name", ["masking", "states", "sizing"])
def test_every_heading_has_an_explicit_id_and_the_page_a_description(name):
    source = (DOCS / f"{name}.md").read_text(encoding="utf-8")
    assert re.search(r"^description: \S", source, re.M)
    assert '!!! abstract "Short answer"' in source
    in_code = False
    for line in source.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        if not in_code and re.match(r"#{2,4} ", line):
            assert re.search(r"\{ #[a-z0-9-]+ \}$", line), line


# -- pad_sequences, Masking, mask_zero -------------------------------------------------------------

def test_pad_sequences_pads_and_truncates_at_the_start_and_returns_integers(masking_page):
    padded = keras.utils.pad_sequences([[1, 2], [3]])
    assert padded.tolist() == [[1, 2], [0, 3]]                       # padding at the start
    assert keras.utils.pad_sequences([[1, 2, 3]], maxlen=2).tolist() == [[2, 3]]   # first step cut
    assert keras.utils.pad_sequences([[0.5]]).dtype.kind == "i"
    sentences = [[7, 2, 9], [4, 5], [1, 8, 3, 6, 2]]
    assert f"default: {keras.utils.pad_sequences(sentences).tolist()}" in masking_page
    post = keras.utils.pad_sequences(sentences, maxlen=4, truncating="post").tolist()
    assert f"maxlen=4, truncating='post': {post}" in masking_page
    assert "'padding': 'pre', 'truncating': 'pre'" in masking_page


def test_masking_needs_every_feature_equal_to_mask_value(masking_page):
    x = np.array([[[0.0, 2.0], [0.0, 0.0], [1.0, 0.0]]], dtype="float32")
    assert keras.layers.Masking(0.0).compute_mask(x).numpy().tolist() == [[True, False, True]]
    assert "mask: [[True, True, False, False]]" in masking_page


def test_mask_zero_masks_token_zero(masking_page):
    embedding = keras.layers.Embedding(5, 2, mask_zero=True)
    ids_ = np.array([[0, 3, 0, 1]])
    assert embedding.compute_mask(ids_).numpy().tolist() == [[False, True, False, True]]
    assert embedding(ids_).shape == (1, 4, 2)
    assert "mask: [[True, True, True], [False, True, True]]" in masking_page


# -- Masked steps: outputs and final state ------------------------------------------------------------

def masked_lstm(seed: int, **arguments) -> keras.Model:
    keras.utils.set_random_seed(seed)
    ids_ = keras.Input(shape=(None,), dtype="int32")
    embedded = keras.layers.Embedding(20, 3, mask_zero=True)(ids_)
    return keras.Model(ids_, keras.layers.LSTM(5, **arguments)(embedded))


BATCH = np.array([[0, 0, 0, 4, 11, 6], [4, 11, 6, 0, 0, 0]])


@pytest.mark.parametrize("path", ["eager", "predict", "tf.function"])
def test_masked_steps_output_zeros_before_and_repeat_after(masking_page, path):
    model = masked_lstm(7, return_sequences=True)
    run = {"eager": lambda x: np.asarray(model(x)),
           "predict": lambda x: model.predict(x, verbose=0),
           "tf.function": lambda x: np.asarray(tf.function(model)(x))}[path]
    out = run(BATCH)
    assert np.all(out[0, :3] == 0)                          # before the first real step: zeros
    assert np.any(out[0, 3:] != 0)
    for t in (3, 4, 5):                                     # after the last: the last real output
        np.testing.assert_array_equal(out[1, t], out[1, 2])
    np.testing.assert_allclose(out[0, 3:], out[1, :3], atol=1e-6)
    zeros = masked_lstm(7, return_sequences=True, zero_output_for_mask=True)
    assert np.all(np.asarray(zeros(BATCH))[1, 3:] == 0)
    assert ("padding at the start: step 0: zeros, step 1: zeros "
            "(eager, predict and tf.function agree)") in masking_page
    assert ("padding at the end: step 3: repeats step 2, step 4: repeats step 3 "
            "(eager, predict and tf.function agree)") in masking_page
    assert "zero_output_for_mask=True, padding at the end: step 3: zeros, step 4: zeros" \
        in masking_page


def test_final_state_ignores_where_the_padding_is_only_with_a_mask(masking_page):
    model = masked_lstm(3, return_state=True)
    unpadded_h = np.asarray(model(np.array([[4, 11, 6]]))[1])[0]
    for h in (np.asarray(model(BATCH)[1]), model.predict(BATCH, verbose=0)[1]):
        np.testing.assert_allclose(h[0], unpadded_h, atol=1e-6)
        np.testing.assert_allclose(h[1], unpadded_h, atol=1e-6)
    plain = keras.Model(model.inputs, keras.layers.LSTM(5, return_state=True)(
        keras.layers.Embedding(20, 3)(model.inputs[0])))
    plain.set_weights(model.get_weights())
    h = plain.predict(BATCH, verbose=0)[1]
    assert not np.allclose(h[0], unpadded_h, atol=1e-6)
    assert not np.allclose(h[1], unpadded_h, atol=1e-6)
    for line, same in [("with a mask, padding at the start", True),
                       ("with a mask, padding at the end", True),
                       ("without a mask, padding at the start", False),
                       ("without a mask, padding at the end", False)]:
        assert re.search(rf"{line}: final h \[[^\]]+\] largest difference [0-9.]+, same as "
                         rf"unpadded \(eager and predict\): {same}", masking_page), line


# -- cuDNN's mask check -----------------------------------------------------------------------------

def test_cudnn_mask_check_raises_eagerly_but_fails_compiled_calls_only_when_run(masking_page):
    source = importlib.import_module("inspect").getsource
    assert "_assert_valid_mask(mask)" in source(backend_rnn._cudnn_lstm)
    lstm_source = source(backend_rnn.lstm)
    assert "except tf.errors.InvalidArgumentError" in lstm_source
    assert "raise NotImplementedError" in lstm_source
    assert "the cudnn kernel will fill zeros" in source(backend_rnn._cudnn_lstm)

    left = tf.constant([[False, True, True]])
    with pytest.raises(tf.errors.InvalidArgumentError) as eager:
        backend_rnn._assert_valid_mask(left)
    message = re.search(r"You are passing a RNN mask.*?\(this may be slower\)\.",
                        str(eager.value), re.S).group(0)

    @tf.function(autograph=False)
    def compiled(mask):
        backend_rnn._assert_valid_mask(mask)
        return tf.constant(True)

    compiled.get_concrete_function(left)                     # tracing raises nothing
    with pytest.raises(tf.errors.InvalidArgumentError, match="right-padded"):
        compiled(left)
    assert bool(compiled(tf.constant([[True, True, False]])))
    assert one_line(message) in masking_page
    assert "padding at the start eager: raises InvalidArgumentError inside the call" in masking_page
    assert "compiled: fails when run: You are passing a RNN mask" in masking_page
    assert "padding at the end eager: passes compiled: passes" in masking_page


def test_keras_2_chooses_the_loop_inside_the_graph_and_masks_alike(masking_page):
    import inspect

    import tf_keras

    keras2_lstm = importlib.import_module("tf_keras.src.layers.rnn.lstm")
    selection = inspect.getsource(keras2_lstm.lstm_with_backend_selection)
    assert re.search(r"smart_cond\(\s*gru_lstm_utils\.is_cudnn_supported_inputs\(", selection)
    assert "false_fn=stardard_lstm_fn" in selection
    ids_ = tf_keras.Input(shape=(None,), dtype="int32")
    out = tf_keras.layers.LSTM(4, return_sequences=True)(
        tf_keras.layers.Embedding(20, 3, mask_zero=True)(ids_))
    outputs = tf_keras.Model(ids_, out).predict(BATCH, verbose=0)
    assert np.all(outputs[0, :3] == 0)
    np.testing.assert_array_equal(outputs[1, 5], outputs[1, 2])
    assert "Keras 2, padding at the start: step 0: zeros, step 1: zeros" in masking_page
    assert "Keras 2 and Keras 3 outputs agree: True" in masking_page
    assert "smart_cond(" in masking_page and "is_cudnn_supported_inputs(" in masking_page


# -- Loss and gradients ------------------------------------------------------------------------------

def test_masked_steps_count_in_neither_loss_nor_gradients(masking_page):
    def tagger():
        keras.utils.set_random_seed(11)
        ids_ = keras.Input(shape=(5,), dtype="int32")
        steps = keras.layers.LSTM(3, return_sequences=True)(
            keras.layers.Embedding(10, 2, mask_zero=True)(ids_))
        model = keras.Model(ids_, keras.layers.Dense(2)(steps))
        model.compile(optimizer=keras.optimizers.SGD(0.5), loss="mse")
        return model

    x = np.array([[3, 1, 4, 0, 0], [1, 5, 9, 2, 0]])
    real = x != 0
    rng = np.random.default_rng(0)
    y = rng.normal(size=(2, 5, 2)).astype("float32")
    y_padding_changed = np.where(real[..., None], y, -7.0).astype("float32")
    model = tagger()
    loss = model.evaluate(x, y, verbose=0)
    assert loss == pytest.approx(model.evaluate(x, y_padding_changed, verbose=0), rel=1e-6)
    per_step = ((np.asarray(model(x)) - y) ** 2).mean(axis=-1)
    assert loss == pytest.approx(per_step[real].mean(), rel=1e-5)
    a, b = tagger(), tagger()
    a.fit(x, y, epochs=1, verbose=0)
    b.fit(x, y_padding_changed, epochs=1, verbose=0)
    for wa, wb in zip(a.get_weights(), b.get_weights()):
        np.testing.assert_array_equal(wa, wb)
    np.testing.assert_array_equal(a.get_weights()[0][0], tagger().get_weights()[0][0])

    found = {label: float(value) for label, value in re.findall(
        r"(evaluate, targets y|evaluate, masked targets changed|mean squared error over real "
        r"steps|mean squared error over all steps): ([0-9.]+)", masking_page)}
    assert len(found) == 4
    assert found["evaluate, targets y"] == found["evaluate, masked targets changed"] == \
        found["mean squared error over real steps"] != found["mean squared error over all steps"]
    assert "one fit step, masked targets changed: same weights: True" in masking_page
    assert "one fit step, one real target changed: same weights: False" in masking_page
    assert "embedding rows changed by fit: {0: False, 1: True" in masking_page


def test_the_keras_tab_of_the_packing_section_is_true(masking_page):
    lengths = np.array([3, 1])
    mask = np.arange(4) < lengths[:, None]
    keras.utils.set_random_seed(2)
    x = np.random.default_rng(5).normal(size=(2, 4, 3)).astype("float32") * mask[..., None]
    out, h, _ = keras.layers.LSTM(2, return_sequences=True, return_state=True)(x, mask=mask)
    np.testing.assert_allclose(np.asarray(out)[np.arange(2), lengths - 1], h, atol=1e-6)
    np.testing.assert_allclose(np.asarray(out)[:, -1], h, atol=1e-6)
    assert "h equals output[:, -1]: [True, True, True]" in masking_page


# -- States --------------------------------------------------------------------------------------------

def keras_message(error: Exception) -> list[str]:
    message = re.sub(r"\x1b\[[0-9;]*m", "", str(error))
    message = re.sub(r"\{\{function_node [^}]*\}\} ", "", message)
    return re.sub(r" \[Op:\w+\][^\n]*", "", message).strip().splitlines()


def test_initial_state_mistakes_raise_what_the_page_quotes(states_page):
    x = np.ones((3, 6, 2), dtype="float32")
    h = np.zeros((3, 5), dtype="float32")
    cases = [("h alone, not [h, c]", dict(initial_state=h), IndexError, 5),
             ("[h, c] of width 8 for LSTM(4)", None, None, 4),
             ("four states, from a Bidirectional layer", dict(initial_state=[h] * 4), ValueError, 5)]
    for label, arguments, kind, units in cases:
        if arguments is None:
            arguments = dict(initial_state=[np.zeros((3, 8), "float32")] * 2)
            kind = tf.errors.InvalidArgumentError
        with pytest.raises(kind) as caught:
            keras.layers.LSTM(units)(x, **arguments)
        lines = keras_message(caught.value)
        assert f"{label}: {type(caught.value).__name__}: {lines[0]}" in states_page
        if kind is tf.errors.InvalidArgumentError:     # shapes differ here; the words do not
            assert "Matrix size-incompatible" in lines[2]
            assert "Matrix size-incompatible: In[0]: [2,8], In[1]: [4,16]" in states_page
        else:
            assert lines[2] in states_page


def test_keras_2_refuses_the_same_mistakes_when_the_model_is_built(states_page):
    import tf_keras

    series = tf_keras.Input(shape=(6, 2))
    with pytest.raises(ValueError, match="not compatible with `cell.state_size`") as caught:
        tf_keras.layers.LSTM(3)(series, initial_state=[tf_keras.Input(shape=(5,))] * 2)
    assert "[5, 5]" not in str(caught.value) and "[3, 3]" in str(caught.value)
    h4 = tf_keras.Input(shape=(4,))
    with pytest.raises(ValueError) as caught:
        tf_keras.layers.LSTM(4)(tf_keras.Input(shape=(10, 3)), initial_state=[h4] * 4)
    assert one_line(f"ValueError: {caught.value}") in states_page


def test_a_decoder_too_wide_for_its_states_builds_but_fails_under_predict(states_page):
    source = keras.Input(shape=(4, 2))
    target = keras.Input(shape=(3, 2))
    _, h, c = keras.layers.LSTM(3, return_state=True)(source)
    model = keras.Model([source, target], keras.layers.LSTM(6)(target, initial_state=[h, c]))
    assert model.output.shape == (None, 6)
    with pytest.raises((ValueError, tf.errors.InvalidArgumentError), match="[Dd]imensions|size"):
        model.predict([np.zeros((2, 4, 2)), np.zeros((2, 3, 2))], verbose=0)
    assert "builds without complaint" in states_page and "Only running the model fails" in states_page


def test_initial_state_is_what_the_first_step_reads(states_page):
    keras.utils.set_random_seed(4)
    lstm = keras.layers.LSTM(3, return_state=True)
    rng = np.random.default_rng(4)
    x = rng.normal(size=(2, 5, 2)).astype("float32")
    start = [rng.normal(size=(2, 3)).astype("float32") for _ in range(2)]
    _, h, c = lstm(x, initial_state=start)
    cell = lstm.cell                                      # the same step, run by hand in Keras
    state = [tf.constant(s) for s in start]
    for t in range(5):
        _, state = cell(x[:, t], state)
    np.testing.assert_allclose(h, state[0], atol=1e-6)
    np.testing.assert_allclose(c, state[1], atol=1e-6)
    assert "Keras and lstm_ref agree from the given state: True" in states_page
    assert "initial_state of zeros = no initial_state: True" in states_page


def test_bidirectional_returns_forward_then_backward_states(states_page):
    keras.utils.set_random_seed(6)
    layer = keras.layers.Bidirectional(keras.layers.LSTM(3, return_state=True))
    x = np.random.default_rng(6).normal(size=(2, 5, 2)).astype("float32")
    output, fh, fc, bh, bc = layer(x)
    forward = keras.layers.LSTM(3, return_state=True)
    backward = keras.layers.LSTM(3, return_state=True, go_backwards=True)
    forward.build(x.shape)
    backward.build(x.shape)
    forward.set_weights(layer.forward_layer.get_weights())
    backward.set_weights(layer.backward_layer.get_weights())
    for mine, theirs in zip((fh, fc, bh, bc), (*forward(x)[1:], *backward(x)[1:])):
        np.testing.assert_allclose(mine, theirs, atol=1e-6)
    assert output.shape == (2, 6)
    for line in ("output (None, 32)", "forward_h (None, 16)", "backward_c (None, 16)",
                 "state_h (None, 32) state_c (None, 32) decoder output (None, 7, 32)",
                 "predict: (2, 7, 5)"):
        assert line in states_page, line


def test_encoder_decoder_and_autoencoder_shapes(states_page):
    source = keras.Input(shape=(12, 3))
    target = keras.Input(shape=(7, 5))
    _, h, c = keras.layers.LSTM(16, return_state=True)(source)
    steps = keras.layers.LSTM(16, return_sequences=True)(target, initial_state=[h, c])
    scores = keras.layers.Dense(5, activation="softmax")(steps)
    model = keras.Model([source, target], scores)
    counts = [layer.count_params() for layer in model.layers if layer.weights]
    assert f"total {model.count_params()}" in states_page
    assert f"decoder -> (None, 7, 16) {counts[1]} parameters" in states_page
    assert "decoder from the encoder's states = the model's decoder: True" in states_page
    assert "decoder from zeros = the model's decoder: False" in states_page

    auto = keras.Sequential([keras.Input(shape=(20, 2)), keras.layers.LSTM(8),
                             keras.layers.RepeatVector(20),
                             keras.layers.LSTM(8, return_sequences=True), keras.layers.Dense(2)])
    assert auto.layers[-1].output.shape == (None, 20, 2)
    assert "repeat (None, 20, 8) 0 parameters" in states_page
    assert f"reconstruction (None, 20, 2) {auto.layers[-1].count_params()} parameters" \
        in states_page
    assert "input (256, 20, 2) -> reconstruction (256, 20, 2)" in states_page
    assert re.search(r"training loss fell from [0-9.]+ to [0-9.]+: True", states_page)


def test_cell_state_at_every_step(states_page):
    keras.utils.set_random_seed(8)
    lstm = keras.layers.LSTM(3, return_state=True)
    x = np.random.default_rng(8).normal(size=(2, 6, 2)).astype("float32")
    _, _, last_c = lstm(x)
    state, cs = [tf.zeros((2, 3)), tf.zeros((2, 3))], []
    for t in range(6):
        _, state = lstm.cell(x[:, t], state)
        cs.append(np.asarray(state[1]))
    keras_c = np.stack(cs, axis=1)
    np.testing.assert_allclose(keras_c[:, -1], last_c, atol=1e-6)
    np.testing.assert_allclose(lr.trace(lr.LSTM(3), x, lstm.get_weights()).c, keras_c, atol=1e-5)
    for line in ("h and c at every step: (2, 10, 8) -> c: (2, 10, 4)",
                 "its h = LSTM's return_sequences output: True",
                 "its last c = LSTM's return_state c: True",
                 "trace.c = the wrapped cell's c at every step: True"):
        assert line in states_page, line


# -- Sizing ---------------------------------------------------------------------------------------------

def test_parameter_count_does_not_change_with_training_data(sizing_page):
    model = keras.Sequential([keras.Input(shape=(None, 3)), keras.layers.LSTM(8),
                              keras.layers.Dense(1)])
    model.compile(optimizer="adam", loss="mse")
    before = model.count_params()
    model.fit(np.ones((64, 30, 3)), np.ones((64, 1)), epochs=1, verbose=0)
    assert model.count_params() == before
    assert f"before training: {before} parameters" in sizing_page
    assert sizing_page.count(f"{before} parameters") == 4


def test_units_table_counts_are_keras_counts(sizing_page):
    for units in (1, 2, 4, 8, 16, 32, 64, 128, 256):
        layer = keras.layers.LSTM(units)
        layer.build((None, 7, 1))
        count = layer.count_params()
        assert f"{units} {count} {count / units ** 2:.2f} (32, {units})" in sizing_page, units
    assert re.search(r"best validation loss in this run: units = (2|8|32)\b", sizing_page)


def test_the_gradient_shrinks_with_distance(sizing_page):
    lstm = keras.layers.LSTM(16)
    x = tf.constant(np.random.default_rng(3).normal(size=(1, 300, 1)), dtype="float32")
    with tf.GradientTape() as tape:
        tape.watch(x)
        total = tf.reduce_sum(lstm(x))
    gradient = np.abs(tape.gradient(total, x).numpy()[0, :, 0])
    assert gradient[-100] < 1e-3 * gradient[-1]
    shown = [float(v) for v in re.findall(r"steps before the end: \|gradient\| = ([0-9.e+-]+)",
                                         sizing_page)]
    assert len(shown) == 6 and shown == sorted(shown, reverse=True) and shown[3] < 1e-3 * shown[0]


def test_memory_table_is_computed_from_keras_shapes(sizing_page):
    for batch, timesteps, units in [(32, 100, 64), (128, 1000, 256)]:
        shape = keras.layers.LSTM(units, return_sequences=True).compute_output_shape(
            (batch, timesteps, 8))
        assert shape == (batch, timesteps, units)
        mib = batch * timesteps * units * 4 / 2 ** 20
        assert f"{batch} {timesteps} {units} {shape} {mib:.1f} MiB" in sizing_page


# -- Generated names and links -------------------------------------------------------------------------------

@pytest.mark.parametrize("name", ["masking", "states", "sizing"])
def test_pages_print_no_addresses_or_generated_names(built_site, name):
    page = text_of(built(built_site, name)[0])
    assert not re.search(r"\bat 0x[0-9a-f]+", page)
    assert not re.search(r"\b(lstm|dense|sequential|functional|embedding|keras_tensor)_\d+\b",
                         page)
