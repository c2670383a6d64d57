"""A stack of layers, as keras.Sequential builds it: each layer's input width is the
previous layer's output width.

>>> summary = summarize([LSTM(32), Dense(2)], input_shape=(10, 64))
>>> [(row.layer, row.params, row.output_shape) for row in summary.layers]
[(LSTM(32), 12416, (None, 32)), (Dense(2), 66, (None, 2))]
>>> summary.params
12482
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Optional, Sequence

from .errors import InputShapeError, SpecError
from .params import Formula, Weight, formula, weights
from .shapes import ORDER, Output, Shape, check_input_shape, output_shape
from .specs import Bidirectional, Dense, Layer, LSTM, GRU, SimpleRNN


@dataclass(frozen=True)
class LayerSummary:
    """One row of the summary: the layer, what it receives, learns and returns."""

    layer: Layer
    input_shape: Shape
    weights: tuple[Weight, ...]
    formula: Formula
    output_shape: Output

    @property
    def params(self) -> int:
        return self.formula.total


@dataclass(frozen=True)
class Summary:
    """The stack as model.summary() would describe it, plus the why."""

    input_shape: Shape
    layers: tuple[LayerSummary, ...]

    @property
    def params(self) -> int:
        return sum(row.params for row in self.layers)

    @property
    def output_shape(self) -> Output:
        return self.layers[-1].output_shape


def _input_shape(input_shape: Sequence, batch_size: Optional[int]) -> Shape:
    shape = tuple(input_shape)
    if len(shape) != 2:
        raise InputShapeError(
            f"expected input_shape=(timesteps, features), the input {ORDER} without its batch "
            f"axis, got {shape}"
        )
    if batch_size is not None and (isinstance(batch_size, bool)
                                   or not isinstance(batch_size, int) or batch_size < 1):
        raise InputShapeError(f"expected batch_size to be a positive integer, got {batch_size!r}")
    return check_input_shape((batch_size,) + shape, "the stack's input")


def summarize(layers: Sequence[Layer], input_shape: Sequence,
              batch_size: Optional[int] = None) -> Summary:
    """Summarize `layers` applied in order to inputs of shape (batch_size, *input_shape).

    A recurrent layer after another needs a 3-D input, so the one below must set
    return_sequences=True:

    Examples:
        >>> summarize([LSTM(8), LSTM(4)], input_shape=(5, 3))
        Traceback (most recent call last):
        ...
        lstm_ref.errors.SpecError: layer 2, LSTM(4), expects a 3-D input (batch, timesteps, features) but receives (None, 8): set return_sequences=True on layer 1, LSTM(8)
    """
    if not layers:
        raise SpecError("expected at least one layer")
    shape = _input_shape(input_shape, batch_size)
    rows = []
    for index, layer in enumerate(layers, start=1):
        if not isinstance(layer, (LSTM, GRU, SimpleRNN, Bidirectional, Dense)):
            raise SpecError(f"layer {index} is not a layer spec: {layer!r}")
        if rows:
            shape = _single_output(rows[-1], index - 1)
            if not isinstance(layer, Dense) and len(shape) != 3:
                # Dense keeps the rank, so the time axis was dropped by the last recurrent layer.
                culprit = max(j for j, row in enumerate(rows, start=1)
                              if not isinstance(row.layer, Dense))
                raise SpecError(
                    f"layer {index}, {layer}, expects a 3-D input {ORDER} but receives {shape}: "
                    f"set return_sequences=True on layer {culprit}, {rows[culprit - 1].layer}"
                )
        features = shape[-1]
        rows.append(LayerSummary(
            layer=layer,
            input_shape=shape,
            weights=tuple(weights(layer, features)),
            formula=formula(layer, features),
            output_shape=output_shape(layer, shape),
        ))
    return Summary(input_shape=rows[0].input_shape, layers=tuple(rows))


def _single_output(row: LayerSummary, index: int) -> Shape:
    if isinstance(row.output_shape, list):
        raise SpecError(
            f"layer {index}, {row.layer}, returns {len(row.output_shape)} tensors, so no layer "
            "can follow it in a stack: only the last layer may set return_state=True "
            "(or Bidirectional merge_mode=None)"
        )
    return row.output_shape
