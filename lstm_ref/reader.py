"""The model reader: pasted Keras code to a list of layers, with `ast` and literals only.

It reads the forms people paste: ``model = Sequential()`` and ``model.add(...)`` lines,
``Sequential([...])`` with or without a list variable, ``keras.Input`` / ``InputLayer`` or
``input_shape=`` on the first layer (Keras 2 style), and a single-chain functional model
(``inputs = keras.Input(...)``, ``x = layers.LSTM(32)(x)``, ``keras.Model(inputs, x)``).
Imports, comments, docstrings, ``print(...)`` and ``model.compile/fit/summary/predict``
lines are skipped; anything else is refused with its line number. Nothing is executed.

>>> code = '''
... from tensorflow import keras
... model = keras.Sequential()
... model.add(keras.layers.Embedding(1000, 64, input_length=80))
... model.add(keras.layers.LSTM(32))
... model.compile(loss="mse")
... '''
>>> pasted = read_model(code)
>>> [(row.layer, row.line) for row in pasted.layers]
[(Embedding(1000, 64), 4), (LSTM(32), 5)]
>>> read_model("for i in range(3):\\n    model.add(LSTM(4))")
Traceback (most recent call last):
...
lstm_ref.errors.ModelError: line 1: a for loop is not supported; lstm_ref reads imports, comments, ...
"""

from __future__ import annotations

import ast

from . import catalog, limits
from .calls import ParsedLayer, call_name, literal, read_call, unparse
from .errors import LstmRefError, ModelError
from .records import frozen, replace

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Optional

_STATEMENTS = {
    ast.For: "for", ast.AsyncFor: "for", ast.While: "while", ast.If: "if",
    ast.FunctionDef: "def", ast.AsyncFunctionDef: "def", ast.ClassDef: "class",
    ast.With: "with", ast.AsyncWith: "with", ast.Try: "try", ast.AugAssign: "augmented",
    ast.Delete: "del", ast.Return: "return", ast.Global: "global",
}
"""Statements refused by name: the keyword whose wording catalog.STATEMENTS holds."""


@frozen
class PastedModel:
    """What the code says: its layers in the order applied, and the input if it gives one."""

    layers: tuple[ParsedLayer, ...]
    input_shape: Optional[tuple] = None
    """The per-sample input shape (no batch axis), from keras.Input, InputLayer,
    model.build or input_shape= on the first layer; None if the code gives none."""
    batch_size: Optional[int] = None
    input_line: Optional[int] = None
    pending: Optional[ModelError] = None
    """A layer Keras could not construct, met where Keras builds the model as it goes
    (model.add after a declared input, or a functional chain): Keras raises it only if the
    layers before it build, so it is raised after they are summarized. The reader stops there,
    as Keras does."""


def _at(line: int, problem: object) -> str:
    """A message about a line of the code: "line N: ..."."""
    return catalog.message("at_line", line=line, problem=problem)


def _fail(line: int, what: str) -> ModelError:
    return ModelError(catalog.message("unsupported_line", line=line, what=what), None, line)


