"""The second process of a build that runs pages' Python blocks (docs/plugins/exec_cache.py).

Started by exec_cache.py at the beginning of a `mkdocs build` without the cache, with the
build's config file and, in MKDOCS_EXEC_WORKER, the folder the two processes share. It sets up
MkDocs as `mkdocs build` does (config, plugins and hooks, files, navigation), then takes pages
from the last one back: it claims a page that has executed blocks, renders it (which runs its
blocks) and sends their outputs, until it reaches a page the build has claimed. Before the
pages it converts the notebooks (mkdocs-jupyter executes them), for the same reason. A page during
which anything was logged is sent as None: the build runs that page itself, so that what was
logged is in its own log. Nothing is written but the shared folder.
"""

from __future__ import annotations

import logging
import os
import re
import sys

# A page with a block markdown-exec runs (`exec="on"`, `exec="1"`, ...).
EXECUTED = re.compile(r"^\s*(`{3,}|~{3,}).*\bexec=", re.M)


class Logged(logging.Handler):
    """Counts what is logged at WARNING or above; prints nothing (the build will, if it matters)."""

    def __init__(self):
        super().__init__(logging.WARNING)
        self.count = 0

    def emit(self, record: logging.LogRecord) -> None:
        self.count += 1


def main(config_file: str) -> int:
    logged = Logged()
    logging.getLogger().addHandler(logged)
    logging.getLogger("mkdocs").setLevel(logging.WARNING)

    from mkdocs.commands.build import _populate_page
    from mkdocs.config import load_config
    from mkdocs.structure.files import InclusionLevel, set_exclusions, get_files
    from mkdocs.structure.nav import get_navigation

    config = load_config(config_file)
    config.plugins.on_startup(command="build", dirty=False)
    config = config.plugins.on_config(config)
    config.plugins.on_pre_build(config=config)
    files = get_files(config)
    files.add_files_from_theme(config.theme.get_env(), config)
    files = config.plugins.on_files(files, config=config)
    set_exclusions(files, config)
    nav = get_navigation(files, config)
    config.plugins.on_nav(nav, config=config, files=files)
    hook = next(plugin for plugin in config.plugins.values()
                if os.path.basename(getattr(plugin, "__file__", "") or "") == "exec_cache.py")
    if logged.count:                # the build logs it too; run nothing
        return 0
    parent = os.getppid()
    documents = [file for file in files.documentation_pages(inclusion=InclusionLevel.is_included)
                 if file.page is not None]
    for file in documents:
        if file.src_uri.endswith(".ipynb"):  # exec_cache.notebooks_shared keeps the HTML
            before, clean = logged.count, False
            try:
                _populate_page(file.page, config, files)
                clean = logged.count == before
            finally:
                hook.send_notebooks(clean)
    for file in reversed([file for file in documents if file.src_uri.endswith(".md")]):
        if os.getppid() != parent:  # the build is gone
            return 0
        with open(file.abs_src_path, encoding="utf-8") as source:
            if not EXECUTED.search(source.read()):
                continue
        if not hook._runner.shared.claim(file.src_uri):
            return 0
        before = logged.count
        _populate_page(file.page, config, files)
        hook.send_page(file.src_uri, clean=logged.count == before)
    return 0


if __name__ == "__main__":
    status = main(sys.argv[1])
    sys.stdout.flush()
    sys.stderr.flush()
    # Everything it had to send is written (atomically) by now: skip the interpreter's teardown
    # with TensorFlow loaded, almost a second that the build would wait for.
    os._exit(status)
