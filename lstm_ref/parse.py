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
lstm_ref.errors.LayerSyntaxError: unknown layer '__import__('os').system': expected one of LSTM, GRU, SimpleRNN, Bidirectional, Dense, Embedding, ...
"""

from __future__ import annotations

import ast
from typing import Optional

from .calls import ParsedLayer, read_call
from .catalog import EXAMPLE, KNOWN
from .errors import InputShapeError, LayerSyntaxError

__all__ = ["ParsedLayer", "parse_layer", "parse_shape", "EXAMPLE", "KNOWN"]


def parse_layer(text: str) -> ParsedLayer:
    """Parse one layer call such as ``"GRU(16, reset_after=False)"``."""
    if not isinstance(text, str) or not text.strip():
        raise LayerSyntaxError(f"expected a layer call, {EXAMPLE}; got {text!r}")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError:
        raise LayerSyntaxError(
            f"could not read {text!r} as a layer call: expected Keras call syntax, {EXAMPLE}"
        ) from None
    return read_call(tree.body, text)


def parse_shape(text: str) -> tuple[Optional[int], ...]:
    """Read a per-sample shape such as ``10,64``: the input without its batch axis, any rank,
    as keras.Input(shape=...) takes it; an axis may be None (a variable length).

    Examples:
        >>> parse_shape("10,64"), parse_shape("None, 5"), parse_shape("(80,)"), parse_shape("4,8,8,3")
        ((10, 64), (None, 5), (80,), (4, 8, 8, 3))
        >>> parse_shape("ten,4")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: expected each axis of the input shape to be a positive integer or None, got 'ten' in 'ten,4' (e.g. 10,64 for inputs of shape (batch, 10, 64))
    """
    parts = [p.strip() for p in text.strip().strip("()[]").split(",")]
    if parts and parts[-1] == "" and len(parts) > 1:
        parts = parts[:-1]
    if not parts or parts == [""]:
        raise InputShapeError(f"expected an input shape such as 10,64 (timesteps, features) or "
                              f"80 (token ids), got {text!r}")
    shape = []
    for part in parts:
        if part == "None":
            shape.append(None)
        elif part.isascii() and part.isdigit() and 0 < int(part) <= 10 ** 9:
            shape.append(int(part))
        else:
            raise InputShapeError(
                f"expected each axis of the input shape to be a positive integer or None, got "
                f"{part!r} in {text!r} (e.g. 10,64 for inputs of shape (batch, 10, 64))")
    return tuple(shape)
