"""A stack of layers, as keras.Sequential (or a single-chain functional model) builds it:
each layer receives what the one before returns.

>>> summary = summarize([LSTM(32), Dense(2)], input_shape=(10, 64))
>>> [(row.layer, row.params, row.output_shape) for row in summary.layers]
[(LSTM(32), 12416, (None, 32)), (Dense(2), 66, (None, 2))]
>>> summary.params
12482

The first layer Keras would refuse is named by its index (from 1, the Input not counted),
with what it receives, what it expects and the fix:

>>> from lstm_ref.layers import Embedding
>>> summarize([Embedding(1000, 8), LSTM(4)], input_shape=(80, 3))
Traceback (most recent call last):
...
lstm_ref.errors.ModelError: layer 2, LSTM(4), expects a 3-D input (batch, timesteps, features) but receives (None, 80, 3, 8): layer 1, Embedding(1000, 8), received the 3-D input (None, 80, 3) and added an axis; an Embedding takes (batch, timesteps) integer ids, so give the input shape (80,)
"""

from __future__ import annotations

from math import prod

from .calls import ParsedLayer
from .errors import InputShapeError, LstmRefError, ModelError, ShapeMismatch, SpecError
from .layers import LAYER_TYPES
from .messages import say, with_fix
from .params import Formula, Weight, formula, weights
from .records import frozen, replace
from .shapes import ORDER, Output, Shape, output_shape
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, SimpleRNN

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional, Sequence


@frozen
class LayerSummary:
    """One row of the summary: the layer, what it receives, learns and returns."""

    layer: Layer
    input_shape: Shape
    weights: tuple[Weight, ...]
    formula: Formula
    output_shape: Output
    trainable: bool = True
    """False when the call said trainable=False: then every weight is non-trainable."""
    line: Optional[int] = None
    """The line of pasted code the layer came from, if any."""

    @property
    def params(self) -> int:
        return self.formula.total

    @property
    def trainable_params(self) -> int:
        return sum(w.count for w in self.weights if w.trainable)

    @property
    def non_trainable_params(self) -> int:
        return self.params - self.trainable_params

    @property
    def output_shapes(self) -> list[Shape]:
        """The output shapes, always as a list (one shape for most layers)."""
        return list(self.output_shape) if isinstance(self.output_shape, list) \
            else [self.output_shape]


@frozen
class Summary:
    """The stack as model.summary() would describe it, plus the why."""

    input_shape: Shape
    layers: tuple[LayerSummary, ...]

    @property
    def params(self) -> int:
        return sum(row.params for row in self.layers)

    @property
    def trainable_params(self) -> int:
        return sum(row.trainable_params for row in self.layers)

    @property
    def non_trainable_params(self) -> int:
        return sum(row.non_trainable_params for row in self.layers)

    @property
    def output_shape(self) -> Output:
        return self.layers[-1].output_shape


def model_input_shape(input_shape: Sequence, batch_size: Optional[int] = None) -> Shape:
    """(batch_size, *input_shape), checked: each axis a positive integer or None.

    Examples:
        >>> model_input_shape((None, 3)), model_input_shape((80,), batch_size=32)
        ((None, None, 3), (32, 80))
        >>> model_input_shape((0, 3))
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: expected each axis of the input shape (without the batch axis) to be a positive integer or None, got 0 in (0, 3)
    """
    if not isinstance(input_shape, (tuple, list)):
        raise InputShapeError(say("input_tuple", value=repr(input_shape)))
    shape = tuple(input_shape)
    for dim in shape:
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
            raise InputShapeError(say("input_axis", value=repr(dim), shape=shape))
    if batch_size is not None and (isinstance(batch_size, bool)
                                   or not isinstance(batch_size, int) or batch_size < 1):
        raise InputShapeError(say("batch_size", value=repr(batch_size)))
    return (batch_size,) + shape


def _unpack(item) -> ParsedLayer:
    if isinstance(item, ParsedLayer):
        return item
    return ParsedLayer(item)


