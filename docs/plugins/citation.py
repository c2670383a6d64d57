"""MkDocs hook: pages made to be cited.

- Every page ends with a "cite this page" box: title, canonical URL, the TensorFlow and Keras
  versions the build ran with, and the date of the last commit to the page's source (from git,
  never the clock, so two builds of the same sources are identical).
- The built site gets `llms.txt`: every page with its one-line short answer, which is the
  page's `description:` front matter, else its first paragraph. A page with neither logs a
  warning, which fails the strict build.
"""

from __future__ import annotations

import html
import logging
import re
import subprocess
from importlib.metadata import version
from pathlib import Path

log = logging.getLogger("mkdocs.hooks.citation")

H1 = re.compile(r"<h1[^>]*>(.*?)</h1>", re.S)
PARAGRAPH = re.compile(r'<p(?:\s(?![^>]*class="admonition-title")[^>]*)?>(.*?)</p>', re.S)
# The permalink after a heading: MkDocs' toc extension, or mkdocs-jupyter's in a notebook.
PERMALINK = re.compile(r'<a [^>]*class="(?:headerlink|anchor-link)"[^>]*>.*?</a>', re.S)
TAG = re.compile(r"<[^>]+>")

_pages: dict[str, dict] = {}
_order: list[str] = []


def plain(fragment: str) -> str:
    """HTML as one line of text: no tags, no permalink sign, entities decoded."""
    text = TAG.sub("", PERMALINK.sub("", fragment))
    return " ".join(html.unescape(text).split())


def verified_with() -> str:
    return f"TensorFlow {version('tensorflow')} and Keras {version('keras')}"


def _git(args: list[str], cwd: Path) -> str | None:
    try:
        return subprocess.run(["git", *args], cwd=cwd, capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def last_changed(source: Path) -> str:
    """The date of the last commit to `source` (YYYY-MM-DD), or why there is none, as HTML."""
    folder, name = source.parent, source.name
    if _git(["rev-parse", "--is-inside-work-tree"], folder) != "true":
        return "unknown (built outside a git checkout)"
    date = _git(["log", "-1", "--format=%cs", "--", name], folder)  # None before a first commit
    if not date:
        return "not yet committed"
    stamp = f'<time datetime="{date}">{date}</time>'
    pending = _git(["status", "--porcelain", "--", name], folder)
    return f"{stamp}, with later changes not yet committed" if pending else stamp


def description(page, content: str) -> str | None:
    """The page's one-line short answer: front matter `description`, else the first paragraph."""
    given = page.meta.get("description")
    if given:
        return " ".join(str(given).split())
    first = PARAGRAPH.search(content)
    return plain(first.group(1)) if first and plain(first.group(1)) else None


def cite_box(title: str, site_name: str, url: str, changed: str) -> str:
    """The box ending every page, left out of the search index (it would match every query).

    The citation itself is a code block, so Material gives it a copy button.
    """
    name = title if title == site_name else f"{title}. {site_name}"
    line = f"{name}. {url} (last changed {plain(changed)}; verified with {verified_with()})."
    return (f'\n<div class="admonition quote cite-box" id="cite-this-page" data-search-exclude>\n'
            f'<p class="admonition-title">Cite this page</p>\n'
            f'<p><strong>{html.escape(title)}</strong>, <a href="{url}">{url}</a><br>\n'
            f"Last changed: {changed} &middot; verified with {verified_with()}</p>\n"
            f"<pre><code>{html.escape(line)}</code></pre>\n</div>\n")


def on_pre_build(config):
    _pages.clear()
    _order.clear()


def on_nav(nav, config, files):
    _order[:] = [page.file.src_uri for page in nav.pages]
    return nav


def on_page_content(html_content, page, config, files):
    heading = H1.search(html_content)
    title = plain(heading.group(1)) if heading else page.title
    answer = description(page, html_content)
    if answer is None:
        log.warning("%s has no description: add `description:` front matter (one line, the "
                    "page's short answer) for llms.txt and search engines", page.file.src_uri)
    _pages[page.file.src_uri] = {"title": title, "url": page.canonical_url,
                                 "description": answer or ""}
    changed = last_changed(Path(page.file.abs_src_path))
    return html_content + cite_box(title, config.site_name, page.canonical_url, changed)


def llms_txt(config) -> str:
    """llms.txt (https://llmstxt.org): the site, then each page in nav order with its answer."""
    lines = [f"# {config.site_name}", "", f"> {' '.join(config.site_description.split())}", "",
             f"Every number on the site was computed by real Keras when it was built, "
             f"verified with {verified_with()}.", "", "## Pages", ""]
    order = _order + sorted(set(_pages) - set(_order))
    for src in order:
        if src in _pages:
            page = _pages[src]
            lines.append(f"- [{page['title']}]({page['url']}): {page['description']}")
    return "\n".join(lines) + "\n"


def on_post_build(config):
    Path(config.site_dir, "llms.txt").write_text(llms_txt(config), encoding="utf-8")
