"""Turn a Graphviz graph into inline SVG that is accessible, themable and deterministic.

- `<title>` and `<desc>` come first and the root is role="img", so screen readers announce it;
- element ids are prefixed with the figure's id, so several figures on one page stay valid HTML;
- colours come from CSS classes (docs/assets/diagrams.css), so both palettes are legible;
- comments carrying the Graphviz version are dropped, so the SVG depends on the graph alone;
- text stays legible: the SVG never shrinks below the width at which its smallest text renders
  at MIN_TEXT_PX (11 px on phones, 12 px on wider screens, as CSS custom properties that
  docs/assets/diagrams.css reads); a figure wider than the column then scrolls sideways, and
  `figure_html` can swap in a narrow variant (the same graph top to bottom) on phones or
  wherever the wide drawing would not fit legibly.

Graphviz errors propagate: a figure that cannot be drawn fails the build.
"""

from __future__ import annotations

import html
import re

import graphviz

import lstm_ref as lr

FONT = "Helvetica,Arial,sans-serif"

MIN_TEXT_PX = {"narrow": 11, "wide": 12}
"""The smallest figure text allowed, in CSS px: on phones (below 45em) and on wider screens."""

PHONE_COLUMN_PX = 340
"""The content column of a 390 px wide phone screen, a little less."""

WIDE_COLUMN_PX = 680
"""The content column of a 1280 px wide window (Material with both sidebars), a little less.

A figure whose wide drawing needs more than this to keep its text at MIN_TEXT_PX["wide"] is
shown in its narrow variant on every screen, so that desktop readers need not scroll it.
"""


GATE_LETTERS = {gate: block for kind in (lr.LSTM, lr.GRU, lr.SimpleRNN)
                for gate, block in zip(kind.gates, kind.blocks) if gate != block}
"""Letters the figures use for gate blocks where Keras' own would mislead: Keras names an LSTM's
candidate block "c" (`kernel_c`), but c is the cell state; figures and their captions call the
candidate g, as lstm_ref's text (`LSTM.blocks`), PyTorch and the one-step page do, and say once
that Keras calls it c."""


def gate_letter(gate: str) -> str:
    """The letter a figure shows for one of a layer's `gates` (Keras names).

    Examples:
        >>> [gate_letter(gate) for gate in ("i", "f", "c", "o")]
        ['i', 'f', 'g', 'o']
    """
    return GATE_LETTERS.get(gate, gate)


def count(n: int, word: str) -> str:
    """`n` and `word`, plural unless n is 1.

    Examples:
        >>> count(1, "feature"), count(3, "feature")
        ('1 feature', '3 features')
    """
    return f"{n} {word}" + ("" if n == 1 else "s")


def elided(size: int, head: int = 2) -> list[int | None]:
    """Indices 0 … size-1 to draw, with None for an ellipsis: the first `head`, then the last.

    Examples:
        >>> elided(4), elided(64), elided(30, head=3)
        ([0, 1, 2, 3], [0, 1, None, 63], [0, 1, 2, None, 29])
    """
    if size <= head + 2:
        return list(range(size))
    return list(range(head)) + [None, size - 1]


def new_graph(figure_id: str, rankdir: str = "LR") -> graphviz.Digraph:
    """A Digraph with the site's defaults: transparent background, themable classes."""
    graph = graphviz.Digraph(figure_id)
    graph.attr(rankdir=rankdir, bgcolor="transparent", fontname=FONT, fontsize="12",
               nodesep="0.3", ranksep="0.45", pad="0.1")
    graph.attr("node", fontname=FONT, fontsize="12", shape="box", style="rounded",
               margin="0.12,0.06", height="0.3", **{"class": "node-default"})
    graph.attr("edge", fontname=FONT, fontsize="11", arrowsize="0.7",
               **{"class": "edge-default"})
    return graph


def to_svg(graph: graphviz.Digraph, *, figure_id: str, title: str, description: str) -> str:
    """Lay out `graph` with dot and return the SVG element, ready to inline in a page."""
    if not re.fullmatch(r"[a-z][a-z0-9-]*", figure_id):
        raise ValueError(f"figure id must be lowercase letters, digits and dashes: {figure_id!r}")
    svg = graph.pipe(format="svg", engine="dot").decode("utf-8")
    svg = svg[svg.index("<svg"):]                      # drop the XML prolog and doctype
    svg = re.sub(r"<!--.*?-->\s*", "", svg, flags=re.S)  # drop comments (Graphviz version)
    svg = re.sub(r'\bid="([^"]+)"', lambda m: f'id="{figure_id}-{m.group(1)}"', svg)
    svg = re.sub(r'\bhref="#([^"]+)"', lambda m: f'href="#{figure_id}-{m.group(1)}"', svg)
    # Graphviz gives every node a <title> with its internal name; the figure has one title.
    svg = re.sub(r"<title>[^<]*</title>\s*", "", svg)
    widths = "; ".join(f"--min-width-{screen}: {legible_width(svg, px):.0f}px"
                       for screen, px in MIN_TEXT_PX.items())
    head = (f'<svg role="img" aria-labelledby="{figure_id}-title {figure_id}-desc" '
            f'class="lstm-figure" id="{figure_id}" style="{widths}"')
    svg = svg.replace("<svg", head, 1)
    labels = (f'<title id="{figure_id}-title">{html.escape(title)}</title>'
              f'<desc id="{figure_id}-desc">{html.escape(description)}</desc>')
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + labels, svg, count=1)
    return svg.strip()


