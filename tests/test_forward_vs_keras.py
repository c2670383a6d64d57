"""NumPy forward passes against Keras layer outputs computed with the same weights.

Keras computes in float32, lstm_ref in float64; with weights in [-0.5, 0.5] and inputs in
[-1, 1] the two agree to within TOLERANCE (absolute and relative) on every output.
"""

import itertools

import numpy as np
import pytest

import lstm_ref as lr
from keras_bridge import keras_layer

TOLERANCE = 1e-5


def specs():
    kinds = [lambda **k: lr.LSTM(5, **k), lambda **k: lr.SimpleRNN(5, **k),
             lambda **k: lr.GRU(5, reset_after=True, **k),
             lambda **k: lr.GRU(5, reset_after=False, **k)]
    for make, seq, state, bias in itertools.product(kinds, (False, True), (False, True),
                                                    (True, False)):
        spec = make(return_sequences=seq, return_state=state, use_bias=bias)
        yield spec
        if bias:
            yield lr.Bidirectional(spec, merge_mode="concat" if seq else "ave")
    yield lr.Bidirectional(lr.LSTM(3, return_sequences=True, return_state=True), merge_mode=None)
    yield lr.Bidirectional(lr.GRU(3), merge_mode="mul")
    yield lr.Bidirectional(lr.SimpleRNN(3, return_sequences=True), merge_mode="sum")


def as_list(value):
    return list(value) if isinstance(value, (list, tuple)) else [value]


@pytest.mark.parametrize("spec", list(specs()), ids=str)
def test_run_matches_keras(spec):
    features = 3
    x = np.random.default_rng(1).uniform(-1, 1, size=(4, 7, features))
    params = lr.seeded_weights(spec, features, seed=2)
    layer = keras_layer(spec)
    layer.build((None, 7, features))
    layer.set_weights(params)
    expected = [np.asarray(t) for t in as_list(layer(x.astype("float32")))]
    ours = as_list(lr.run(spec, x, params))
    assert [a.shape for a in ours] == [e.shape for e in expected]
    for a, e in zip(ours, expected):
        np.testing.assert_allclose(a, e, rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("spec", [lr.LSTM(4, return_sequences=True),
                                  lr.GRU(4, return_sequences=True),
                                  lr.SimpleRNN(4, return_sequences=True)], ids=str)
def test_initial_state_carries_over_like_keras(spec):
    features = 2
    rng = np.random.default_rng(3)
    x = rng.uniform(-1, 1, size=(2, 5, features))
    states = [rng.uniform(-1, 1, size=(2, 4)) for _ in spec.states]
    params = lr.seeded_weights(spec, features, seed=4)
    layer = keras_layer(spec)
    layer.build((None, 5, features))
    layer.set_weights(params)
    expected = np.asarray(layer(x.astype("float32"),
                                initial_state=[s.astype("float32") for s in states]))
    ours = lr.trace(spec, x, params, initial_state=states).h
    np.testing.assert_allclose(ours, expected, rtol=TOLERANCE, atol=TOLERANCE)


def test_lstm_trace_c_ends_where_keras_c_ends():
    spec = lr.LSTM(4, return_state=True)
    x = np.random.default_rng(5).uniform(-1, 1, size=(3, 6, 2))
    params = lr.seeded_weights(spec, 2, seed=6)
    layer = keras_layer(spec)
    layer.build((None, 6, 2))
    layer.set_weights(params)
    _, h, c = (np.asarray(t) for t in layer(x.astype("float32")))
    trace = lr.lstm_forward(x, *params)
    np.testing.assert_allclose(trace.last_h, h, rtol=TOLERANCE, atol=TOLERANCE)
    np.testing.assert_allclose(trace.last_c, c, rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("x, message", [
    (np.zeros((7, 3)), r"3-D input \(batch, timesteps, features\).*2-D.*\(7, 3\).*batch axis"),
    (np.zeros(3), r"3-D input \(batch, timesteps, features\).*1-D"),
    (np.zeros((1, 7, 4)), r"features=3.*\(1, 7, 4\)"),
])
def test_wrong_input_names_the_expected_order(x, message):
    params = lr.seeded_weights(lr.LSTM(2), features=3)
    with pytest.raises(lr.InputShapeError, match=message):
        lr.lstm_forward(x, *params)


def test_wrong_weight_shape_is_named():
    kernel, recurrent, bias = lr.seeded_weights(lr.LSTM(2), features=3)
    with pytest.raises(lr.InputShapeError, match=r"recurrent_kernel of shape \(2, 8\)"):
        lr.lstm_forward(np.zeros((1, 2, 3)), kernel, recurrent.T, bias)
