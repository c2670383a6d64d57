"""MkDocs hook: the search index holds the prose and the error messages, not code listings.

Every page loads the whole search index on a first visit. Code blocks and printed outputs
were about 40% of it (23 of 55 KB gzipped) and are rarely what a reader searches for; they
stay on the pages, marked with Material's `data-search-exclude` so that its search plugin
leaves them out of the index.

A printed error message is what readers do search for: they paste it. Each one (a result
block that starts with `SomethingError:`, `...Exception:` or `...Warning:`) gets an anchor of
its own, `<section id>-message-<n>`, and an entry of its own in the index, titled with the
message's first line (Material weighs a title's words a thousand times a text's) and holding
the section's heading and the whole message. A pasted message then ranks its own entry above
sections that merely share its words, and the result leads to the message itself. The entry
has its page's `search: boost:`, so that the errors page, which explains every message, wins
over a chapter that prints the same one.

Left out as well: tab labels ("Keras 3", "Keras 2"), which the index would run together into
"Keras 3Keras 2" in every result snippet, the narrow drawing of a figure that has one for
phones (lstm_diagrams.render.figure_html) and the figures' scroll hint.
"""

from __future__ import annotations

import json
import re
from html import escape, unescape
from pathlib import Path

from mkdocs.plugins import event_priority

PRE = re.compile(r"<pre(?=[\s>])")
HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
MESSAGE = re.compile(r'<div class="result">(\s*<div class="highlight"><pre data-search-exclude>'
                     r"(?:<span></span>)?<code>((?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning):"
                     r".*?)</code>)", re.S)
EXCLUDED = re.compile(r'<div class="(tabbed-labels|lstm-diagram__frame lstm-diagram__frame--narrow)"'
                      r'|<p class="lstm-diagram__hint"')

_messages: list[dict] = []
"""Search entries for the error messages of the pages built so far."""


def on_pre_build(config):
    _messages.clear()


def plain(html: str) -> str:
    """Text of an HTML fragment: tags and the heading's permalink dropped."""
    html = re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def anchor_messages(html: str, url: str, boost: float | None = None) -> str:
    """Give each error message an id after its section's and record its search entry."""
    headings = [(m.start(), m.group(2), plain(m.group(3))) for m in HEADING.finditer(html)]
    counts: dict[str, int] = {}

    def anchored(match: re.Match) -> str:
        before = [h for h in headings if h[0] < match.start()]
        if not before:
            return match.group(0)
        _, section, title = before[-1]
        counts[section] = counts.get(section, 0) + 1
        anchor = f"{section}-message-{counts[section]}"
        message = match.group(2).strip()
        # Titles and texts in Material's index are HTML: plain text goes in escaped.
        first_line = escape(plain(message.splitlines()[0])[:200], quote=False)
        entry = {"location": f"{url}#{anchor}", "title": first_line,
                 "text": f"<p>{escape(title, quote=False)}</p><pre><code>{message}</code></pre>"}
        _messages.append(entry if boost is None else {**entry, "boost": boost})
        return f'<div class="result" id="{anchor}">{match.group(1)}'

    return MESSAGE.sub(anchored, html)


@event_priority(-50)  # after every other hook has added its blocks to the page
def on_page_content(html, page, config, files):
    html = PRE.sub("<pre data-search-exclude", html)
    html = anchor_messages(html, page.url, (page.meta.get("search") or {}).get("boost"))
    return EXCLUDED.sub(lambda m: m.group(0) + " data-search-exclude", html)


@event_priority(-50)  # after Material's search plugin wrote the index, before `offline` copies it
def on_post_build(config):
    path = Path(config.site_dir, "search", "search_index.json")
    index = json.loads(path.read_text(encoding="utf-8"))
    index["docs"].extend(_messages)
    path.write_text(json.dumps(index, separators=(",", ":")), encoding="utf-8")
