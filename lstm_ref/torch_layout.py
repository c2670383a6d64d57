"""PyTorch's nn.LSTM and nn.GRU: weight names and shapes, parameter counts, output shapes, and a
forward pass that runs a PyTorch state_dict with lstm_ref's NumPy code.

NumPy only: this module never imports torch. The test suite checks every function here against
real PyTorch (tests/test_torch_layout.py).

PyTorch stores each gate block as rows (Keras: columns), keeps two biases where Keras keeps one,
and orders an LSTM's gates i, f, g, o (Keras' i, f, c, o: the same blocks) and a GRU's r, z, n
(Keras: z, r, h):

>>> spec = TorchLSTM(input_size=5, hidden_size=10)
>>> [(w.name, w.shape) for w in torch_weights(spec)]
[('weight_ih_l0', (40, 5)), ('weight_hh_l0', (40, 10)), ('bias_ih_l0', (40,)), ('bias_hh_l0', (40,))]
>>> print(torch_formula(spec))
4 * (hidden_size*input_size + hidden_size*hidden_size + 2*hidden_size) = 4 * (10*5 + 10*10 + 2*10) = 680
>>> torch_output_shapes(spec, (13, 2, 5))     # (seq, batch, feature) unless batch_first=True
[(13, 2, 10), (1, 2, 10), (1, 2, 10)]
"""

from __future__ import annotations

from typing import ClassVar, Mapping, Optional, Sequence, Union

import numpy as np

from .errors import InputShapeError, SpecError
from .forward import gru_forward, lstm_forward, lstm_step
from .params import Formula, Weight
from .records import fields, frozen
from .specs import call_text, check_flags

TORCH_ORDER = "(seq, batch, feature)"
BATCH_FIRST_ORDER = "(batch, seq, feature)"


def _positive(kind: str, name: str, value: object) -> None:
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise SpecError(f"nn.{kind} {name} must be a positive integer, got {value!r}")


@frozen(repr=False)
class _TorchRecurrent:
    """The constructor arguments of nn.LSTM / nn.GRU that decide shapes, with PyTorch's defaults."""

    input_size: int
    hidden_size: int
    num_layers: int = 1
    bias: bool = True
    batch_first: bool = False
    bidirectional: bool = False

    kind: ClassVar[str]
    gates: ClassVar[tuple[str, ...]]
    """The gate blocks stacked in weight_ih / weight_hh rows, in PyTorch's order."""

    def __post_init__(self) -> None:
        for name in ("input_size", "hidden_size", "num_layers"):
            _positive(self.kind, name, getattr(self, name))
        check_flags(self, f"nn.{self.kind}")

    @property
    def directions(self) -> int:
        return 2 if self.bidirectional else 1

    @property
    def output_size(self) -> int:
        """Width of h (and of each direction's output): proj_size when set, else hidden_size."""
        return self.hidden_size

    def __repr__(self) -> str:
        return call_text(f"nn.{self.kind}", self, ("input_size", "hidden_size"), show=str)

    __str__ = __repr__


@frozen(repr=False)
class TorchLSTM(_TorchRecurrent):
    """torch.nn.LSTM: gate blocks i, f, g, o; proj_size > 0 projects h to proj_size numbers.

    Examples:
        >>> TorchLSTM(5, 10, num_layers=2, proj_size=4)
        nn.LSTM(5, 10, num_layers=2, proj_size=4)
        >>> TorchLSTM(5, 10, proj_size=10)
        Traceback (most recent call last):
        ...
        lstm_ref.errors.SpecError: nn.LSTM proj_size must be 0 (no projection) or a positive integer smaller than hidden_size=10, got 10
    """

    proj_size: int = 0

    kind: ClassVar[str] = "LSTM"
    gates: ClassVar[tuple[str, ...]] = ("i", "f", "g", "o")

    def __post_init__(self) -> None:
        super().__post_init__()
        p = self.proj_size
        if isinstance(p, bool) or not isinstance(p, int) or p < 0 or p >= self.hidden_size:
            raise SpecError(
                "nn.LSTM proj_size must be 0 (no projection) or a positive integer smaller than "
                f"hidden_size={self.hidden_size}, got {p!r}"
            )

    @property
    def output_size(self) -> int:
        return self.proj_size or self.hidden_size


