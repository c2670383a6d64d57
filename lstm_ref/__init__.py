"""lstm_ref: the reference for Keras recurrent layer shapes and parameter counts.

Specs mirror Keras layer calls; every number they give is checked against real Keras by
the test suite. NumPy only: importing lstm_ref never imports TensorFlow, and imports NumPy
only when a forward pass or PyTorch's layout is first used (``lr.lstm_forward``), so that
the command line answers fast.

>>> import lstm_ref as lr
>>> lr.count_params(lr.LSTM(10), features=5)
640
>>> lr.output_shape(lr.LSTM(10, return_sequences=True), (None, 13, 5))
(None, 13, 10)
>>> lr.summarize([lr.LSTM(32), lr.Dense(2)], input_shape=(10, 64)).params
12482
"""

from importlib import import_module

from .errors import (InputShapeError, LayerSyntaxError, LstmRefError, ModelError, ShapeMismatch,
                     SpecError)
from .params import Formula, Weight, count_params, formula, weights
from .parse import ParsedLayer, parse_layer, parse_shape
from .shapes import Shape, output_shape
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, SimpleRNN
from .layers import (Activation, AveragePooling1D, BatchNormalization, Conv1D, Conv2D, Dropout,
                     Embedding, Flatten, GaussianNoise, GlobalAveragePooling1D,
                     GlobalMaxPooling1D, LayerNormalization, Masking, MaxPooling1D, MaxPooling2D,
                     Permute, RepeatVector, Reshape, SpatialDropout1D, TimeDistributed)
from .stack import LayerSummary, Summary, summarize

# Names from the modules that need NumPy, imported on first use (PEP 562). The static imports
# below are for readers and tools (mkdocstrings, type checkers); at run time they do not run.
_LAZY = {
    "forward": ("LstmStep", "Trace", "gru_forward", "lstm_forward", "lstm_step", "run",
                "seeded_weights", "simple_rnn_forward", "trace"),
    "torch_layout": ("TorchGRU", "TorchLSTM", "TorchOutput", "keras_weights_from_torch",
                     "torch_count_params", "torch_formula", "torch_forward",
                     "torch_output_shapes", "torch_state_error", "torch_weights"),
}
_LAZY_MODULE = {name: module for module, names in _LAZY.items() for name in names}

TYPE_CHECKING = False  # typing.TYPE_CHECKING, without importing typing
if TYPE_CHECKING:
    from .forward import (LstmStep, Trace, gru_forward, lstm_forward, lstm_step, run,
                          seeded_weights, simple_rnn_forward, trace)
    from .torch_layout import (TorchGRU, TorchLSTM, TorchOutput, keras_weights_from_torch,
                               torch_count_params, torch_formula, torch_forward,
                               torch_output_shapes, torch_state_error, torch_weights)


def __getattr__(name: str):
    module = _LAZY_MODULE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(import_module(f".{module}", __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY_MODULE))


__all__ = [
    "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense", "Layer",
    "Embedding", "Masking", "Dropout", "SpatialDropout1D", "GaussianNoise", "Activation",
    "Conv1D", "MaxPooling1D", "AveragePooling1D", "GlobalMaxPooling1D",
    "GlobalAveragePooling1D", "Flatten", "Reshape", "RepeatVector", "Permute",
    "TimeDistributed", "Conv2D", "MaxPooling2D", "BatchNormalization", "LayerNormalization",
    "Weight", "Formula", "weights", "count_params", "formula",
    "Shape", "output_shape", "Summary", "LayerSummary", "summarize",
    "Trace", "LstmStep", "lstm_step", "lstm_forward", "gru_forward", "simple_rnn_forward",
    "trace", "run", "seeded_weights",
    "ParsedLayer", "parse_layer", "parse_shape",
    "LstmRefError", "SpecError", "LayerSyntaxError", "InputShapeError", "ModelError",
    "ShapeMismatch",
    "TorchLSTM", "TorchGRU", "TorchOutput", "torch_weights", "torch_count_params",
    "torch_formula", "torch_output_shapes", "keras_weights_from_torch", "torch_forward",
    "torch_state_error",
]
