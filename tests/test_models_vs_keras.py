"""Hypothesis-generated models that mix every layer kind lstm_ref reads, valid and invalid,
built layer by layer in Keras: per-layer output shapes, trainable and non-trainable counts,
totals, and for a model Keras refuses, the index of the layer it fails at.

The generator uses lstm_ref's shapes only to steer towards models that go on (so that most
examples are deep enough to be interesting); Keras alone decides what each layer does.
"""

from math import prod

import keras
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import lstm_ref as lr
from keras_bridge import keras_layer, shapes

# Keras warns when a layer after Masking or Embedding(mask_zero=True) drops the mask, and about
# Keras 2's input_shape=; both are expected here and say nothing about shapes.
pytestmark = [pytest.mark.filterwarnings("ignore:.*does not support masking:UserWarning"),
              pytest.mark.filterwarnings("ignore:Do not pass an `input_shape`:UserWarning"),
              pytest.mark.filterwarnings("ignore:Argument `input_length` is deprecated:UserWarning")]

small = st.integers(min_value=1, max_value=6)
flags = st.booleans()
rarely = st.sampled_from([False, False, False, True])


@st.composite
def recurrent(draw, wrapped=False):
    """A recurrent layer; `wrapped` (inside TimeDistributed): neither stateful nor with states."""
    kind = draw(st.sampled_from(["LSTM", "GRU", "SimpleRNN"]))
    fields = dict(units=draw(small), return_sequences=draw(flags), use_bias=draw(flags),
                  return_state=False if wrapped else draw(rarely),
                  stateful=False if wrapped else draw(rarely))
    if kind == "GRU":
        fields["reset_after"] = draw(flags)
    return getattr(lr, kind)(**fields)


@st.composite
def conv1d(draw):
    groups = draw(st.sampled_from([1, 1, 2]))
    strided = draw(flags)
    return lr.Conv1D(groups * draw(small), draw(st.integers(1, 4)),
                     strides=draw(st.integers(1, 3)) if strided else 1,
                     padding=draw(st.sampled_from(["valid", "same", "causal"])),
                     dilation_rate=1 if strided else draw(st.integers(1, 3)),
                     groups=groups, use_bias=draw(flags))


@st.composite
def conv2d(draw):
    return lr.Conv2D(draw(small), (draw(st.integers(1, 3)), draw(st.integers(1, 3))),
                     strides=draw(st.integers(1, 2)), padding=draw(st.sampled_from(["valid",
                                                                                    "same"])),
                     use_bias=draw(flags))


def pooling(cls, rank):
    size = st.integers(1, 3) if rank == 1 else st.tuples(st.integers(1, 2), st.integers(1, 2))
    return st.builds(cls, size, strides=st.one_of(st.none(), st.integers(1, 3)),
                     padding=st.sampled_from(["valid", "same"]))


@st.composite
def reshape(draw):
    shape = draw(st.sampled_from([(-1,), (-1, 2), (2, -1), (-1, 3), (4,), (2, 3), (-1, 2, 2)]))
    return lr.Reshape(shape)


@st.composite
def permute(draw):
    return lr.Permute(tuple(draw(st.permutations(range(1, draw(st.integers(1, 3)) + 1)))))


