"""MkDocs hook: the search index holds the prose, not code listings and program output.

Every page loads the whole search index on a first visit. Code blocks and printed outputs
were about 40% of it (23 of 55 KB gzipped) and are rarely what a reader searches for; they
stay on the pages, marked with Material's `data-search-exclude` so that its search plugin
leaves them out of the index.
"""

from __future__ import annotations

import re

from mkdocs.plugins import event_priority

PRE = re.compile(r"<pre(?=[\s>])")


@event_priority(-50)  # after every other hook has added its blocks to the page
def on_page_content(html, page, config, files):
    return PRE.sub("<pre data-search-exclude", html)
