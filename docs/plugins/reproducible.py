"""MkDocs hook: the same sources build a byte-identical site, however the build is started.

- Dates (sitemap, gzip header) come from SOURCE_DATE_EPOCH; when it is unset (a bare
  `mkdocs build`), it is taken from the last commit, as the Makefile does.
- Every page starts from the same Keras state: markdown-exec runs all pages in this one
  process, so without a reset a page's auto names (`lstm_7`) and random weights would depend
  on the pages built before it, and on how many rebuilds `mkdocs serve` has done.
  exec_cache.py calls `fresh_state` before the first block of a page runs.
"""

from __future__ import annotations

import os
import random
import re
import subprocess
import sys
from pathlib import Path

SEED = 0
RUNS_KERAS = re.compile(r"\b(keras|tensorflow)\b")


def last_commit_epoch(repo: Path) -> str | None:
    """Seconds since the epoch of the last commit in `repo`, or None outside git."""
    try:
        out = subprocess.run(["git", "log", "-1", "--format=%ct"], cwd=repo, capture_output=True,
                             text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
    return out or None


def reset_random_state() -> None:
    """Seed Python and NumPy, and give Keras fresh names and seeds if it is loaded."""
    random.seed(SEED)
    if "numpy" in sys.modules:
        sys.modules["numpy"].random.seed(SEED)
    if "keras" in sys.modules:
        keras = sys.modules["keras"]
        keras.utils.clear_session()
        keras.utils.set_random_seed(SEED)


def on_config(config):
    if "SOURCE_DATE_EPOCH" not in os.environ:
        epoch = last_commit_epoch(Path(config.config_file_path).parent)
        if epoch is not None:
            os.environ["SOURCE_DATE_EPOCH"] = epoch
    return config


def fresh_state(markdown: str) -> None:
    """Reset the random state before a page's first block; load Keras first if the page uses it."""
    if "keras" not in sys.modules and RUNS_KERAS.search(markdown):
        import keras  # noqa: F401 - loaded now so that its state is reset before the page runs
    reset_random_state()
