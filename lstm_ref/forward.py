"""NumPy forward passes in Keras' weight layout, returning every step's state.

The same weights give the same numbers as Keras (the tests check it to float32 precision):

>>> import numpy as np
>>> layer = LSTM(3)
>>> params = seeded_weights(layer, features=2, seed=0)
>>> trace = lstm_forward(np.ones((1, 4, 2)), *params)
>>> trace.h.shape, trace.c.shape          # every step's h and c: (batch, timesteps, units)
((1, 4, 3), (1, 4, 3))
>>> lstm_forward(np.ones((4, 2)), *params)
Traceback (most recent call last):
...
lstm_ref.errors.InputShapeError: expected a 3-D input (batch, timesteps, features), got a 2-D array of shape (4, 2): did you forget the batch axis? For one sequence use x[np.newaxis]
"""

from __future__ import annotations

from typing import Optional, Sequence

import numpy as np

from .errors import InputShapeError
from .params import weights as weight_specs
from .records import frozen
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, SimpleRNN

ORDER = "(batch, timesteps, features)"


@frozen
class Trace:
    """Every step of a run: h (and c for an LSTM) with shape (batch, timesteps, units)."""

    h: np.ndarray
    c: Optional[np.ndarray] = None

    @property
    def last_h(self) -> np.ndarray:
        """h after the last step: what return_sequences=False returns, shape (batch, units)."""
        return self.h[:, -1, :]

    @property
    def last_c(self) -> Optional[np.ndarray]:
        """c after the last step (LSTM only, else None): what return_state returns as c."""
        return None if self.c is None else self.c[:, -1, :]


@frozen
class LstmStep:
    """One LSTM step with its gates, each of shape (batch, units)."""

    i: np.ndarray
    f: np.ndarray
    g: np.ndarray
    o: np.ndarray
    c: np.ndarray
    h: np.ndarray


def sigmoid(x: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-x))


def _check_x(x: object, features: int) -> np.ndarray:
    x = np.asarray(x, dtype=np.float64)
    if x.ndim != 3:
        hint = (": did you forget the batch axis? For one sequence use x[np.newaxis]"
                if x.ndim == 2 else "")
        raise InputShapeError(
            f"expected a 3-D input {ORDER}, got a {x.ndim}-D array of shape {x.shape}{hint}"
        )
    if x.shape[2] != features:
        raise InputShapeError(
            f"expected an input {ORDER} with features={features} (the kernel's rows), "
            f"got shape {x.shape}"
        )
    return x


def _check_weight(name: str, array: np.ndarray, expected: tuple[int, ...]) -> np.ndarray:
    array = np.asarray(array, dtype=np.float64)
    if array.shape != expected:
        raise InputShapeError(f"expected {name} of shape {expected}, got {array.shape}")
    return array


def _unpack(k: int, kernel, recurrent_kernel, bias, bias_rows: int = 0):
    kernel = np.asarray(kernel, dtype=np.float64)
    if kernel.ndim != 2 or kernel.shape[1] % k:
        raise InputShapeError(
            f"expected kernel of shape (features, {k} * units), got {kernel.shape}"
        )
    units = kernel.shape[1] // k
    recurrent_kernel = _check_weight("recurrent_kernel", recurrent_kernel, (units, k * units))
    bias_shape = (bias_rows, k * units) if bias_rows else (k * units,)
    bias = (np.zeros(bias_shape) if bias is None
            else _check_weight("bias", bias, bias_shape))
    return kernel, recurrent_kernel, bias, units


def _initial(initial_state, batch: int, units: int, count: int) -> list[np.ndarray]:
    if initial_state is None:
        return [np.zeros((batch, units)) for _ in range(count)]
    states = [np.asarray(s, dtype=np.float64) for s in initial_state]
    if len(states) != count or any(s.shape != (batch, units) for s in states):
        raise InputShapeError(
            f"expected initial_state as {count} array(s) of shape (batch, units) = "
            f"{(batch, units)}, got {[s.shape for s in states]}"
        )
    return states


def lstm_step(x_t, h, c, kernel, recurrent_kernel, bias) -> LstmStep:
    """One step: z = x_t·kernel + h·recurrent_kernel + bias, then its blocks.

    z splits into [i | f | g | o]: i, f, o are sigmoid gates; g = tanh(...)
    is the candidate ("c" in Keras' block names).
    """
    z = x_t @ kernel + h @ recurrent_kernel + bias
    zi, zf, zg, zo = np.split(z, 4, axis=-1)
    i, f, g, o = sigmoid(zi), sigmoid(zf), np.tanh(zg), sigmoid(zo)
    c = f * c + i * g
    return LstmStep(i=i, f=f, g=g, o=o, c=c, h=o * np.tanh(c))


def lstm_forward(x, kernel, recurrent_kernel, bias=None, *, initial_state=None) -> Trace:
    """Run an LSTM over x of shape (batch, timesteps, features); initial_state is [h, c]."""
    kernel, recurrent_kernel, bias, units = _unpack(4, kernel, recurrent_kernel, bias)
    x = _check_x(x, kernel.shape[0])
    h, c = _initial(initial_state, x.shape[0], units, 2)
    hs, cs = [], []
    for t in range(x.shape[1]):
        step = lstm_step(x[:, t], h, c, kernel, recurrent_kernel, bias)
        h, c = step.h, step.c
        hs.append(h)
        cs.append(c)
    return Trace(h=_stack(hs, x, units), c=_stack(cs, x, units))