@frozen(repr=False)
class TorchGRU(_TorchRecurrent):
    """torch.nn.GRU: gate blocks r, z, n; n's recurrent part is multiplied by r after its bias."""

    kind: ClassVar[str] = "GRU"
    gates: ClassVar[tuple[str, ...]] = ("r", "z", "n")


TorchModule = Union[TorchLSTM, TorchGRU]


def _check_module(module: object) -> TorchModule:
    if not isinstance(module, (TorchLSTM, TorchGRU)):
        raise SpecError(f"expected a TorchLSTM or TorchGRU spec, got {module!r}")
    return module


def _layer_input(module: TorchModule, layer: int) -> int:
    """Features each direction of `layer` reads: the input, or the layer below's output."""
    return module.input_size if layer == 0 else module.directions * module.output_size


def torch_weights(module: TorchModule) -> list[Weight]:
    """The module's parameters in ``module.state_dict()`` order, with PyTorch's names.

    Examples:
        >>> [(w.name, w.shape) for w in torch_weights(TorchLSTM(5, 10, proj_size=4))]
        [('weight_ih_l0', (40, 5)), ('weight_hh_l0', (40, 4)), ('bias_ih_l0', (40,)), ('bias_hh_l0', (40,)), ('weight_hr_l0', (4, 10))]
        >>> gru = TorchGRU(3, 2, num_layers=2, bidirectional=True, bias=False)
        >>> [w.name for w in torch_weights(gru)]
        ['weight_ih_l0', 'weight_hh_l0', 'weight_ih_l0_reverse', 'weight_hh_l0_reverse', 'weight_ih_l1', 'weight_hh_l1', 'weight_ih_l1_reverse', 'weight_hh_l1_reverse']
    """
    module = _check_module(module)
    k, h, out = len(module.gates), module.hidden_size, module.output_size
    blocks = f"{k} gate blocks ({', '.join(module.gates)})"
    found = []
    for layer in range(module.num_layers):
        features = _layer_input(module, layer)
        source = "input features" if layer == 0 else "outputs of the layer below"
        for suffix in ("", "_reverse")[:module.directions]:
            name = f"l{layer}{suffix}"
            found += [
                Weight(f"weight_ih_{name}", (k * h, features),
                       f"{blocks} of {h} rows each, one column per {source} ({features})"),
                Weight(f"weight_hh_{name}", (k * h, out),
                       f"{blocks} of {h} rows each, one column per value of the previous h "
                       f"({out})"),
            ]
            if module.bias:
                found += [Weight(f"bias_ih_{name}", (k * h,), "input-side bias, per gate and unit"),
                          Weight(f"bias_hh_{name}", (k * h,),
                                 "recurrent-side bias, per gate and unit")]
            if isinstance(module, TorchLSTM) and module.proj_size:
                found.append(Weight(f"weight_hr_{name}", (module.proj_size, h),
                                    f"projects o * tanh(c) ({h} values) to h ({module.proj_size})"))
    return found


def torch_count_params(module: TorchModule) -> int:
    """``sum(p.numel() for p in module.parameters())``.

    Examples:
        >>> torch_count_params(TorchGRU(5, 10))
        510
    """
    return sum(w.count for w in torch_weights(module))


