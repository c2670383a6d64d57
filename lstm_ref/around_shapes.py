"""Output shapes of the layers around recurrent ones, as Keras 3 computes them.

Each function mirrors the layer's ``compute_output_shape`` and the checks Keras makes on
the way (its InputSpec's rank, a known channel axis, a window longer than the sequence),
raising :class:`~lstm_ref.errors.ShapeMismatch` where Keras raises.

>>> from lstm_ref.layers import Conv1D, Embedding, Flatten, MaxPooling1D
>>> around_output_shape(Conv1D(8, 3, strides=2, padding="causal"), (None, 10, 4))
(None, 5, 8)
>>> around_output_shape(Embedding(1000, 64), (None, 80))
(None, 80, 64)
>>> around_output_shape(Flatten(), (None, None, 3))
(None, None)
>>> around_output_shape(MaxPooling1D(3), (None, 2, 4))
Traceback (most recent call last):
...
lstm_ref.errors.ShapeMismatch: MaxPooling1D(pool_size=3) expects at least 3 steps (pool_size 3), got (None, 2, 4): use padding='same' or a smaller pool_size
"""

from __future__ import annotations

from math import prod

from .errors import ShapeMismatch
from .messages import say

SEQUENCE = say("wants_sequence")
IMAGE = say("wants_image")


def _rank(layer, shape, ndim: int, what: str) -> None:
    if len(shape) != ndim:
        raise ShapeMismatch(layer, shape, what)


def _known_channels(layer, shape) -> int:
    if shape[-1] is None:
        raise ShapeMismatch(layer, shape, say("wants_channels"))
    return shape[-1]


