"""Render a Summary for people (text, in the spirit of model.summary()) or programs (JSON).

>>> print(render_text(summarize([LSTM(32), Dense(2)], input_shape=(10, 64))))
Input (batch, timesteps, features): (None, 10, 64)
<BLANKLINE>
   Layer     Output shape  Params
1  LSTM(32)  (None, 32)     12416
2  Dense(2)  (None, 2)         66
<BLANKLINE>
Layer 1: LSTM(32)
  input  (None, 10, 64)
  weight            shape      params  connects
  kernel            (64, 128)    8192  each of the 64 input features to 4 gate blocks (i, f, g, o) of 32 units
  recurrent_kernel  (32, 128)    4096  the previous h (32 values) to 4 gate blocks (i, f, g, o) of 32 units
  bias              (128,)        128  one per gate and unit
  params = 4 * (units*features + units*units + units)
         = 4 * (32*64 + 32*32 + 32)
         = 12416
  output (None, 32): h after the last step
  timesteps (10) appears nowhere above: the same weights are applied at every step.
<BLANKLINE>
Layer 2: Dense(2)
  input  (None, 32)
  weight  shape    params  connects
  kernel  (32, 2)      64  each of the 32 inputs to each of 2 units
  bias    (2,)          2  one per unit
  params = features*units + units
         = 32*2 + 2
         = 66
  output (None, 2)
<BLANKLINE>
Total params: 12482
Trainable params: 12482
Non-trainable params: 0
"""

from __future__ import annotations

from .catalog import SCHEMA_VERSION
from .messages import say
from .records import fields
from .shapes import ORDER
from .specs import GRU, LSTM, Bidirectional, Dense, Layer, SimpleRNN
from .stack import LayerSummary, Summary, summarize

TYPE_CHECKING = False
if TYPE_CHECKING:
    from typing import Sequence

RECURRENT = (LSTM, GRU, SimpleRNN, Bidirectional)


def _shape(shape) -> str:
    if isinstance(shape, list):
        return "[" + ", ".join(_shape(s) for s in shape) + "]"
    return "(" + ", ".join(str(d) for d in shape) + ("," if len(shape) == 1 else "") + ")"


def describe_output(layer: Layer) -> str:
    """What the layer's output holds, in words.

    Examples:
        >>> describe_output(Bidirectional(LSTM(8, return_state=True)))
        '[output, forward h, forward c, backward h, backward c]; output: forward and backward h after the last step, concatenated'
    """
    if not isinstance(layer, RECURRENT):
        return ""
    inner = layer.layer if isinstance(layer, Bidirectional) else layer
    steps = say("output_every_step" if inner.return_sequences else "output_last_step")
    if isinstance(layer, Bidirectional):
        merge = say(f"merge_{layer.merge_mode}")
        what = say("output_both", steps=steps, merge=merge)
        names = ["output"] if layer.merge_mode else ["forward output", "backward output"]
        if inner.return_state:
            names += [f"{d} {s}" for d in ("forward", "backward") for s in inner.states]
    else:
        what = say("output_one", steps=steps)
        names = ["output"] + (list(inner.states) if inner.return_state else [])
    if len(names) == 1:
        return what
    return say("output_list", names=", ".join(names), what=what)


def _window_why(layer, size, out, window: str, k: int, stride: int, dilation: int = 1) -> str:
    if size is None:
        return "steps stay None (a variable length)"
    if layer.padding == "valid":
        span = f"{dilation}*({k}-1) + 1" if dilation > 1 else str(k)
        return f"steps = ({size} - {span}) // {stride} + 1 = {out} (padding='valid')"
    pad = " (padding='causal' pads the start)" if layer.padding == "causal" else \
        " (padding='same')"
    return f"steps = ceil({size} / {stride}) = {out}{pad}"