def torch_formula(module: TorchModule) -> Formula:
    """The count as a formula, symbolic and with the numbers put in; both are valid Python.

    Examples:
        >>> print(torch_formula(TorchGRU(5, 10)))
        3 * (hidden_size*input_size + hidden_size*hidden_size + 2*hidden_size) = 3 * (10*5 + 10*10 + 2*10) = 510
        >>> print(torch_formula(TorchLSTM(5, 10, proj_size=4)))
        4 * (hidden_size*input_size + hidden_size*proj_size + 2*hidden_size) + proj_size*hidden_size = 4 * (10*5 + 10*4 + 2*10) + 4*10 = 480
        >>> spec = TorchLSTM(5, 10, num_layers=2, bidirectional=True)
        >>> print(torch_formula(spec).numeric)
        2 * (4 * (10*5 + 10*10 + 2*10)) + 2 * (4 * (10*20 + 10*10 + 2*10))
    """
    module = _check_module(module)
    k, h, d = len(module.gates), module.hidden_size, module.directions
    proj = isinstance(module, TorchLSTM) and module.proj_size > 0
    out_s, out_n = ("proj_size", module.output_size) if proj else ("hidden_size", h)
    bias_s, bias_n = (" + 2*hidden_size", f" + 2*{h}") if module.bias else ("", "")
    symbolic, numeric = [], []
    for layer in range(module.num_layers):
        if layer == 0:
            in_s, in_n = "input_size", module.input_size
        else:
            in_s = f"{d}*{out_s}" if d > 1 else out_s
            in_n = _layer_input(module, layer)
        s = f"{k} * (hidden_size*{in_s} + hidden_size*{out_s}{bias_s})"
        n = f"{k} * ({h}*{in_n} + {h}*{out_n}{bias_n})"
        if proj:
            s, n = f"{s} + proj_size*hidden_size", f"{n} + {module.proj_size}*{h}"
        if d > 1:
            s, n = f"{d} * ({s})", f"{d} * ({n})"
        symbolic.append(s)
        numeric.append(n)
    return Formula(" + ".join(symbolic), " + ".join(numeric), torch_count_params(module))


def torch_output_shapes(module: TorchModule, input_shape: Sequence[int]) -> list[tuple[int, ...]]:
    """Shapes of what ``module(x)`` returns for x of `input_shape`: [output, h_n] for a GRU,
    [output, h_n, c_n] for an LSTM (PyTorch returns ``output, (h_n, c_n)``).

    x is (seq, batch, feature), or (batch, seq, feature) with batch_first=True, or a single
    unbatched sequence (seq, feature). h_n and c_n are (num_layers * directions, batch, width)
    whatever batch_first says.

    Examples:
        >>> spec = TorchLSTM(5, 10, batch_first=True, num_layers=2)
        >>> torch_output_shapes(spec, (2, 13, 5))
        [(2, 13, 10), (2, 2, 10), (2, 2, 10)]
        >>> torch_output_shapes(TorchGRU(5, 10, bidirectional=True), (13, 5))
        [(13, 20), (2, 10)]
        >>> torch_output_shapes(TorchLSTM(5, 10), (13, 2, 3))
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: nn.LSTM(5, 10) expects x of shape (seq, batch, feature) with feature = input_size = 5, got (13, 2, 3)
    """
    module = _check_module(module)
    shape = tuple(input_shape)
    order = BATCH_FIRST_ORDER if module.batch_first else TORCH_ORDER
    if len(shape) not in (2, 3) or any(isinstance(n, bool) or not isinstance(n, int) or n < 0
                                       for n in shape):
        raise InputShapeError(
            f"{module} expects x of shape {order} or, unbatched, (seq, feature), got {shape}"
        )
    if shape[-1] != module.input_size:
        raise InputShapeError(
            f"{module} expects x of shape {order if len(shape) == 3 else '(seq, feature)'} with "
            f"feature = input_size = {module.input_size}, got {shape}"
        )
    layers = module.num_layers * module.directions
    width = module.directions * module.output_size
    if len(shape) == 2:
        seq = shape[0]
        states = [(layers, module.output_size)]
        if isinstance(module, TorchLSTM):
            states.append((layers, module.hidden_size))
        return [(seq, width)] + states
    batch, seq = (shape[0], shape[1]) if module.batch_first else (shape[1], shape[0])
    output = (batch, seq, width) if module.batch_first else (seq, batch, width)
    states = [(layers, batch, module.output_size)]
    if isinstance(module, TorchLSTM):
        states.append((layers, batch, module.hidden_size))
    return [output] + states