def turned(graph: graphviz.Digraph) -> graphviz.Digraph:
    """The same graph laid out top to bottom: the narrow variant of a left-to-right figure."""
    narrow = graph.copy()
    narrow.attr(rankdir="TB")
    return narrow


def legible_width(svg: str, text_px: float) -> float:
    """The width in CSS px at which the SVG's smallest text renders at `text_px`.

    Graphviz sizes the drawing in points (viewBox units) and its text in the same units.

    Examples:
        >>> svg = ('<svg viewBox="0.00 0.00 300.00 90.00">'
        ...        '<text font-size="10.00">a</text>'
        ...        '<text font-size="12.00">b</text></svg>')
        >>> legible_width(svg, 12)
        360.0
    """
    box = re.search(r'viewBox="[-\d.]+ [-\d.]+ ([\d.]+) [\d.]+"', svg)
    sizes = [float(size) for size in re.findall(r'<text[^>]*\bfont-size="([\d.]+)"', svg)]
    if box is None or not sizes:
        raise ValueError("an SVG from Graphviz has a viewBox and sized text")
    return float(box.group(1)) * text_px / min(sizes)


def svg_id(svg: str) -> str:
    """The id `to_svg` gave a drawing."""
    return re.search(r'<svg role="img" [^>]*\bid="([^"]+)"', svg).group(1)


def renamed(svg: str, figure_id: str) -> str:
    """A drawing from `to_svg` with its ids prefixed `figure_id` instead.

    Examples:
        >>> renamed('<svg role="img" aria-labelledby="f-2-title f-2-desc" id="f-2">'
        ...         '<g id="f-2-node1"><use href="#f-2-a"/></g></svg>', "f")
        '<svg role="img" aria-labelledby="f-title f-desc" id="f"><g id="f-node1"><use href="#f-a"/></g></svg>'
    """
    old = svg_id(svg)
    return re.sub(rf'(?<=["#\s]){re.escape(old)}(?=[-"\s])', figure_id, svg)


def figure_html(svg: str, caption: str, *narrower: str) -> str:
    """Wrap an SVG in a <figure> with a caption (Markdown inside is not processed).

    `narrower` are the same figure drawn narrower (turned top to bottom, fewer parts drawn),
    each with its own id prefix, narrowest last. Wide screens get the first drawing that fits
    WIDE_COLUMN_PX legibly, phones the first that fits PHONE_COLUMN_PX (else the narrowest);
    CSS shows one or the other. Whatever is shown never shrinks below legible size: it scrolls
    sideways in its frame, and a hint (docs/assets/javascripts/accessibility.js) says so.
    """
    drawings = [svg, *narrower]

    def first_fitting(column_px: float, text_px: float) -> str:
        return next((d for d in drawings if legible_width(d, text_px) <= column_px), drawings[-1])

    wide = first_fitting(WIDE_COLUMN_PX, MIN_TEXT_PX["wide"])
    narrow = first_fitting(PHONE_COLUMN_PX, MIN_TEXT_PX["narrow"])
    # Whichever drawings are chosen, the shown one has the figure's id (pages link to it)
    # and the phones' one that id plus -narrow.
    figure_id = svg_id(svg)
    frames = ([("", renamed(wide, figure_id))] if narrow is wide else
              [(" lstm-diagram__frame--wide", renamed(wide, figure_id)),
               (" lstm-diagram__frame--narrow", renamed(narrow, f"{figure_id}-narrow"))])
    body = "\n".join(f'<div class="lstm-diagram__frame{kind}">{drawing}</div>'
                      for kind, drawing in frames)
    return (f'<figure class="lstm-diagram">\n{body}\n'
            '<p class="lstm-diagram__hint" hidden>Wider than the screen: scroll the figure '
            'sideways.</p>\n'
            f"<figcaption>{html.escape(caption)}</figcaption>\n</figure>")


def draw_figure(*graphs: graphviz.Digraph, figure_id: str, title: str, description: str,
                caption: str) -> str:
    """`to_svg` and `figure_html` in one: the figure from one graph or, narrowest last, several
    drawings of it (ids prefixed `figure_id`, then `figure_id`-narrow1, -narrow2, …)."""
    svgs = [to_svg(graph, figure_id=figure_id + (f"-narrow{n}" if n else ""), title=title,
                   description=description) for n, graph in enumerate(graphs)]
    return figure_html(*svgs[:1], caption, *svgs[1:])
