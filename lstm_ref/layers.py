"""Specs for the layers people put around recurrent ones: Embedding, Conv1D, pooling, Flatten, ...

Like the recurrent specs in `lstm_ref.specs`, each mirrors the Keras 3 layer of the same
name, keeps only the arguments that change shapes or parameter counts (with Keras'
defaults), and refuses what the Keras constructor refuses:

>>> Conv1D(64, 3, padding="causal")
Conv1D(64, 3, padding='causal')
>>> TimeDistributed(Conv2D(8, (3, 3)))
TimeDistributed(Conv2D(8, (3, 3)))
>>> Dropout(1.5)
Traceback (most recent call last):
...
lstm_ref.errors.SpecError: Dropout rate must be a number from 0 to 1, got 1.5
"""

from __future__ import annotations

from .errors import SpecError
from .messages import say
from .records import frozen, required
from .specs import Bidirectional, Dense, GRU, LSTM, SimpleRNN, call_text, check_flags

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, ClassVar, Optional


def _is_int(value: object) -> bool:
    return isinstance(value, int) and not isinstance(value, bool)


def positive_int(kind: str, name: str, value: object) -> int:
    """`value` if it is a positive int, else a SpecError naming the argument."""
    if not _is_int(value) or value < 1:
        raise SpecError(say("positive", kind=kind, name=name, value=repr(value)))
    return value


def int_tuple(kind: str, name: str, value: object, rank: int) -> tuple[int, ...]:
    """An int or a tuple of `rank` positive ints, as Keras' standardize_tuple reads it."""
    items = (value,) * rank if _is_int(value) else value
    if (not isinstance(items, (tuple, list)) or len(items) != rank
            or not all(_is_int(v) and v >= 1 for v in items)):
        raise SpecError(say("positive" if rank == 1 else "int_tuple", kind=kind, name=name,
                            rank=rank, value=repr(value)))
    return tuple(items)


def _choice(kind: str, name: str, value: object, allowed: tuple[str, ...]) -> str:
    if not isinstance(value, str) or value.lower() not in allowed:
        listed = ", ".join(repr(a) for a in allowed)
        raise SpecError(say("choice", kind=kind, name=name, allowed=listed, value=repr(value)))
    return value.lower()


def _rate(kind: str, name: str, value: object) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)) or not 0 <= value <= 1:
        raise SpecError(say("rate", kind=kind, name=name, value=repr(value)))
    return value


def _data_format(kind: str, value: object) -> None:
    if value not in (None, "channels_last"):
        raise SpecError(say("channels_last", kind=kind, value=repr(value)))


def _set(spec: object, name: str, value: object) -> None:
    object.__setattr__(spec, name, value)


@frozen(repr=False)
class _Spec:
    """Shared by the specs here: the call text shows the positional arguments, then the
    keyword arguments that differ from Keras' default."""

    kind: ClassVar[str]
    positional: ClassVar[tuple[str, ...]] = ()
    """Fields shown positionally in the call text (the required ones, in Keras order)."""

    def __post_init__(self) -> None:
        check_flags(self, self.kind)
        self.check()

    def check(self) -> None:
        """Refuse what the Keras constructor refuses (overridden per kind)."""

    def __repr__(self) -> str:
        return call_text(self.kind, self, tuple(self.positional))

    __str__ = __repr__


@frozen(repr=False)
class Embedding(_Spec):
    """keras.layers.Embedding: integer ids in, one `output_dim` vector per id out.

    It adds an axis: (batch, timesteps) of ids gives (batch, timesteps, output_dim).
    """

    input_dim: int
    output_dim: int
    mask_zero: bool = False

    kind: ClassVar[str] = "Embedding"
    positional: ClassVar[tuple[str, ...]] = ("input_dim", "output_dim")

    def check(self) -> None:
        positive_int(self.kind, "input_dim", self.input_dim)
        positive_int(self.kind, "output_dim", self.output_dim)


@frozen(repr=False)
class Masking(_Spec):
    """keras.layers.Masking: marks timesteps equal to mask_value as padding; shape unchanged."""

    kind: ClassVar[str] = "Masking"


@frozen(repr=False)
class Dropout(_Spec):
    """keras.layers.Dropout: zeroes a fraction `rate` of the inputs in training; shape unchanged."""

    rate: float

    kind: ClassVar[str] = "Dropout"
    positional: ClassVar[tuple[str, ...]] = ("rate",)

    def check(self) -> None:
        _rate(self.kind, "rate", self.rate)


@frozen(repr=False)
class SpatialDropout1D(Dropout):
    """keras.layers.SpatialDropout1D: drops whole feature channels of (batch, timesteps, features)."""

    kind: ClassVar[str] = "SpatialDropout1D"


@frozen(repr=False)
class GaussianNoise(_Spec):
    """keras.layers.GaussianNoise: adds noise in training; shape unchanged."""

    stddev: float

    kind: ClassVar[str] = "GaussianNoise"
    positional: ClassVar[tuple[str, ...]] = ("stddev",)

    def check(self) -> None:
        _rate(self.kind, "stddev", self.stddev)


