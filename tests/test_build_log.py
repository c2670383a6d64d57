"""The build log is quiet: the strict build prints only MkDocs' own INFO lines, none of which
is a warning, a deprecation or part of a traceback. A new warning anywhere (a plugin, a
library, a block that leaks one, TensorFlow's native start-up lines) fails this test.

The build is the session's real `mkdocs build --strict` (conftest.site_build).
"""

import re

# Every line MkDocs logs starts with its level; a line that does not (a bare print, a native
# log line, a traceback's "  File ..." line) came from elsewhere.
INFO_LINE = re.compile(r"INFO {4}- {2}\S")
NOISE = re.compile(r"warn|deprecat|traceback|error", re.IGNORECASE)
# INFO lines that name our pages' files (errors.md) are not errors.
FILE_NAMES = re.compile(r"\S+\.(?:md|ipynb|html)\b")


def unexpected_lines(log: str) -> list[str]:
    """The lines of `log` that are not clean INFO lines.

    >>> unexpected_lines("INFO    -  Building documentation\\nINFO    -  Copied docs/errors.md")
    []
    >>> unexpected_lines("INFO    -  UserWarning: careful\\n  File \\"x.py\\", line 1")
    ['INFO    -  UserWarning: careful', '  File "x.py", line 1']
    >>> unexpected_lines("I0000 00:00:1.5  42 cudart_stub.cc:31] Could not find cuda drivers")
    ['I0000 00:00:1.5  42 cudart_stub.cc:31] Could not find cuda drivers']
    """
    return [line for line in log.splitlines() if line.strip() and (
        not INFO_LINE.match(line) or NOISE.search(FILE_NAMES.sub("", line)))]


def test_the_build_log_holds_only_clean_info_lines(build_log):
    assert "Documentation built in" in build_log
    assert unexpected_lines(build_log) == []


def test_the_build_log_names_what_the_blocks_did(build_log):
    """A build run without the cache (as CI does) runs every block; the summary says so."""
    summary = re.search(r"Python blocks: (\d+) ran, (\d+) from the cache, (\d+) re-ran", build_log)
    assert summary, build_log[-2000:]
    ran, cached, rerun = map(int, summary.groups())
    assert ran > 100 and cached == 0 and rerun == 0
