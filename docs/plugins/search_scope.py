"""MkDocs hook: the search index holds what search needs, and nothing more.

Every page loads the whole search index on a first visit, so its size is part of every page's
weight. **Budget: 40 KB gzipped** with every chapter in (`make bench` prints the figure,
tests/test_search_budget.py fails a change that goes past it). Measured on 2026-11-30 with 19
pages: 54.6 KB with whole section texts; 35.0 KB as described below. A new chapter adds about
1.5 KB. If a change pushes the index past the budget, look at what the index holds
(search/search_index.json) before raising it.

**How Material's search ranks** (lunr, run in a worker; the choices below follow from it):

- An entry is a section: its heading (`title`), its id (`location`) and its `text`. A query's
  words are looked up in every field the index's `config.fields` names; a word in the title
  weighs 1000 times one in the text, scaled by its rarity across entries, with no penalty for
  long entries. A page's own top entry ranks 2.5 times its sections when both match fully.
- Every word typed is a prefix: `cudnn` also matches `cudnnlstm`. A word typed with a hyphen
  is split there and its parts are looked up whole.
- Results are grouped by page: the page of the best entry lists all its matching sections
  before the next page. A result shows the title and, of the text, the paragraphs holding a
  match (the whole text when only the title matched).

**What an entry holds:**

- `title`: the section's heading, as on the page;
- `text`: what a result shows: the section's first sentence (a sentence ending after 80
  characters and by 200; or the first 200 characters, cut at a space). It is the section's
  own short answer in most chapters;
- `words`: every other word of the section, each once, in alphabetical order: searched,
  never shown. Left out of it: the words already in the text, words without a letter
  (numbers: the values of computed tables and figures, which nobody types) and lunr's English
  stop words ("the", "with"), which weigh nothing in a ranking. This hook declares the field
  in the index's `config.fields`, at the weight of the text. Measured: keeping up to two or
  three copies of a repeated word (term frequency) costs 2.2 and 2.7 KB and changed no
  ranking case: titles weigh 1000 times more, and the body only breaks ties between them.

A word that appears in a section is found there whatever its place; what goes is repetition
(a word counts once below the first sentence), markup, and the prose a result would never show.

**Left out of every entry** (it stays on the page):

- code blocks and printed outputs (`<pre>`), marked with Material's `data-search-exclude`:
  rarely what a reader types, and long. A block that should be found by its text opts back in
  with the attribute `data-search-keep`. Error messages are the exception, below;
- each inline SVG figure's drawing: its labels ("t = 1 reads 64", repeated for each drawn row)
  match nearly every query about shapes. The index reads the figure as its title and text
  description (the SVG's `<title>` and `<desc>`), which stay findable. The plugin also parses
  thousands fewer tags per build: a rebuild under `make serve` is faster;
- in the API reference (mkdocstrings), all of an object's documentation but its name (without
  the "dataclass" and similar labels) and its docstring's summary paragraph: the bases,
  the docstring's further paragraphs, parameter tables, examples and "Referenced by" lists.
  The name is what a reader types; the chapters explain the rest;
- tab labels ("Keras 3", "Keras 2"), which the index would run together into "Keras 3Keras 2"
  in every result snippet, admonition titles ("Short answer" would open every page's snippet),
  the narrow drawing of a figure that has one for phones (lstm_diagrams.render.figure_html)
  and the figures' scroll hint.

**Error messages.** A printed error message is what readers do search for: they paste it.
Each one (a result block that starts with `SomethingError:`, `...Exception:` or
`...Warning:`) gets an anchor of its own, `<section id>-message-<n>`, and an entry of its
own, titled with the message's first line and holding the section's heading and the whole
message (`search.config.separator` in mkdocs.yml keeps `ndim=2` one word, so that messages
differing in a digit do not match alike). A pasted message then ranks its own entry above
sections that merely share its words, and the result leads to the message itself. A message
printed word for word on the errors page (MESSAGES_EXPLAINED) and on a chapter gets the errors
page's entry only: that page explains it.

**Boosts.** A page's `search: boost:` (Material's) applies to all its entries; `search:
top_boost:` (this hook's) to its top entry only: the page that is the site's answer to a
word its title names, where a section elsewhere has a longer word starting with it.

Under `make serve`, a page whose content, title, metadata and table of contents are those of
the previous build gets that build's index entries back instead of being parsed again.
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
                    r'|<p class="(lstm-diagram__hint|admonition-title)"')

MESSAGES_EXPLAINED = "errors.md"
"""The page that explains the error messages: a message it prints has its entry there only."""

_messages: list[tuple[str, str, dict]] = []
"""(page source, message, search entry) for each error message of the pages built so far."""

SVG = re.compile(r"<svg\b.*?</svg>", re.S)
TEXT = re.compile(r"<(title|desc)\b[^>]*>(.*?)</\1>", re.S)

API_CONTENTS = re.compile(r'<div class="doc doc-contents[^"]*">')
API_END = re.compile(r'<div class="doc doc-children">|<div class="doc doc-object[ "]|<h[1-6][\s>]')
API_LABELS = re.compile(r'<span class="doc doc-labels"')
API_SUMMARY = re.compile(r"<p>(?:(?!</p>|doc-section-title).)*</p>", re.S)
BLOCK = re.compile(r"<(p|ul|ol|dl|table|div|details|blockquote|b)(?=[\s>])"
                   r"(?![^>]*\bdata-search-exclude\b)")

SHORTEST, LONGEST = 80, 200
"""Bounds of an entry's shown text, in characters: its first sentence, or a cut at a space."""
SENTENCE_END = re.compile(r"(?<!\be\.g)(?<!\bi\.e)[.:;?!](?=\s|<|$)")
TAG = re.compile(r"<(/?)(\w+)[^>]*>")
LETTER = re.compile(r"[^\W\d_]")
STOP_WORDS = frozenset(
    "a able about across after all almost also am among an and any are as at be because been "
    "but by can cannot could dear did do does either else ever every for from get got had has "
    "have he her hers him his how however i if in into is it its just least let like likely may "
    "me might most must my neither no nor not of off often on only or other our own rather said "
    "say says she should since so some than that the their them then there these they this tis "
    "to too twas us wants was we were what when where which while who whom why will with would "
    "yet you your".split())
