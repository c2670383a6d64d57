"""Keras' weight layout: gate blocks side by side in kernel, recurrent_kernel and bias.

>>> html = weight_layout(lr.LSTM(32), features=64)
>>> "[0:32]" in html and "[96:128]" in html
True
"""

from __future__ import annotations

import lstm_ref as lr

from .render import figure_html, new_graph, to_svg

GATE_NAMES = {"i": "input gate", "f": "forget gate", "c": "candidate", "o": "output gate",
              "z": "update gate", "r": "reset gate", "h": "candidate"}


def _escape(text: str) -> str:
    for char in "{}|<>":
        text = text.replace(char, "\\" + char)
    return text


def weight_layout(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, features: int,
                  figure_id: str = "weight-layout") -> str:
    """A <figure> with one row per weight, split into the layer's gate blocks with column ranges."""
    units = layer.units
    graph = new_graph(figure_id, rankdir="TB")
    graph.attr(ranksep="0.2")
    blocks = []
    for k, gate in enumerate(layer.gates):
        blocks.append(_escape(f"{gate}: {GATE_NAMES[gate]}\\ncolumns [{k * units}:{(k + 1) * units}]"))
    previous = None
    for weight in lr.weights(layer, features):
        shape = "(" + ", ".join(map(str, weight.shape)) + ("," if len(weight.shape) == 1 else "") + ")"
        head = _escape(f"{weight.name} {shape}")
        label = "{" + head + "|{" + "|".join(blocks) + "}}"
        graph.node(weight.name, label, shape="record", style="", **{"class": "node-weight"})
        if previous:
            graph.edge(previous, weight.name, style="invis")
        previous = weight.name
    count = lr.count_params(layer, features)
    gates = ", ".join(layer.gates)
    title = f"Weight layout of {layer} with {features} input features"
    description = (f"Each weight of {layer} is split along its last axis into {len(layer.gates)} "
                   f"blocks of {units} columns, in the order {gates}. Total {count} parameters.")
    caption = (f"{layer} on {features} features: every weight holds the blocks {gates} side by "
               f"side, {units} columns each; column ranges are Python slices.")
    if isinstance(layer, lr.GRU) and layer.reset_after and layer.use_bias:
        caption += " The bias has two rows: row 0 is added to the input part, row 1 to the recurrent part."
    return figure_html(to_svg(graph, figure_id=figure_id, title=title, description=description),
                       caption)
