"""Layer specs: what a Keras layer call says about shapes, and nothing else.

Each spec mirrors the Keras 3 layer of the same name and checks its arguments:

>>> LSTM(32)
LSTM(32)
>>> Bidirectional(GRU(16, reset_after=False, return_sequences=True), merge_mode="sum")
Bidirectional(GRU(16, return_sequences=True, reset_after=False), merge_mode='sum')
>>> LSTM(0)
Traceback (most recent call last):
...
lstm_ref.errors.SpecError: LSTM units must be a positive integer, got 0
"""

from __future__ import annotations

from .errors import SpecError
from .messages import say
from .records import fields, frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import ClassVar

MERGE_MODES = ("concat", "sum", "mul", "ave", None)


def _check_units(kind: str, units: object) -> None:
    if isinstance(units, bool) or not isinstance(units, int) or units < 1:
        raise SpecError(say("positive", kind=kind, name="units", value=repr(units)))


def check_flags(spec: object, label: str | None = None) -> None:
    """Refuse a non-bool value in any field annotated bool; `label` names the layer."""
    for field in fields(spec):  # type: ignore[arg-type]
        value = getattr(spec, field.name)
        if field.type == "bool" and not isinstance(value, bool):
            raise SpecError(say("flag", kind=label or type(spec).__name__, name=field.name,
                                value=repr(value)))


def call_text(name: str, spec: object, positional: tuple[str, ...] = ("units", "layer"),
              show=repr) -> str:
    """Call syntax for a spec: the fields in `positional` by position (each through `show`),
    then by name only the arguments that differ from their default."""
    args = [show(getattr(spec, name)) for name in positional if hasattr(spec, name)]
    for field in fields(spec):  # type: ignore[arg-type]
        if field.name in positional:
            continue
        value = getattr(spec, field.name)
        if value != field.default:
            args.append(f"{field.name}={value!r}")
    return f"{name}({', '.join(args)})"


@frozen(repr=False)
class _Recurrent:
    """Fields shared by LSTM, GRU and SimpleRNN, with the Keras 3 defaults."""

    units: int
    return_sequences: bool = False
    return_state: bool = False
    use_bias: bool = True
    stateful: bool = False

    kind: ClassVar[str]
    gates: ClassVar[tuple[str, ...]]
    """The gate blocks stacked side by side in kernel, recurrent_kernel and bias, in Keras order."""
    blocks: ClassVar[tuple[str, ...]]
    """The same blocks as the site's text and figures name them: Keras' names, except an LSTM's
    candidate, which Keras calls c; it is g here, as in PyTorch, so that c is the cell state."""
    states: ClassVar[tuple[str, ...]]
    """The state tensors the layer carries from step to step (and returns with return_state)."""

    def __post_init__(self) -> None:
        _check_units(self.kind, self.units)
        check_flags(self)

    def __repr__(self) -> str:
        return call_text(self.kind, self)

    __str__ = __repr__


@frozen(repr=False)
class LSTM(_Recurrent):
    """keras.layers.LSTM: four gate blocks; carries two states, h (the output) and c."""

    kind: ClassVar[str] = "LSTM"
    gates: ClassVar[tuple[str, ...]] = ("i", "f", "c", "o")
    blocks: ClassVar[tuple[str, ...]] = ("i", "f", "g", "o")
    states: ClassVar[tuple[str, ...]] = ("h", "c")


@frozen(repr=False)
class GRU(_Recurrent):
    """keras.layers.GRU: three gate blocks (z, r, h); carries one state, h.

    reset_after=True (the Keras 3 default) gives the input and the recurrent
    projection separate biases, so the bias has shape (2, 3 * units).
    """

    reset_after: bool = True

    kind: ClassVar[str] = "GRU"
    gates: ClassVar[tuple[str, ...]] = ("z", "r", "h")
    blocks: ClassVar[tuple[str, ...]] = gates
    states: ClassVar[tuple[str, ...]] = ("h",)


@frozen(repr=False)
class SimpleRNN(_Recurrent):
    """keras.layers.SimpleRNN: one block, h_t = tanh(x_t W + h_{t-1} U + b)."""

    kind: ClassVar[str] = "SimpleRNN"
    gates: ClassVar[tuple[str, ...]] = ("h",)
    blocks: ClassVar[tuple[str, ...]] = gates
    states: ClassVar[tuple[str, ...]] = ("h",)


Recurrent = LSTM | GRU | SimpleRNN
"""Any of the three recurrent layer specs."""
RECURRENT_KINDS = {cls.kind: cls for cls in (LSTM, GRU, SimpleRNN)}


@frozen(repr=False)
class Bidirectional:
    """keras.layers.Bidirectional: a forward and a backward copy of `layer`, outputs merged."""

    layer: Recurrent
    merge_mode: str | None = "concat"

    kind: ClassVar[str] = "Bidirectional"

    def __post_init__(self) -> None:
        if not isinstance(self.layer, (LSTM, GRU, SimpleRNN)):
            raise SpecError(say("wraps_recurrent", value=repr(self.layer)))
        if self.merge_mode not in MERGE_MODES:
            raise SpecError(say("merge_mode", value=repr(self.merge_mode)))

    @property
    def return_sequences(self) -> bool:
        return self.layer.return_sequences

    @property
    def return_state(self) -> bool:
        return self.layer.return_state

    @property
    def stateful(self) -> bool:
        return self.layer.stateful

    def __repr__(self) -> str:
        return call_text(self.kind, self)

    __str__ = __repr__


@frozen(repr=False)
class Dense:
    """keras.layers.Dense: acts on the last axis, so it also works on (batch, timesteps, width)."""

    units: int
    use_bias: bool = True

    kind: ClassVar[str] = "Dense"

    def __post_init__(self) -> None:
        _check_units(self.kind, self.units)
        check_flags(self)

    def __repr__(self) -> str:
        return call_text(self.kind, self)

    __str__ = __repr__


Layer = LSTM | GRU | SimpleRNN | Bidirectional | Dense
"""Any layer spec lstm_ref understands."""
LAYER_KINDS = {**RECURRENT_KINDS, "Bidirectional": Bidirectional, "Dense": Dense}
