"""MkDocs hooks: site plumbing only. Executed code and figures go through markdown-exec.

- Every page's footer states the TensorFlow and Keras versions the build ran with.
- Under `mkdocs serve`, edits to lstm_ref/ or diagrams/ take effect on the next rebuild:
  markdown-exec runs blocks in this process, so cached modules are dropped before each build.
- TensorFlow's notice that predict() "triggered tf.function retracing" is dropped from the log:
  pages build many small models on purpose, and each one's first predict() traces a function.
"""

from __future__ import annotations

import logging
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
