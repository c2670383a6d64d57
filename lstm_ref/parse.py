"""Read a layer call written the way people paste it, with `ast` and literals only.

Nothing is ever evaluated: the text is parsed into a syntax tree, the call's name is
looked up among the layers lstm_ref knows, and each argument must be a literal.

>>> parse_layer("Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')").layer
Bidirectional(LSTM(64, return_sequences=True), merge_mode='sum')
>>> parse_layer("keras.layers.LSTM(32, input_shape=(10, 64))").input_shape
(10, 64)
>>> parse_layer("__import__('os').system('ls')")
Traceback (most recent call last):
...
lstm_ref.errors.LayerSyntaxError: unknown layer '__import__('os').system': expected one of LSTM, GRU, SimpleRNN, Bidirectional, Dense; e.g. "LSTM(32)" or ...
"""

from __future__ import annotations

import ast
from dataclasses import dataclass, fields
from typing import Optional

from . import limits
from .errors import InputShapeError, LayerSyntaxError, SpecError
from .specs import LAYER_KINDS, Bidirectional, Layer

EXAMPLE = 'e.g. "LSTM(32)" or "Bidirectional(GRU(16, return_sequences=True), merge_mode=\'sum\')"'
KNOWN = ", ".join(LAYER_KINDS)

# Arguments that change nothing about shapes or parameter counts: accepted and ignored,
# so that a layer call pasted from real code still parses. Their values are never read.
IGNORED = frozenset({
    "activation", "recurrent_activation", "kernel_initializer", "recurrent_initializer",
    "bias_initializer", "unit_forget_bias", "kernel_regularizer", "recurrent_regularizer",
    "bias_regularizer", "activity_regularizer", "kernel_constraint", "recurrent_constraint",
    "bias_constraint", "dropout", "recurrent_dropout", "seed", "go_backwards", "unroll",
    "implementation", "name", "dtype", "trainable", "use_cudnn", "lora_rank", "lora_alpha",
    "weights",
})

KERAS2_ONLY = {
    "batch_input_shape": "Keras 3 rejects batch_input_shape=: pass --input-shape TIMESTEPS,"
                         "FEATURES and --batch-size N (in Keras 3, keras.Input(batch_shape=...))",
    "batch_size": "Keras 3 rejects batch_size= on a layer: pass --batch-size N "
                  "(in Keras 3, keras.Input(batch_shape=...))",
    "input_dim": "input_dim= is Keras 2 for the features axis: pass --input-shape "
                 "TIMESTEPS,FEATURES instead",
    "input_length": "input_length= is Keras 2 for the timesteps axis: pass --input-shape "
                    "TIMESTEPS,FEATURES instead",
}


@dataclass(frozen=True)
class ParsedLayer:
    """A parsed call: the layer spec, and input_shape=(timesteps, features) if it gave one."""

    layer: Layer
    input_shape: Optional[tuple] = None


