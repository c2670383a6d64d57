"""Wall-clock times: a cold `mkdocs build --strict`, and a rebuild under `mkdocs serve`."""

from __future__ import annotations

import os
import queue
import resource
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

from . import ROOT

BUILT = "Documentation built in"


SERVE_ENV = {"MKDOCS_JUPYTER_CACHE": "true", "MKDOCS_EXEC_CACHE": ".cache/markdown-exec"}


def cold_build(site_dir: Path) -> float:
    """Seconds for a strict build in a fresh process, as `make build` runs it: no cache."""
    env = {key: value for key, value in os.environ.items() if key not in SERVE_ENV}
    cpu_before = resource.getrusage(resource.RUSAGE_CHILDREN)
    started = time.perf_counter()
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=ROOT, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    cpu_after = resource.getrusage(resource.RUSAGE_CHILDREN)
    if result.returncode != 0:
        raise RuntimeError(f"the build failed:\n{result.stderr[-3000:]}")
    # The wall time follows the machine's load; the CPU time (the build, its second process
    # and the notebook's kernel) much less.
    cpu = sum(getattr(cpu_after, name) - getattr(cpu_before, name) for name in ("ru_utime", "ru_stime"))
    print(f"  cold build: {elapsed:.1f} s wall, {cpu:.1f} s CPU (user + sys, every process), "
          f"load average {os.getloadavg()[0]:.1f} at its end", flush=True)
    return elapsed


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _read_lines(stream, lines: queue.Queue) -> None:
    for line in stream:
        lines.put((time.perf_counter(), line))
    lines.put((time.perf_counter(), None))           # the server exited


def _wait_for(lines: queue.Queue, text: str, deadline: float, seen: list[str] | None = None) -> float:
    """When `mkdocs serve` logged a line containing `text`; the lines before it go to `seen`."""
    seen = [] if seen is None else seen
    while True:
        try:
            stamp, line = lines.get(timeout=max(0.0, deadline - time.perf_counter()))
        except queue.Empty:
            raise TimeoutError(f"`mkdocs serve` never logged {text!r}") from None
        if line is None:
            raise RuntimeError(f"`mkdocs serve` exited:\n{''.join(seen[-20:])}")
        if text in line:
            return stamp
        seen.append(line)


def serve_rebuild(page: Path, *options: str, timeout: float = 900,
                  log: list[str] | None = None) -> float:
    """Seconds from saving `page` until `mkdocs serve` (as `make serve` runs it, with its caches)
    finished rebuilding the site. The save changes nothing in the page, so the rebuild does
    what it does after an edit of the prose: every page is rendered again, every block's output
    comes from the cache."""
    env = dict(os.environ, **SERVE_ENV)
    server = subprocess.Popen(
        [sys.executable, "-m", "mkdocs", "serve", "--dev-addr", f"127.0.0.1:{free_port()}",
         *options],
        cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
        start_new_session=True)
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_read_lines, args=(server.stdout, lines), daemon=True).start()
    try:
        seen = [] if log is None else log
        _wait_for(lines, "Serving on", time.perf_counter() + timeout, seen)
        time.sleep(2)                       # let the watcher settle after the first build
        while not lines.empty():
            line = lines.get_nowait()[1]
            if line is None:
                raise RuntimeError("`mkdocs serve` exited after its first build")
            seen.append(line)
        touched = time.perf_counter()
        os.utime(page)                      # a save without a change: nothing is rewritten
        done = _wait_for(lines, BUILT, touched + timeout, seen) - touched
        time.sleep(1)                       # what the rebuild logs after its last line
        while not lines.empty():
            line = lines.get_nowait()[1]
            if line is not None:
                seen.append(line)
        return done
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=30)