def output_why(row: LayerSummary) -> str:
    """Why a layer around the recurrent ones returns the shape it does, in one clause.

    Examples:
        >>> from lstm_ref.layers import Conv1D, Flatten
        >>> output_why(summarize([Conv1D(8, 3, strides=2)], (10, 4)).layers[0])
        "steps = (10 - 3) // 2 + 1 = 4 (padding='valid'); 8 filters"
        >>> output_why(summarize([Flatten()], (6, 4)).layers[0])
        '6*4 = 24 values per sample'
    """
    layer, shape, out = row.layer, row.input_shape, row.output_shape
    kind = layer.kind
    if kind in ("Conv1D", "MaxPooling1D", "AveragePooling1D"):
        if kind == "Conv1D":
            kernel, (stride,), (dilation,) = layer.tuples()
            why = _window_why(layer, shape[1], out[1], "kernel_size", kernel[0], stride, dilation)
            return f"{why}; {layer.filters} filters"
        (pool,), (stride,) = layer.tuples()
        return _window_why(layer, shape[1], out[1], "pool_size", pool, stride)
    if kind == "Embedding":
        return f"one vector of {layer.output_dim} values per id: a new last axis"
    if kind in ("GlobalMaxPooling1D", "GlobalAveragePooling1D"):
        how = "largest" if kind == "GlobalMaxPooling1D" else "mean"
        kept = " (keepdims=True keeps it as 1)" if layer.keepdims else ""
        return f"the {how} value over the timesteps axis, per channel: that axis is gone{kept}"
    if kind == "Flatten":
        rest = shape[1:]
        if None in rest:
            return "an axis of unknown size makes the flat size unknown (None)"
        return f"{'*'.join(map(str, rest)) or '1'} = {out[1]} values per sample"
    if kind == "RepeatVector":
        return f"the vector repeated {layer.n} times on a new axis 1"
    if kind == "Reshape":
        return "the same values per sample in the target shape"
    if kind == "Permute":
        return f"axes {layer.dims} of {shape} (the batch axis stays first)"
    if kind == "TimeDistributed":
        return f"{layer.layer} applied to each of the {shape[1]} steps, with the same weights"
    if kind in ("Conv2D", "MaxPooling2D"):
        return f"padding='{layer.padding}' on rows and columns"
    if kind in ("Dropout", "SpatialDropout1D", "GaussianNoise", "Activation", "Masking",
                "BatchNormalization", "LayerNormalization"):
        return "the same shape as its input"
    return ""


def _table(rows: list[tuple[str, ...]], right: set[int]) -> list[str]:
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = []
    for row in rows:
        cells = [cell.rjust(w) if i in right else cell.ljust(w)
                 for i, (cell, w) in enumerate(zip(row, widths))]
        lines.append("  " + "  ".join(cells).rstrip())
    return lines


def _layer_text(index: int, row: LayerSummary) -> list[str]:
    frozen = "" if row.trainable else " (trainable=False)"
    lines = [f"Layer {index}: {row.layer}{frozen}", f"  input  {_shape(row.input_shape)}"]
    if row.weights:
        marked = any(not w.trainable for w in row.weights)
        table = [("weight", "shape", "params", "connects")]
        table += [(w.name, _shape(w.shape), str(w.count),
                   w.role + ("" if w.trainable or not marked else " (non-trainable)"))
                  for w in row.weights]
        lines += _table(table, right={2})
        f = row.formula
        lines += [f"  params = {f.symbolic}", f"         = {f.numeric}", f"         = {f.total}"]
    else:
        lines.append("  no weights: params = 0")
    described = describe_output(row.layer) or output_why(row)
    lines.append(f"  output {_shape(row.output_shape)}" + (f": {described}" if described else ""))
    timesteps = row.input_shape[1] if len(row.input_shape) == 3 else None
    if isinstance(row.layer, RECURRENT) and timesteps is not None:
        lines.append("  " + say("timesteps_note", timesteps=timesteps))
    return lines


def _overview(summary: Summary) -> list[str]:
    table = [("", "Layer", "Output shape", "Params")]
    table += [(str(i), str(row.layer), _shape(row.output_shape), str(row.params))
              for i, row in enumerate(summary.layers, start=1)]
    return [line[2:] for line in _table(table, right={3})]


def render_text(summary: Summary) -> str:
    """The human report: an overview like model.summary(), then per layer its weights,
    formula and output, then the total, trainable and non-trainable counts."""
    label = f"Input {ORDER}" if len(summary.input_shape) == 3 else "Input"
    lines = [f"{label}: {_shape(summary.input_shape)}", ""] + _overview(summary) + [""]
    for index, row in enumerate(summary.layers, start=1):
        lines += _layer_text(index, row) + [""]
    lines += [f"Total params: {summary.params}",
              f"Trainable params: {summary.trainable_params}",
              f"Non-trainable params: {summary.non_trainable_params}"]
    return "\n".join(lines)


