"""Hypothesis-generated stacks: lstm_ref and Keras agree on counts and shapes, or both refuse."""

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lstm_ref as lr
from keras_bridge import keras_model, shapes

units = st.integers(min_value=1, max_value=24)
flags = st.booleans()
rarely = st.sampled_from([False, False, False, True])


@st.composite
def recurrent(draw):
    kind = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"]))
    fields = dict(units=draw(units), return_sequences=draw(flags), use_bias=draw(flags),
                  return_state=draw(rarely), stateful=draw(rarely))
    if kind == "GRU":
        fields["reset_after"] = draw(flags)
    return getattr(lr, kind)(**fields)


layer = st.one_of(
    recurrent(),
    st.builds(lr.Bidirectional, recurrent(), st.sampled_from(["concat", "sum", "mul", "ave", None])),
    st.builds(lr.Dense, units, flags),
)

# Sized for two cores: each example builds a Keras model, about 50 ms a layer.
EXAMPLES = 200


@settings(max_examples=EXAMPLES, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow])
@given(specs=st.lists(layer, min_size=1, max_size=3),
       timesteps=st.one_of(st.none(), st.integers(1, 12)),
       features=st.integers(1, 16),
       batch=st.one_of(st.none(), st.integers(1, 4)))
def test_generated_stack_agrees_with_keras(specs, timesteps, features, batch):
    try:
        summary = lr.summarize(specs, (timesteps, features), batch_size=batch)
    except lr.SpecError:
        with pytest.raises(ValueError):
            keras_model(specs, (timesteps, features), batch_size=batch)
        return
    model = keras_model(specs, (timesteps, features), batch_size=batch)
    assert summary.params == model.count_params()
    assert [row.params for row in summary.layers] == [l.count_params() for l in model.layers[1:]]
    assert summary.output_shape == shapes(model.output)