def gru_forward(x, kernel, recurrent_kernel, bias=None, *, reset_after=True,
                initial_state=None) -> Trace:
    """Run a GRU (Keras formulation: h = z·h_prev + (1 - z)·candidate); initial_state is [h]."""
    kernel, recurrent_kernel, bias, units = _unpack(
        3, kernel, recurrent_kernel, bias, bias_rows=2 if reset_after else 0)
    x = _check_x(x, kernel.shape[0])
    (h,) = _initial(initial_state, x.shape[0], units, 1)
    input_bias, recurrent_bias = (bias[0], bias[1]) if reset_after else (bias, 0.0)
    u = units
    hs = []
    for t in range(x.shape[1]):
        xz, xr, xh = np.split(x[:, t] @ kernel + input_bias, 3, axis=-1)
        if reset_after:
            rz, rr, rh = np.split(h @ recurrent_kernel + recurrent_bias, 3, axis=-1)
            z, r = sigmoid(xz + rz), sigmoid(xr + rr)
            candidate = np.tanh(xh + r * rh)
        else:
            z = sigmoid(xz + h @ recurrent_kernel[:, :u])
            r = sigmoid(xr + h @ recurrent_kernel[:, u:2 * u])
            candidate = np.tanh(xh + (r * h) @ recurrent_kernel[:, 2 * u:])
        h = z * h + (1.0 - z) * candidate
        hs.append(h)
    return Trace(h=_stack(hs, x, units))


def simple_rnn_forward(x, kernel, recurrent_kernel, bias=None, *, initial_state=None) -> Trace:
    """Run a SimpleRNN: h_t = tanh(x_t·kernel + h_{t-1}·recurrent_kernel + bias)."""
    kernel, recurrent_kernel, bias, units = _unpack(1, kernel, recurrent_kernel, bias)
    x = _check_x(x, kernel.shape[0])
    (h,) = _initial(initial_state, x.shape[0], units, 1)
    hs = []
    for t in range(x.shape[1]):
        h = np.tanh(x[:, t] @ kernel + h @ recurrent_kernel + bias)
        hs.append(h)
    return Trace(h=_stack(hs, x, units))


def _stack(steps: list[np.ndarray], x: np.ndarray, units: int) -> np.ndarray:
    if not steps:
        return np.zeros((x.shape[0], 0, units))
    return np.stack(steps, axis=1)


def trace(layer, x, params: Sequence[np.ndarray], *, initial_state=None) -> Trace:
    """Run a recurrent spec (LSTM, GRU or SimpleRNN) with params in get_weights() order."""
    if isinstance(layer, LSTM):
        run_one = lstm_forward
    elif isinstance(layer, GRU):
        def run_one(x, *p, initial_state=None):
            return gru_forward(x, *p, reset_after=layer.reset_after, initial_state=initial_state)
    elif isinstance(layer, SimpleRNN):
        run_one = simple_rnn_forward
    else:
        raise TypeError(f"trace() runs LSTM, GRU or SimpleRNN specs, got {layer!r}")
    params = list(params)
    if not layer.use_bias:
        params.append(None)
    return run_one(x, *params, initial_state=initial_state)


def _recurrent_outputs(layer, t: Trace, reverse: bool = False) -> list[np.ndarray]:
    h = t.h[:, ::-1] if reverse else t.h
    output = h if layer.return_sequences else t.last_h
    states = [t.last_h] + ([t.last_c] if t.c is not None else [])
    return [output] + states


def _merge(mode, a: np.ndarray, b: np.ndarray) -> list[np.ndarray]:
    if mode == "concat":
        return [np.concatenate([a, b], axis=-1)]
    if mode == "sum":
        return [a + b]
    if mode == "mul":
        return [a * b]
    if mode == "ave":
        return [(a + b) / 2]
    return [a, b]


def run(layer: Layer, x, params: Sequence[np.ndarray]):
    """What the Keras layer returns for x, given its weights in get_weights() order.

    One array, or a list of arrays where Keras returns several (return_state, or
    Bidirectional with merge_mode=None).
    """
    x = np.asarray(x, dtype=np.float64)
    if isinstance(layer, Dense):
        kernel = np.asarray(params[0], dtype=np.float64)
        if x.shape[-1] != kernel.shape[0]:
            raise InputShapeError(
                f"expected an input whose last axis is {kernel.shape[0]}, got shape {x.shape}"
            )
        return x @ kernel + (params[1] if layer.use_bias else 0.0)
    if isinstance(layer, Bidirectional):
        half = len(params) // 2
        forward_out = _recurrent_outputs(layer.layer, trace(layer.layer, x, params[:half]))
        # The backward copy reads the sequence from the end; Keras flips its per-step output
        # back so that step t of both directions lines up.
        backward = trace(layer.layer, x[:, ::-1], params[half:])
        backward_out = _recurrent_outputs(layer.layer, backward, reverse=True)
        outputs = _merge(layer.merge_mode, forward_out[0], backward_out[0])
        if layer.return_state:
            outputs += forward_out[1:] + backward_out[1:]
    else:
        outputs = _recurrent_outputs(layer, trace(layer, x, params))
        if not layer.return_state:
            outputs = outputs[:1]
    return outputs[0] if len(outputs) == 1 else outputs


def seeded_weights(layer: Layer, features: int, seed: int = 0,
                   scale: float = 0.5) -> list[np.ndarray]:
    """Deterministic random weights in get_weights() order, for examples and tests.

    Examples:
        >>> [w.shape for w in seeded_weights(GRU(2), features=3)]
        [(3, 6), (2, 6), (2, 6)]
    """
    rng = np.random.default_rng(seed)
    return [rng.uniform(-scale, scale, size=w.shape) for w in weight_specs(layer, features)]
