"""Keras' weight layout: gate blocks side by side in kernel, recurrent_kernel and bias.

>>> html = weight_layout(lr.LSTM(32), features=64)
>>> "[0:32]" in html and "[96:128]" in html
True
>>> "g: candidate" in html and "c: candidate" not in html   # Keras' c block, called g here
True
"""

from __future__ import annotations

import graphviz

import lstm_ref as lr

from .render import count, draw_figure, gate_letter, new_graph

GATE_NAMES = {"i": "input gate", "f": "forget gate", "c": "candidate", "o": "output gate",
              "z": "update gate", "r": "reset gate", "h": "candidate"}


def _escape(text: str) -> str:
    for char in "{}|<>":
        text = text.replace(char, "\\" + char)
    return text


def _weights(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, features: int, figure_id: str,
             narrow: bool) -> graphviz.Digraph:
    """One record per weight, stacked; blocks side by side, or (`narrow`) two to a row."""
    units = layer.units
    graph = new_graph(figure_id, rankdir="TB")
    graph.attr(ranksep="0.2", nodesep="0.25")
    blocks = [_escape(f"{gate_letter(gate)}: {GATE_NAMES[gate]}\\ncolumns "
                      f"[{k * units}:{(k + 1) * units}]")
              for k, gate in enumerate(layer.gates)]
    previous = None
    # In a record, {a|b} turns: fields side by side within a top-to-bottom one.
    per_row = 2 if narrow else len(blocks)
    rows = "|".join("{" + "|".join(blocks[k:k + per_row]) + "}"
                    for k in range(0, len(blocks), per_row))
    for weight in lr.weights(layer, features):
        shape = ("(" + ", ".join(map(str, weight.shape))
                 + ("," if len(weight.shape) == 1 else "") + ")")
        label = "{" + _escape(f"{weight.name} {shape}") + "|" + rows + "}"
        graph.node(weight.name, label, shape="record", style="", **{"class": "node-weight"})
        if previous:
            graph.edge(previous, weight.name, style="invis")
        previous = weight.name
    return graph


def weight_layout(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, features: int,
                  figure_id: str = "weight-layout") -> str:
    """A <figure> with one row per weight, split into the layer's gate blocks with column ranges.

    An LSTM's candidate block, which Keras calls c, is labelled g (see `render.GATE_LETTERS`).
    """
    units = layer.units
    params = lr.count_params(layer, features)
    gates = ", ".join(gate_letter(gate) for gate in layer.gates)
    title = f"Weight layout of {layer} with {count(features, 'input feature')}"
    description = (f"Each weight of {layer} is split along its last axis into {len(layer.gates)} "
                   f"blocks of {units} columns, in the order {gates}. Total {params} parameters.")
    caption = (f"{layer} on {count(features, 'feature')}: every weight holds the blocks {gates} "
               f"side by side, {units} columns each; column ranges are Python slices.")
    if "c" in layer.gates:
        caption += " g is the candidate, the block Keras calls c (kernel_c in Keras 2)."
    if isinstance(layer, lr.GRU) and layer.reset_after and layer.use_bias:
        caption += (" The bias has two rows: row 0 is added to the input part, row 1 to the "
                    "recurrent part.")
    return draw_figure(*(_weights(layer, features, figure_id, narrow) for narrow in (False, True)),
                       figure_id=figure_id, title=title, description=description, caption=caption)
