"""A stack of layers as Keras builds it, with the shape that flows between them.

>>> html = stack_figure([lr.LSTM(8, return_sequences=True), lr.LSTM(4)], input_shape=(5, 3))
>>> "(None, 5, 8)" in html and "(None, 4)" in html
True
"""

from __future__ import annotations

from typing import Sequence

import lstm_ref as lr
from lstm_ref.report import shape_text

from .render import figure_html, new_graph, to_svg



def stack_figure(layers: Sequence[lr.Layer], input_shape: tuple, batch_size: int | None = None,
                 figure_id: str = "stack", caption: str | None = None) -> str:
    """A <figure>: input, then each layer with its parameter count; edges carry shapes.

    Shapes and counts are lstm_ref.summarize's, so a stack Keras would refuse raises here too.
    """
    summary = lr.summarize(layers, input_shape, batch_size)
    graph = new_graph(figure_id, rankdir="TB")
    graph.attr(ranksep="0.35")
    graph.node("input", f"input {shape_text(summary.input_shape)}", **{"class": "node-input"})
    previous = "input"
    for index, row in enumerate(summary.layers, start=1):
        name = f"layer{index}"
        label = f"{row.layer}\n{row.params} parameters"
        if isinstance(row.layer, lr.Bidirectional):
            label = (f"{row.layer}\nforward and backward copies of {row.layer.layer.kind}"
                     f"\n{row.params} parameters")
        graph.node(name, label, **{"class": "node-cell"})
        graph.edge(previous, name, label=f" {shape_text(row.input_shape)}")
        previous = name
    graph.node("output", f"output {shape_text(summary.output_shape)}", **{"class": "node-output"})
    graph.edge(previous, "output")
    names = " → ".join(str(layer) for layer in layers)
    title = f"Stack: {names}"
    description = (f"Input {shape_text(summary.input_shape)} flows through {len(layers)} layer(s): "
                   + "; ".join(f"{row.layer} has {row.params} parameters and returns "
                               f"{shape_text(row.output_shape)}" for row in summary.layers)
                   + f". Total {summary.params} parameters.")
    caption = caption or f"{names}: {summary.params} parameters in total."
    return figure_html(to_svg(graph, figure_id=figure_id, title=title, description=description),
                       caption)
