"""Sliding windows over one short series: the steps each window reads and the steps it predicts.

Drawn from `lstm_ref.windows.window_spans`, the same arithmetic the test suite checks against
`keras.utils.timeseries_dataset_from_array`. One row per window (the middle ones stand behind an
ellipsis), one column per step of the series; the series' values are its step numbers, as in
`np.arange(length)`.

>>> from html import unescape
>>> figure = unescape(windows_figure(length=10, timesteps=4, horizon=1))
>>> figure.count("node-window"), figure.count("node-target")      # 3 rows drawn of 6
(12, 3)
>>> "window 0" in figure and "window 5" in figure and "window 2" not in figure
True
"""

from __future__ import annotations

from lstm_ref.windows import window_spans

from .render import elided, figure_html, new_graph, to_svg

MAX_LENGTH = 12
"""Longest series drawn: one column per step must stay legible on a phone."""

CELL = "0.3"     # inches: every cell, and so every column, has the same width


def windows_figure(length: int, timesteps: int, horizon: int = 1, stride: int = 1,
                   figure_id: str = "windows") -> str:
    """A <figure>: the series on top, then each window's inputs (solid) and target (dashed)."""
    if not 1 <= length <= MAX_LENGTH:
        raise ValueError(f"windows_figure() draws a series of 1 to {MAX_LENGTH} steps, "
                         f"got length={length!r}")
    spans = window_spans(length, timesteps, horizon, stride)
    if not spans:
        raise ValueError(f"a series of {length} steps has no window of {timesteps} steps "
                         f"followed by {horizon} target steps")
    graph = new_graph(figure_id, rankdir="TB")
    graph.attr(nodesep="0.05", ranksep="0.12", newrank="true")
    cell = dict(width=CELL, height="0.28", fixedsize="true", margin="0")

    def row(name: str, label: str, cells: list[tuple[str, dict]]) -> None:
        with graph.subgraph(name=f"row_{name}") as line:
            line.attr(rank="same")
            line.node(f"{name}_label", label, shape="plaintext", width="0.8", fixedsize="true",
                      **{"class": "node-plain"})
            previous = f"{name}_label"
            for step, (text, attributes) in enumerate(cells):
                node = f"{name}_{step}"
                line.node(node, text, **cell, **attributes)
                graph.edge(previous, node, style="invis")
                previous = node

    empty = ("", {"style": "invis"})
    row("series", "series", [(str(step), {}) for step in range(length)])
    names = ["series"]
    for index in elided(len(spans)):
        if index is None:
            row("gap", "⋮", [empty] * length)
            names.append("gap")
            continue
        window = spans[index]
        cells = []
        for step in range(length):
            if window.inputs[0] <= step < window.inputs[1]:
                cells.append((str(step), {"class": "node-window"}))
            elif window.target[0] <= step < window.target[1]:
                cells.append((str(step), {"class": "node-target", "style": "rounded,dashed"}))
            else:
                cells.append(empty)
        row(f"w{index}", f"window {index}", cells)
        names.append(f"w{index}")
    for upper, lower in zip(names, names[1:]):         # columns: stack every row's cells
        for step in range(-1, length):
            suffix = "label" if step < 0 else step
            graph.edge(f"{upper}_{suffix}", f"{lower}_{suffix}", style="invis", weight="10")

    first, last = spans[0], spans[-1]
    start = "i" if stride == 1 else f"{stride}·i"
    target = "the next step" if horizon == 1 else f"the next {horizon} steps"
    title = (f"{len(spans)} windows of {timesteps} steps over a series of {length}, "
             f"each with {target} as its target")
    description = (
        f"The top row is the series, steps 0 to {length - 1}. Window i reads {timesteps} steps "
        f"from step {start} and its target is {target} after them: window 0 reads "
        f"series[{first.inputs[0]}:{first.inputs[1]}] and predicts "
        f"series[{first.target[0]}:{first.target[1]}]; the last, window {last.index}, reads "
        f"series[{last.inputs[0]}:{last.inputs[1]}] and predicts "
        f"series[{last.target[0]}:{last.target[1]}].")
    caption = (
        f"length={length}, timesteps={timesteps}, horizon={horizon}, stride={stride}: "
        f"{len(spans)} samples. Solid boxes are window i's input, x[i] = "
        f"series[{start} : {start}+{timesteps}]; dashed boxes its target, y[i] = "
        f"series[{start}+{timesteps} : {start}+{timesteps + horizon}].")
    return figure_html(to_svg(graph, figure_id=figure_id, title=title, description=description),
                       caption)