class _Reader:
    def __init__(self) -> None:
        self.layers: list[ParsedLayer] = []
        self.models: set[str] = set()
        self.lists: dict[str, list[ast.expr]] = {}
        self.layer_vars: dict[str, ast.expr] = {}
        self.tensor: Optional[str] = None
        self.input_tensor: Optional[str] = None
        self.input_shape: Optional[tuple] = None
        self.batch_size: Optional[int] = None
        self.input_line: Optional[int] = None
        self.declared = False
        self.pending: Optional[ModelError] = None

    # -- layers and inputs -------------------------------------------------------------

    def add_layer(self, node: ast.expr, line: int, built_as_added: bool = False) -> None:
        """Read one layer; `built_as_added` when Keras builds the model at this line if it
        knows the input (model.add, a functional call), so that a layer it cannot construct
        fails only after the layers before it have built."""
        if isinstance(node, ast.Name) and node.id in self.layer_vars:
            node = self.layer_vars[node.id]
        if isinstance(node, ast.Call) and call_name(node.func) in catalog.INPUT_SIGNATURES:
            if self.layers:
                raise _fail(line, catalog.message("input_after_layer", name=call_name(node.func)))
            self.read_input(node, line)
            return
        index = len(self.layers) + 1
        try:
            parsed = read_call(node)
        except LstmRefError as error:
            failure = ModelError(_at(line, catalog.message("layer", index=index, problem=error)),
                                 index, line)
            if built_as_added and (self.declared or (
                    self.layers and self.layers[0].input_shape is not None)):
                self.pending = failure
                return
            raise failure from None
        self.layers.append(replace(parsed, line=line))

    def read_input(self, node: ast.Call, line: int) -> None:
        name = call_name(node.func)
        found = {}
        positional = catalog.INPUT_SIGNATURES[name]
        if len(node.args) > len(positional) or any(isinstance(a, ast.Starred) for a in node.args):
            raise _fail(line, catalog.message("input_positional", name=name,
                                              count=len(node.args)))
        for key, value in [*zip(positional, node.args),
                           *((k.arg, k.value) for k in node.keywords)]:
            if key is None:
                raise _fail(line, catalog.message("input_kwargs", name=name))
            key = {"input_shape": "shape", "batch_input_shape": "batch_shape"}.get(key, key)
            if key in catalog.INPUT_ARGUMENTS:
                try:
                    found[key] = literal(value, f"{name} {key}")
                except LstmRefError as error:
                    raise ModelError(_at(line, error), None, line) from None
        shape, batch = found.get("shape"), found.get("batch_size")
        if found.get("batch_shape") is not None:
            batch_shape = found["batch_shape"]
            if not isinstance(batch_shape, (tuple, list)) or not batch_shape:
                raise ModelError(_at(line, catalog.message("batch_shape", name=name,
                                                           value=repr(batch_shape))), None, line)
            batch, shape = batch_shape[0], tuple(batch_shape[1:])
        if not isinstance(shape, (tuple, list)):
            raise ModelError(_at(line, catalog.message("input_value", name=name,
                                                       value=repr(shape))), None, line)
        self.input_shape, self.batch_size, self.input_line = tuple(shape), batch, line
        self.declared = True

    # -- statements ----------------------------------------------------------------------

    def statement(self, node: ast.stmt) -> None:
        line = node.lineno
        if isinstance(node, (ast.Import, ast.ImportFrom, ast.Pass)):
            return
        if isinstance(node, ast.Expr):
            return self.expression(node.value, line)
        if isinstance(node, ast.Assign):
            if len(node.targets) != 1 or not isinstance(node.targets[0], ast.Name):
                raise _fail(line, catalog.message("several_targets",
                                                  target=unparse(node.targets[0])))
            return self.assign(node.targets[0].id, node.value, line)
        if isinstance(node, ast.AnnAssign) and isinstance(node.target, ast.Name) and node.value:
            return self.assign(node.target.id, node.value, line)
        keyword = _STATEMENTS.get(type(node))
        raise _fail(line, catalog.STATEMENTS[keyword] if keyword
                    else catalog.message("quoted", text=unparse(node)))

    def skipped(self, node: ast.expr) -> bool:
        """model.compile(...), model.summary(), print(...), plot_model(...): nothing to read."""
        if not isinstance(node, ast.Call):
            return False
        name = call_name(node.func)
        if name in ("print", "plot_model"):
            return True
        return (isinstance(node.func, ast.Attribute) and name in catalog.SKIPPED_METHODS
                and name != "build")

    def expression(self, value: ast.expr, line: int) -> None:
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            return
        if self.skipped(value):
            return
        if isinstance(value, ast.Call) and isinstance(value.func, ast.Attribute):
            owner = value.func.value
            if isinstance(owner, ast.Name) and owner.id in self.models:
                if value.func.attr == "add" and len(value.args) == 1 and not value.keywords:
                    return self.add_layer(value.args[0], line, built_as_added=True)
                if value.func.attr == "build":
                    return self.build(value, line)
        if isinstance(value, ast.List) and not self.models and self.tensor is None:
            for item in value.elts:
                self.add_layer(item, getattr(item, "lineno", line))
            return
        if (isinstance(value, ast.Call) and call_name(value.func) in catalog.KINDS
                and not self.models and self.tensor is None):
            return self.add_layer(value, line)
        raise _fail(line, catalog.message("quoted", text=unparse(value)))

    def build(self, call: ast.Call, line: int) -> None:
        args = list(call.args) + [k.value for k in call.keywords if k.arg == "input_shape"]
        if len(args) != 1:
            raise _fail(line, catalog.message("build_arguments"))
        try:
            batch_shape = literal(args[0], "model.build input_shape")
        except LstmRefError as error:
            raise ModelError(_at(line, error), None, line) from None
        if not isinstance(batch_shape, (tuple, list)) or not batch_shape:
            raise ModelError(_at(line, catalog.message("build_shape", value=repr(batch_shape))),
                             None, line)
        self.batch_size, self.input_shape = batch_shape[0], tuple(batch_shape[1:])
        self.input_line = line

    def assign(self, name: str, value: ast.expr, line: int) -> None:
        if self.skipped(value):
            return
        if isinstance(value, ast.List):
            self.lists[name] = list(value.elts)
            return
        if not isinstance(value, ast.Call):
            raise _fail(line, catalog.message("quoted", text=f"{name} = {unparse(value)}"))
        kind = call_name(value.func)
        if kind in catalog.SEQUENTIAL:
            return self.sequential(name, value, line)
        if kind in catalog.INPUT_SIGNATURES and not isinstance(value.func, ast.Call):
            if self.layers or self.input_tensor:
                raise _fail(line, catalog.message("second_input"))
            self.read_input(value, line)
            self.tensor = self.input_tensor = name
            return
        if kind in catalog.MODEL:
            return self.model(value, line)
        if kind in catalog.KINDS and not isinstance(value.func, ast.Call):
            self.layer_vars[name] = value
            return
        if self.applies_layer(value):
            self.apply(value, line)
            self.tensor = name
            return
        raise _fail(line, catalog.message("quoted", text=f"{name} = {unparse(value)}"))

    def sequential(self, name: str, call: ast.Call, line: int) -> None:
        if self.models or self.layers:
            raise _fail(line, catalog.message("second_model"))
        self.models.add(name)
        items = list(call.args[:1]) + [k.value for k in call.keywords if k.arg == "layers"]
        if not items:
            return
        layers = items[0]
        if isinstance(layers, ast.Name) and layers.id in self.lists:
            elements = self.lists[layers.id]
        elif isinstance(layers, (ast.List, ast.Tuple)):
            elements = list(layers.elts)
        else:
            raise _fail(line, catalog.message("sequential_argument", text=unparse(layers)))
        for item in elements:
            self.add_layer(item, getattr(item, "lineno", line))

    def applies_layer(self, call: ast.Call) -> bool:
        """LSTM(32)(x), or lstm(x) for a layer assigned to `lstm` before."""
        func = call.func
        if isinstance(func, ast.Call):
            return call_name(func.func) in catalog.KINDS
        return isinstance(func, ast.Name) and func.id in self.layer_vars

    def apply(self, call: ast.Call, line: int) -> None:
        if self.input_tensor is None:
            raise _fail(line, catalog.message("applied_first"))
        if len(call.args) != 1 or call.keywords and any(
                k.arg not in ("training", "mask") for k in call.keywords):
            raise _fail(line, catalog.message("applied_arguments", text=unparse(call)))
        arg = call.args[0]
        if isinstance(arg, ast.Call) and self.applies_layer(arg):
            self.apply(arg, line)
        elif not (isinstance(arg, ast.Name) and arg.id == self.tensor):
            raise _fail(line, catalog.message("applied_elsewhere", text=unparse(arg),
                                              tensor=self.tensor))
        self.add_layer(call.func, line, built_as_added=True)

    def model(self, call: ast.Call, line: int) -> None:
        args = dict(zip(("inputs", "outputs"), call.args))
        args.update({k.arg: k.value for k in call.keywords if k.arg in ("inputs", "outputs")})
        names = []
        for key in ("inputs", "outputs"):
            node = args.get(key)
            if isinstance(node, (ast.List, ast.Tuple)) and len(node.elts) == 1:
                node = node.elts[0]
            names.append(node.id if isinstance(node, ast.Name) else None)
        if names != [self.input_tensor, self.tensor] or self.tensor is None:
            raise _fail(line, catalog.message("model_arguments", text=unparse(call)))


