"""Inside one LSTM step: every unit reads every feature of x_t and every value of h_{t-1}.

The cell state is the exception: c_{t-1}[j] enters unit j only. Sizes come from lstm_ref.

>>> import html
>>> figure = html.unescape(connectivity(lr.LSTM(2), features=3)).split("</svg>")[0]
>>> figure.count("edge edge-kernel"), figure.count("edge edge-recurrent")   # 3 x 2, 2 x 2
(6, 4)
>>> figure.count("edge edge-gate")           # from each unit's inputs to its 4 gates
8
>>> figure.count("edge edge-carry")          # c_{t-1}[j] -> c_t[j], one per unit
2
>>> "kernel (3, 8)" in figure and "recurrent_kernel (2, 8)" in figure
True
"""

from __future__ import annotations

import html

import lstm_ref as lr
from lstm_ref.report import shape_text

import graphviz

from .render import count as _count
from .render import draw_figure, elided, gate_letter, new_graph


def _table(rows: list[tuple[str | None, str]]) -> str:
    """An HTML-like Graphviz label: one cell per row, top to bottom; (port, text) pairs."""
    cells = "".join(
        f'<TR><TD{f" PORT={chr(34)}{port}{chr(34)}" if port else ""}>{text}</TD></TR>'
        for port, text in rows)
    return f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="4">{cells}</TABLE>>'


def _row_table(groups: list[list[tuple[str | None, str]]]) -> str:
    """The same vectors side by side (for the narrow drawing): headers above, values below.

    `groups` are `_vector` rows: a header, then (port, text) per value.
    """
    heads = "".join(f'<TD COLSPAN="{len(group) - 1}">{group[0][1]}</TD>' for group in groups)
    cells = "".join(f'<TD{f" PORT={chr(34)}{port}{chr(34)}" if port else ""}>{text}</TD>'
                    for group in groups for port, text in group[1:])
    return (f'<<TABLE BORDER="0" CELLBORDER="1" CELLSPACING="0" CELLPADDING="3">'
            f"<TR>{heads}</TR><TR>{cells}</TR></TABLE>>")


def _vector(header: list[str], name: str, ids: list[int | None],
            short: bool = False) -> list[tuple[str | None, str]]:
    """Rows for one vector: a header, then name[0], name[1], … (`short`: [0], [1], …, below a
    header that names the vector); each entry is a port."""
    rows = [(None, "<B>" + "<BR/>".join(html.escape(line) for line in header) + "</B>")]
    for k in ids:
        port = f"{name[0]}{k}"
        text = f"[{k}]" if short else f"{name}[{k}]"
        rows.append((None, "…" if short else "⋮") if k is None else (port, html.escape(text)))
    return rows