dense = st.builds(lr.Dense, small, flags)
simple = {
    "Dense": dense,
    "Embedding": st.builds(lr.Embedding, st.integers(1, 30), small, mask_zero=flags),
    "Masking": st.just(lr.Masking()),
    "Dropout": st.builds(lr.Dropout, st.sampled_from([0.0, 0.2, 0.5])),
    "SpatialDropout1D": st.just(lr.SpatialDropout1D(0.2)),
    "GaussianNoise": st.just(lr.GaussianNoise(0.1)),
    "Activation": st.builds(lr.Activation, st.sampled_from(["relu", "tanh", "softmax"])),
    "Conv1D": conv1d(),
    "MaxPooling1D": pooling(lr.MaxPooling1D, 1),
    "AveragePooling1D": pooling(lr.AveragePooling1D, 1),
    "GlobalMaxPooling1D": st.builds(lr.GlobalMaxPooling1D, keepdims=flags),
    "GlobalAveragePooling1D": st.builds(lr.GlobalAveragePooling1D, keepdims=flags),
    "Flatten": st.just(lr.Flatten()),
    "Reshape": reshape(),
    "RepeatVector": st.builds(lr.RepeatVector, small),
    "Permute": permute(),
    "Conv2D": conv2d(),
    "MaxPooling2D": pooling(lr.MaxPooling2D, 2),
    "BatchNormalization": st.builds(lr.BatchNormalization, axis=st.sampled_from([-1, -1, 1]),
                                    center=flags, scale=flags),
    "LayerNormalization": st.builds(lr.LayerNormalization,
                                    axis=st.sampled_from([-1, -1, 1, (1, 2)]),
                                    center=flags, scale=flags),
    "Recurrent": recurrent(),
    "Bidirectional": st.builds(lr.Bidirectional, recurrent(),
                               st.sampled_from(["concat", "sum", "mul", "ave", None])),
}
inner = st.one_of(dense, conv1d(), conv2d(), recurrent(wrapped=True),
                  st.just(lr.Flatten()), pooling(lr.MaxPooling2D, 2),
                  st.builds(lr.GlobalMaxPooling1D), st.just(lr.Dropout(0.1)))
simple["TimeDistributed"] = st.builds(lr.TimeDistributed, inner)
ALL = st.one_of(*simple.values())

# Kinds that usually fit an input of a given rank (batch axis included); any kind may follow.
FITS = {
    2: ["Dense", "Embedding", "Dropout", "Activation", "BatchNormalization",
        "LayerNormalization", "RepeatVector", "Flatten", "Reshape", "GaussianNoise", "Masking"],
    3: ["Recurrent", "Recurrent", "Bidirectional", "Conv1D", "Conv1D", "MaxPooling1D",
        "AveragePooling1D", "GlobalMaxPooling1D", "GlobalAveragePooling1D", "SpatialDropout1D",
        "Flatten", "Dense", "TimeDistributed", "Permute", "Masking", "BatchNormalization",
        "LayerNormalization", "Reshape", "Embedding"],
    4: ["TimeDistributed", "TimeDistributed", "Conv2D", "MaxPooling2D", "Flatten", "Reshape",
        "Permute", "Dense", "LayerNormalization"],
    5: ["TimeDistributed"],
}


@st.composite
def models(draw, first: str):
    """(per-sample input shape, batch size, [(spec, trainable), ...]): the first layer is of
    kind `first` (each kind leads some models), on an input of a rank it usually takes."""
    rank = draw(st.sampled_from([r for r in sorted(FITS) if first in FITS[r]])) - 1
    dims = tuple(draw(st.one_of(st.integers(1, 9), st.integers(2, 9), st.integers(3, 9),
                                st.none())) for _ in range(rank))
    batch = draw(st.sampled_from([None, None, None, 2]))
    shape, specs = (batch, *dims), []
    for position in range(draw(st.integers(2, 7))):
        if position == 0:
            spec = draw(simple[first])
        elif shape is None or len(shape) not in FITS or draw(st.integers(0, 9)) == 0:
            spec = draw(ALL)
        else:
            spec = draw(simple[draw(st.sampled_from(FITS[len(shape)]))])
        specs.append((spec, draw(st.sampled_from([True] * 7 + [False]))))
        try:
            out = lr.output_shape(spec, shape)
        except lr.LstmRefError:
            break
        if isinstance(out, list):
            break
        shape = out
    return dims, batch, specs


