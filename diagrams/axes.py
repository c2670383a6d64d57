"""The three axes of a recurrent layer's input: batch, time and the width of the state.

>>> html = three_axes(lr.LSTM(4), batch=3, timesteps=6, features=2)
>>> html.count(">sample ")      # rows drawn: one per sequence in the batch
3
"""

from __future__ import annotations

import lstm_ref as lr

from .render import figure_html, new_graph, to_svg
from .unrolled import steps_to_draw

SHOWN_SAMPLES = 3


def three_axes(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, batch: int, timesteps: int,
               features: int, figure_id: str = "three-axes") -> str:
    """A <figure>: rows are the batch's sequences, columns are timesteps, edges carry h (and c).

    Sizes come from lstm_ref: the per-step input width, the state width (units) and the
    output shape for input (batch, timesteps, features).
    """
    output = lr.output_shape(layer, (batch, timesteps, features))
    states = ", ".join(layer.states)
    graph = new_graph(figure_id)
    graph.attr(nodesep="0.25", ranksep="0.35")
    rows = list(range(1, min(batch, SHOWN_SAMPLES) + 1))
    for row in reversed(rows):      # dot stacks clusters bottom-up: draw sample 1 on top
        label = str(row) if batch <= SHOWN_SAMPLES or row < SHOWN_SAMPLES else str(batch)
        with graph.subgraph(name=f"cluster_sample{row}") as cluster:
            cluster.attr(label=f"sample {label} of {batch}", labeljust="l", style="rounded,dashed",
                         **{"class": "cluster-sample"})
            previous = None
            for step in steps_to_draw(timesteps):
                node = f"s{row}t{step or 'gap'}"
                if step is None:
                    cluster.node(node, "…", shape="plaintext", **{"class": "node-plain"})
                else:
                    cluster.node(node, f"t = {step}\nreads {features}", **{"class": "node-cell"})
                if previous:
                    cluster.edge(previous, node, label=f" {states}: {layer.units}",
                                 **({"minlen": "1"} if step else {}))
                previous = node
            cluster.node(f"out{row}", f"h: {layer.units}",
                         **{"class": "node-output"})
            cluster.edge(previous, f"out{row}")
    if batch > SHOWN_SAMPLES:
        graph.attr(label=f"(samples {SHOWN_SAMPLES} to {batch - 1} not drawn)", labelloc="b",
                   fontsize="10")
    title = f"Batch, time and units for {layer} on input ({batch}, {timesteps}, {features})"
    description = (
        f"{len(rows)} rows, one per sequence of the batch of {batch}; rows are not connected. "
        f"In each row the same cell runs at each of {timesteps} steps, reading {features} "
        f"features per step and passing {states} of {layer.units} values to the next step. "
        f"The layer returns shape {output}."
    )
    caption = (
        f"Input ({batch}, {timesteps}, {features}): batch = {batch} independent sequences "
        f"(rows, never connected), timesteps = {timesteps} applications of one cell (columns), "
        f"features = {features} values read per step; units = {layer.units} is the width of "
        f"{states} carried along each row. Output: {output}."
    )
    return figure_html(to_svg(graph, figure_id=figure_id, title=title, description=description),
                       caption)
