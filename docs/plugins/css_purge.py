"""MkDocs hook: Material's stylesheets keep only the rules this site can use.

Material's main stylesheet (137 KB, 23 KB gzipped) styles every feature of the theme, and its
palette stylesheet every colour; every page blocks its first paint on both. After the build
has written every page, this hook reads what can appear in a page:

- the tags, attribute names and attribute values (each class, each id) of every built HTML
  page, the 404 page included;
- every name in the site's scripts (Material's bundle and search worker, ours), which create
  elements and set classes when a page runs. A name that ends in `-` or `_` is taken as a
  prefix the script completes (`"md-status--" + type`): every class that starts with it stays.

A selector stays when every class, id, tag, attribute and `[name=value]` value it names
outside a functional pseudo-class (`:not(.x)` matches where `.x` is absent) is among those
names; a rule stays with the selectors that stay, an `@media` or `@supports` block with the
rules that stay. Custom properties that nothing reads (`var(--x)` in any stylesheet, or `--x`
named in a page or script) go too, until none is left. Anything else (`@keyframes`, `:root`,
pseudo-elements) stays as it is.

Each stylesheet is written under a new name with the hash of what it now holds, and every page
links the new name, so a browser never keeps an older cut of it. The source map of the
original is removed: it no longer describes the file.

The CSS is read with tinycss2 (a CSS Syntax Level 3 tokenizer and parser), not regular
expressions: selectors hold strings, brackets and escapes. The result depends only on the
built site, so two builds of the same sources write the same bytes.
"""

from __future__ import annotations

import hashlib
import logging
import re
from pathlib import Path

import tinycss2

log = logging.getLogger("mkdocs.hooks.css_purge")

# Material's stylesheets, as the theme writes them: main.<hash>.min.css, palette.<hash>.min.css.
STYLESHEET = re.compile(r"^(main|palette)\.[0-9a-f]{8}\.min\.css$")
STYLESHEETS = "assets/stylesheets"
# Lunr's stemmers and stop words name no element of a page.
SKIPPED_SCRIPTS = ("assets/javascripts/lunr/",)

TAG = re.compile(r"<([A-Za-z][\w-]*)((?:[^>\"']|\"[^\"]*\"|'[^']*')*)>")
ATTRIBUTE = re.compile(r"([^\s=/>\"']+)(?:\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>\"']+))?")
NAME = re.compile(r"-*[A-Za-z_][\w-]*")
CUSTOM_PROPERTY = re.compile(r"--[\w-]+")
GROUPING = ("media", "supports", "layer", "container")

# Parsed stylesheets, the names found in each page and script, and the last result, kept on
# the tinycss2 module for the process: `mkdocs serve` loads this hook again for every rebuild,
# and between rebuilds Material's files do not change, nor do most pages.
STORE = "_keras_lstm_shapes_parsed"


class Names:
    """What pages and scripts can put in a page: names, and prefixes scripts complete.

    >>> names = Names({"div", "md-nav"}, {"md-status--"})
    >>> names.has("md-nav"), names.has("md-status--new"), names.has("md-tag")
    (True, True, False)
    """

    def __init__(self, names: set[str], prefixes: set[str]):
        self.names = names
        self.prefixes = tuple(sorted(prefixes))

    def has(self, name: str) -> bool:
        return name in self.names or name.startswith(self.prefixes)


def page_names(html: str) -> set[str]:
    """Tag and attribute names and attribute values (split at spaces) of an HTML page.

    >>> sorted(page_names('<p class="a b" data-x=y>Text <em>z</em></p>'))
    ['a', 'b', 'class', 'data-x', 'em', 'p', 'y']
    """
    names = set()
    for tag in TAG.finditer(html):
        names.add(tag.group(1).lower())
        for attribute in ATTRIBUTE.finditer(tag.group(2)):
            names.add(attribute.group(1).lower())
            if attribute.group(2):
                names.update(attribute.group(2).strip("\"'").split())
    return names