def _name(func: ast.expr) -> Optional[str]:
    """'LSTM' for LSTM, layers.LSTM, keras.layers.LSTM or tf.keras.layers.LSTM."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and _name(func.value) is not None:
        return func.attr
    return None


def _literal(node: ast.expr, what: str):
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise LayerSyntaxError(
            f"{what} must be a literal (a number, a string, True, False, None or a tuple), "
            f"got {limits.safe_unparse(node)}"
        ) from None
    return limits.check_numbers(value, what)


def _parse_call(node: ast.expr, text: str) -> ParsedLayer:
    if not isinstance(node, ast.Call):
        raise LayerSyntaxError(f"expected a layer call, {EXAMPLE}; got {limits.excerpt(text)}")
    kind = _name(node.func)
    if kind not in LAYER_KINDS:
        raise LayerSyntaxError(
            f"unknown layer '{limits.safe_unparse(node.func)}': expected one of {KNOWN}; {EXAMPLE}"
        )
    cls = LAYER_KINDS[kind]
    first = "layer" if cls is Bidirectional else "units"
    if len(node.args) > 1 or any(isinstance(a, ast.Starred) for a in node.args):
        raise LayerSyntaxError(
            f"{kind} takes one positional argument ({first}), got {len(node.args)}: "
            f"give the others by name"
        )
    keywords = {}
    for keyword in node.keywords:
        if keyword.arg is None:
            raise LayerSyntaxError(f"{kind}: **kwargs cannot be read, name each argument")
        if keyword.arg in keywords:
            raise LayerSyntaxError(f"{kind} got {keyword.arg} twice")
        keywords[keyword.arg] = keyword.value
    if node.args:
        if first in keywords:
            raise LayerSyntaxError(f"{kind} got {first} twice")
        keywords[first] = node.args[0]

    allowed = {f.name for f in fields(cls)}  # not the ClassVars (kind, gates, states)
    values, input_shape = {}, None
    for key, value in keywords.items():
        if key in KERAS2_ONLY:
            raise SpecError(f"{kind}({key}=...): {KERAS2_ONLY[key]}")
        if key == "input_shape":
            input_shape = _literal(value, f"{kind} input_shape")
            if not isinstance(input_shape, (tuple, list)):
                raise LayerSyntaxError(f"{kind} input_shape must be a tuple (timesteps, features), "
                                       f"got {limits.excerpt(repr(input_shape))}")
            input_shape = tuple(input_shape)
        elif key == "layer" and cls is Bidirectional:
            inner = _parse_call(value, limits.safe_unparse(value))
            values[key], input_shape = inner.layer, input_shape or inner.input_shape
        elif key in allowed:
            values[key] = _literal(value, f"{kind} argument {key}")
        elif key not in IGNORED:
            expected = ", ".join(sorted(allowed))
            raise LayerSyntaxError(
                f"{kind} got an unexpected argument '{key}': expected {expected} or input_shape "
                "(arguments such as activation or dropout are accepted and ignored)"
            )
    if first not in values:
        raise LayerSyntaxError(f"{kind} needs its {first} argument, {EXAMPLE}")
    return ParsedLayer(cls(**values), input_shape)


def parse_layer(text: str) -> ParsedLayer:
    """Parse one layer call such as ``"GRU(16, reset_after=False)"``."""
    if not isinstance(text, str) or not text.strip():
        raise LayerSyntaxError(f"expected a layer call, {EXAMPLE}; got {limits.excerpt(text)}")
    limits.check_text(text, "the layer call")
    try:
        tree = limits.parse_source(text.strip(), "the layer call", mode="eval")
    except SyntaxError as failure:
        raise LayerSyntaxError(
            f"could not read {limits.excerpt(text)} as a layer call "
            f"({limits.syntax_detail(failure, text.strip())}): expected Keras call syntax, {EXAMPLE}"
        ) from None
    return _parse_call(tree.body, text)


def parse_shape(text: str) -> tuple[Optional[int], int]:
    """Read TIMESTEPS,FEATURES, where TIMESTEPS may be None (variable length).

    Examples:
        >>> parse_shape("10,64"), parse_shape("None, 5"), parse_shape("(30, 1)")
        ((10, 64), (None, 5), (30, 1))
        >>> parse_shape("32,10,64")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: expected TIMESTEPS,FEATURES such as 10,64 (the batch axis of (batch, timesteps, features) goes in --batch-size), got 3 values: '32,10,64'
    """
    limits.check_text(text, "the input shape", error=InputShapeError)
    parts = [p.strip() for p in text.strip().strip("()[]").split(",") if p.strip()]
    if len(parts) != 2:
        extra = (" (the batch axis of (batch, timesteps, features) goes in --batch-size)"
                 if len(parts) == 3 else "")
        raise InputShapeError(
            f"expected TIMESTEPS,FEATURES such as 10,64{extra}, got {len(parts)} values: "
            f"{limits.excerpt(text)}"
        )
    timesteps, features = parts
    steps = limits.parse_size(timesteps, "TIMESTEPS", text, or_none=True, error=InputShapeError)
    return steps, limits.parse_size(features, "FEATURES", text, error=InputShapeError)
