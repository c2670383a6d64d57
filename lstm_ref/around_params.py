"""Weights and parameter counts of the layers around recurrent ones, in Keras' layout.

`shape` is the full input shape (batch axis first): a convolution's kernel depends on the
channel axis, a normalization's vectors on the normalized axes, an Embedding on nothing
but its own arguments.

>>> from lstm_ref.layers import BatchNormalization, Conv1D, Embedding
>>> [(w.name, w.shape, w.trainable) for w in around_weights(BatchNormalization(), (None, 5, 3))]
[('gamma', (3,), True), ('beta', (3,), True), ('moving_mean', (3,), False), ('moving_variance', (3,), False)]
>>> print(around_formula(Conv1D(8, 3), (None, 10, 4)))
kernel_size*channels*filters + filters = 3*4*8 + 8 = 104
>>> print(around_formula(Embedding(1000, 64), (None, 80)))
input_dim*output_dim = 1000*64 = 64000
"""

from __future__ import annotations

from math import prod

from .around_shapes import normalized_axes
from .messages import say


def _weights(*items):
    from .params import Weight

    return [Weight(*item) for item in items]


def _conv_weights(layer, shape):
    kernel, _, _ = layer.tuples()
    channels = shape[-1]
    per_group = channels // layer.groups
    found = _weights((
        "kernel", (*kernel, per_group, layer.filters),
        say("role_conv_kernel", window=" x ".join(map(str, kernel)), channels=per_group,
            filters=layer.filters)))
    if layer.use_bias:
        found += _weights(("bias", (layer.filters,), say("role_conv_bias")))
    return found


def _norm_weights(layer, shape):
    axes = normalized_axes(layer, shape)
    size = tuple(shape[a] for a in axes)
    found = []
    batch = layer.kind == "BatchNormalization"
    scale = layer.scale or getattr(layer, "rms_scaling", False)
    if scale:
        found += _weights(("gamma", size, say("role_gamma")))
    if layer.center and not getattr(layer, "rms_scaling", False):
        found += _weights(("beta", size, say("role_beta")))
    if batch:
        found += _weights(
            ("moving_mean", size, say("role_moving_mean"), False),
            ("moving_variance", size, say("role_moving_variance"), False))
    return found


def around_weights(layer, shape: tuple) -> list:
    """The layer's weights in Keras' order; layers without weights give []."""
    kind = layer.kind
    if kind == "Embedding":
        return _weights(("embeddings", (layer.input_dim, layer.output_dim),
                         say("role_embeddings", dim=layer.output_dim,
                             last=layer.input_dim - 1)))
    if kind in ("Conv1D", "Conv2D"):
        return _conv_weights(layer, shape)
    if kind in ("BatchNormalization", "LayerNormalization"):
        return _norm_weights(layer, shape)
    if kind == "TimeDistributed":
        from .params import weights

        return weights(layer.layer, (shape[0], *shape[2:]))
    return []


def around_formula(layer, shape: tuple):
    """The count as a formula, symbolic and with the numbers put in (Python expressions)."""
    from .params import Formula, formula

    total = sum(prod(w.shape) for w in around_weights(layer, shape))
    kind = layer.kind
    if kind == "Embedding":
        return Formula("input_dim*output_dim", f"{layer.input_dim}*{layer.output_dim}", total)
    if kind in ("Conv1D", "Conv2D"):
        kernel, _, _ = layer.tuples()
        window = "kernel_size" if layer.rank == 1 else "kernel_rows*kernel_cols"
        channels = "channels" if layer.groups == 1 else "(channels/groups)"
        per_group = shape[-1] // layer.groups
        bias_s, bias_n = (" + filters", f" + {layer.filters}") if layer.use_bias else ("", "")
        numeric = "*".join(map(str, (*kernel, per_group, layer.filters)))
        return Formula(f"{window}*{channels}*filters{bias_s}", numeric + bias_n, total)
    if kind in ("BatchNormalization", "LayerNormalization"):
        found = around_weights(layer, shape)
        return Formula(" + ".join(w.name for w in found) or "0",
                       " + ".join(str(prod(w.shape)) for w in found) or "0", total)
    if kind == "TimeDistributed":
        return formula(layer.layer, (shape[0], *shape[2:]))
    return Formula("0", "0", 0)