def _check_state_dict(module: TorchModule, state_dict: Mapping[str, object]) -> dict:
    expected = {w.name: w.shape for w in torch_weights(module)}
    listing = ", ".join(f"{name} {shape}" for name, shape in expected.items())
    if not isinstance(state_dict, Mapping):
        raise InputShapeError(
            f"expected the state_dict of {module} as a mapping of name to array "
            f"({listing}), got {type(state_dict).__name__}"
        )
    arrays = {}
    for name in state_dict:
        if name not in expected:
            raise InputShapeError(
                f"unexpected key {name!r} in the state_dict of {module}: expected {listing}"
            )
    for name, shape in expected.items():
        if name not in state_dict:
            raise InputShapeError(
                f"missing key {name!r} in the state_dict of {module}: expected {listing}"
            )
        array = np.asarray(state_dict[name], dtype=np.float64)
        if array.shape != shape:
            raise InputShapeError(
                f"expected {name} of shape {shape} in the state_dict of {module}, "
                f"got {array.shape}"
            )
        arrays[name] = array
    return arrays


def _blocks(array: np.ndarray, order: Sequence[int]) -> np.ndarray:
    """Reorder the gate blocks along axis 0 (PyTorch keeps gates as row blocks)."""
    parts = np.split(array, len(order), axis=0)
    return np.concatenate([parts[i] for i in order], axis=0)


GRU_TO_KERAS = (1, 0, 2)
"""PyTorch's GRU blocks (r, z, n) taken in Keras' order (z, r, h)."""


def keras_weights_from_torch(module: TorchModule, state_dict: Mapping[str, object], *,
                             layer: int = 0, reverse: bool = False) -> list[np.ndarray]:
    """One layer and direction of a PyTorch state_dict, as Keras' ``get_weights()`` list.

    - nn.LSTM to keras.layers.LSTM: the gate order is the same (PyTorch's g is Keras' c), so
      kernel = weight_ih.T, recurrent_kernel = weight_hh.T, bias = bias_ih + bias_hh (the two
      biases are always added together, so one suffices).
    - nn.GRU to keras.layers.GRU(reset_after=True): the blocks are reordered from r, z, n to
      z, r, h, and the two biases become the rows of Keras' (2, 3 * units) bias. The n gate's
      recurrent bias sits inside r * (...) in both.

    With bias=False the list has no bias (as Keras' ``use_bias=False``). A projected LSTM
    (proj_size > 0) has no Keras equivalent; [`torch_forward`][lstm_ref.torch_forward] runs it.

    Examples:
        >>> spec = TorchGRU(2, 3)
        >>> state = {w.name: np.zeros(w.shape) for w in torch_weights(spec)}
        >>> [w.shape for w in keras_weights_from_torch(spec, state)]
        [(2, 9), (3, 9), (2, 9)]
        >>> keras_weights_from_torch(spec, {"weight_ih_l0": np.zeros((9, 2))})
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: missing key 'weight_hh_l0' in the state_dict of nn.GRU(2, 3): expected weight_ih_l0 (9, 2), weight_hh_l0 (9, 3), bias_ih_l0 (9,), bias_hh_l0 (9,)
    """
    module = _check_module(module)
    if isinstance(module, TorchLSTM) and module.proj_size:
        raise SpecError(
            f"{module} projects h to proj_size={module.proj_size} values, which no Keras layer "
            "does: run it with torch_forward instead"
        )
    if isinstance(layer, bool) or not isinstance(layer, int) or not 0 <= layer < module.num_layers:
        raise SpecError(f"{module} has layers 0 to {module.num_layers - 1}, got layer={layer!r}")
    if reverse and not module.bidirectional:
        raise SpecError(f"{module} is not bidirectional, so it has no reverse direction")
    arrays = _check_state_dict(module, state_dict)
    return _layer_weights(module, arrays, f"l{layer}{'_reverse' if reverse else ''}")