@frozen(repr=False)
class Activation(_Spec):
    """keras.layers.Activation: applies a function element-wise; shape unchanged."""

    activation: Any

    kind: ClassVar[str] = "Activation"
    positional: ClassVar[tuple[str, ...]] = ("activation",)


@frozen(repr=False)
class _Conv(_Spec):
    filters: int
    kernel_size: Any
    strides: Any = 1
    padding: str = "valid"
    data_format: Optional[str] = None
    dilation_rate: Any = 1
    groups: int = 1
    use_bias: bool = True

    rank: ClassVar[int]
    paddings: ClassVar[tuple[str, ...]] = ("valid", "same")
    positional: ClassVar[tuple[str, ...]] = ("filters", "kernel_size")

    def check(self) -> None:
        positive_int(self.kind, "filters", self.filters)
        positive_int(self.kind, "groups", self.groups)
        for name in ("kernel_size", "strides", "dilation_rate"):
            value = int_tuple(self.kind, name, getattr(self, name), self.rank)
            _set(self, name, value[0] if self.rank == 1 else value)
        _set(self, "padding", _choice(self.kind, "padding", self.padding, self.paddings))
        _data_format(self.kind, self.data_format)
        if self.filters % self.groups:
            raise SpecError(say("groups", kind=self.kind, filters=self.filters,
                                groups=self.groups))
        steps = [self.strides] if self.rank == 1 else list(self.strides)
        dilations = [self.dilation_rate] if self.rank == 1 else list(self.dilation_rate)
        if max(steps) > 1 and max(dilations) > 1:
            raise SpecError(say("strides_dilation", kind=self.kind, strides=self.strides,
                                dilation=self.dilation_rate))

    def tuples(self) -> tuple[tuple[int, ...], tuple[int, ...], tuple[int, ...]]:
        """kernel_size, strides and dilation_rate, each as a tuple of `rank` ints."""
        as_tuple = (lambda v: (v,)) if self.rank == 1 else tuple
        return as_tuple(self.kernel_size), as_tuple(self.strides), as_tuple(self.dilation_rate)


@frozen(repr=False)
class Conv1D(_Conv):
    """keras.layers.Conv1D over (batch, steps, channels); padding may also be 'causal'."""

    kind: ClassVar[str] = "Conv1D"
    rank: ClassVar[int] = 1
    paddings: ClassVar[tuple[str, ...]] = ("valid", "same", "causal")


@frozen(repr=False)
class Conv2D(_Conv):
    """keras.layers.Conv2D over (batch, rows, cols, channels): a video frame in TimeDistributed."""

    strides: Any = (1, 1)
    dilation_rate: Any = (1, 1)

    kind: ClassVar[str] = "Conv2D"
    rank: ClassVar[int] = 2


@frozen(repr=False)
class _Pooling(_Spec):
    pool_size: Any = 2
    strides: Any = None
    padding: str = "valid"
    data_format: Optional[str] = None

    rank: ClassVar[int]

    def check(self) -> None:
        size = int_tuple(self.kind, "pool_size", self.pool_size, self.rank)
        _set(self, "pool_size", size[0] if self.rank == 1 else size)
        if self.strides is not None:
            strides = int_tuple(self.kind, "strides", self.strides, self.rank)
            _set(self, "strides", strides[0] if self.rank == 1 else strides)
        _set(self, "padding", _choice(self.kind, "padding", self.padding, ("valid", "same")))
        _data_format(self.kind, self.data_format)

    def tuples(self) -> tuple[tuple[int, ...], tuple[int, ...]]:
        """pool_size and strides (pool_size when None), each as a tuple of `rank` ints."""
        as_tuple = (lambda v: (v,)) if self.rank == 1 else tuple
        strides = self.pool_size if self.strides is None else self.strides
        return as_tuple(self.pool_size), as_tuple(strides)


@frozen(repr=False)
class MaxPooling1D(_Pooling):
    """keras.layers.MaxPooling1D: the largest value in each window of pool_size steps."""

    kind: ClassVar[str] = "MaxPooling1D"
    rank: ClassVar[int] = 1


@frozen(repr=False)
class AveragePooling1D(_Pooling):
    """keras.layers.AveragePooling1D: the mean of each window of pool_size steps. Unlike
    MaxPooling1D, Keras 3 gives pool_size no default."""

    pool_size: Any = required()  # overrides the inherited default

    kind: ClassVar[str] = "AveragePooling1D"
    positional: ClassVar[tuple[str, ...]] = ("pool_size",)
    rank: ClassVar[int] = 1


@frozen(repr=False)
class MaxPooling2D(_Pooling):
    """keras.layers.MaxPooling2D over (batch, rows, cols, channels)."""

    pool_size: Any = (2, 2)

    kind: ClassVar[str] = "MaxPooling2D"
    rank: ClassVar[int] = 2


@frozen(repr=False)
class GlobalMaxPooling1D(_Spec):
    """keras.layers.GlobalMaxPooling1D: the largest value over all steps, per channel."""

    data_format: Optional[str] = None
    keepdims: bool = False

    kind: ClassVar[str] = "GlobalMaxPooling1D"

    def check(self) -> None:
        _data_format(self.kind, self.data_format)


