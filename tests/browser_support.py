"""Headless Chromium (Debian's package, driven by Playwright) against the built site on localhost.

No browser is downloaded: Playwright launches the system `chromium`, which `make setup`
installs when it is missing.

The site is built with Material's offline plugin, so directory URLs are off: the page built
from docs/shapes.md is `shapes.html`, the home page `index.html`.
"""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
import time
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Iterator

CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
]

PALETTES = {"light": "default", "dark": "slate"}
"""The reader's colour-scheme preference, and the Material scheme it must select."""

PAGE_SOURCES = (".md", ".ipynb")


def chromium_path() -> str:
    path = shutil.which("chromium") or shutil.which("chromium-browser")
    if path is None:
        raise RuntimeError("Chromium is not installed: run `make setup` (it installs Debian's "
                           "chromium package) or `apt-get install chromium`")
    return path


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, format, *args):  # noqa: A002 - the base class's signature
        pass


@contextmanager
def serve_directory(root: Path, handler_class=_QuietHandler) -> Iterator[str]:
    """Serve `root` on 127.0.0.1 at a free port; yields the base URL ending in '/'."""
    handler = functools.partial(handler_class, directory=str(root))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}/"
    finally:
        server.shutdown()
        server.server_close()


def page_path(source: Path, docs: Path) -> str:
    """The built page's URL path, relative to the site root, for a page source in `docs`."""
    return source.relative_to(docs).with_suffix(".html").as_posix()


def source_pages(docs: Path) -> list[str]:
    """URL paths of every page source (Markdown or notebook) in `docs`, known before a build."""
    return sorted(page_path(path, docs) for path in docs.rglob("*")
                  if path.suffix in PAGE_SOURCES and "plugins" not in path.relative_to(docs).parts)


def is_redirect_stub(html: str) -> bool:
    """A page mkdocs-redirects writes to send an old URL on to a new one."""
    return 'http-equiv="refresh"' in html


def site_pages(site: Path) -> list[str]:
    """Every content page of a built site as a URL path relative to its root."""
    pages = []
    for path in sorted(site.rglob("*.html")):
        relative = path.relative_to(site).as_posix()
        if relative != "404.html" and not is_redirect_stub(path.read_text(encoding="utf-8")):
            pages.append(relative)
    return pages


def is_local(url: str) -> bool:
    """A URL the browser may fetch without telling a third party: loopback, file, inline."""
    from urllib.parse import urlparse

    parsed = urlparse(url)
    if parsed.scheme in ("http", "https", "ws", "wss"):
        return parsed.hostname in ("127.0.0.1", "localhost")
    return parsed.scheme in ("file", "data", "blob", "about")


# Material has had the page's document (document$): its components are on the page. It starts
# at the reader's first input (docs/plugins/page_assets.py).
MATERIAL_STARTED = """() => {
  if (!window.document$) return false;
  let started = false;
  window.document$.subscribe(() => { started = true; }).unsubscribe();
  return started;
}"""


def first_input(page) -> None:
    """What starts Material's script on `page`, as a reader's mouse would: it moves."""
    page.mouse.move(1, 1)
    page.mouse.move(2, 2)


def wait_for_material(page, timeout: float = 15000) -> None:
    """Start Material's script on `page` (the reader's first input) and wait until it has."""
    first_input(page)
    page.wait_for_function(MATERIAL_STARTED, timeout=timeout)


@contextmanager
def open_page(browser, url: str, palette: str = "light", viewport: dict | None = None) -> Iterator:
    """`url` loaded in a fresh context whose reader prefers `palette`, once the theme applied it."""
    context = browser.new_context(color_scheme=palette, **({"viewport": viewport} if viewport else {}))
    try:
        page = context.new_page()
        page.goto(url, wait_until="networkidle")
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s",
                               arg=PALETTES[palette], timeout=5000)
        yield page
    finally:
        context.close()


@dataclass
class Watched:
    """A page with every request it made and every console or page error it raised."""

    page: object
    requests: list = field(default_factory=list)
    errors: list = field(default_factory=list)


@contextmanager
def watched_page(browser) -> Iterator[Watched]:
    """A page in a fresh browser context that records its requests and errors."""
    context = browser.new_context()
    watched = Watched(page=None)
    context.on("request", lambda request: watched.requests.append(request.url))
    watched.page = context.new_page()
    watched.page.on("console",
                    lambda message: message.type == "error" and watched.errors.append(message.text))
    watched.page.on("pageerror", lambda error: watched.errors.append(str(error)))
    try:
        yield watched
    finally:
        context.close()


def search(page, query: str, timeout: float = 15.0) -> list[str]:
    """Type `query` into the site's search box; every result link, once all are listed.

    A query typed while the search worker still loads its index can be dropped, so the
    query is typed again until the result count ("N matching documents") shows.
    """
    meta = page.locator(".md-search-result__meta")
    box = page.locator("input.md-search__input")
    # A reader's click into the box would start Material. Its script has run (on a page opened
    # from disk it never mounts the article's components: its instant navigation, off there,
    # completes document$ before the document is handed over).
    first_input(page)
    page.wait_for_function("window.component$ !== undefined", timeout=15000)
    box.fill(query)
    deadline = time.monotonic() + timeout
    while "matching" not in meta.inner_text():
        if time.monotonic() > deadline:
            raise TimeoutError(f"search for {query!r} showed no count: {meta.inner_text()!r}")
        page.wait_for_timeout(250)
        box.press("End")
    count = -1
    while count != (count := page.locator("a.md-search-result__link").count()):
        # Material lists results in batches as the list scrolls.
        page.locator(".md-search__scrollwrap").evaluate(
            "wrap => wrap.scrollTo(0, wrap.scrollHeight)")
        page.wait_for_timeout(200)
    return page.eval_on_selector_all("a.md-search-result__link", "links => links.map(a => a.href)")