def window_length(size, window: int, stride: int, padding: str, layer, shape,
                  what: str, dilation: int = 1) -> "int | None":
    """One spatial axis after a convolution or pooling window (None stays None)."""
    if size is None:
        return None
    if padding in ("same", "causal"):
        return -(-size // stride)
    span = dilation * (window - 1) + 1
    if size < span:
        fix = (say("fix_window", what=what.split()[0]) if dilation == 1
               else say("fix_window_dilated"))
        raise ShapeMismatch(layer, shape, say("wants_steps", span=span, what=what), fix)
    return (size - span) // stride + 1


def _conv(layer, shape):
    rank = layer.rank
    _rank(layer, shape, rank + 2, SEQUENCE if rank == 1 else IMAGE)
    channels = _known_channels(layer, shape)
    if channels % layer.groups:
        raise ShapeMismatch(layer, shape, say("wants_groups", groups=layer.groups))
    kernel, strides, dilation = layer.tuples()
    spatial = tuple(
        window_length(size, k, s, layer.padding, layer, shape,
                      say("window_dilated" if d > 1 else "window_kernel", size=k, dilation=d),
                      d)
        for size, k, s, d in zip(shape[1:-1], kernel, strides, dilation))
    return (shape[0], *spatial, layer.filters)


def _pool(layer, shape):
    rank = layer.rank
    _rank(layer, shape, rank + 2, SEQUENCE if rank == 1 else IMAGE)
    pool, strides = layer.tuples()
    spatial = tuple(window_length(size, p, s, layer.padding, layer, shape,
                                  say("window_pool", size=p))
                    for size, p, s in zip(shape[1:-1], pool, strides))
    return (shape[0], *spatial, shape[-1])


def _global_pool(layer, shape):
    _rank(layer, shape, 3, SEQUENCE)
    return (shape[0], 1, shape[-1]) if layer.keepdims else (shape[0], shape[-1])


def _flatten(layer, shape):
    rest = shape[1:]
    if not rest:
        return (shape[0], 1)
    return (shape[0], None if None in rest else prod(rest))


def _reshape(layer, shape):
    rest, target = shape[1:], layer.target_shape
    if None in rest:
        return (shape[0], *(None if d == -1 else d for d in target))
    size = prod(rest)
    known = prod(d for d in target if d != -1)
    values = say("reshape_values", size=size, dims=" x ".join(map(str, rest)))
    if -1 not in target and known != size:
        raise ShapeMismatch(layer, shape, say("wants_values", known=known, target=target),
                            say("fix_reshape", values=values, size=size))
    if -1 in target:
        if size % known:
            raise ShapeMismatch(layer, shape, say("wants_divisible", known=known, target=target),
                                say("fix_reshape_free", values=values))
        return (shape[0], *(size // known if d == -1 else d for d in target))
    return (shape[0], *target)


def _repeat(layer, shape):
    _rank(layer, shape, 2, say("wants_vector"))
    return (shape[0], layer.n, shape[1])


def _permute(layer, shape):
    _rank(layer, shape, len(layer.dims) + 1, say("wants_rank", rank=len(layer.dims) + 1,
                                                  dims=layer.dims, count=len(layer.dims)))
    return (shape[0], *(shape[d] for d in layer.dims))


def _axes(layer, shape) -> tuple[int, ...]:
    """The axes as Keras orders them for the weight shape (LayerNormalization sorts a tuple);
    a layer that has weights needs their sizes known."""
    axes = tuple(sorted(layer.axis)) if isinstance(layer.axis, tuple) else (layer.axis,)
    for axis in axes:
        if not -len(shape) <= axis < len(shape):
            raise ShapeMismatch(layer, shape, say("wants_axis", axis=axis))
    has_weights = (layer.kind == "BatchNormalization" or layer.center or layer.scale
                   or getattr(layer, "rms_scaling", False))
    for axis in axes:
        if has_weights and shape[axis] is None:
            raise ShapeMismatch(layer, shape, say("wants_axis_size", axis=axis))
    return axes


def _same(layer, shape):
    return shape


def _spatial_dropout(layer, shape):
    _rank(layer, shape, 3, SEQUENCE)
    return shape


def _embedding(layer, shape):
    return (*shape, layer.output_dim)


def _time_distributed(layer, shape):
    from .shapes import output_shape

    if len(shape) < 3:
        raise ShapeMismatch(layer, shape, say("wants_timesteps"),
                            say("fix_timesteps", kind=layer.layer.kind))
    step = (shape[0], *shape[2:])
    try:
        inner = output_shape(layer.layer, step)
    except ShapeMismatch as error:
        raise ShapeMismatch(layer, shape, say("wants_step", layer=layer.layer,
                                              expected=error.expected),
                            say("fix_step", step=step)) from None
    if isinstance(inner, list):
        raise ShapeMismatch(layer, shape, say("wants_one_tensor"))
    return (inner[0], shape[1], *inner[1:])


def _normalization(layer, shape):
    _axes(layer, shape)
    return shape


SHAPES = {
    "Embedding": _embedding, "Masking": _same, "Dropout": _same, "GaussianNoise": _same,
    "Activation": _same, "SpatialDropout1D": _spatial_dropout, "Conv1D": _conv,
    "Conv2D": _conv, "MaxPooling1D": _pool, "AveragePooling1D": _pool, "MaxPooling2D": _pool,
    "GlobalMaxPooling1D": _global_pool, "GlobalAveragePooling1D": _global_pool,
    "Flatten": _flatten, "Reshape": _reshape, "RepeatVector": _repeat, "Permute": _permute,
    "TimeDistributed": _time_distributed, "BatchNormalization": _normalization,
    "LayerNormalization": _normalization,
}


def normalized_axes(layer, shape) -> tuple[int, ...]:
    """The non-negative axes a BatchNormalization or LayerNormalization normalizes over."""
    return _axes(layer, shape)


def around_output_shape(layer, shape: tuple) -> tuple:
    """The output shape of one of the layers in lstm_ref.layers for an input of `shape`."""
    if len(shape) < 1:
        raise ShapeMismatch(layer, shape, say("wants_batch_axis"))
    return SHAPES[layer.kind](layer, tuple(shape))