@frozen(repr=False)
class GlobalAveragePooling1D(GlobalMaxPooling1D):
    """keras.layers.GlobalAveragePooling1D: the mean over all steps, per channel."""

    kind: ClassVar[str] = "GlobalAveragePooling1D"


@frozen(repr=False)
class Flatten(_Spec):
    """keras.layers.Flatten: everything but the batch axis in one axis."""

    kind: ClassVar[str] = "Flatten"


@frozen(repr=False)
class Reshape(_Spec):
    """keras.layers.Reshape: the same values in a new per-sample shape; one axis may be -1."""

    target_shape: tuple

    kind: ClassVar[str] = "Reshape"
    positional: ClassVar[tuple[str, ...]] = ("target_shape",)

    def check(self) -> None:
        shape = self.target_shape
        if (not isinstance(shape, (tuple, list))
                or not all(_is_int(d) and (d >= 1 or d == -1) for d in shape)
                or list(shape).count(-1) > 1):
            raise SpecError(say("reshape_target", value=repr(shape)))
        _set(self, "target_shape", tuple(shape))


@frozen(repr=False)
class RepeatVector(_Spec):
    """keras.layers.RepeatVector: (batch, features) to (batch, n, features)."""

    n: int

    kind: ClassVar[str] = "RepeatVector"
    positional: ClassVar[tuple[str, ...]] = ("n",)

    def check(self) -> None:
        positive_int(self.kind, "n", self.n)


@frozen(repr=False)
class Permute(_Spec):
    """keras.layers.Permute: reorders the axes after the batch axis; dims counts from 1."""

    dims: tuple

    kind: ClassVar[str] = "Permute"
    positional: ClassVar[tuple[str, ...]] = ("dims",)

    def check(self) -> None:
        dims = self.dims
        if (not isinstance(dims, (tuple, list)) or not all(_is_int(d) for d in dims)
                or sorted(dims) != list(range(1, len(dims) + 1))):
            raise SpecError(say("permute_dims", value=repr(dims)))
        _set(self, "dims", tuple(dims))


@frozen(repr=False)
class BatchNormalization(_Spec):
    """keras.layers.BatchNormalization: gamma and beta learn; the moving mean and variance are
    updated in training but not by the optimizer, so they are non-trainable."""

    axis: int = -1
    center: bool = True
    scale: bool = True

    kind: ClassVar[str] = "BatchNormalization"

    def check(self) -> None:
        if not _is_int(self.axis):
            raise SpecError(say("batch_norm_axis", value=repr(self.axis)))


@frozen(repr=False)
class LayerNormalization(_Spec):
    """keras.layers.LayerNormalization: gamma and beta over `axis`, no moving statistics."""

    axis: Any = -1
    center: bool = True
    scale: bool = True
    rms_scaling: bool = False

    kind: ClassVar[str] = "LayerNormalization"

    def check(self) -> None:
        axes = self.axis if isinstance(self.axis, (tuple, list)) else [self.axis]
        if not axes or not all(_is_int(a) for a in axes):
            raise SpecError(say("layer_norm_axis", value=repr(self.axis)))
        if isinstance(self.axis, list):
            _set(self, "axis", tuple(self.axis))


@frozen(repr=False)
class TimeDistributed(_Spec):
    """keras.layers.TimeDistributed: applies `layer` to every step of axis 1 with shared weights."""

    layer: Any

    kind: ClassVar[str] = "TimeDistributed"
    positional: ClassVar[tuple[str, ...]] = ("layer",)

    def check(self) -> None:
        if not isinstance(self.layer, LAYER_TYPES):
            raise SpecError(say("wraps_layer", value=repr(self.layer)))
        if getattr(self.layer, "return_state", False):
            raise SpecError(say("wraps_state"))


AroundLayer = (Embedding | Masking | Dropout | SpatialDropout1D | GaussianNoise | Activation
               | Conv1D | Conv2D | MaxPooling1D | AveragePooling1D | MaxPooling2D
               | GlobalMaxPooling1D | GlobalAveragePooling1D | Flatten | Reshape | RepeatVector
               | Permute | BatchNormalization | LayerNormalization | TimeDistributed)
"""Any of the specs in this module."""

AROUND_KINDS = {cls.kind: cls for cls in (
    Embedding, Masking, Dropout, SpatialDropout1D, GaussianNoise, Activation, Conv1D,
    MaxPooling1D, AveragePooling1D, GlobalMaxPooling1D, GlobalAveragePooling1D, Flatten, Reshape,
    RepeatVector, Permute, TimeDistributed, Conv2D, MaxPooling2D, BatchNormalization,
    LayerNormalization)}
"""The kinds of this module by Keras class name, in the order the issue lists them."""

LAYER_TYPES = (LSTM, GRU, SimpleRNN, Bidirectional, Dense, *AROUND_KINDS.values())
"""Every spec class lstm_ref understands."""