def _step(layer: lr.LSTM, features: int, figure_id: str, narrow: bool) -> graphviz.Digraph:
    """The step's inputs in one column, the units beside them (`narrow`: below them)."""
    units = layer.units
    kernel, recurrent, *_ = lr.weights(layer, features)
    graph = new_graph(figure_id, rankdir="TB" if narrow else "LR")
    graph.attr(nodesep="0.2", ranksep="0.5" if narrow else "0.7", ordering="out")
    feature_ids, unit_ids = elided(features), elided(units)
    drawn_units = [j for j in unit_ids if j is not None]
    side = "s" if narrow else "e"       # where an input's edges leave its cell

    # All the step reads, in one column: x_t, then h_{t-1}, then c_{t-1}.
    # Narrow: in one row above the units, each header broken into short lines.
    x_head = [f"x_t: {_count(features, 'feature')}", f"rows of kernel {shape_text(kernel.shape)}"]
    h_head = [f"h_{{t-1}}: {_count(units, 'value')}",
              f"rows of recurrent_kernel {shape_text(recurrent.shape)}"]
    c_head = [f"c_{{t-1}}: {_count(units, 'value')}"]
    if narrow:
        x_head = ["x_t:", _count(features, 'feature'), "rows of", "kernel",
                  shape_text(kernel.shape)]
        h_head = ["h_{t-1}:", _count(units, 'value'), "rows of", "recurrent_kernel",
                  shape_text(recurrent.shape)]
        c_head = ["c_{t-1}:", _count(units, 'value')]
    vectors = [_vector(x_head, "x_t", feature_ids, narrow),
               _vector(h_head, "h_{t-1}", unit_ids, narrow),
               _vector(c_head, "c_{t-1}", unit_ids, narrow)]
    label = _row_table(vectors) if narrow else _table([row for rows in vectors for row in rows])
    graph.node("in", label, shape="plain", **{"class": "node-step-input"})

    for j in drawn_units:
        # Units not drawn: an ellipsis in the label of the last unit, right below them.
        skipped = j == units - 1 and None in unit_ids
        label = f"⋮ (units {drawn_units[-2] + 1} to {j - 1} not drawn)\\lunit {j}\\l" if skipped \
            else f"unit {j}"
        with graph.subgraph(name=f"cluster_unit{j}") as unit:
            unit.attr(label=label, labeljust="l", style="rounded", **{"class": "cluster-unit"})
            # x_t and h_{t-1} meet at one point per unit, which feeds each of the four gates.
            unit.node(f"u{j}in", "", shape="point", width="0.07", **{"class": "node-junction"})
            column = _table([(gate, gate_letter(gate)) for gate in layer.gates])
            unit.node(f"u{j}", column, shape="plain", **{"class": "node-gate"})
            unit.node(f"u{j}c", f"c_t[{j}]", **{"class": "node-state"})
            unit.node(f"u{j}h", f"h_t[{j}]", **{"class": "node-output"})
            for gate in layer.gates:
                unit.edge(f"u{j}in", f"u{j}:{gate}:w", arrowsize="0.5", **{"class": "edge-gate"})
            for gate in ("i", "f", "c"):
                unit.edge(f"u{j}:{gate}:e", f"u{j}c")
            unit.edge(f"u{j}:o:e", f"u{j}h")
            unit.edge(f"u{j}c", f"u{j}h")
        for k in feature_ids:
            if k is not None:
                graph.edge(f"in:x{k}:{side}", f"u{j}in", arrowhead="none",
                           **{"class": "edge-kernel"})
        for k in drawn_units:
            graph.edge(f"in:h{k}:{side}", f"u{j}in", style="dashed", arrowhead="none",
                       **{"class": "edge-recurrent"})
        graph.edge(f"in:c{j}:{side}", f"u{j}c", style="dotted", **{"class": "edge-carry"})
    return graph


def connectivity(layer: lr.LSTM, features: int, figure_id: str = "connectivity") -> str:
    """A <figure> of one LSTM step for one sample: which inputs reach which unit.

    Each drawn unit holds its four gate values (i, f, g, o), its cell state c_t[j] and its
    output h_t[j]. All of x_t and all of h_{t-1} feed every unit (through kernel and
    recurrent_kernel, whose shapes label the inputs) and, inside it, each of its four gates;
    c_{t-1}[j] feeds unit j only. Vectors longer than four values are drawn as 0, 1, …, last.
    The candidate, which Keras calls c, is drawn as g (see `render.GATE_LETTERS`).
    """
    if not isinstance(layer, lr.LSTM):
        raise TypeError(f"connectivity() draws an LSTM step, got {layer!r}")
    units = layer.units
    kernel, recurrent, *_ = lr.weights(layer, features)
    gates = len(layer.gates)
    letters = ", ".join(gate_letter(gate) for gate in layer.gates)
    title = f"Inside one step of {layer} with {_count(features, 'input feature')}"
    description = (
        f"All of x_t ({_count(features, 'feature')}) and all of h_(t-1) "
        f"({_count(units, 'value')}) are connected to all {gates} gates ({letters}) of every "
        f"unit: kernel {shape_text(kernel.shape)} and recurrent_kernel "
        f"{shape_text(recurrent.shape)} hold one column per gate and unit. The cell state is "
        f"kept per unit: c_(t-1)[j] only enters unit j, which computes c_t[j] and h_t[j]."
    )
    caption = (
        f"One step of {layer} on {_count(features, 'feature')}. Solid lines: x_t through kernel "
        f"{shape_text(kernel.shape)}; dashed: h_{{t-1}} through recurrent_kernel "
        f"{shape_text(recurrent.shape)}. They meet at a point in each unit that feeds all "
        f"{gates} of its gates, {letters} (g is the candidate, the block Keras calls c). "
        f"Dotted: c_{{t-1}}[j] reaches unit j only."
    )
    return draw_figure(*(_step(layer, features, figure_id, narrow) for narrow in (False, True)),
                       figure_id=figure_id, title=title, description=description,
                       caption=caption)
