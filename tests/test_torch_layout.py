"""lstm_ref's PyTorch layout against real PyTorch (CPU): weight names and shapes, parameter counts,
formulas, output shapes and forward passes, over a grid of nn.LSTM / nn.GRU configurations.

torch is test-only: `make test` installs it from requirements-torch.lock.

Forward passes: torch computes in float32, lstm_ref in float64, with the same weights (those torch
initialised, read from state_dict()) and inputs in [-1, 1]; every output, h_n and c_n agrees to
within TOLERANCE, absolute and relative.
"""

from __future__ import annotations

import itertools
import subprocess
import sys

import numpy as np
import pytest

try:
    import torch
except ImportError as error:  # pragma: no cover - a clear message instead of a collection trace
    raise ImportError("tests/test_torch_layout.py needs torch: `make test` installs it from "
                      "requirements-torch.lock") from error

import lstm_ref as lr
from lstm_ref.records import fields
from keras_bridge import keras_layer
from test_params_vs_keras import arithmetic

TOLERANCE = 1e-5
torch.set_num_threads(1)
# torch's notice that its oneDNN kernel skips projected LSTMs; the default kernel runs instead.
pytestmark = pytest.mark.filterwarnings("ignore:LSTM with projections is not supported")


def lstm_grid():
    for input_size, hidden, layers, bias, bidirectional, proj in itertools.product(
            (1, 5), (1, 4, 10), (1, 2, 3), (True, False), (False, True), (0, 1, 3)):
        if proj < hidden:
            yield lr.TorchLSTM(input_size, hidden, num_layers=layers, bias=bias,
                               bidirectional=bidirectional, proj_size=proj)


def gru_grid():
    for input_size, hidden, layers, bias, bidirectional in itertools.product(
            (1, 5), (1, 4, 10), (1, 2, 3), (True, False), (False, True)):
        yield lr.TorchGRU(input_size, hidden, num_layers=layers, bias=bias,
                          bidirectional=bidirectional)


GRID = list(lstm_grid()) + list(gru_grid())


def torch_module(spec: lr.TorchLSTM | lr.TorchGRU, seed: int = 0) -> torch.nn.Module:
    """The real module for `spec`, with PyTorch's own random initialisation, in eval mode."""
    torch.manual_seed(seed)
    arguments = dict(input_size=spec.input_size, hidden_size=spec.hidden_size,
                     num_layers=spec.num_layers, bias=spec.bias, batch_first=spec.batch_first,
                     bidirectional=spec.bidirectional)
    if isinstance(spec, lr.TorchLSTM):
        return torch.nn.LSTM(proj_size=spec.proj_size, **arguments).eval()
    return torch.nn.GRU(**arguments).eval()


def state_dict(module: torch.nn.Module) -> dict[str, np.ndarray]:
    return {name: tensor.numpy() for name, tensor in module.state_dict().items()}


def test_the_grid_covers_every_argument():
    assert {type(s) for s in GRID} == {lr.TorchLSTM, lr.TorchGRU}
    assert any(s.proj_size and s.bidirectional and s.num_layers == 3 for s in lstm_grid())
    assert len(GRID) > 150


@pytest.mark.parametrize("spec", GRID, ids=str)
def test_weights_and_counts_match_torch(spec):
    module = torch_module(spec)
    ours = lr.torch_weights(spec)
    assert [(w.name, w.shape) for w in ours] == [
        (name, tuple(t.shape)) for name, t in module.state_dict().items()]
    expected = sum(p.numel() for p in module.parameters())
    assert lr.torch_count_params(spec) == expected
    formula = lr.torch_formula(spec)
    names = {"input_size": spec.input_size, "hidden_size": spec.hidden_size,
             "proj_size": getattr(spec, "proj_size", 0)}
    assert arithmetic(formula.symbolic, names) == expected
    assert arithmetic(formula.numeric, {}) == expected == formula.total