"""lunr's English stop words (lunr.stopWordFilter), as Material bundles them."""


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


def api_summaries(html: str) -> str:
    """Mark all of each API object's documentation but its summary paragraph to stay out.

    >>> api_summaries('<h3 id="f">f <span class="doc doc-labels">dataclass</span></h3>'
    ...               '<div class="doc doc-contents first"><p class="bases">Bases: B</p>'
    ...               '<p>Sum <code>x</code>.</p><p>More.</p><div class="doc doc-backlinks">'
    ...               '</div><div class="doc doc-children"><p>Kept</p>')
    ... # doctest: +NORMALIZE_WHITESPACE
    '<h3 id="f">f <span class="doc doc-labels" data-search-exclude>dataclass</span></h3>\
<div class="doc doc-contents first"><p data-search-exclude class="bases">Bases: B</p>\
<p>Sum <code>x</code>.</p><p data-search-exclude>More.</p>\
<div data-search-exclude class="doc doc-backlinks"></div><div class="doc doc-children"><p>Kept</p>'
    """
    html = API_LABELS.sub(r"\g<0> data-search-exclude", html)
    parts, done = [], 0
    for start in API_CONTENTS.finditer(html):
        if start.start() < done:
            continue
        end = API_END.search(html, start.end())
        stop = end.start() if end else len(html)
        region = html[start.end():stop]
        summary = API_SUMMARY.search(region)
        cut = (summary.start(), summary.end()) if summary else (len(region), len(region))
        exclude = lambda part: BLOCK.sub(r"<\1 data-search-exclude", part)  # noqa: E731
        parts += [html[done:start.end()], exclude(region[:cut[0]]), region[cut[0]:cut[1]],
                  exclude(region[cut[1]:])]
        done = stop
    return "".join(parts) + html[done:]


