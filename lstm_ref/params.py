"""Weights and parameter counts in Keras' layout, with the formula that gives the count.

A recurrent layer stacks one block per gate side by side: kernel maps the input
features to every gate of every unit, recurrent_kernel maps the previous h there,
and bias adds one number per gate and unit. The number of timesteps appears nowhere.

>>> from lstm_ref import LSTM
>>> [(w.name, w.shape) for w in weights(LSTM(10), features=5)]
[('kernel', (5, 40)), ('recurrent_kernel', (10, 40)), ('bias', (40,))]
>>> count_params(LSTM(10), features=5)
640
>>> print(formula(LSTM(10), features=5))
4 * (units*features + units*units + units) = 4 * (10*5 + 10*10 + 10) = 640
"""

from __future__ import annotations

from math import prod

from .errors import SpecError
from .messages import ORDER, say
from .records import frozen
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, Recurrent, SimpleRNN

GRU_ = GRU


@frozen
class Weight:
    """One weight tensor: its Keras name, shape, what it connects, and whether the optimizer
    trains it (BatchNormalization's moving statistics, or any weight of a layer built with
    trainable=False, are non-trainable)."""

    name: str
    shape: tuple[int, ...]
    role: str
    trainable: bool = True

    @property
    def count(self) -> int:
        return prod(self.shape)


@frozen
class Formula:
    """A parameter count written out: `symbolic` with names, `numeric` with numbers put in.

    Both sides are valid Python expressions, so a reader can paste and check them.
    """

    symbolic: str
    numeric: str
    total: int

    def __str__(self) -> str:
        return f"{self.symbolic} = {self.numeric} = {self.total}"


def _check_features(layer: Layer, features: object) -> int:
    if isinstance(features, bool) or not isinstance(features, int) or features < 1:
        raise SpecError(say("features", layer=repr(layer), order=ORDER, value=repr(features)))
    return features


def _recurrent_weights(layer: Recurrent, features: int, prefix: str = "") -> list[Weight]:
    k, u = len(layer.gates), layer.units
    blocks = ", ".join(layer.blocks)
    gates = say("role_gates", count=k, gates=blocks) if k > 1 else say("role_single")
    found = [
        Weight(f"{prefix}kernel", (features, k * u),
               say("role_kernel", features=features, blocks=gates, units=u)),
        Weight(f"{prefix}recurrent_kernel", (u, k * u),
               say("role_recurrent", blocks=gates, units=u)),
    ]
    if layer.use_bias:
        if isinstance(layer, GRU) and layer.reset_after:
            found.append(Weight(f"{prefix}bias", (2, k * u), say("role_bias_reset")))
        else:
            found.append(Weight(f"{prefix}bias", (k * u,), say("role_bias_gates")))
    return found


def _around(layer) -> bool:
    return not isinstance(layer, (Dense, Bidirectional, LSTM, GRU_, SimpleRNN))


def _shape_and_features(layer, features) -> tuple[tuple, object]:
    """(input shape, features) from either the features count or the whole input shape."""
    if isinstance(features, (tuple, list)):
        shape = tuple(features)
        return shape, (shape[-1] if shape else None)
    return (None, features), features


def weights(layer: Layer, features) -> list[Weight]:
    """The layer's weights, in the order Keras' ``layer.get_weights()`` returns them.

    `features` is the width of the input's last axis (the previous layer's output width
    in a stack), or the whole input shape, batch axis first (a Conv2D or a
    LayerNormalization over several axes needs more than the last axis).

    Examples:
        >>> from lstm_ref import GRU, LSTM, Bidirectional
        >>> [w.shape for w in weights(GRU(16), features=8)]
        [(8, 48), (16, 48), (2, 48)]
        >>> [w.name for w in weights(Bidirectional(LSTM(4)), features=3)]
        ['forward/kernel', 'forward/recurrent_kernel', 'forward/bias', 'backward/kernel', 'backward/recurrent_kernel', 'backward/bias']
    """
    shape, features = _shape_and_features(layer, features)
    if _around(layer):
        from .around_params import around_weights

        if layer.kind == "TimeDistributed" and len(shape) < 3:
            return weights(layer.layer, features)
        return around_weights(layer, shape)
    features = _check_features(layer, features)
    if isinstance(layer, Dense):
        found = [Weight("kernel", (features, layer.units),
                        say("role_dense_kernel", features=features, units=layer.units))]
        if layer.use_bias:
            found.append(Weight("bias", (layer.units,), say("role_dense_bias")))
        return found
    if isinstance(layer, Bidirectional):
        return (_recurrent_weights(layer.layer, features, "forward/")
                + _recurrent_weights(layer.layer, features, "backward/"))
    return _recurrent_weights(layer, features)


def count_params(layer: Layer, features) -> int:
    """How many numbers the layer learns: the sum over its weights.

    Examples:
        >>> from lstm_ref import LSTM, Dense
        >>> count_params(LSTM(1), features=1), count_params(LSTM(1), features=2)
        (12, 16)
        >>> count_params(Dense(2), features=32)
        66
    """
    return sum(w.count for w in weights(layer, features))


def _bias_terms(layer: Recurrent) -> tuple[str, str]:
    u = layer.units
    if not layer.use_bias:
        return "", ""
    if isinstance(layer, GRU) and layer.reset_after:
        return " + 2*units", f" + 2*{u}"
    return " + units", f" + {u}"


def formula(layer: Layer, features) -> Formula:
    """The count as a formula, symbolic and with the numbers put in.

    Examples:
        >>> from lstm_ref import GRU, Bidirectional, SimpleRNN
        >>> print(formula(GRU(16), features=8))
        3 * (units*features + units*units + 2*units) = 3 * (16*8 + 16*16 + 2*16) = 1248
        >>> print(formula(Bidirectional(SimpleRNN(4)), features=3))
        2 * (units*features + units*units + units) = 2 * (4*3 + 4*4 + 4) = 64
    """
    shape, features = _shape_and_features(layer, features)
    if _around(layer):
        from .around_params import around_formula

        if layer.kind == "TimeDistributed" and len(shape) < 3:
            return formula(layer.layer, features)
        return around_formula(layer, shape)
    features = _check_features(layer, features)
    total = count_params(layer, features)
    if isinstance(layer, Dense):
        bias_s, bias_n = (" + units", f" + {layer.units}") if layer.use_bias else ("", "")
        return Formula(f"features*units{bias_s}", f"{features}*{layer.units}{bias_n}", total)

    inner = layer.layer if isinstance(layer, Bidirectional) else layer
    u, k = inner.units, len(inner.gates)
    bias_s, bias_n = _bias_terms(inner)
    symbolic = f"units*features + units*units{bias_s}"
    numeric = f"{u}*{features} + {u}*{u}{bias_n}"
    if k > 1:
        symbolic, numeric = f"{k} * ({symbolic})", f"{k} * ({numeric})"
    if isinstance(layer, Bidirectional):
        symbolic, numeric = f"2 * ({symbolic})", f"2 * ({numeric})"
    return Formula(symbolic, numeric, total)