@pytest.mark.parametrize("hidden, features", [(1, 1), (10, 5), (32, 64)])
def test_torch_has_4_units_more_than_keras_per_lstm_and_the_same_per_gru(hidden, features):
    """The second bias: 4 * hidden_size more for an LSTM; a GRU equals Keras' reset_after=True."""
    torch_lstm = sum(p.numel() for p in torch.nn.LSTM(features, hidden).parameters())
    torch_gru = sum(p.numel() for p in torch.nn.GRU(features, hidden).parameters())
    keras_lstm = keras_layer(lr.LSTM(hidden))
    keras_lstm.build((None, 3, features))
    keras_gru = keras_layer(lr.GRU(hidden, reset_after=True))
    keras_gru.build((None, 3, features))
    assert torch_lstm - keras_lstm.count_params() == 4 * hidden
    assert torch_gru == keras_gru.count_params()
    assert lr.torch_count_params(lr.TorchLSTM(features, hidden)) == torch_lstm
    assert lr.torch_count_params(lr.TorchGRU(features, hidden)) == torch_gru


def shape_cases():
    for spec in GRID[::7]:
        for batch_first in (False, True):
            yield lr.TorchLSTM(**{**vars_of(spec), "batch_first": batch_first}) if isinstance(
                spec, lr.TorchLSTM) else lr.TorchGRU(**{**vars_of(spec), "batch_first": batch_first})


def vars_of(spec) -> dict:
    return {f.name: getattr(spec, f.name) for f in fields(spec)}