def _layer_weights(module: TorchModule, arrays: dict, name: str) -> list[np.ndarray]:
    w_ih, w_hh = arrays[f"weight_ih_{name}"], arrays[f"weight_hh_{name}"]
    b_ih = arrays.get(f"bias_ih_{name}")
    b_hh = arrays.get(f"bias_hh_{name}")
    if isinstance(module, TorchGRU):
        params = [_blocks(w_ih, GRU_TO_KERAS).T, _blocks(w_hh, GRU_TO_KERAS).T]
        if module.bias:
            params.append(np.stack([_blocks(b_ih, GRU_TO_KERAS), _blocks(b_hh, GRU_TO_KERAS)]))
        return params
    params = [w_ih.T, w_hh.T]
    if module.bias:
        params.append(b_ih + b_hh)
    return params


@frozen
class TorchOutput:
    """What ``module(x)`` returns, as NumPy: output, h_n, and c_n for an LSTM (None for a GRU)."""

    output: np.ndarray
    h_n: np.ndarray
    c_n: Optional[np.ndarray] = None


def _projected_lstm(x, w_ih, w_hh, bias, w_hr, h0, c0):
    """An LSTM step loop whose h is projected: h_t = (o * tanh(c_t)) @ weight_hr.T."""
    h, c, hs = h0, c0, []
    for t in range(x.shape[1]):
        step = lstm_step(x[:, t], h, c, w_ih.T, w_hh.T, bias)
        c, h = step.c, step.h @ w_hr.T
        hs.append(h)
    return np.stack(hs, axis=1), h, c


def torch_forward(module: TorchModule, state_dict: Mapping[str, object], x,
                  initial_state=None, *, lengths: Optional[Sequence[int]] = None) -> TorchOutput:
    """Run ``module(x)`` in NumPy with the weights of a PyTorch state_dict (as arrays).

    x is laid out as PyTorch expects it: (seq, batch, feature), (batch, seq, feature) with
    batch_first=True, or an unbatched (seq, feature). initial_state is h_0 for a GRU and
    (h_0, c_0) for an LSTM, each (num_layers * directions, batch, width), or (without the batch
    axis) for unbatched x. Each layer and direction goes through lstm_ref's Keras-layout forward
    pass (see [`keras_weights_from_torch`][lstm_ref.keras_weights_from_torch]); dropout
    between layers is a training-time operation and is not applied, as in ``module.eval()``.

    lengths (one per sequence of a batched x) runs x as ``pack_padded_sequence(x, lengths,
    enforce_sorted=False)`` would, followed by ``pad_packed_sequence``: each sequence stops at its
    own length, so h_n and c_n hold its state after its last real step (the reverse direction
    starts there), and output is zero beyond it.

    Examples:
        >>> spec = TorchLSTM(3, 4, num_layers=2, bidirectional=True)
        >>> state = {w.name: np.full(w.shape, 0.1) for w in torch_weights(spec)}
        >>> result = torch_forward(spec, state, np.ones((6, 2, 3)))
        >>> result.output.shape, result.h_n.shape, result.c_n.shape
        ((6, 2, 8), (4, 2, 4), (4, 2, 4))
        >>> packed = torch_forward(spec, state, np.ones((6, 2, 3)), lengths=[6, 2])
        >>> bool(np.all(packed.output[2:, 1] == 0)), packed.h_n.shape
        (True, (4, 2, 4))
        >>> torch_forward(spec, state, np.ones((6, 2, 3)), lengths=[6, 7])
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: expected lengths as one integer from 1 to seq = 6 per sequence of the batch (2), got [6, 7]
    """
    module = _check_module(module)
    if lengths is not None:
        return _packed_forward(module, state_dict, x, initial_state, lengths)
    arrays = _check_state_dict(module, state_dict)
    x = np.asarray(x, dtype=np.float64)
    torch_output_shapes(module, x.shape)            # checks the rank and the feature axis
    unbatched = x.ndim == 2
    if unbatched:
        x = x[:, np.newaxis, :]                      # as (seq, batch=1, feature)
    elif module.batch_first:
        x = x.transpose(1, 0, 2)
    seq, batch = x.shape[0], x.shape[1]
    layers = module.num_layers * module.directions
    is_lstm = isinstance(module, TorchLSTM)
    h0, c0 = _initial_states(module, initial_state, batch, unbatched)

    inputs = x.transpose(1, 0, 2)                    # lstm_ref runs (batch, seq, feature)
    h_n, c_n = [], []
    for layer in range(module.num_layers):
        outputs = []
        for direction in range(module.directions):
            index = layer * module.directions + direction
            name = f"l{layer}{'_reverse' if direction else ''}"
            seq_in = inputs[:, ::-1] if direction else inputs
            if is_lstm and module.proj_size:
                b = (arrays[f"bias_ih_{name}"] + arrays[f"bias_hh_{name}"] if module.bias
                     else np.zeros(4 * module.hidden_size))
                out, h, c = _projected_lstm(seq_in, arrays[f"weight_ih_{name}"],
                                            arrays[f"weight_hh_{name}"], b,
                                            arrays[f"weight_hr_{name}"], h0[index], c0[index])
            elif is_lstm:
                params = _layer_weights(module, arrays, name)
                trace = lstm_forward(seq_in, *params[:2], params[2] if module.bias else None,
                                     initial_state=[h0[index], c0[index]])
                out, h, c = trace.h, trace.last_h, trace.last_c
            else:
                params = _layer_weights(module, arrays, name)
                trace = gru_forward(seq_in, *params[:2], params[2] if module.bias else None,
                                    reset_after=True, initial_state=[h0[index]])
                out, h, c = trace.h, trace.last_h, None
            outputs.append(out[:, ::-1] if direction else out)
            h_n.append(h)
            c_n.append(c)
        inputs = np.concatenate(outputs, axis=-1)

    output = inputs.transpose(1, 0, 2)               # back to (seq, batch, width)
    h_n_array = np.stack(h_n)
    c_n_array = np.stack(c_n) if is_lstm else None
    if unbatched:
        output = output[:, 0]
        h_n_array = h_n_array[:, 0]
        c_n_array = None if c_n_array is None else c_n_array[:, 0]
    elif module.batch_first:
        output = output.transpose(1, 0, 2)
    assert len(h_n) == layers
    return TorchOutput(output=output, h_n=h_n_array, c_n=c_n_array)


