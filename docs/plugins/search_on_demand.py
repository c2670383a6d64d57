"""MkDocs hook: Material's search worker loads when a reader first searches, not on every page.

Material starts its search worker (lunr and Material's search code: 12.3 KB gzipped, a third of
a page's first visit beyond the theme's script and stylesheet) as every page loads, whether or
not the reader searches. The page finds the worker's address in its `#__config` JSON
(`"search"`); this hook points that at a stand-in, search_on_demand.js (in this folder, not
published as is), which answers Material's setup at once and loads Material's worker on the
first query (the script says how). Search itself is unchanged: the same index, the same worker,
the same results.

The stand-in is written into the site as assets/javascripts/workers/search-on-demand.<hash>.js,
minified as the calculator's script is (rjsmin: 0.7 KB gzipped instead of 1.3), named by a hash of its content like
Material's own files, so that a browser never keeps an old one for a new Material. If
Material's page configuration or worker changes shape, the build fails here.
"""

from __future__ import annotations

import hashlib
import re
from pathlib import Path

import rjsmin
from mkdocs.exceptions import PluginError
from mkdocs.structure.files import File

TEMPLATE = Path(__file__).with_name("search_on_demand.js")
PLACEHOLDER = "__MATERIAL_WORKER__"
WORKERS = "assets/javascripts/workers/"
MATERIAL_WORKER = re.compile(r"search\.[0-9a-f]+\.min\.js")
# Material's worker's address in the page's configuration: relative on pages, absolute on 404.
CONFIGURED = re.compile(r'("search":\s*"(?:[^"]*/)?)' + re.escape(WORKERS)
                        + r'(search\.[0-9a-f]+\.min\.js)"')

_stand_in: dict[str, str] = {}   # Material's worker's file name -> the stand-in's


def material_worker(theme_dir: Path) -> str:
    """The file name of Material's search worker in the installed theme."""
    names = sorted(path.name for path in (theme_dir / WORKERS).glob("search.*.min.js")
                   if MATERIAL_WORKER.fullmatch(path.name))
    if len(names) != 1:
        raise PluginError(f"search_on_demand: expected one search worker in Material's "
                          f"{WORKERS}, found {names}")
    return names[0]


def stand_in(worker: str) -> tuple[str, str]:
    """The stand-in worker's file name and script, for Material's worker file `worker`.

    >>> name, script = stand_in("search.1234abcd.min.js")
    >>> name.startswith("search-on-demand.") and name.endswith(".js")
    True
    >>> '"search.1234abcd.min.js"' in script and "__MATERIAL" not in script
    True
    """
    script = rjsmin.jsmin(TEMPLATE.read_text(encoding="utf-8")).replace(PLACEHOLDER, worker)
    if worker not in script:
        raise PluginError(f"search_on_demand: {TEMPLATE.name} lost its {PLACEHOLDER}")
    digest = hashlib.sha256(script.encode("utf-8")).hexdigest()[:8]
    return f"search-on-demand.{digest}.js", script


def on_files(files, config):
    theme_dirs = [Path(path) for path in config.theme.dirs]
    material = next((path for path in theme_dirs if (path / WORKERS).is_dir()), None)
    if material is None:
        raise PluginError("search_on_demand: Material's search workers folder was not found")
    worker = material_worker(material)
    name, script = stand_in(worker)
    _stand_in.clear()
    _stand_in[worker] = name
    files.append(File.generated(config, WORKERS + name, content=script))
    return files


def with_stand_in(html: str) -> str:
    """`html` with its configured search worker replaced by the stand-in.

    >>> _stand_in["search.1234abcd.min.js"] = "search-on-demand.99.js"
    >>> with_stand_in('{"search": "../assets/javascripts/workers/search.1234abcd.min.js", "x": 1}')
    '{"search": "../assets/javascripts/workers/search-on-demand.99.js", "x": 1}'
    """
    found = CONFIGURED.search(html)
    if found is None or found.group(2) not in _stand_in:
        raise PluginError("search_on_demand: the page's configuration names no search worker "
                          "this hook knows; did Material change?")
    return html[:found.start()] + found.group(1) + WORKERS + _stand_in[found.group(2)] + '"' \
        + html[found.end():]


def on_post_page(output, page, config):
    return with_stand_in(output)


def on_post_template(output, template_name, config):
    """The 404 page, which is a template of its own."""
    return with_stand_in(output) if template_name == "404.html" else output
