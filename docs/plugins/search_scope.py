"""MkDocs hook: the search index holds the prose, not code listings, outputs or figure labels.

Every page loads the whole search index on a first visit, so its size is part of every page's
weight. **Budget: 40 KB gzipped** with every chapter in (`make bench` prints the figure,
tests/test_search_budget.py fails a change that goes past it). Measured with 14 pages: 55 KB
with everything in; 32 KB without code blocks and printed outputs; 30 KB without figure labels
as well. What is left is prose, about 2 KB gzipped for a chapter: the budget leaves room for
about five more chapters of that size before something else has to go. If a change pushes the
index past it, look at what the index holds (search/search_index.json) before raising it.

What stays out (it stays on the page):

- code blocks and printed outputs (`<pre>`), marked with Material's `data-search-exclude`:
  rarely what a reader types, and long. A block that should be found by its text (an error
  message a reader pastes, say) opts back in with the attribute `data-search-keep`;
- each inline SVG figure's drawing: its labels ("t = 1 reads 64", repeated for each drawn row)
  match nearly every query about shapes. The search plugin reads the figure as its title and
  text description (the SVG's `<title>` and `<desc>`), which stay findable. The plugin also
  parses thousands fewer tags per build: a rebuild under `make serve` is faster.

Under `make serve`, a page whose content, title, metadata and table of contents are those of
the previous build gets that build's index entries back instead of being parsed again.

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

import hashlib
import json
import re
from html import escape, unescape
from pathlib import Path

from mkdocs.plugins import event_priority

EXCLUDED = re.compile(r"<pre(?=[\s>])(?![^>]*\bdata-search-(?:keep|exclude)\b)")
HEADING = re.compile(r'<h([1-6]) id="([^"]+)"[^>]*>(.*?)</h\1>', re.S)
MESSAGE = re.compile(r'<div class="result">(\s*<div class="highlight"><pre data-search-exclude>'
                     r"(?:<span></span>)?<code>((?:[\w.]+\.)?[A-Z]\w*(?:Error|Exception|Warning):"
                     r".*?)</code>)", re.S)
LABELS = re.compile(r'<div class="(tabbed-labels|lstm-diagram__frame lstm-diagram__frame--narrow)"'
                    r'|<p class="lstm-diagram__hint"')

_messages: list[dict] = []
"""Search entries for the error messages of the pages built so far."""

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TEXT = re.compile(r"<(title|desc)\b[^>]*>(.*?)</\1>", re.S)


def exclude_from_search(html: str) -> str:
    """Mark code blocks and outputs to stay out of the search index.

    >>> exclude_from_search('<pre><code>x</code></pre><p>Prose</p>')
    '<pre data-search-exclude><code>x</code></pre><p>Prose</p>'
    >>> exclude_from_search('<pre data-search-keep><code>ValueError: ...</code></pre>')
    '<pre data-search-keep><code>ValueError: ...</code></pre>'
    """
    return EXCLUDED.sub("<pre data-search-exclude", html)


def figure_as_text(match: re.Match) -> str:
    """An SVG figure as the search index sees it: its own title and description, if any."""
    svg = match.group()
    head = svg[:svg.find("<g")] if "<g" in svg else svg    # the figure's own, not its nodes'
    parts = [" ".join(text.split()) for _, text in TEXT.findall(head)]
    return f"<p>{' '.join(part for part in parts if part)}</p>" if any(parts) else ""


def for_search(html: str) -> str:
    """The page's content as the search plugin reads it.

    >>> for_search('<p>See</p><svg role="img"><title id="f">Rows</title><desc>Three rows.'
    ...            '</desc><g><title>a&#45;&gt;b</title><text>t = 1</text></g></svg>')
    '<p>See</p><p>Rows Three rows.</p>'
    >>> for_search('<svg viewBox="0 0 8 8"><path d="M0 0"/></svg>')
    ''
    """
    return SVG.sub(figure_as_text, html)


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
    html = exclude_from_search(html)
    html = anchor_messages(html, page.url, (page.meta.get("search") or {}).get("boost"))
    return LABELS.sub(lambda m: m.group(0) + " data-search-exclude", html)


def toc_ids(items) -> list:
    return [(item.id, item.url, toc_ids(item.children)) for item in items]


def page_key(page) -> str:
    """Everything Material's SearchIndex.add_entry_from_context reads from a page."""
    parts = [page.content, page.url, str(page.title),
             json.dumps(page.meta, sort_keys=True, default=str), repr(toc_ids(page.toc))]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def on_config(config):
    """Have Material's search plugin index `for_search(page.content)`; the page keeps its own."""
    from material.plugins.search import plugin as search

    index = search.SearchIndex
    if not getattr(index.add_entry_from_context, "search_scope", False):
        add_entry = index.add_entry_from_context
        # Entries of the last build, by page key; kept on the class, which outlives rebuilds.
        index.search_scope_entries = {}

        def add_entry_from_context(self, page):
            key = page_key(page)
            known, fresh = index.search_scope_entries, getattr(self, "search_scope_fresh", {})
            self.search_scope_fresh = fresh
            if key in known:
                self.entries.extend(json.loads(known[key]))
                fresh[key] = known[key]
                return
            content, before = page.content, len(self.entries)
            page.content = for_search(content)
            try:
                add_entry(self, page)
            finally:
                page.content = content
            fresh[key] = json.dumps(self.entries[before:])

        add_entry_from_context.search_scope = True
        index.add_entry_from_context = add_entry_from_context
    return config


@event_priority(-50)  # after Material's search plugin wrote the index, before `offline` copies it
def on_post_build(config):
    """Keep the entries of this build's pages only, and add the error messages' entries."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is not None and hasattr(index, "search_scope_fresh"):
        type(index).search_scope_entries = index.search_scope_fresh
    path = Path(config.site_dir, "search", "search_index.json")
    written = json.loads(path.read_text(encoding="utf-8"))
    written["docs"].extend(_messages)
    path.write_text(json.dumps(written, separators=(",", ":")), encoding="utf-8")
