"""Explain a model given as pasted code or as layer calls: what ``python -m lstm_ref explain``
and the calculator print, without the command line around it.

>>> code = "model = Sequential([Embedding(1000, 8), LSTM(4)])"
>>> print(explain_text(code, input_shape="80", as_json=True)[:60])
{
  "schema_version": 2,
  "input_shape": [
    null,
    80
>>> explain_model(code).params
Traceback (most recent call last):
...
lstm_ref.errors.ModelError: no input shape: the code gives none (keras.Input(shape=...), or input_shape= on the first layer), so pass --input-shape, e.g. --input-shape 10,64 for inputs of shape (batch, 10, 64) or --input-shape 80 for 80 token ids per sample
"""

from __future__ import annotations

from collections.abc import Sequence

from . import catalog, limits
from .calls import ParsedLayer
from .errors import LstmRefError, ModelError
from .parse import parse_layer, parse_shape
from .reader import PastedModel, read_model
from .report import error_dict, render_json, render_text
from .stack import Summary, summarize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

ShapeArg = str | Sequence | None


def _shape(value: ShapeArg) -> Optional[tuple]:
    if value is None:
        return None
    return parse_shape(value) if isinstance(value, str) else tuple(value)


def read_layers(texts: Sequence[str]) -> PastedModel:
    """Layer calls given one per argument (the CLI's positional LAYER arguments)."""
    parsed = []
    for index, text in enumerate(texts, start=1):
        try:
            parsed.append(parse_layer(text))
        except LstmRefError as error:
            message = str(error) if len(texts) == 1 else catalog.message(
                "layer", index=index, problem=error)
            raise ModelError(message, index) from None
    first = parsed[0].input_shape if parsed else None
    return PastedModel(tuple(parsed), first, None, None)


def explain_model(code: Optional[str] = None, layers: Sequence[str] = (),
                  input_shape: ShapeArg = None, batch_size: Optional[int] = None) -> Summary:
    """The Summary of pasted `code`, or of `layers` (layer call texts), on inputs of
    `input_shape` (``"10,64"`` or a tuple; needed when the code gives no input shape).

    Examples:
        >>> layers = ["LSTM(32)", "Dense(2)"]
        >>> explain_model(layers=layers, input_shape="10,64").params
        12482
    """
    if (code is None) == (not layers):
        raise ModelError(catalog.message("both_given"))
    pasted = read_model(code) if code is not None else read_layers(layers)
    if not pasted.layers:
        raise ModelError(catalog.message("no_layers"))
    given = _shape(input_shape)
    shape, batch = pasted.input_shape, pasted.batch_size
    if given is not None and shape is not None and tuple(shape) != given:
        where = catalog.message("on_line", line=pasted.input_line) if pasted.input_line else ""
        source = catalog.message("source_code" if code is not None else "source_layer")
        written = limits.excerpt(input_shape) if isinstance(input_shape, str) else \
            ",".join(map(str, given))
        raise ModelError(catalog.message("shape_disagrees", given=written,
                                         shape=limits.clip(str(tuple(shape))), source=source,
                                         where=where), None, pasted.input_line)
    shape = shape if shape is not None else given
    if shape is None and code is None:
        raise ModelError(catalog.message("no_shape_for_calls"))
    if shape is None:
        raise ModelError(catalog.message("no_input_shape"))
    if batch_size is not None and batch is not None and batch != batch_size:
        raise ModelError(catalog.message("batch_disagrees", given=batch_size, batch=batch),
                         None, pasted.input_line)
    batch = batch if batch is not None else batch_size
    try:
        summary = summarize(pasted.layers, shape, batch)
    except ModelError as error:
        if error.line is not None and not str(error).startswith("line "):
            raise ModelError(catalog.message("at_line", line=error.line, problem=error),
                             error.layer, error.line) from None
        raise
    if pasted.pending is not None:  # the layers before it build: Keras stops here
        raise pasted.pending
    return summary


def explain_text(code: Optional[str] = None, layers: Sequence[str] = (),
                 input_shape: ShapeArg = None, batch_size: Optional[int] = None,
                 as_json: bool = False) -> str:
    """The report as the CLI prints it: text like model.summary() with the why, or JSON."""
    summary = explain_model(code, layers, input_shape, batch_size)
    return render_json(summary) if as_json else render_text(summary)


def error_json(error: LstmRefError) -> str:
    """The JSON printed on standard output for refused input (schema version 2).

    Examples:
        >>> try:
        ...     explain_model("model = Sequential([LSTM(4), LSTM(2)])", input_shape="3,4")
        ... except LstmRefError as error:
        ...     print(error_json(error))
        {"schema_version": 2, "error": {"message": "line 1: layer 2, LSTM(2), expects a 3-D input (batch, timesteps, features) but receives (None, 4): set return_sequences=True on layer 1, LSTM(4)", "layer": 2, "line": 1}}
    """
    import json  # here, not at the top: the text report starts faster without it

    return json.dumps(error_dict(str(error), getattr(error, "layer", None),
                                 getattr(error, "line", None)))


__all__ = ["explain_model", "explain_text", "error_json", "read_layers", "ParsedLayer"]
