"""MkDocs hooks: site plumbing only. Executed code and figures go through markdown-exec.

- Every page's footer states the TensorFlow and Keras versions the build ran with.
- Under `mkdocs serve`, edits to lstm_ref/ or diagrams/ take effect on the next rebuild:
  markdown-exec runs blocks in this process, so cached modules are dropped before each build.
"""

from __future__ import annotations

import sys
from importlib.metadata import version

RELOADED = ("lstm_ref", "lstm_diagrams")


def verified_with() -> str:
    return f"TensorFlow {version('tensorflow')} / Keras {version('keras')}"


def on_config(config):
    config.copyright = (f"Every number on this site was computed when it was built, "
                        f"verified with {verified_with()}.")
    return config


def on_pre_build(config):
    for name in list(sys.modules):
        if name.split(".")[0] in RELOADED:
            del sys.modules[name]