def read_model(text: str) -> PastedModel:
    """Read pasted Keras code into its layers and input; refuse what cannot be read safely.

    Examples:
        >>> pasted = read_model("inputs = keras.Input(shape=(None, 3))\\n"
        ...                     "x = layers.LSTM(8)(inputs)\\n"
        ...                     "outputs = layers.Dense(1)(x)\\n"
        ...                     "model = keras.Model(inputs, outputs)")
        >>> [str(row.layer) for row in pasted.layers], pasted.input_shape
        (['LSTM(8)', 'Dense(1)'], (None, 3))
    """
    try:
        what = catalog.message("the_code")
        limits.check_text(text, what, max_chars=limits.MAX_SOURCE_CHARS, error=ModelError)
        tree = limits.parse_source(text, what, mode="exec", error=ModelError)
    except SyntaxError as error:
        line = error.lineno
        raise ModelError(catalog.message("code_syntax", line=line,
                                         reason=limits.one_line(error.msg or "invalid syntax",
                                                                120)), None, line) from None
    reader = _Reader()
    for node in tree.body:
        reader.statement(node)
        if reader.pending is not None:
            break
    if not reader.layers:
        raise reader.pending or ModelError(catalog.message("no_layers"))
    input_shape, batch, input_line = reader.input_shape, reader.batch_size, reader.input_line
    if input_shape is None and reader.layers[0].input_shape is not None:
        input_shape, input_line = reader.layers[0].input_shape, reader.layers[0].line
    return PastedModel(tuple(reader.layers), input_shape, batch, input_line, reader.pending)
