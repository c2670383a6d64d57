"""What a recurrent layer returns: which steps' h, and the final states with return_state.

>>> from html import unescape      # Graphviz writes '-' in class names as '&#45;'
>>> figure = returned(lr.LSTM(8, return_sequences=True), timesteps=3, features=2)
>>> unescape(figure).count('node-returned')     # h_1, h_2 and h_3 are all returned
3
"""

from __future__ import annotations

import lstm_ref as lr
from lstm_ref.report import shape_text

from .render import draw_figure, new_graph, turned
from .unrolled import steps_to_draw



def returned(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, timesteps: int, features: int,
             figure_id: str = "returned") -> str:
    """A <figure> of one sample unrolled, with the tensors the layer returns highlighted.

    Output shapes are lstm_ref's for input (None, timesteps, features).
    """
    shapes = lr.output_shape(layer, (None, timesteps, features))
    shapes = shapes if isinstance(shapes, list) else [shapes]
    graph = new_graph(figure_id)
    steps = steps_to_draw(timesteps)
    previous = None
    for step in steps:
        cell = f"cell{step or 'gap'}"
        if step is None:
            graph.node(cell, "…", shape="plaintext", **{"class": "node-plain"})
        else:
            graph.node(cell, f"{layer.kind}\nstep {step}", **{"class": "node-cell"})
            is_returned = layer.return_sequences or step == steps[-1]
            graph.node(f"h{step}", f"h_{step}",
                       **{"class": "node-returned" if is_returned else "node-dropped"})
            graph.edge(cell, f"h{step}")
            with graph.subgraph() as column:
                column.attr(rank="same")
                column.node(cell)
                column.node(f"h{step}")
        if previous:
            graph.edge(previous, cell)
        previous = cell
    last = steps[-1]
    if layer.return_state:
        with graph.subgraph() as column:
            column.attr(rank="same")
            for state in layer.states:
                column.node(f"final_{state}", f"final {state}", **{"class": "node-returned"})
                graph.edge(f"cell{last}", f"final_{state}", style="dashed")
    names = ["output"] + [f"final {s}" for s in layer.states] if layer.return_state else ["output"]
    listing = "; ".join(f"{name} {shape_text(shape)}" for name, shape in zip(names, shapes))
    what = "h at every step" if layer.return_sequences else "only the last step's h"
    title = f"What {layer} returns for input (None, {timesteps}, {features})"
    description = (f"The layer computes h at each of {timesteps} steps and returns {what}"
                   + (", plus its final states" if layer.return_state else "")
                   + f". Returned: {listing}.")
    caption = f"{layer}: highlighted boxes are returned. {listing}."
    if layer.return_state:
        caption += f" The final h holds the same values as h_{last}."
    return draw_figure(graph, turned(graph), figure_id=figure_id, title=title,
                       description=description, caption=caption)