def keras_rows(dims, batch, specs):
    """Build in Keras layer by layer: per layer (output shape(s), trainable, non-trainable),
    and the 1-based index of the layer Keras raises at (None if it builds).

    Keras' TimeDistributed builds without checking that its layer takes one step's shape
    (TimeDistributed(LSTM(1)) on a 5-D input builds; predict then fails, see
    test_time_distributed_fails_when_it_runs): the judge also calls the inner layer on one
    step, as TimeDistributed does when the model runs."""
    x = keras.Input(batch_shape=(batch, *dims))
    rows = []
    for index, (spec, trainable) in enumerate(specs, start=1):
        try:
            layer = keras_layer(spec, trainable=trainable)
            step = (x.shape[0], *x.shape[2:])
            x = layer(x)
            if spec.kind == "TimeDistributed":
                keras_layer(spec.layer)(keras.Input(batch_shape=step))
        except Exception:  # noqa: BLE001 - any refusal; lstm_ref must name the same layer
            return rows, index
        frozen = sum(prod(w.shape) for w in layer.non_trainable_weights)
        rows.append((shapes(x), layer.count_params() - frozen, frozen))
    return rows, None


# Sized for two cores: 4 models led by each of 25 kinds, each up to 7 Keras layers built one
# by one (about 20 s in all).
PER_KIND = 4


@pytest.mark.parametrize("first", sorted(simple))
@settings(max_examples=PER_KIND, deadline=None, derandomize=True,
          suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
@given(data=st.data())
def test_generated_model_agrees_with_keras(first, data):
    dims, batch, specs = data.draw(models(first))
    expected, failing = keras_rows(dims, batch, specs)
    parsed = [lr.calls.ParsedLayer(spec, trainable=trainable) for spec, trainable in specs]
    try:
        summary = lr.summarize(parsed, dims, batch_size=batch)
    except lr.ModelError as error:
        assert error.layer == failing, (str(error), failing)
        return
    assert failing is None, f"Keras refuses layer {failing}; lstm_ref accepts it"
    got = [(row.output_shape, row.trainable_params, row.non_trainable_params)
           for row in summary.layers]
    assert got == expected
    assert summary.params == sum(t + n for _, t, n in expected)
    assert summary.non_trainable_params == sum(n for _, _, n in expected)


def test_the_generator_makes_valid_and_invalid_models_of_every_kind():
    """The property above is only as good as its examples: every kind appears, some models
    are valid and some invalid (with the same derandomized draws as the test above)."""
    seen, outcomes = set(), {True: 0, False: 0}
    for first in sorted(simple):

        @settings(max_examples=PER_KIND, derandomize=True, database=None,
                  suppress_health_check=[HealthCheck.too_slow, HealthCheck.filter_too_much])
        @given(data=st.data())
        def collect(data):
            dims, batch, specs = data.draw(models(first))
            for spec, _ in specs:
                seen.add(spec.kind)
                if spec.kind in ("Bidirectional", "TimeDistributed"):
                    seen.add(spec.layer.kind)
            try:
                lr.summarize([lr.calls.ParsedLayer(s, trainable=t) for s, t in specs], dims, batch)
                outcomes[True] += 1
            except lr.LstmRefError:
                outcomes[False] += 1

        collect()
    assert set(lr.catalog.KINDS) <= seen, set(lr.catalog.KINDS) - seen
    total = sum(outcomes.values())
    assert outcomes[True] >= total // 4 and outcomes[False] >= total // 6, outcomes


def test_time_distributed_fails_when_it_runs():
    """Why the judge calls TimeDistributed's layer on one step: Keras builds these models, and
    lstm_ref refuses them, because predict() fails."""
    import numpy as np

    for inner in (keras.layers.LSTM(1), keras.layers.RepeatVector(2)):
        model = keras.Sequential([keras.Input((3, 4, 5, 2)), keras.layers.TimeDistributed(inner)])
        with pytest.raises(ValueError):
            model.predict(np.zeros((2, 3, 4, 5, 2)), verbose=0)
    for text in ("TimeDistributed(LSTM(1))", "TimeDistributed(RepeatVector(2))"):
        with pytest.raises(lr.ModelError) as refused:
            lr.summarize([lr.parse_layer(text).layer], (3, 4, 5, 2))
        assert refused.value.layer == 1
