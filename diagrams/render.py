"""Turn a Graphviz graph into inline SVG that is accessible, themable and deterministic.

- `<title>` and `<desc>` come first and the root is role="img", so screen readers announce it;
- element ids are prefixed with the figure's id, so several figures on one page stay valid HTML;
- colours come from CSS classes (docs/assets/diagrams.css), so both palettes are legible;
- comments carrying the Graphviz version are dropped, so the SVG depends on the graph alone.

Graphviz errors propagate: a figure that cannot be drawn fails the build.
"""

from __future__ import annotations

import html
import re

import graphviz

FONT = "Helvetica,Arial,sans-serif"


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
    graph.attr("edge", fontname=FONT, fontsize="10", arrowsize="0.7",
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
    head = (f'<svg role="img" aria-labelledby="{figure_id}-title {figure_id}-desc" '
            f'class="lstm-figure" id="{figure_id}"')
    svg = svg.replace("<svg", head, 1)
    labels = (f'<title id="{figure_id}-title">{html.escape(title)}</title>'
              f'<desc id="{figure_id}-desc">{html.escape(description)}</desc>')
    svg = re.sub(r"(<svg[^>]*>)", lambda m: m.group(1) + labels, svg, count=1)
    return svg.strip()


def figure_html(svg: str, caption: str) -> str:
    """Wrap an SVG in a <figure> with a caption (Markdown inside is not processed)."""
    return (f'<figure class="lstm-diagram">\n{svg}\n'
            f"<figcaption>{html.escape(caption)}</figcaption>\n</figure>")
