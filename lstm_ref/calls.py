"""Read one layer call from its syntax tree, with the catalog: literals only, never evaluated.

A call's positional arguments are matched to Keras' parameter order, the arguments that
change shapes or counts are read as literals, the ignored ones are never looked at, and
anything else is refused with one line that says what was expected.

>>> import ast
>>> read_call(ast.parse("layers.Conv1D(64, 3, activation='relu', padding='same')", mode="eval").body)
ParsedLayer(layer=Conv1D(64, 3, padding='same'), input_shape=None, trainable=True, line=None)
>>> read_call(ast.parse("Embedding(1000, 64, weights=[matrix], trainable=False)", mode="eval").body).trainable
False
"""

from __future__ import annotations

import ast

from . import catalog, limits
from .errors import LayerSyntaxError, SpecError
from .records import frozen

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Any, Optional


@frozen
class ParsedLayer:
    """A parsed call: the layer spec; input_shape=(...) if the call gave one (Keras 2 style,
    input_dim=N reads as (N,)); trainable=False if the call said so; its line in pasted code."""

    layer: Any
    input_shape: Optional[tuple] = None
    trainable: bool = True
    line: Optional[int] = None


def call_name(func: ast.expr) -> Optional[str]:
    """'LSTM' for LSTM, layers.LSTM, keras.layers.LSTM or tf.keras.layers.LSTM."""
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute) and call_name(func.value) is not None:
        return func.attr
    return None


def unparse(node: ast.AST) -> str:
    """Source text for a node, for messages: bounded, on one line; never fails."""
    return limits.safe_unparse(node)


def literal(node: ast.expr, what: str) -> Any:
    """The value of a literal node (number, string, bool, None, tuple, list), never evaluated."""
    try:
        value = ast.literal_eval(node)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        raise LayerSyntaxError(catalog.message("literal", what=what, text=unparse(node))) from None
    return limits.check_numbers(value, what)


def _check_activation(kind: str, name: str, node: ast.expr) -> None:
    """Refuse a string activation Keras does not know; any other value stays unread.

    >>> _check_activation("Dense", "activation", ast.parse("'Relu'", mode="eval").body)
    Traceback (most recent call last):
    ...
    lstm_ref.errors.SpecError: Dense activation='Relu': not an activation Keras knows; did you mean 'relu'?
    """
    if (name in catalog.ACTIVATION_ARGUMENTS and isinstance(node, ast.Constant)
            and isinstance(node.value, str) and node.value not in catalog.ACTIVATIONS):
        near = nearest(node.value.lower(), catalog.ACTIVATIONS)
        value = limits.excerpt(node.value)
        raise SpecError(catalog.message("activation_near", kind=kind, name=name, value=value,
                                        near=repr(near)) if near else
                        catalog.message("activation_unknown", kind=kind, name=name, value=value))


def nearest(word: str, names: tuple[str, ...], most: int = 2) -> str | None:
    """The first of `names` fewest edits (insert, delete, replace) from `word`, if `most` or
    fewer; the calculator's port (parse.js, nearest) picks the same.

    >>> nearest("sofmax", ("relu", "softmax")), nearest("rleu", ("relu",)), nearest("x", ("relu",))
    ('softmax', 'relu', None)
    """
    best, found = most + 1, None
    for candidate in names:
        previous = list(range(len(candidate) + 1))
        for i, char in enumerate(word, 1):
            current = [i]
            for j, other in enumerate(candidate, 1):
                current.append(min(previous[j] + 1, current[j - 1] + 1,
                                   previous[j - 1] + (char != other)))
            previous = current
        if previous[-1] < best:
            best, found = previous[-1], candidate
    return found


def arguments(node: ast.Call, kind: str, positional: tuple[str, ...]) -> dict[str, ast.expr]:
    """The call's arguments by name: positional ones take Keras' parameter order."""
    if any(isinstance(a, ast.Starred) for a in node.args) or any(
            k.arg is None for k in node.keywords):
        raise LayerSyntaxError(catalog.message("starred", kind=kind))
    if len(node.args) > len(positional):
        raise LayerSyntaxError(catalog.message(
            "positional", kind=kind, count=len(positional), names=", ".join(positional),
            got=len(node.args)))
    found = dict(zip(positional, node.args))
    for keyword in node.keywords:
        if keyword.arg in found:
            raise LayerSyntaxError(catalog.message("twice", kind=kind, name=keyword.arg))
        found[keyword.arg] = keyword.value
    return found


def _input_shape(name: str, node: ast.expr, kind: str) -> tuple:
    value = literal(node, f"{kind} {name}")
    if name == "input_dim":
        value = (value,)
    if not isinstance(value, (tuple, list)):
        raise LayerSyntaxError(catalog.message("input_shape_tuple", kind=kind, value=repr(value)))
    return tuple(value)


def read_call(node: ast.expr, text: Optional[str] = None) -> ParsedLayer:
    """Read a layer call node into a ParsedLayer; `text` is what a message quotes if it is not
    a call at all."""
    if not isinstance(node, ast.Call):
        raise LayerSyntaxError(catalog.message(
            "not_a_call", text=limits.excerpt(text) if text is not None else unparse(node)))
    kind = call_name(node.func)
    if kind not in catalog.KINDS:
        raise LayerSyntaxError(catalog.message("unknown_layer", name=unparse(node.func)))
    entry = catalog.kind(kind)
    fields = entry.fields()
    values: dict[str, Any] = {}
    input_shape, trainable = None, True
    for name, value in arguments(node, kind, entry.positional).items():
        if name in fields or name in entry.ignored:  # else refused below, by its name
            _check_activation(kind, name, value)
        if name in fields and name == "layer":
            inner = read_call(value)
            values[name] = inner.layer
            input_shape = input_shape or inner.input_shape
        elif name in fields:
            values[name] = literal(value, f"{kind} argument {name}")
        elif name in ("input_shape", "input_dim") and name in entry.options:
            input_shape = _input_shape(name, value, kind)
        elif name == "trainable" and name in entry.options:
            trainable = literal(value, f"{kind} argument trainable")
            if not isinstance(trainable, bool):
                raise SpecError(catalog.message("flag", kind=kind, name="trainable",
                                                value=repr(trainable)))
        elif name in entry.ignored:
            continue
        elif name in catalog.UNSUPPORTED:
            raise SpecError(catalog.message("unsupported_argument", kind=kind, name=name,
                                            why=catalog.UNSUPPORTED[name]))
        elif name in catalog.KERAS2_ONLY:
            raise SpecError(catalog.message("keras2", kind=kind, name=name,
                                            why=catalog.KERAS2_ONLY[name]))
        else:
            if entry.options:
                expected = catalog.message("unexpected_options", fields=", ".join(sorted(fields)))
            else:  # a constructor without **kwargs takes its signature only
                expected = catalog.message("unexpected_only", names=", ".join(entry.positional))
            raise LayerSyntaxError(catalog.message("unexpected", kind=kind, name=name,
                                                   expected=expected))
    for name in entry.required():
        if name not in values:
            raise LayerSyntaxError(catalog.message("missing", kind=kind, name=name))
    return ParsedLayer(entry.spec(**values), input_shape, trainable)
