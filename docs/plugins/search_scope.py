"""MkDocs hook: the search index holds the prose and the error messages, not code listings.

Every page loads the whole search index on a first visit. Code blocks and printed outputs
were about 40% of it (23 of 55 KB gzipped) and are rarely what a reader searches for; they
stay on the pages, marked with Material's `data-search-exclude` so that its search plugin
leaves them out of the index.

One kind of block is what readers do search for, and stays in: a printed error message (a
reader pastes one into the search box, and the section that shows it should come first).
Left out as well: tab labels ("Keras 3", "Keras 2"), which the index would run together into
"Keras 3Keras 2" in every result snippet, the narrow drawing of a figure that has one for
phones (lstm_diagrams.render.figure_html) and the figures' scroll hint.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

PRE = re.compile(r"<pre(?=[\s>])")
RESULT_PRE = re.compile(r'(<div class="result">\s*<div class="highlight">)<pre data-search-exclude>'
                        r"(<span></span>)?<code>(?=(?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning):)")
EXCLUDED = re.compile(r'<div class="(tabbed-labels|lstm-diagram__frame lstm-diagram__frame--narrow)"'
                      r'|<p class="lstm-diagram__hint"')


@event_priority(-50)  # after every other hook has added its blocks to the page
def on_page_content(html, page, config, files):
    html = PRE.sub("<pre data-search-exclude", html)
    html = RESULT_PRE.sub(lambda m: m.group(1) + "<pre>" + (m.group(2) or "") + "<code>", html)
    return EXCLUDED.sub(lambda m: m.group(0) + " data-search-exclude", html)