def for_search(html: str) -> str:
    """The page's content as the search plugin reads it.

    >>> for_search('<p>See</p><svg role="img"><title id="f">Rows</title><desc>Three rows.'
    ...            '</desc><g><title>a&#45;&gt;b</title><text>t = 1</text></g></svg>')
    '<p>See</p><p>Rows Three rows.</p>'
    >>> for_search('<svg viewBox="0 0 8 8"><path d="M0 0"/></svg>')
    ''
    """
    html = SVG.sub(figure_as_text, html)
    return api_summaries(html) if "doc doc-contents" in html else html


def close_tags(html: str) -> str:
    """An HTML fragment cut anywhere, with its open tags closed.

    >>> close_tags('<p>One <code>a')
    '<p>One <code>a</code></p>'
    >>> close_tags('<ul><li>One</li><li>Tw')
    '<ul><li>One</li><li>Tw</li></ul>'
    >>> close_tags('<p>One</p> <p')
    '<p>One</p> '
    """
    html = re.sub(r"<[^>]*$", "", html)
    open_tags: list[str] = []
    for closing, tag in TAG.findall(html):
        if not closing:
            open_tags.append(tag)
        elif open_tags and open_tags[-1] == tag:
            open_tags.pop()
    return html + "".join(f"</{tag}>" for tag in reversed(open_tags))


def shown_text(text: str) -> tuple[str, str]:
    """(what a result shows of an entry's text, the rest).

    >>> shown_text('<p>Short.</p>')
    ('<p>Short.</p>', '')
    >>> shown, rest = shown_text('<p>' + 'word ' * 20 + 'e.g. this. ' + 'more ' * 40 + '</p>')
    >>> shown[-24:], rest[:10]
    ('word word e.g. this.</p>', ' more more')
    >>> shown, rest = shown_text('<p>' + 'word ' * 60 + '</p>')
    >>> shown[-15:], len(shown) <= LONGEST + 10
    ('word word …</p>', True)
    """
    if len(text) <= LONGEST:
        return text, ""
    end = SENTENCE_END.search(text, SHORTEST)
    if end and end.end() <= LONGEST:
        return close_tags(text[:end.end()]), text[end.end():]
    cut = text.rfind(" ", 0, LONGEST)
    cut = cut if cut > SHORTEST else LONGEST
    return close_tags(text[:cut] + " …"), text[cut:]


def tokens(html: str, separator: re.Pattern) -> list[str]:
    """The words Material's search reads in an HTML fragment, lowercased as it does."""
    return [word.lower() for word in separator.split(TAG.sub(" ", html)) if word]


def slim_entry(entry: dict, separator: re.Pattern) -> dict:
    """An entry with its text cut to what a result shows, and the rest's words in `words`.

    >>> separator = re.compile(r"[\\s\\-,:;!\\[\\]()\\"`/]+|=(?!\\d)|\\.(?!\\d)")
    >>> entry = {"location": "a.html#b", "title": "Units",
    ...          "text": "<p>" + "Units are the width of the state. " * 4 + "</p>"
    ...                  "<p>A table: units 64 LSTM(64), 12416 parameters; Units again.</p>"}
    >>> slim = slim_entry(entry, separator)
    >>> slim["text"]
    '<p>Units are the width of the state. Units are the width of the state. Units are the width of the state.</p>'
    >>> slim["words"]
    'again lstm parameters table'
    """
    shown, rest = shown_text(entry["text"])
    if not rest:
        return entry
    seen = set(tokens(shown, separator))
    more = sorted({word for word in tokens(rest, separator)
                   if word not in seen and word not in STOP_WORDS and LETTER.search(word)})
    if "<pre" not in shown:
        shown = " ".join(shown.split())
    slim = {**entry, "text": shown}
    if more:
        slim["words"] = " ".join(more)
    return {key: slim[key] for key in ("location", "title", "text", "words", "tags", "boost")
            if key in slim}