def _initial_states(module: TorchModule, initial_state, batch: int, unbatched: bool):
    layers = module.num_layers * module.directions
    out, hidden = module.output_size, module.hidden_size
    is_lstm = isinstance(module, TorchLSTM)
    if initial_state is None:
        h0 = np.zeros((layers, batch, out))
        return h0, (np.zeros((layers, batch, hidden)) if is_lstm else None)
    states = list(initial_state) if is_lstm else [initial_state]
    widths = [out, hidden] if is_lstm else [out]
    names = ["h_0", "c_0"] if is_lstm else ["h_0"]
    expected = [(layers, width) if unbatched else (layers, batch, width) for width in widths]
    arrays = [np.asarray(s, dtype=np.float64) for s in states]
    if len(arrays) != len(expected) or any(a.shape != e for a, e in zip(arrays, expected)):
        wanted = " and ".join(f"{n} of shape {e}" for n, e in zip(names, expected))
        raise InputShapeError(
            f"{module} expects initial_state as {wanted} (num_layers * directions, "
            f"{'' if unbatched else 'batch, '}width), got {[a.shape for a in arrays]}"
        )
    if unbatched:
        arrays = [a[:, np.newaxis, :] for a in arrays]
    return arrays[0], (arrays[1] if is_lstm else None)