def shape_text(shape) -> str:
    """A shape as Python prints it; a list of shapes in brackets.

    Examples:
        >>> [shape_text(s) for s in ((None, 32), (128,), [(None, 4), (None, 4)])]
        ['(None, 32)', '(128,)', '[(None, 4), (None, 4)]']
    """
    return _shape(shape)


def markdown_table(header: Sequence[str], rows: Sequence[Sequence[object]]) -> str:
    """A Markdown table, for pages that print generated numbers.

    Examples:
        >>> print(markdown_table(["layer", "params"], [["LSTM(10)", 640]]))
        | layer | params |
        | --- | --- |
        | LSTM(10) | 640 |
    """
    lines = ["| " + " | ".join(header) + " |", "| " + " | ".join("---" for _ in header) + " |"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def _jsonable_shape(shape):
    if isinstance(shape, list):
        return [list(s) for s in shape]
    return list(shape)


def _jsonable(value):
    if isinstance(value, (tuple, list)):
        return [_jsonable(v) for v in value]
    return value


def layer_config(layer: Layer, trainable: bool = True) -> dict:
    """The layer's structured config: class_name, its shape-relevant arguments (Keras names),
    trainable, and for a wrapper the inner layer's config under "layer".

    Examples:
        >>> from lstm_ref.layers import Conv1D, TimeDistributed
        >>> layer_config(TimeDistributed(Dense(3)))
        {'class_name': 'TimeDistributed', 'trainable': True, 'layer': {'class_name': 'Dense', 'trainable': True, 'units': 3, 'use_bias': True}}
        >>> layer_config(Conv1D(8, 3))["padding"]
        'valid'
    """
    config = {"class_name": layer.kind, "trainable": trainable}
    for field in fields(layer):
        value = getattr(layer, field.name)
        config[field.name] = layer_config(value) if field.name == "layer" else _jsonable(value)
    return config


def _formula_dict(formula) -> dict:
    return {"symbolic": formula.symbolic, "numeric": formula.numeric, "total": formula.total}


def layer_dict(row: LayerSummary) -> dict:
    """One layer of the JSON report (schema version 2)."""
    return {
        "layer": str(row.layer),
        "config": layer_config(row.layer, row.trainable),
        "params": row.params,
        "trainable_params": row.trainable_params,
        "non_trainable_params": row.non_trainable_params,
        "input_shape": _jsonable_shape(row.input_shape),
        "output_shape": _jsonable_shape(row.output_shape),
        "output_shapes": [list(s) for s in row.output_shapes],
        "weights": [{"name": w.name, "shape": list(w.shape), "params": w.count,
                     "trainable": w.trainable} for w in row.weights],
        "formula": _formula_dict(row.formula),
    }


def to_dict(summary: Summary) -> dict:
    """The JSON report as a dict (schema version 2, lstm_ref/explain.schema.json).

    Examples:
        >>> summary = summarize([LSTM(4, return_state=True)], input_shape=(None, 3))
        >>> d = to_dict(summary)
        >>> d["schema_version"], d["params"], d["output_shape"]
        (2, 128, [[None, 4], [None, 4], [None, 4]])
    """
    last = summary.layers[-1]
    return {
        "schema_version": SCHEMA_VERSION,
        "input_shape": _jsonable_shape(summary.input_shape),
        "params": summary.params,
        "trainable_params": summary.trainable_params,
        "non_trainable_params": summary.non_trainable_params,
        "output_shape": _jsonable_shape(summary.output_shape),
        "output_shapes": [list(s) for s in last.output_shapes],
        "layers": [layer_dict(row) for row in summary.layers],
    }


def error_dict(message: str, layer=None, line=None) -> dict:
    """The JSON report for input lstm_ref refuses (schema version 2).

    Examples:
        >>> error_dict("layer 2, LSTM(4), expects ...", layer=2, line=5)
        {'schema_version': 2, 'error': {'message': 'layer 2, LSTM(4), expects ...', 'layer': 2, 'line': 5}}
    """
    return {"schema_version": SCHEMA_VERSION,
            "error": {"message": message, "layer": layer, "line": line}}


def render_json(summary: Summary) -> str:
    import json  # here, not at the top: the text report starts faster without it

    return json.dumps(to_dict(summary), indent=2)
