"""MkDocs hooks: site plumbing only. Executed code and figures go through markdown-exec.

- Every page's footer states the TensorFlow and Keras versions the build ran with.
- Under `mkdocs serve`, edits to lstm_ref/ or diagrams/ take effect on the next rebuild:
  markdown-exec runs blocks in this process, so cached modules are dropped before each build.
- The header links the repository (`repo_url`) without Material's script asking
  api.github.com for its stars and forks: a reader's browser makes no request to a third
  party (tests/test_offline.py). The script looks for `data-md-component="source"`.
- TensorFlow's notice that predict() "triggered tf.function retracing" is dropped from the log:
  pages build many small models on purpose, and each one's first predict() traces a function.
"""

from __future__ import annotations

import logging
import re
import sys
from importlib.metadata import version

RELOADED = ("lstm_ref", "lstm_diagrams")


def verified_with() -> str:
    return f"TensorFlow {version('tensorflow')} / Keras {version('keras')}"


class _NoRetracingNotice(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        return "triggered tf.function retracing" not in record.getMessage()


_RETRACING = _NoRetracingNotice()


def on_config(config):
    if _RETRACING not in logging.getLogger("tensorflow").filters:
        logging.getLogger("tensorflow").addFilter(_RETRACING)
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
