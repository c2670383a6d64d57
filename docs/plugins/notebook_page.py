"""MkDocs hook: a notebook page (mkdocs-jupyter) as light as a Markdown page, in the theme's style.

mkdocs-jupyter inlines JupyterLab's whole stylesheet (about 600 KB), a MathJax loader with an
empty address, a Mermaid loader that would fetch from a CDN, and its own copy buttons. This hook
keeps only the cells, and:

- gives code cells and heading permalinks the markup of the site's other pages, so Material
  highlights code in both palettes and adds its copy button; the hidden copies of the sources go;
- links docs/assets/notebook.css, a small stylesheet for prompts and outputs;
- drops what would make two builds differ: TensorFlow's C++ start-up log lines in outputs
  (stamped with the time and a process id; noise to a reader too), and the cell ids nbformat
  invents for a notebook saved without them (nothing links to them).
- joins a cell's consecutive text outputs of one kind into one block: the kernel splits printed
  output wherever a flush happens to fall, which differs from run to run.

If mkdocs-jupyter's markup ever changes shape, the build fails here rather than shipping the
old weight.
"""

from __future__ import annotations

import json
import re

from mkdocs.exceptions import PluginError
from mkdocs.utils import get_relative_url

STYLESHEET = "assets/notebook.css"

CELLS = re.compile(r'<div class="jupyter-wrapper">.*<!-- jupyter-wrapper -->', re.S)
COPY_BUTTON = re.compile(r'<div class="zeroclipboard-container">.*?</clipboard-copy>\s*</div>\s*',
                         re.S)
CELL_ID = re.compile(r' id="cell-id=[^"]*"')
ANCHOR_LINK = re.compile(r'<a class="anchor-link" href="(#[^"]+)">')
SOURCE_COPY = re.compile(r'<div class="clipboard-copy-txt"[^>]*>.*?</div>\s*', re.S)
CODE = re.compile(r'<div class="highlight-ipynb hl-(\w+)[^"]*"><pre>(?:<span></span>)?(.*?)</pre>'
                  r"</div>", re.S)
TEXT_OUTPUT = re.compile(r'(<div class="jp-RenderedText[^"]*" data-mime-type="([^"]+)"[^>]*>\s*)'
                         r"<pre>(.*?)</pre>", re.S)
EMPTY_OUTPUT = re.compile(r'<div class="jp-OutputArea-child">\s*<div class="jp-OutputPrompt '
                          r'jp-OutputArea-prompt"></div>\s*<div class="jp-RenderedText[^"]*" '
                          r'data-mime-type="application/vnd.jupyter.stderr"[^>]*>\s*</div>\s*'
                          r"</div>\s*", re.S)
TEXT_BLOCK = (r'<div class="jp-RenderedText jp-OutputArea-output" data-mime-type="{}"[^>]*>\s*'
              r"<pre><code>")
SPLIT_STREAM = re.compile(
    "(" + TEXT_BLOCK.format('([^"]+)') + r"(?:(?!</code>).)*)</code></pre>\s*</div>\s*</div>\s*"
    r'<div class="jp-OutputArea-child">\s*<div class="jp-OutputPrompt jp-OutputArea-prompt">'
    r"</div>\s*" + TEXT_BLOCK.format(r"\2"), re.S)
# absl/TSL log lines ("I0000 00:00:1795.123 4242 cudart_stub.cc:31] ...") and absl's notice.
NATIVE_LOG_LINE = re.compile(r"^(?:[IWEF]\d{4} [\d:.]+ +\d+ \S+:\d+\] .*"
                             r"|WARNING: All log messages before absl::InitializeLog\(\) .*)\n?",
                             re.M)


def is_notebook(page) -> bool:
    return page.file.src_uri.endswith(".ipynb")


def code_block(match: re.Match) -> str:
    """A highlighted cell source in the markup pymdownx.highlight gives Markdown code blocks."""
    language, body = match.groups()
    return (f'<div class="language-{language} highlight"><pre><span></span><code>{body}</code>'
            f"</pre></div>")


def text_output(match: re.Match) -> str:
    """A text output as a code block, without native log lines on stderr."""
    opening, mime_type, text = match.groups()
    if mime_type == "application/vnd.jupyter.stderr":
        text = NATIVE_LOG_LINE.sub("", text)
        if not text.strip():
            return opening
    return f"{opening}<pre><code>{text}</code></pre>"


def slim_notebook(content: str, stylesheet_url: str) -> str:
    """The cells of mkdocs-jupyter's page content, re-marked for the theme, and a stylesheet."""
    cells = CELLS.search(content)
    if cells is None:
        raise PluginError("notebook_page: no notebook cells found; did mkdocs-jupyter change?")
    slim = COPY_BUTTON.sub("", cells.group())
    slim = SOURCE_COPY.sub("", slim)
    slim = CODE.sub(code_block, slim)
    slim = TEXT_OUTPUT.sub(text_output, slim)
    slim = EMPTY_OUTPUT.sub("", slim)
    joined = 1
    while joined:
        slim, joined = SPLIT_STREAM.subn(r"\1", slim)
    slim = CELL_ID.sub("", slim)
    slim = ANCHOR_LINK.sub(r'<a class="headerlink" href="\1" title="Link to this section">', slim)
    if re.search(r"highlight-ipynb|clipboard-copy|<style|<script", slim):
        raise PluginError("notebook_page: mkdocs-jupyter's markup changed; update this hook")
    return f'<link rel="stylesheet" href="{stylesheet_url}">\n{slim}'


def notebook_description(path: str) -> str | None:
    """The one-line short answer in the notebook's metadata (`"description"`), like a Markdown
    page's front matter: for the page's <meta name="description">, llms.txt and search engines."""
    with open(path, encoding="utf-8") as source:
        return json.load(source).get("metadata", {}).get("description")


def on_page_content(html_content, page, config, files):
    if not is_notebook(page):
        return html_content
    if not page.meta.get("description"):
        given = notebook_description(page.file.abs_src_path)
        if given:
            page.meta["description"] = given
    return slim_notebook(html_content, get_relative_url(STYLESHEET, page.url or "."))
