"""Output shapes and the stacks Keras refuses: lstm_ref against Keras."""

import itertools

import pytest

import lstm_ref as lr
from keras_bridge import keras_model, shapes


def layer_grid():
    for kind, seq, state in itertools.product((lr.LSTM, lr.GRU, lr.SimpleRNN),
                                              (False, True), (False, True)):
        spec = kind(4, return_sequences=seq, return_state=state)
        yield spec
        for mode in ("concat", "sum", "mul", "ave", None):
            yield lr.Bidirectional(spec, merge_mode=mode)


INPUTS = [(None, 6, 3), (2, 6, 3), (None, None, 3), (5, None, 1)]


@pytest.mark.parametrize("batch, timesteps, features", INPUTS)
@pytest.mark.parametrize("spec", list(layer_grid()), ids=str)
def test_output_shape_matches_keras(spec, batch, timesteps, features):
    model = keras_model([spec], (timesteps, features), batch_size=batch)
    assert lr.output_shape(spec, (batch, timesteps, features)) == shapes(model.output)


@pytest.mark.parametrize("spec", [lr.LSTM(4, stateful=True), lr.GRU(2, stateful=True),
                                  lr.Bidirectional(lr.SimpleRNN(3, stateful=True))], ids=str)
def test_stateful_needs_a_fixed_batch_size_in_both(spec):
    with pytest.raises(ValueError, match="batch size must be static"):
        keras_model([spec], (6, 3), batch_size=None)
    with pytest.raises(lr.SpecError, match="fixed batch size"):
        lr.output_shape(spec, (None, 6, 3))
    fixed = keras_model([spec], (6, 3), batch_size=8)
    assert lr.output_shape(spec, (8, 6, 3)) == shapes(fixed.output)


STACKS = [
    ([lr.LSTM(32), lr.Dense(2)], (10, 64)),
    ([lr.LSTM(8, return_sequences=True), lr.LSTM(4)], (5, 3)),
    ([lr.LSTM(8, return_sequences=True), lr.Dense(3), lr.GRU(2)], (5, 3)),
    ([lr.Dense(4), lr.SimpleRNN(2, return_sequences=True)], (None, 3)),
    ([lr.Bidirectional(lr.LSTM(8, return_sequences=True)), lr.LSTM(4), lr.Dense(1)], (7, 2)),
    ([lr.GRU(6, return_sequences=True), lr.Bidirectional(lr.GRU(3, return_state=True))], (7, 2)),
]


@pytest.mark.parametrize("specs, input_shape", STACKS, ids=lambda v: str(v))
def test_stack_matches_keras(specs, input_shape):
    model = keras_model(specs, input_shape)
    summary = lr.summarize(specs, input_shape)
    assert summary.params == model.count_params()
    assert [row.params for row in summary.layers] == [l.count_params() for l in model.layers[1:]]
    assert summary.output_shape == shapes(model.output)


REFUSED = [
    [lr.LSTM(8), lr.LSTM(4)],                                   # 2-D into a recurrent layer
    [lr.LSTM(8, return_state=True), lr.Dense(2)],               # three tensors into one layer
    [lr.Bidirectional(lr.GRU(4, return_sequences=True), merge_mode=None), lr.Dense(2)],
]


@pytest.mark.parametrize("specs", REFUSED, ids=str)
def test_stacks_keras_refuses_are_refused(specs):
    with pytest.raises(ValueError):
        keras_model(specs, (5, 3))
    with pytest.raises(lr.SpecError):
        lr.summarize(specs, (5, 3))
