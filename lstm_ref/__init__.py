"""lstm_ref: the reference for Keras recurrent layer shapes and parameter counts.

Specs mirror Keras layer calls; every number they give is checked against real Keras by
the test suite. NumPy only: importing lstm_ref never imports TensorFlow.

>>> import lstm_ref as lr
>>> lr.count_params(lr.LSTM(10), features=5)
640
>>> lr.output_shape(lr.LSTM(10, return_sequences=True), (None, 13, 5))
(None, 13, 10)
>>> lr.summarize([lr.LSTM(32), lr.Dense(2)], input_shape=(10, 64)).params
12482
"""

from .errors import InputShapeError, LayerSyntaxError, LstmRefError, SpecError
from .forward import (LstmStep, Trace, gru_forward, lstm_forward, lstm_step, run,
                      seeded_weights, simple_rnn_forward, trace)
from .params import Formula, Weight, count_params, formula, weights
from .parse import ParsedLayer, parse_layer, parse_shape
from .shapes import Shape, output_shape
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, SimpleRNN
from .stack import LayerSummary, Summary, summarize
from .torch_layout import (TorchGRU, TorchLSTM, TorchOutput, keras_weights_from_torch,
                           torch_count_params, torch_formula, torch_forward,
                           torch_output_shapes, torch_state_error, torch_weights)

__all__ = [
    "LSTM", "GRU", "SimpleRNN", "Bidirectional", "Dense", "Layer",
    "Weight", "Formula", "weights", "count_params", "formula",
    "Shape", "output_shape", "Summary", "LayerSummary", "summarize",
    "Trace", "LstmStep", "lstm_step", "lstm_forward", "gru_forward", "simple_rnn_forward",
    "trace", "run", "seeded_weights",
    "ParsedLayer", "parse_layer", "parse_shape",
    "LstmRefError", "SpecError", "LayerSyntaxError", "InputShapeError",
    "TorchLSTM", "TorchGRU", "TorchOutput", "torch_weights", "torch_count_params",
    "torch_formula", "torch_output_shapes", "keras_weights_from_torch", "torch_forward",
    "torch_state_error",
]
