"""One recurrent layer unrolled in time: the same cell, with the same weights, at every step."""

from __future__ import annotations

import lstm_ref as lr

from .render import count, draw_figure, elided, new_graph, turned

SHOWN_STEPS = 3
"""Steps drawn at the start before an ellipsis stands for the rest (the last step is drawn too)."""


def steps_to_draw(timesteps: int | None) -> list[str | None]:
    """Step labels to draw, None marking an ellipsis: 1, 2, 3, …, T.

    Examples:
        >>> steps_to_draw(3), steps_to_draw(30)
        (['1', '2', '3'], ['1', '2', '3', None, '30'])
    """
    if timesteps is None:
        return [str(t) for t in range(1, SHOWN_STEPS + 1)] + [None, "T"]
    return [None if i is None else str(i + 1) for i in elided(timesteps, head=SHOWN_STEPS)]


def unrolled(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, timesteps: int | None, features: int,
             figure_id: str = "unrolled") -> str:
    """A <figure> of `layer` applied at every step of (batch, timesteps, features) input.

    Shapes on the edges are per sample, computed by lstm_ref: x_t has `features` values,
    h_t has `units` values; the figure notes the parameter count, which is shared by all steps.
    """
    units = layer.units
    params = lr.count_params(layer, features)
    states = " and ".join(f"{s}" for s in layer.states)
    graph = new_graph(figure_id)
    previous = None
    for step in steps_to_draw(timesteps):
        if step is None:
            graph.node("ellipsis", "…", shape="plaintext", **{"class": "node-plain"})
            graph.edge(previous, "ellipsis", label=f" {states} ({units})")
            previous = "ellipsis"
            continue
        cell, x, h = f"cell{step}", f"x{step}", f"h{step}"
        graph.node(x, f"x_{step}\n({features},)", **{"class": "node-input"})
        graph.node(cell, f"{layer.kind} cell\nstep {step}", **{"class": "node-cell"})
        graph.node(h, f"h_{step}\n({units},)", **{"class": "node-output"})
        graph.edge(x, cell)
        graph.edge(cell, h)
        with graph.subgraph() as column:
            column.attr(rank="same")
            column.node(x)
            column.node(cell)
            column.node(h)
        if previous is not None:
            graph.edge(previous, cell, label=f" {states} ({units})" if previous != "ellipsis"
                       else "")
        previous = cell
    length = "variable length T" if timesteps is None else f"{timesteps} timesteps"
    title = f"{layer} unrolled over {length}"
    description = (
        f"One {layer.kind} cell drawn once per timestep. At each step it reads x_t, a vector "
        f"of {count(features, 'feature')}, and its own previous {states}, each {units} values wide, "
        f"and outputs h_t with {units} values. Every step uses the same {params} parameters."
    )
    caption = (f"{layer} on input (batch, {timesteps}, {features}): one cell, reused at every "
               f"step; all steps share the same {params} parameters.")
    return draw_figure(graph, turned(graph), figure_id=figure_id, title=title,
                       description=description, caption=caption)