def on_pre_build(config):
    _messages.clear()


def plain(html: str) -> str:
    """Text of an HTML fragment: tags and the heading's permalink dropped."""
    html = re.sub(r'<a class="headerlink".*?</a>', "", html, flags=re.S)
    return " ".join(unescape(re.sub(r"<[^>]+>", "", html)).split())


def anchor_messages(html: str, page, boost: float | None = None) -> str:
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
        entry = {"location": f"{page.url}#{anchor}", "title": first_line,
                 "text": f"<p>{escape(title, quote=False)}</p><pre><code>{message}</code></pre>"}
        _messages.append((page.file.src_uri, message,
                          entry if boost is None else {**entry, "boost": boost}))
        return f'<div class="result" id="{anchor}">{match.group(1)}'

    return MESSAGE.sub(anchored, html)


@event_priority(-50)  # after every other hook has added its blocks to the page
def on_page_content(html, page, config, files):
    html = exclude_from_search(html)
    html = anchor_messages(html, page, (page.meta.get("search") or {}).get("boost"))
    return LABELS.sub(lambda m: m.group(0) + " data-search-exclude", html)


def toc_ids(items) -> list:
    return [(item.id, item.url, toc_ids(item.children)) for item in items]


def page_key(page) -> str:
    """Everything Material's SearchIndex.add_entry_from_context reads from a page."""
    parts = [page.content, page.url, str(page.title),
             json.dumps(page.meta, sort_keys=True, default=str), repr(toc_ids(page.toc))]
    return hashlib.sha256("\0".join(parts).encode("utf-8", "surrogateescape")).hexdigest()


def page_entries(entries: list[dict], page, separator: re.Pattern) -> list[dict]:
    """A page's entries as Material made them, slimmed, its top entry boosted if asked."""
    top_boost = (page.meta.get("search") or {}).get("top_boost")
    slim = [slim_entry(entry, separator) for entry in entries]
    if top_boost is not None:
        slim = [{**entry, "boost": entry.get("boost", 1) * top_boost}
                if entry["location"] == page.url else entry for entry in slim]
    return slim


def on_config(config):
    """Have Material's search plugin index `for_search(page.content)`, slimmed; the page keeps
    its own content."""
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
            separator = re.compile(self.config["separator"])
            self.entries[before:] = page_entries(self.entries[before:], page, separator)
            fresh[key] = json.dumps(self.entries[before:])

        add_entry_from_context.search_scope = True
        index.add_entry_from_context = add_entry_from_context
    return config


def message_entries() -> list[dict]:
    """The error messages' entries: one per message and page, none for a chapter's copy of a
    message that the errors page prints too."""
    explained = {message for source, message, _ in _messages if source == MESSAGES_EXPLAINED}
    return [entry for source, message, entry in _messages
            if source == MESSAGES_EXPLAINED or message not in explained]


@event_priority(-50)  # after Material's search plugin wrote the index, before `offline` copies it
def on_post_build(config):
    """Keep the entries of this build's pages only, add the error messages' entries, and
    declare the `words` field."""
    search = config.plugins.get("material/search") or config.plugins.get("search")
    index = getattr(search, "search_index", None)
    if index is not None and hasattr(index, "search_scope_fresh"):
        type(index).search_scope_entries = index.search_scope_fresh
    path = Path(config.site_dir, "search", "search_index.json")
    written = json.loads(path.read_text(encoding="utf-8"))
    written["config"]["fields"].setdefault("words", {"boost": written["config"]["fields"]
                                                     .get("text", {}).get("boost", 1.0)})
    written["docs"].extend(message_entries())
    path.write_text(json.dumps(written, separators=(",", ":")), encoding="utf-8")