def cached_names(text: str, read) -> frozenset[str]:
    """`read(text)`, remembered for the process by the text's hash: under `mkdocs serve` a
    rebuild writes most pages unchanged, and the scripts never change."""
    store = process_store().setdefault(read.__name__, {})
    key = hashlib.sha256(text.encode()).digest()
    if key not in store:
        store[key] = frozenset(read(text))
    return store[key]


def script_names(js: str) -> set[str]:
    return set(NAME.findall(js))


def site_names(site: Path) -> Names:
    names, prefixes = set(), set()
    for path in sorted(site.rglob("*.html")):
        names |= cached_names(path.read_text(encoding="utf-8"), page_names)
    for path in sorted(site.rglob("*.js")):
        if path.relative_to(site).as_posix().startswith(SKIPPED_SCRIPTS):
            continue
        found = cached_names(path.read_text(encoding="utf-8"), script_names)
        names |= found
        prefixes |= {name for name in found if name.endswith(("-", "_")) and len(name) > 3}
    return Names(names, prefixes)


def selectors(prelude: list) -> list[list]:
    """A rule's prelude split at its top-level commas."""
    found, current = [], []
    for token in prelude:
        if token.type == "literal" and token.value == ",":
            found.append(current)
            current = []
        else:
            current.append(token)
    return [*found, current]


def selector_used(selector: list, names: Names) -> bool:
    """Whether every class, id, tag and attribute the selector requires can be in a page.

    >>> names = Names({"md-nav", "a", "dir", "ltr"}, set())
    >>> def used(text):
    ...     return selector_used(tinycss2.parse_component_value_list(text), names)
    >>> used(".md-nav a:hover"), used(".md-nav .md-tag"), used("[dir=ltr] a"), used("[dir=rtl] a")
    (True, False, True, False)
    >>> used(".md-nav:not(.md-tag)"), used(":root"), used("a::before")
    (True, True, True)
    """
    previous = None
    for token in selector:
        if token.type == "ident":
            after = previous.value if previous is not None and previous.type == "literal" else ""
            if after == ".":
                if not names.has(token.value):
                    return False
            elif after not in (":", "::") and not names.has(token.value.lower()):
                return False                                  # a tag
        elif token.type == "hash" and not names.has(token.value):
            return False
        elif token.type == "[] block":
            inside = [part for part in token.content if part.type != "whitespace"]
            if inside and inside[0].type == "ident":
                if not names.has(inside[0].value.lower()):
                    return False
                if (len(inside) >= 3 and inside[1].type == "literal" and inside[1].value == "="
                        and inside[2].type in ("ident", "string")
                        and not names.has(inside[2].value)):
                    return False
        previous = token if token.type != "whitespace" else None
    return True


def purge_rules(rules: list, names: Names) -> list:
    """(prelude text, declarations or nested rules) of the rules that stay, in order."""
    kept = []
    for rule in rules:
        if rule.type == "qualified-rule":
            used = [tinycss2.serialize(selector).strip() for selector in selectors(rule.prelude)
                    if selector_used(selector, names)]
            if used:
                kept.append((",".join(used), declarations(rule.content)))
        elif rule.type == "at-rule":
            if rule.content is not None and rule.lower_at_keyword in GROUPING:
                inner = purge_rules(tinycss2.parse_rule_list(
                    rule.content, skip_comments=True, skip_whitespace=True), names)
                if inner:
                    kept.append(("@" + rule.at_keyword + tinycss2.serialize(rule.prelude), inner))
            else:
                kept.append((tinycss2.serialize([rule]), None))
    return kept


def declarations(content: list) -> list[tuple[str, str]]:
    """(name, `name:value` text) of each declaration in a rule's block."""
    found = []
    for item in tinycss2.parse_blocks_contents(content, skip_comments=True, skip_whitespace=True):
        if item.type == "declaration":
            value = tinycss2.serialize(item.value).strip()
            important = "!important" if item.important else ""
            found.append((item.lower_name if not item.name.startswith("--") else item.name,
                          f"{item.name}:{value}{important}"))
        else:
            found.append(("", tinycss2.serialize([item])))
    return found


