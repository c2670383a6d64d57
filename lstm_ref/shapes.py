"""Output shapes: what a layer returns for an input of shape (batch, timesteps, features).

`None` stands for a size that is not fixed: an unknown batch, or variable-length sequences.

>>> from lstm_ref import LSTM
>>> output_shape(LSTM(32), (None, 10, 64))
(None, 32)
>>> output_shape(LSTM(32, return_sequences=True), (None, 10, 64))
(None, 10, 32)
>>> output_shape(LSTM(32, return_state=True), (None, 10, 64))
[(None, 32), (None, 32), (None, 32)]
"""

from __future__ import annotations

from .errors import InputShapeError, ShapeMismatch, SpecError
from .messages import ORDER, say
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, Recurrent, SimpleRNN

Dim = int | None
"""One axis of a shape: a size, or None where it is not fixed (unknown batch, variable length)."""
Shape = tuple[Dim, ...]
"""A tensor's shape as Keras prints it, such as (None, 10, 64)."""
Output = Shape | list[Shape]
"""One shape, or a list of them when the layer returns several tensors (as Keras does)."""



def check_input_shape(shape: Shape, layer: object = "a recurrent layer") -> Shape:
    """Check a recurrent layer's input shape and return it as a tuple.

    Examples:
        >>> check_input_shape((None, 30))
        Traceback (most recent call last):
        ...
        lstm_ref.errors.ShapeMismatch: a recurrent layer expects a 3-D input (batch, timesteps, features), got (None, 30): did you forget the batch axis?
    """
    shape = tuple(shape)
    if len(shape) != 3:
        hint = say("fix_batch_axis") if len(shape) == 2 else ""
        raise ShapeMismatch(layer, shape, say("wants_sequence"), hint)
    for axis, dim in zip(("batch", "timesteps", "features"), shape):
        if dim is not None and (isinstance(dim, bool) or not isinstance(dim, int) or dim < 1):
            raise InputShapeError(say("axis_value", layer=layer, axis=axis, order=ORDER,
                                      value=repr(dim), shape=shape))
    if shape[2] is None:
        raise ShapeMismatch(layer, shape, say("wants_features", order=ORDER))
    return shape


def _recurrent_output(layer: Recurrent, shape: Shape, width: int) -> list[Shape]:
    """[output, state, ...] before merging: the output has `width` on its last axis."""
    batch, timesteps, _ = shape
    output = (batch, timesteps, width) if layer.return_sequences else (batch, width)
    return [output] + [(batch, layer.units) for _ in layer.states]


def output_shape(layer: Layer, input_shape: Shape) -> Output:
    """The shape of what `layer` returns, or the list of shapes when it returns several.

    With return_state an LSTM returns [output, h, c]; a GRU or SimpleRNN [output, h].
    Bidirectional returns the merged output, then the forward states, then the backward ones:

    Examples:
        >>> from lstm_ref import GRU, LSTM, Bidirectional, Dense
        >>> output_shape(Bidirectional(LSTM(8, return_state=True)), (None, 5, 3))
        [(None, 16), (None, 8), (None, 8), (None, 8), (None, 8)]
        >>> output_shape(Bidirectional(GRU(8), merge_mode=None), (4, 5, 3))
        [(4, 8), (4, 8)]
        >>> output_shape(Dense(2), (None, 10, 32))
        (None, 10, 2)
    """
    if isinstance(layer, Dense):
        shape = tuple(input_shape)
        if len(shape) < 2 or shape[-1] is None:
            raise ShapeMismatch(layer, shape, say("wants_last_axis"))
        return shape[:-1] + (layer.units,)
    if not isinstance(layer, (LSTM, GRU, SimpleRNN, Bidirectional)):
        from .around_shapes import around_output_shape

        return around_output_shape(layer, tuple(input_shape))

    shape = check_input_shape(input_shape, layer)
    if layer.stateful and shape[0] is None:
        raise SpecError(say("stateful", layer=layer, order=ORDER))
    if isinstance(layer, Bidirectional) and layer.stateful and layer.return_state:
        raise SpecError(say("stateful_state", layer=layer))
    if not isinstance(layer, Bidirectional):
        outputs = _recurrent_output(layer, shape, layer.units)
        return outputs if layer.return_state else outputs[0]

    inner = layer.layer
    width = 2 * inner.units if layer.merge_mode == "concat" else inner.units
    merged, *states = _recurrent_output(inner, shape, width)
    if layer.merge_mode is None:
        single = _recurrent_output(inner, shape, inner.units)[0]
        merged_outputs = [single, single]
    else:
        merged_outputs = [merged]
    if inner.return_state:
        return merged_outputs + states + states
    return merged_outputs if layer.merge_mode is None else merged
