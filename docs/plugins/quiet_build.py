"""MkDocs hook: a build log that holds only what needs a reader's attention.

`make build` and `make serve` print no warning or traceback line unless something is wrong
(tests/test_build_log.py holds the build to it). What used to be printed, and where it goes:

- TensorFlow's native start-up lines ("All log messages before absl::InitializeLog() ...",
  "Could not find cuda drivers ...") are written by C++ straight to the process's stderr,
  whatever TF_CPP_MIN_LOG_LEVEL says. `native_stderr_filtered()` catches file descriptor 2
  around the code that starts TensorFlow (the executed blocks, see exec_cache.py, and the
  notebook's kernel) and passes on every line but those start-up notices.
- The notebook's IPython kernel warns that it runs over local TCP without encryption: true of
  every kernel nbconvert starts on the loopback interface, and not about this site.
- Warnings raised by the code of a page's blocks are shown on the page, in the block's output,
  as a reader running the code sees them (exec_cache.py).
"""

from __future__ import annotations

import os
import re
import sys
import tempfile
from contextlib import contextmanager

from mkdocs.exceptions import PluginError

# Native start-up notices: absl's line before its logging is initialised, then TSL log lines
# ("I0000 00:00:1796038502.645921 6860 cudart_stub.cc:31] ...") from the files that look for
# GPUs and CPU features when TensorFlow loads. Anything else on stderr is passed on.
STARTUP_SOURCES = ("cudart_stub", "cpu_feature_guard", "cuda_fft", "cuda_dnn", "cuda_blas",
                   "cuda_executor", "port", "computation_placer")
NOISE = re.compile(
    r"WARNING: All log messages before absl::InitializeLog\(\) is called are written to STDERR\n"
    r"|[IWE]\d{4} [\d:.]+ +\d+ (?:" + "|".join(STARTUP_SOURCES) + r")\.cc:\d+\] .*\n"
    r"|\[IPKernelApp\] WARNING \| Kernel is running over TCP without encryption\. .*\n")


def without_noise(text: str) -> str:
    """`text` without the start-up notices.

    >>> without_noise("WARNING: All log messages before absl::InitializeLog() is called are "
    ...               "written to STDERR\\nkept\\n")
    'kept\\n'
    >>> without_noise("E0000 00:00:17.5  42 lstm_ops.cc:12] a real error\\n")
    'E0000 00:00:17.5  42 lstm_ops.cc:12] a real error\\n'
    """
    lines = text.splitlines(keepends=True)
    return "".join(line for line in lines if not NOISE.fullmatch(line if line.endswith("\n")
                                                                  else line + "\n"))


@contextmanager
def native_stderr_filtered():
    """Catch everything written to file descriptor 2 meanwhile, by this process or the ones it
    starts, and write it back to stderr afterwards without the start-up notices."""
    sys.stderr.flush()
    saved = os.dup(2)
    with tempfile.TemporaryFile() as caught:
        os.dup2(caught.fileno(), 2)
        try:
            yield
        finally:
            sys.stderr.flush()
            os.dup2(saved, 2)
            os.close(saved)
            caught.seek(0)
            kept = without_noise(caught.read().decode("utf-8", "replace"))
            if kept:
                sys.stderr.write(kept)
                sys.stderr.flush()


def on_config(config):
    """Convert notebooks with their kernel's stderr filtered (mkdocs-jupyter calls
    `convert.nb2html` once per notebook; the kernel inherits our stderr)."""
    try:
        from mkdocs_jupyter import convert
    except ImportError:  # the site has no notebook support: nothing to quieten
        return config
    convert_notebook = getattr(convert, "nb2html", None)
    if convert_notebook is None:
        raise PluginError("quiet_build: mkdocs_jupyter.convert.nb2html is gone; update this hook")
    if not getattr(convert_notebook, "quiet_build", False):
        def nb2html(*args, **kwargs):
            with native_stderr_filtered():
                return convert_notebook(*args, **kwargs)

        nb2html.quiet_build = True
        convert.nb2html = nb2html
    return config
