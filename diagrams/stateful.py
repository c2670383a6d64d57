"""A stateful layer across batches: row i of batch k continues as row i of batch k + 1.

The rows hold consecutive pieces of parallel streams cut from one long series: stream i is
series[i * K * T : (i + 1) * K * T] for K batches of T steps, and batch k holds the k-th piece
of every stream. State shapes come from lstm_ref.

>>> figure = stateful_batches(lr.LSTM(4, stateful=True), batch_size=2, timesteps=3, batches=2)
>>> figure = figure.split("</svg>")[0]          # the first drawing (phones may get another)
>>> figure.count(">series["), figure.count("carried: h, c")   # 2 x 2 pieces; 2 rows carry once
(4, 2)
>>> "series[0:3]" in figure and "series[3:6]" in figure and "series[6:9]" in figure
True
"""

from __future__ import annotations

import graphviz

import lstm_ref as lr
from lstm_ref.report import shape_text

from .render import draw_figure, elided, new_graph



def _batches(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, batch_size: int, timesteps: int,
             batches: int, features: int, state_shape: tuple, figure_id: str,
             narrow: bool, head: int, compact: bool = False) -> graphviz.Digraph:
    """Batches left to right, rows top to bottom (`narrow`: the other way round); the first
    `head` rows and the last are drawn. `compact` (a phone's drawing): rows closer together,
    and only the first row's arrows labelled, so that no label juts out past the last row."""
    stream = batches * timesteps                  # steps per stream
    states = ", ".join(layer.states)
    columns, rows = elided(batches), elided(batch_size, head=head)

    graph = new_graph(figure_id, rankdir="TB" if narrow else "LR")
    graph.attr(nodesep="0.1" if compact else "0.2", ranksep="0.55", ordering="out")
    graph.node("zeros", f"zeros\n{states}: {shape_text(state_shape)}", **{"class": "node-reset"})
    graph.node("reset", f"reset_state()\n{states} back to zeros", **{"class": "node-reset"})

    def node(k: int | None, i: int | None) -> str:
        return f"b{'gap' if k is None else k}r{'gap' if i is None else i}"

    for k in columns:
        with graph.subgraph(name=f"cluster_batch{'gap' if k is None else k}") as column:
            if k is None:
                column.attr(style="invis", label="")
            else:
                column.attr(label=f"batch {k}: {shape_text((batch_size, timesteps, features))}",
                            labeljust="l", style="rounded,dashed", **{"class": "cluster-batch"})
            for i in rows:
                if k is None or i is None:
                    across, down = ("⋮", "…") if narrow else ("…", "⋮")
                    text = across if i is not None else (down if k is not None else "")
                    column.node(node(k, i), text, shape="plaintext", **{"class": "node-plain"})
                    continue
                start = i * stream + k * timesteps
                column.node(node(k, i), f"row {i}\nseries[{start}:{start + timesteps}]",
                            **{"class": "node-input"})

    carried = f" carried: {states}"
    for i in rows:
        graph.edge("zeros", node(columns[0], i), style="invis" if i is None else "solid")
        for left, right in zip(columns, columns[1:]):
            visible = i is not None and left is not None and right is not None
            labelled = visible and (not compact or i == rows[0])
            graph.edge(node(left, i), node(right, i), label=carried if labelled else "",
                       style="solid" if i is not None else "invis",
                       **{"class": "edge-state"})
        graph.edge(node(columns[-1], i), "reset", style="invis" if i is None else "dashed")

    return graph


def stateful_batches(layer: lr.LSTM | lr.GRU | lr.SimpleRNN, batch_size: int, timesteps: int,
                     batches: int, features: int = 1,
                     figure_id: str = "stateful-batches") -> str:
    """A <figure>: batches as columns, rows as parallel streams, states carried along rows.

    `layer` must be stateful. Each drawn row i of batch k is labelled with the slice of the
    long series it holds when the series is arranged into `batch_size` streams.
    """
    if not layer.stateful:
        raise ValueError(f"stateful_batches() draws a stateful layer, got {layer!r}")
    shapes = lr.output_shape(layer, (batch_size, timesteps, features))
    state_shape = shapes[-1] if isinstance(shapes, list) else (batch_size, layer.units)
    stream = batches * timesteps                  # steps per stream
    states = ", ".join(layer.states)

    title = (f"{layer} across {batches} batches of shape "
             f"{shape_text((batch_size, timesteps, features))}")
    description = (
        f"The figure shows the batches in order and the rows of each. The final {states} of row i "
        f"of batch k, each of shape ({layer.units},) per row, are the initial {states} of row i "
        f"of batch k + 1. Row i holds stream i, series[i*{stream} : (i+1)*{stream}], "
        f"cut into {batches} pieces of {timesteps} steps. States start at zeros and stay until "
        f"reset_state() is called."
    )
    caption = (
        f"stateful=True, batch shape {shape_text((batch_size, timesteps, features))}: the final "
        f"{states} of row i in batch k become the initial {states} of row i in batch k + 1, so "
        f"row i must hold the next {timesteps} steps of the same stream. Rows never exchange "
        f"state. Slices show a series of {batch_size * stream} steps split into {batch_size} "
        f"streams of {stream}."
    )
    graphs = (_batches(layer, batch_size, timesteps, batches, features, state_shape, figure_id,
                       narrow, head, compact)
              for narrow, head, compact in [(False, 2, False), (True, 2, False), (True, 1, True)])
    return draw_figure(*graphs, figure_id=figure_id, title=title, description=description,
                       caption=caption)