def summarize(layers: Sequence, input_shape: Sequence,
              batch_size: Optional[int] = None) -> Summary:
    """Summarize `layers` applied in order to inputs of shape (batch_size, *input_shape).

    `layers` holds specs, or ParsedLayer rows from the model reader (which carry
    trainable=False and source lines). `input_shape` is the per-sample shape of any rank,
    as keras.Input(shape=...) takes it. A recurrent layer after another needs a 3-D input,
    so the one below must set return_sequences=True:

    Examples:
        >>> summarize([LSTM(8), LSTM(4)], input_shape=(5, 3))
        Traceback (most recent call last):
        ...
        lstm_ref.errors.ModelError: layer 2, LSTM(4), expects a 3-D input (batch, timesteps, features) but receives (None, 8): set return_sequences=True on layer 1, LSTM(8)
    """
    if not layers:
        raise SpecError(say("empty"))
    shape = model_input_shape(input_shape, batch_size)
    rows: list[LayerSummary] = []
    for index, item in enumerate(layers, start=1):
        parsed = _unpack(item)
        layer = parsed.layer
        if not isinstance(layer, LAYER_TYPES):
            raise ModelError(say("not_a_spec", index=index, value=repr(layer)), index,
                             parsed.line)
        if rows:
            shape = _single_output(rows[-1], index, layer)
        try:
            out = output_shape(layer, shape)
            found = weights(layer, shape)
            count = formula(layer, shape)
        except ShapeMismatch as error:
            fix = _fix(error, rows, shape) or error.hint
            raise ModelError(with_fix(say("receives", index=index, layer=layer,
                                          expected=error.expected, shape=shape), fix),
                             index, parsed.line) from None
        except LstmRefError as error:
            raise ModelError(say("layer", index=index, problem=error), index,
                             parsed.line) from None
        if not parsed.trainable:
            found = [replace(w, trainable=False) for w in found]
        rows.append(LayerSummary(layer, shape, tuple(found), count, out, parsed.trainable,
                                 parsed.line))
    return Summary(input_shape=rows[0].input_shape, layers=tuple(rows))


def _single_output(row: LayerSummary, index: int, layer) -> Shape:
    if isinstance(row.output_shape, list):
        raise ModelError(say("several_tensors", index=index, layer=layer,
                             count=len(row.output_shape), previous=index - 1,
                             previous_layer=row.layer), index, row.line)
    return row.output_shape


RECURRENT = (LSTM, GRU, SimpleRNN, Bidirectional)


def _reducer(rows: Sequence[LayerSummary]):
    """The last layer that returned fewer axes than it received, with its index."""
    for index in range(len(rows), 0, -1):
        row = rows[index - 1]
        if not isinstance(row.output_shape, list) and len(row.output_shape) < len(row.input_shape):
            return index, row
    return None


def _fix(error: ShapeMismatch, rows: Sequence[LayerSummary], shape: Shape) -> str:
    """How to fix a rank or size mismatch, from what the layers before did."""
    expected = error.expected
    wants_sequence = expected.startswith("a 3-D input")
    if wants_sequence and len(shape) == 2:
        found = _reducer(rows)
        if found is None:
            return say("fix_input_sequence")
        index, row = found
        if isinstance(row.layer, RECURRENT):
            return say("fix_return_sequences", index=index, layer=row.layer)
        return say("fix_removed_timesteps", index=index, layer=row.layer)
    if wants_sequence and len(shape) > 3:
        for index, row in enumerate(rows, start=1):
            if row.layer.kind == "Embedding" and len(row.input_shape) >= 3:
                return say("fix_embedding", index=index, layer=row.layer,
                           rank=len(row.input_shape), shape=row.input_shape,
                           steps=row.input_shape[1])
        if not rows:
            return say("fix_input_batch")
        if any(row.layer.kind == "TimeDistributed" for row in rows):
            return say("fix_flatten_steps")
        return say("fix_reduce")
    if expected == say("wants_image"):
        return say("fix_image")
    if "last axis" in expected and shape and shape[-1] is None:
        for index in range(len(rows), 0, -1):
            row = rows[index - 1]
            if row.layer.kind == "Flatten" and None in row.input_shape[1:]:
                return say("fix_flatten_none", index=index, layer=row.layer,
                           shape=row.input_shape)
        return say("fix_fixed_size")
    if expected == say("wants_vector") and len(shape) == 3:
        return say("fix_repeat")
    return ""
