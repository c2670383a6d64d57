"""MkDocs hook: the search index holds the prose, not code listings, outputs or figure labels.

Every page loads the whole search index on a first visit, so its size is part of every page's
weight. **Budget: 40 KB gzipped** with every chapter in (`make bench` prints it against that
target). Measured with 14 pages: 55 KB with everything in it; 32 KB without code blocks and
printed outputs; 24 KB once diagram labels are out too. A new chapter adds about 2 KB of prose,
so the budget leaves room for about seven more pages of that size before anything else has to
go; if a change pushes the index past it, look at what the index holds before raising it.

What stays out, marked with Material's `data-search-exclude` so that its search plugin skips it
(it stays on the page):

- code blocks and printed outputs (`<pre>`): rarely what a reader types, and long;
- the labels inside Graphviz figures (`<text>`, and the bare `<title>` Graphviz gives each node
  and edge): "t = 1 reads 64", repeated for each drawn row, matches nearly every query about
  shapes. A figure's own title and text description (the SVG's `<title id=...>` and `<desc>`)
  and its caption are prose and stay in. Each label is marked, not the drawing around them:
  the search plugin tells elements apart by tag name only, so an excluded `<g>` would be
  re-included at the first nested `</g>`.

A block that should be found by its text (an error message a reader pastes, say) can opt back
in with the attribute `data-search-keep` on its `<pre>`.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

EXCLUDED = re.compile(r"<(pre(?=[\s>])|text(?=[\s>])|title(?=>))"
                      r"(?![^>]*\bdata-search-(?:keep|exclude)\b)")


def exclude_from_search(html: str) -> str:
    """Mark code blocks and figures to stay out of the search index.

    >>> exclude_from_search('<pre><code>x</code></pre><svg><title id="f-title">Rows</title>'
    ...                     '<g><title>a&#45;&gt;b</title><text x="1">t = 1</text></g></svg>')
    '<pre data-search-exclude><code>x</code></pre><svg><title id="f-title">Rows</title><g><title data-search-exclude>a&#45;&gt;b</title><text data-search-exclude x="1">t = 1</text></g></svg>'
    >>> exclude_from_search('<pre data-search-keep><code>ValueError: ...</code></pre>')
    '<pre data-search-keep><code>ValueError: ...</code></pre>'
    """
    return EXCLUDED.sub(r"<\1 data-search-exclude", html)


@event_priority(-50)  # after every other hook has added its blocks to the page
def on_page_content(html, page, config, files):
    return exclude_from_search(html)