def is_declarations(body: list) -> bool:
    """A rule's declarations, rather than a grouping rule's rules."""
    return bool(body) and isinstance(body[0][1], str)


def defined_properties(kept: list) -> list[tuple[str, str]]:
    found = []
    for _, body in kept:
        if is_declarations(body):
            found += [item for item in body if item[0].startswith("--")]
        elif body:
            found += defined_properties(body)
    return found


def serialize(kept: list, unread: set[str]) -> str:
    out = []
    for prelude, body in kept:
        if body is None:
            out.append(prelude)
        elif is_declarations(body):
            text = ";".join(text for name, text in body if name not in unread)
            if text:
                out.append(f"{prelude}{{{text}}}")
        elif body:
            inner = serialize(body, unread)
            if inner:
                out.append(f"{prelude}{{{inner}}}")
    return "".join(out)


def process_store() -> dict:
    store = getattr(tinycss2, STORE, None)
    if store is None:
        store = {}
        setattr(tinycss2, STORE, store)
    return store


def parsed(css: str) -> list:
    store = process_store().setdefault("parsed", {})
    key = hashlib.sha256(css.encode()).hexdigest()
    if key not in store:
        store[key] = tinycss2.parse_stylesheet(css, skip_comments=True, skip_whitespace=True)
    return store[key]


def purge(sheets: dict[str, str], names: Names, readers: str) -> dict[str, str]:
    """Each stylesheet's text cut to what `names` can use; `readers` is all the other text
    (pages, scripts, our stylesheets) in which a custom property may be read."""
    outside = set(CUSTOM_PROPERTY.findall(readers))
    key = hashlib.sha256(repr((sorted(sheets.items()), sorted(names.names), names.prefixes,
                               sorted(outside))).encode()).digest()
    store = process_store().setdefault("purged", {})
    if key not in store:
        store.clear()
        store[key] = _purge(sheets, names, outside)
    return store[key]


def _purge(sheets: dict[str, str], names: Names, outside: set[str]) -> dict[str, str]:
    kept = {name: purge_rules(parsed(css), names) for name, css in sheets.items()}
    unread: set[str] = set()
    while True:
        text = {name: serialize(rules, unread) for name, rules in kept.items()}
        read = outside | {match for css in text.values()
                          for match in re.findall(r"var\(\s*(--[\w-]+)", css)}
        defined = {prop for rules in kept.values() for prop, _ in defined_properties(rules)}
        more = {prop for prop in defined if prop not in read} - unread
        if not more:
            return text
        unread |= more


def on_post_build(config):
    site = Path(config.site_dir)
    folder = site / STYLESHEETS
    sheets = {path.name: path.read_text(encoding="utf-8")
              for path in sorted(folder.glob("*.min.css")) if STYLESHEET.match(path.name)}
    if not sheets:
        return
    names = site_names(site)
    pages = sorted(site.rglob("*.html"))
    readers = "\n".join(path.read_text(encoding="utf-8") for path in [
        *pages, *sorted(site.rglob("*.js")), *sorted(site.rglob("*.css"))]
        if path.parent != folder)
    renamed = {}
    for old, css in purge(sheets, names, readers).items():
        stem = old.split(".", 1)[0]
        new = f"{stem}.{hashlib.sha256(css.encode()).hexdigest()[:8]}.min.css"
        (folder / old).unlink()
        (folder / f"{old}.map").unlink(missing_ok=True)
        (folder / new).write_text(css, encoding="utf-8")
        renamed[old] = new
        log.debug("css_purge: %s %d -> %d bytes", old, len(sheets[old]), len(css))
    for path in pages:
        html = path.read_text(encoding="utf-8")
        changed = html
        for old, new in renamed.items():
            changed = changed.replace(f"{STYLESHEETS}/{old}", f"{STYLESHEETS}/{new}")
        if changed != html:
            path.write_text(changed, encoding="utf-8")