def _packed_forward(module: TorchModule, state_dict, x, initial_state, lengths) -> TorchOutput:
    """torch_forward of each sequence cut to its length: what a packed batch computes."""
    x = np.asarray(x, dtype=np.float64)
    torch_output_shapes(module, x.shape)
    if x.ndim != 3:
        order = BATCH_FIRST_ORDER if module.batch_first else TORCH_ORDER
        raise InputShapeError(f"lengths needs a batched x {order}, got shape {x.shape}")
    if module.batch_first:
        x = x.transpose(1, 0, 2)                     # (seq, batch, feature) from here on
    seq, batch = x.shape[0], x.shape[1]
    given = list(lengths) if isinstance(lengths, (list, tuple, np.ndarray)) else None
    if (given is None or len(given) != batch
            or any(isinstance(n, (bool, np.bool_)) or not isinstance(n, (int, np.integer))
                   or not 1 <= n <= seq for n in given)):
        raise InputShapeError(
            f"expected lengths as one integer from 1 to seq = {seq} per sequence of the batch "
            f"({batch}), got {lengths!r}"
        )
    h0, c0 = _initial_states(module, initial_state, batch, unbatched=False)
    one_by_one = type(module)(**{**_arguments(module), "batch_first": False})
    width = module.directions * module.output_size
    output = np.zeros((seq, batch, width))
    h_n, c_n = np.zeros_like(h0), (None if c0 is None else np.zeros_like(c0))
    for b, length in enumerate(given):
        state = None
        if initial_state is not None:
            state = (h0[:, b], c0[:, b]) if c0 is not None else h0[:, b]
        one = torch_forward(one_by_one, state_dict, x[:int(length), b], state)
        output[:int(length), b] = one.output
        h_n[:, b] = one.h_n
        if c_n is not None:
            c_n[:, b] = one.c_n
    if module.batch_first:
        output = output.transpose(1, 0, 2)
    return TorchOutput(output=output, h_n=h_n, c_n=c_n)


def _arguments(module: TorchModule) -> dict:
    return {field.name: getattr(module, field.name) for field in fields(module)}


def torch_state_error(module: TorchModule, input_shape: Sequence[int],
                      state_shapes: Sequence[Sequence[int]]) -> Optional[str]:
    """The RuntimeError message PyTorch gives for h_0 (and c_0) of these shapes, or None if it
    accepts them.

    state_shapes is [h_0's shape] for nn.GRU, [h_0's shape, c_0's shape] for nn.LSTM. PyTorch
    wants (num_layers * directions, batch, width) for a batched x whatever batch_first says,
    without the batch axis for an unbatched one; width is proj_size or hidden_size for h_0,
    hidden_size for c_0.

    Examples:
        >>> spec = TorchLSTM(3, 4, batch_first=True)
        >>> # h_0 given batch first:
        >>> print(torch_state_error(spec, (2, 5, 3), [(2, 1, 4), (1, 2, 4)]))
        Expected hidden[0] size (1, 2, 4), got [2, 1, 4]
        >>> print(torch_state_error(spec, (2, 5, 3), [(2, 4), (1, 2, 4)]))
        For batched 3-D input, hx and cx should also be 3-D but got (2-D, 3-D) tensors
        >>> gru = TorchGRU(3, 4, num_layers=2)
        >>> print(torch_state_error(gru, (5, 2, 3), [(2, 2, 4)]))
        None
    """
    module = _check_module(module)
    shape = tuple(input_shape)
    torch_output_shapes(module, shape)                 # checks x first, as PyTorch does
    is_lstm = isinstance(module, TorchLSTM)
    shapes = [tuple(s) for s in state_shapes]
    if len(shapes) != (2 if is_lstm else 1):
        raise SpecError(f"expected {'[h_0 shape, c_0 shape]' if is_lstm else '[h_0 shape]'} for "
                        f"{module}, got {shapes}")
    batched = len(shape) == 3
    rank = 3 if batched else 2
    if any(len(s) != rank for s in shapes):
        kind = "batched 3-D" if batched else "unbatched 2-D"
        if is_lstm:
            ranks = ", ".join(f"{len(s)}-D" for s in shapes)
            return f"For {kind} input, hx and cx should also be {rank}-D but got ({ranks}) tensors"
        return f"For {kind} input, hx should also be {rank}-D but got {len(shapes[0])}-D tensor"
    if not batched:
        shapes = [(s[0], 1, s[1]) for s in shapes]      # PyTorch adds the batch axis first
        batch = 1
    else:
        batch = shape[0] if module.batch_first else shape[1]
    layers = module.num_layers * module.directions
    expected = [(layers, batch, module.output_size), (layers, batch, module.hidden_size)]
    for k, (got, wanted) in enumerate(zip(shapes, expected)):
        if got != wanted:
            name = f"hidden[{k}]" if is_lstm else "hidden"
            return f"Expected {name} size {wanted}, got {list(got)}"
    return None
