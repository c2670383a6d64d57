"""MkDocs hooks: site plumbing only. Executed code and figures go through markdown-exec.

- Every page's footer states the TensorFlow and Keras versions the build ran with.
- Under `mkdocs serve`, edits to lstm_ref/ or diagrams/ take effect on the next rebuild:
  markdown-exec runs blocks in this process, so cached modules are dropped before each build.
- The header links the repository (`repo_url`) without Material's script asking
  api.github.com for its stars and forks: a reader's browser makes no request to a third
  party (tests/test_offline.py). The script looks for `data-md-component="source"`.
- Two TensorFlow notices about its own internals are dropped from the log (and from the
  block outputs that show a block's log lines): that predict() "triggered tf.function
  retracing" (pages build many small models on purpose, and each one's first predict() traces
  a function), and, when the garbage collector gets to a call that raised on purpose, that a
  TensorArray "was never used" (printed at a moment no page controls, so it is no page's).
"""

from __future__ import annotations

import logging
import re
import sys
from importlib.metadata import version

RELOADED = ("lstm_ref", "lstm_diagrams")


def verified_with() -> str:
    return f"TensorFlow {version('tensorflow')} / Keras {version('keras')}"


INTERNAL_NOTICES = ("triggered tf.function retracing", "Object was never used")


class _NoInternalNotices(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        return not any(notice in message for notice in INTERNAL_NOTICES)


_INTERNAL = _NoInternalNotices()


def on_config(config):
    if _INTERNAL not in logging.getLogger("tensorflow").filters:
        logging.getLogger("tensorflow").addFilter(_INTERNAL)
    config.copyright = (f"Every number on this site was computed when it was built, "
                        f"verified with {verified_with()}.")
    return config


def on_pre_build(config):
    for name in list(sys.modules):
        if name.split(".")[0] in RELOADED:
            del sys.modules[name]


SOURCE_COMPONENT = re.compile(r'(<a [^>]*class="md-source")\s+data-md-component="source"')


def on_post_page(output, page, config):
    return SOURCE_COMPONENT.sub(r"\1", output)
