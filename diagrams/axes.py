"""The three axes of a recurrent layer's input: batch, time and the width of the state.

>>> html = three_axes(lr.LSTM(4), batch=3, timesteps=6, features=2)
>>> html.split("</svg>")[0].count(">sample ")      # one per sequence in the batch
3
"""

from __future__ import annotations

import graphviz

import lstm_ref as lr

from .render import count, draw_figure, new_graph
from .unrolled import steps_to_draw

SHOWN_SAMPLES = 3
NARROW_SAMPLES = 2


def _grid(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, batch: int, timesteps: int, features: int,
          figure_id: str, narrow: bool, shown: int) -> graphviz.Digraph:
    """`shown` samples as rows drawn left to right; `narrow`: as columns drawn top to bottom."""
    states = ", ".join(layer.states)
    graph = new_graph(figure_id, rankdir="TB" if narrow else "LR")
    graph.attr(nodesep="0.25", ranksep="0.35")
    rows = list(range(1, min(batch, shown) + 1))
    # Dot stacks left-to-right clusters bottom-up: draw sample 1 last to put it on top.
    for row in rows if narrow else reversed(rows):
        label = str(row) if batch <= shown or row < shown else str(batch)
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
    if batch > shown:
        graph.attr(label=f"(samples {shown} to {batch - 1} not drawn)", labelloc="b",
                   fontsize="11")
    return graph


def three_axes(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, batch: int, timesteps: int,
               features: int, figure_id: str = "three-axes") -> str:
    """A <figure>: rows are the batch's sequences, columns are timesteps, edges carry h (and c).

    Sizes come from lstm_ref: the per-step input width, the state width (units) and the
    output shape for input (batch, timesteps, features). Where that is too wide to read, the
    sequences are columns and time runs downwards; on phones at most NARROW_SAMPLES of them.
    """
    output = lr.output_shape(layer, (batch, timesteps, features))
    states = ", ".join(layer.states)
    title = f"Batch, time and units for {layer} on input ({batch}, {timesteps}, {features})"
    description = (
        f"Up to {SHOWN_SAMPLES} of the batch's {batch} sequences, never connected. "
        f"In each sequence the same cell runs at each of {timesteps} steps, reading "
        f"{count(features, 'feature')} per step and passing {states} of {layer.units} values "
        f"to the next step. The layer returns shape {output}."
    )
    caption = (
        f"Input ({batch}, {timesteps}, {features}): batch = {batch} independent sequences "
        f"(never connected), timesteps = {timesteps} applications of one cell, features = "
        f"{count(features, 'value')} read per step; units = {layer.units} is the width of "
        f"{states} carried from step to step. Output: {output}."
    )
    drawings = [(False, SHOWN_SAMPLES), (True, SHOWN_SAMPLES), (True, NARROW_SAMPLES)]
    return draw_figure(*(_grid(layer, batch, timesteps, features, figure_id, narrow, shown)
                         for narrow, shown in drawings),
                       figure_id=figure_id, title=title, description=description, caption=caption)