@pytest.mark.parametrize("spec", list(shape_cases()), ids=str)
@pytest.mark.parametrize("batched", [True, False], ids=["batched", "unbatched"])
def test_output_shapes_and_values_match_torch(spec, batched):
    module = torch_module(spec, seed=1)
    rng = np.random.default_rng(2)
    seq, batch = 6, 3
    if batched:
        shape = (batch, seq, spec.input_size) if spec.batch_first else (seq, batch, spec.input_size)
    else:
        shape = (seq, spec.input_size)
    x = rng.uniform(-1, 1, size=shape)
    with torch.no_grad():
        output, states = module(torch.from_numpy(x.astype("float32")))
    expected = [output] + (list(states) if isinstance(states, tuple) else [states])
    expected = [t.numpy() for t in expected]

    assert lr.torch_output_shapes(spec, shape) == [e.shape for e in expected]
    ours = lr.torch_forward(spec, state_dict(module), x)
    ours = [ours.output, ours.h_n] + ([ours.c_n] if isinstance(spec, lr.TorchLSTM) else [])
    for a, e in zip(ours, expected):
        np.testing.assert_allclose(a, e, rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("spec", [
    lr.TorchLSTM(3, 4, num_layers=2, bidirectional=True),
    lr.TorchLSTM(3, 4, proj_size=2, batch_first=True),
    lr.TorchGRU(3, 4, num_layers=2, bidirectional=True, batch_first=True),
], ids=str)
def test_initial_states_carry_over_like_torch(spec):
    module = torch_module(spec, seed=3)
    rng = np.random.default_rng(4)
    layers = spec.num_layers * spec.directions
    x = rng.uniform(-1, 1, size=(2, 5, 3))             # (seq=2, batch=5) or (batch=2, seq=5)
    batch = x.shape[0] if spec.batch_first else x.shape[1]
    h0 = rng.uniform(-1, 1, size=(layers, batch, spec.output_size))
    c0 = rng.uniform(-1, 1, size=(layers, batch, spec.hidden_size))
    is_lstm = isinstance(spec, lr.TorchLSTM)
    state = (h0, c0) if is_lstm else h0
    as_torch = tuple(torch.from_numpy(s.astype("float32")) for s in state) if is_lstm \
        else torch.from_numpy(h0.astype("float32"))
    with torch.no_grad():
        output, states = module(torch.from_numpy(x.astype("float32")), as_torch)
    ours = lr.torch_forward(spec, state_dict(module), x, initial_state=state)
    np.testing.assert_allclose(ours.output, output.numpy(), rtol=TOLERANCE, atol=TOLERANCE)
    h_n = states[0] if is_lstm else states
    np.testing.assert_allclose(ours.h_n, h_n.numpy(), rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("spec", [lr.TorchLSTM(3, 4), lr.TorchGRU(3, 4),
                                  lr.TorchLSTM(3, 4, bias=False), lr.TorchGRU(3, 4, bias=False)],
                         ids=str)
def test_converted_weights_make_keras_compute_what_torch_computes(spec):
    """keras_weights_from_torch: a Keras LSTM / GRU(reset_after=True) with the converted weights
    returns torch's output at every step."""
    module = torch_module(spec, seed=5)
    keras_spec = (lr.LSTM(4, return_sequences=True, use_bias=spec.bias)
                  if isinstance(spec, lr.TorchLSTM)
                  else lr.GRU(4, return_sequences=True, use_bias=spec.bias, reset_after=True))
    layer = keras_layer(keras_spec)
    layer.build((None, 7, 3))
    layer.set_weights(lr.keras_weights_from_torch(spec, state_dict(module)))
    x = np.random.default_rng(6).uniform(-1, 1, size=(2, 7, 3)).astype("float32")
    with torch.no_grad():
        expected, _ = module(torch.from_numpy(x.transpose(1, 0, 2).copy()))
    np.testing.assert_allclose(np.asarray(layer(x)), expected.numpy().transpose(1, 0, 2),
                               rtol=TOLERANCE, atol=TOLERANCE)


@pytest.mark.parametrize("change, message", [
    (lambda s: s.pop("bias_hh_l0"), r"missing key 'bias_hh_l0'.*expected weight_ih_l0 \(16, 3\)"),
    (lambda s: s.update(extra=np.zeros(1)), r"unexpected key 'extra'"),
    (lambda s: s.update(weight_hh_l0=np.zeros((4, 16))),
     r"expected weight_hh_l0 of shape \(16, 4\).*got \(4, 16\)"),
])
def test_a_bad_state_dict_is_named_in_one_line(change, message):
    spec = lr.TorchLSTM(3, 4)
    state = state_dict(torch_module(spec))
    change(state)
    with pytest.raises(lr.InputShapeError, match=message) as caught:
        lr.torch_forward(spec, state, np.zeros((2, 1, 3)))
    assert "\n" not in str(caught.value)


@pytest.mark.parametrize("make, message", [
    (lambda: lr.TorchLSTM(3, 4, proj_size=4), r"proj_size must be 0 .* smaller than hidden_size=4"),
    (lambda: lr.TorchGRU(3, 0), r"nn.GRU hidden_size must be a positive integer, got 0"),
    (lambda: lr.TorchLSTM(3, 4, batch_first=1), r"batch_first must be True or False"),
    (lambda: lr.torch_output_shapes(lr.TorchLSTM(3, 4), (2, 5, 4)),
     r"feature = input_size = 3, got \(2, 5, 4\)"),
    (lambda: lr.keras_weights_from_torch(lr.TorchLSTM(3, 4, proj_size=2), {}),
     r"no Keras layer does"),
])
def test_bad_specs_and_shapes_are_one_line_errors(make, message):
    with pytest.raises(lr.LstmRefError, match=message) as caught:
        make()
    assert "\n" not in str(caught.value)


def test_torch_raises_where_lstm_ref_raises():
    """The spec checks mirror torch's own: proj_size >= hidden_size and a wrong feature axis."""
    with pytest.raises(ValueError, match="proj_size has to be smaller than hidden_size"):
        torch.nn.LSTM(3, 4, proj_size=4)
    with pytest.raises(RuntimeError, match="input.size\\(-1\\) must be equal to input_size"):
        torch.nn.LSTM(3, 4)(torch.zeros(2, 5, 4))


def test_importing_lstm_ref_never_imports_torch():
    code = "import lstm_ref, sys; print(sorted(m for m in ('torch', 'tensorflow', 'keras') if m in sys.modules))"
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                            timeout=60, check=True)
    assert result.stdout.strip() == "[]"


# -- Packed sequences and the h_0 / c_0 checks -----------------------------------------------------

@pytest.mark.parametrize("spec", [s for s in GRID[::5]] + [
    lr.TorchLSTM(3, 4, batch_first=True, bidirectional=True, num_layers=2),
    lr.TorchGRU(3, 4, batch_first=True, bidirectional=True)], ids=str)
@pytest.mark.parametrize("with_state", [False, True], ids=["zero-state", "given-state"])
def test_packed_sequences_match_pack_padded_sequence(spec, with_state):
    from torch.nn.utils.rnn import pack_padded_sequence, pad_packed_sequence

    module = torch_module(spec, seed=3)
    rng = np.random.default_rng(4)
    seq, lengths = 5, [5, 2, 4]
    shape = ((len(lengths), seq, spec.input_size) if spec.batch_first
             else (seq, len(lengths), spec.input_size))
    x = rng.uniform(-1, 1, size=shape)
    layers = spec.num_layers * spec.directions
    state = None
    if with_state:
        state = [rng.uniform(-1, 1, size=(layers, len(lengths), spec.output_size))]
        if isinstance(spec, lr.TorchLSTM):
            state.append(rng.uniform(-1, 1, size=(layers, len(lengths), spec.hidden_size)))
    packed = pack_padded_sequence(torch.from_numpy(x.astype("float32")), torch.tensor(lengths),
                                  batch_first=spec.batch_first, enforce_sorted=False)
    torch_state = None
    if state is not None:
        tensors = [torch.from_numpy(s.astype("float32")) for s in state]
        torch_state = tuple(tensors) if isinstance(spec, lr.TorchLSTM) else tensors[0]
    with torch.no_grad():
        output, states = module(packed, torch_state)
        output, _ = pad_packed_sequence(output, batch_first=spec.batch_first)
    expected = [output] + (list(states) if isinstance(states, tuple) else [states])
    ours = lr.torch_forward(spec, state_dict(module), x,
                            (state if isinstance(spec, lr.TorchLSTM) else state[0]) if state
                            else None, lengths=lengths)
    got = [ours.output, ours.h_n] + ([ours.c_n] if ours.c_n is not None else [])
    assert len(got) == len(expected)
    for a, b in zip(got, expected):
        assert a.shape == tuple(b.shape)
        np.testing.assert_allclose(a, b.numpy(), atol=TOLERANCE, rtol=TOLERANCE)


def state_error_cases():
    lstm = lr.TorchLSTM(3, 4, batch_first=True)
    yield lstm, (2, 5, 3), [(1, 2, 4), (1, 2, 4)]
    yield lstm, (2, 5, 3), [(2, 1, 4), (1, 2, 4)]
    yield lstm, (2, 5, 3), [(1, 2, 4), (1, 2, 5)]
    yield lstm, (2, 5, 3), [(2, 4), (1, 2, 4)]
    yield lstm, (2, 5, 3), [(1, 2, 4), (2, 4)]
    yield lstm, (5, 3), [(1, 4), (1, 4)]
    yield lstm, (5, 3), [(1, 4), (1, 2, 4)]
    yield lstm, (5, 3), [(2, 4), (1, 4)]
    yield lr.TorchLSTM(3, 4), (5, 2, 3), [(1, 5, 4), (1, 5, 4)]
    yield lr.TorchLSTM(3, 4, proj_size=2), (5, 2, 3), [(1, 2, 4), (1, 2, 4)]
    yield lr.TorchLSTM(3, 4, proj_size=2), (5, 2, 3), [(1, 2, 2), (1, 2, 4)]
    yield lr.TorchLSTM(3, 4, num_layers=2, bidirectional=True), (5, 2, 3), [(2, 2, 4), (4, 2, 4)]
    yield lr.TorchLSTM(3, 4, num_layers=2, bidirectional=True), (5, 2, 3), [(4, 2, 4), (4, 2, 4)]
    yield lr.TorchGRU(3, 4, num_layers=2, bidirectional=True), (5, 2, 3), [(2, 2, 4)]
    yield lr.TorchGRU(3, 4, batch_first=True), (2, 5, 3), [(2, 4)]
    yield lr.TorchGRU(3, 4), (5, 3), [(1, 1, 4)]
    yield lr.TorchGRU(3, 4), (5, 3), [(1, 4)]


@pytest.mark.parametrize("spec, x_shape, state_shapes", list(state_error_cases()), ids=str)
def test_state_errors_are_torchs_own(spec, x_shape, state_shapes):
    module = torch_module(spec)
    states = [torch.zeros(s) for s in state_shapes]
    try:
        with torch.no_grad():
            module(torch.zeros(x_shape), tuple(states) if len(states) == 2 else states[0])
        torch_message = None
    except RuntimeError as error:
        torch_message = str(error)
    assert lr.torch_state_error(spec, x_shape, state_shapes) == torch_message
