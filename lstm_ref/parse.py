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

from . import limits
from .calls import ParsedLayer, read_call
from .catalog import EXAMPLE, KNOWN, message
from .errors import InputShapeError, LayerSyntaxError

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

__all__ = ["ParsedLayer", "parse_layer", "parse_shape", "EXAMPLE", "KNOWN"]


def parse_layer(text: str) -> ParsedLayer:
    """Parse one layer call such as ``"GRU(16, reset_after=False)"``."""
    if not isinstance(text, str) or not text.strip():
        raise LayerSyntaxError(message("not_a_call", text=limits.excerpt(text)))
    what = message("layer_call")
    limits.check_text(text, what)
    try:
        tree = limits.parse_source(text.strip(), what, mode="eval")
    except SyntaxError as failure:
        raise LayerSyntaxError(message("syntax", text=limits.excerpt(text),
                                       detail=limits.syntax_detail(failure, text.strip()))
                               ) from None
    return read_call(tree.body, text)


def parse_shape(text: str) -> tuple[Optional[int], ...]:
    """Read a per-sample shape such as ``10,64``: the input without its batch axis, any rank,
    as keras.Input(shape=...) takes it; an axis may be None (a variable length).

    Examples:
        >>> tuple(parse_shape(t) for t in ("10,64", "None, 5", "(80,)", "4,8,8,3"))
        ((10, 64), (None, 5), (80,), (4, 8, 8, 3))
        >>> parse_shape("ten,4")
        Traceback (most recent call last):
        ...
        lstm_ref.errors.InputShapeError: expected axis 1 of the input shape to be a positive integer or None, got 'ten' in 'ten,4'
    """
    limits.check_text(text, "the input shape", error=InputShapeError)
    parts = [p.strip() for p in text.strip().strip("()[]").split(",")]
    if len(parts) > 1 and parts[-1] == "":
        parts = parts[:-1]  # "(80,)"
    if parts == [""]:
        raise InputShapeError(message("shape_text", text=limits.excerpt(text)))
    return tuple(limits.parse_size(part, f"axis {index} of the input shape", text, or_none=True,
                                   error=InputShapeError)
                 for index, part in enumerate(parts, start=1))
