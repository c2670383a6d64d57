"""MkDocs hook: how markdown-exec runs a page's Python blocks, and a cache of what they print.

**State.** A page is the unit of state. Before the first block of a page runs, every
markdown-exec session is emptied, the modules loaded from the watched folders (`watch:` in
mkdocs.yml: lstm_ref/ and diagrams/) are unloaded, and Python, NumPy and Keras get fresh seeds
and names (reproducible.py). So a page prints the same whatever was built before it.

**Output.** A block's output is what a reader running its code sees: its prints, and the
warnings Python would show them (Python's default filters: a library's DeprecationWarning is
not shown, a UserWarning is), and TensorFlow's logger; all in the block's result, none in the
build log. Native start-up lines from TensorFlow are dropped (quiet_build.py).

**Cache** (on when MKDOCS_EXEC_CACHE names a folder; `make serve` sets it, `make build`,
`make test` and CI never do, so they always run every block). A block's output is stored under a
key made of:

- its source and options, chained with those of every block run before it on the same page,
  in the order they ran: Keras' global name counters and random seeds are shared by all the
  sessions of a page, so a block depends on every earlier block of its page, not only on the
  earlier blocks of its session;
- the installed distributions and their versions, Python's version, Graphviz's `dot -V`, the
  environment variables that change numbers, and these hooks' own sources.

An entry also records whether the page had loaded a module from a watched folder when the
block ran; if it had, the entry is valid only while the watched folders' sources (their
files' hash) are the same. A page that never imports lstm_ref keeps its entries when lstm_ref
changes.

On a hit the block is not run. On a miss, the blocks of the page that were skipped are first
run again (their output discarded) to rebuild the state the missed block starts from, then it
runs and its output is stored. Failures are never stored: a block that raises is logged as a
warning and fails the strict build every time. Entries this build did not use are deleted at
the end of a build.

**A second process** (`mkdocs build` without the cache, when mkdocs.yml's `extra` sets
`exec_processes: 2`). Pages are independent (see State), so two processes share a build's pages:
this one claims each page as it reaches it, from the first on, and a second process started at
the beginning of the build (exec_worker.py) claims and runs pages from the last one back, until
it reaches a page already claimed. A page the second process ran is rendered here with the
outputs it sent, each matched to its block by the key above, and every other step of the page
(Markdown, links, hooks) is done here as always. A page the second process could not run
cleanly (a block failed, or anything was logged) is run here again, so that its warnings are
in this build's log. The second process also executes the notebooks first (mkdocs-jupyter's
`nb2html`, whose kernel then runs beside this process's blocks) and sends their HTML, which
this process would otherwise wait for near the end of the build. The site is the same byte for
byte as a build in one process.

The build log ends with one line: how many blocks ran, came from the cache, or re-ran for state.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
import warnings
from contextlib import redirect_stderr, redirect_stdout
from dataclasses import dataclass, field
from pathlib import Path

from mkdocs.exceptions import PluginError

import quiet_build
import reproducible

log = logging.getLogger("mkdocs.hooks.exec_cache")

ENV = "MKDOCS_EXEC_CACHE"
FORMAT = "1"
# Environment variables that change what blocks print.
ENV_INPUTS = ("TF_ENABLE_ONEDNN_OPTS", "KERAS_BACKEND", "PYTHONHASHSEED", "TF_CPP_MIN_LOG_LEVEL",
              "CUDA_VISIBLE_DEVICES")
HOOKS = ("exec_cache.py", "reproducible.py", "quiet_build.py")
# Python's warning filters when no -W option is given (the `warnings` documentation).
IGNORED_BY_DEFAULT = (DeprecationWarning, PendingDeprecationWarning, ImportWarning, ResourceWarning)
# Loggers of libraries that print to a reader's terminal (tf.function retracing, for one).
LIBRARY_LOGGERS = ("tensorflow", "absl")
# mkdocs.yml's `extra` key for the number of processes that run blocks in a build without cache.
PROCESSES = "exec_processes"
# Set in the second process: the folder it shares with the build that started it.
WORKER_ENV = "MKDOCS_EXEC_WORKER"
WORKER = Path(__file__).with_name("exec_worker.py")


def digest(*parts: str) -> str:
    hasher = hashlib.sha256()
    for part in parts:
        hasher.update(part.encode("utf-8", "surrogateescape"))
        hasher.update(b"\0")
    return hasher.hexdigest()


def folder_digest(folders: list[str]) -> str:
    """The hash of every file in `folders` (names and contents), caches left out."""
    hasher = hashlib.sha256()
    for folder in sorted(folders):
        root = Path(folder)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts and path.suffix != ".pyc":
                hasher.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    return hasher.hexdigest()


def installed() -> list[str]:
    """The installed distributions and their versions, from their metadata folders' names
    (`keras-3.15.1.dist-info`): reading every METADATA file would take a second per build."""
    found = set()
    # Installed packages only: the script's folder or the working directory on sys.path may
    # hold anything (a shared /tmp, a project's own egg-info).
    for entry in sys.path:
        if Path(entry).name not in ("site-packages", "dist-packages"):
            continue
        try:
            names = os.listdir(entry or ".")
        except OSError:
            continue
        found.update(name for name in names if name.endswith((".dist-info", ".egg-info")))
    return sorted(found)


def environment_digest() -> str:
    """What outside the page's source changes a block's output: installed versions and more."""
    installed_now = installed()
    try:
        dot = subprocess.run(["dot", "-V"], capture_output=True, text=True).stderr.strip()
    except OSError:
        dot = "no dot"
    hooks = [(Path(__file__).with_name(name)).read_text(encoding="utf-8") for name in HOOKS]
    return digest(FORMAT, sys.version, dot, *installed_now,
                  *(f"{name}={os.environ.get(name)}" for name in ENV_INPUTS), *hooks)


def inside(path: str | None, folders: list[str]) -> bool:
    return bool(path) and any(os.path.abspath(path).startswith(folder + os.sep) for folder in folders)


def watched_modules(folders: list[str]) -> list[str]:
    """Names of the loaded modules whose file lies in one of `folders`."""
    return [name for name, module in list(sys.modules.items())
            if inside(getattr(module, "__file__", None), folders)]


@dataclass
class Page:
    markdown: str
    chain: str
    blocks: list = field(default_factory=list)   # (code, session, id, extra) in run order
    live: int = 0                                  # blocks whose effects the interpreter holds
    fresh: bool = False                            # state reset since the page started
    sent: dict | None = None                       # outputs the other process ran, by key
    outputs: dict = field(default_factory=dict)    # outputs run here, by key


@dataclass
class Runner:
    """Runs markdown-exec's Python blocks for one build; see the module docstring."""

    run_python: object                  # markdown-exec's own runner
    sessions: dict                      # markdown-exec's session globals
    counters: dict                      # markdown-exec's blocks run per session (module names)
    watched: list[str]
    cache_dir: Path | None
    environment: str = ""
    watched_digest: str = ""
    page: Page | None = None
    used: set = field(default_factory=set)
    counts: dict = field(default_factory=lambda: dict.fromkeys(("ran", "cached", "re-ran"), 0))
    shared: Shared | None = None        # the pages shared with the other process
    worker: subprocess.Popen | None = None
    sent: int = 0                       # blocks run by the second process
    notebooks: dict = field(default_factory=dict)  # in the second process: HTML to send

    # -- the page's state -------------------------------------------------------------
    def start_page(self, markdown: str, src_uri: str) -> None:
        self.page = Page(markdown, digest(self.environment))
        if self.worker is not None and not self.shared.claim(src_uri):
            self.page.sent = self.shared.receive(src_uri, self.worker)

    def reset(self) -> None:
        """The state a page starts from, whatever ran before it."""
        self.sessions.clear()
        self.counters.clear()
        for name in watched_modules(self.watched):
            del sys.modules[name]
        with quiet_build.native_stderr_filtered():
            reproducible.fresh_state(self.page.markdown)
        self.page.fresh, self.page.live = True, 0

    def catch_up(self, index: int) -> None:
        """Run the page's blocks before `index` that were taken from the cache."""
        if not self.page.fresh:
            self.reset()
        for code, session, block_id, extra in self.page.blocks[self.page.live:index]:
            self.run_python(code, session=session, id=block_id, **extra)
            self.counts["re-ran"] += 1
        self.page.live = index

    # -- one block ----------------------------------------------------------------------
    def run(self, code: str, returncode: int | None = None, session: str | None = None,
            id: str | None = None, **extra: str) -> str:  # noqa: A002 - markdown-exec's names
        page = self.page
        if page is None:
            raise PluginError("exec_cache: a block ran outside a page")
        index = len(page.blocks)
        page.blocks.append((code, session, id, extra))
        page.chain = digest(page.chain, code, session or "", id or "", str(returncode),
                            json.dumps(extra, sort_keys=True), os.getcwd(),
                            os.environ.get("COLUMNS", ""))
        if page.sent is not None and page.chain in page.sent:
            self.counts["ran"] += 1
            self.sent += 1
            return page.sent[page.chain]
        entry = self.lookup(page.chain)
        if entry is not None:
            self.counts["cached"] += 1
            return entry["output"]
        self.catch_up(index)
        output = self.run_python(code, returncode=returncode, session=session, id=id, **extra)
        page.live = index + 1
        page.outputs[page.chain] = output
        self.counts["ran"] += 1
        uses_watched = bool(watched_modules(self.watched))
        self.store(page.chain, {"output": output,
                                "watched": self.watched_digest if uses_watched else None})
        return output

    # -- the cache ----------------------------------------------------------------------
    def lookup(self, key: str) -> dict | None:
        if self.cache_dir is None:
            return None
        path = self.cache_dir / f"{key}.json"
        try:
            entry = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None
        if entry.get("watched") not in (None, self.watched_digest):
            return None
        self.used.add(path.name)
        return entry

    def store(self, key: str, entry: dict) -> None:
        if self.cache_dir is None:
            return
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        path = self.cache_dir / f"{key}.json"
        scratch = path.with_suffix(".tmp")
        scratch.write_text(json.dumps(entry), encoding="utf-8")
        scratch.replace(path)
        self.used.add(path.name)

    def evict_unused(self) -> None:
        if self.cache_dir is None or not self.cache_dir.is_dir():
            return
        for path in self.cache_dir.iterdir():
            if path.name not in self.used:
                path.unlink() if path.is_file() else shutil.rmtree(path)


class Shared:
    """The folder through which a build and its second process share pages: `claims/` holds one
    empty file per page a process took (created atomically: the first process wins), `pages/`
    the outputs of the pages the second process ran, or `null` when it could not run one."""

    def __init__(self, folder: Path):
        self.folder = folder
        for name in ("claims", "pages"):
            (folder / name).mkdir(exist_ok=True)

    @staticmethod
    def name(src_uri: str) -> str:
        return hashlib.sha256(src_uri.encode("utf-8")).hexdigest()[:32]

    def claim(self, src_uri: str) -> bool:
        try:
            os.close(os.open(self.folder / "claims" / self.name(src_uri),
                             os.O_CREAT | os.O_EXCL | os.O_WRONLY))
        except FileExistsError:
            return False
        return True

    def send(self, src_uri: str, outputs: dict | None) -> None:
        path = self.folder / "pages" / f"{self.name(src_uri)}.json"
        scratch = path.with_suffix(".tmp")
        scratch.write_text(json.dumps(outputs), encoding="utf-8")
        scratch.replace(path)

    def receive(self, src_uri: str, worker: subprocess.Popen):
        """The outputs the second process sent for a page it claimed; None (run the page here)
        when it could not run it or exited without sending them."""
        path = self.folder / "pages" / f"{self.name(src_uri)}.json"
        while not path.exists():
            if worker.poll() is not None and not path.exists():
                return None
            time.sleep(0.02)
        return json.loads(path.read_text(encoding="utf-8"))


def notebooks_shared(nb2html):
    """mkdocs-jupyter's `nb2html` (which executes the notebook), sharing its result between a
    build and its second process: the first to claim a call runs it, the other uses its HTML."""

    def shared_nb2html(*args, **kwargs):
        runner = _runner
        if runner is None or runner.shared is None:
            return nb2html(*args, **kwargs)
        call = "nb2html " + json.dumps([args, kwargs], sort_keys=True, default=str)
        if runner.worker is None:                      # the second process
            if not runner.shared.claim(call):
                return ""                              # the build converts it itself
            runner.notebooks[call] = None              # sent by send_notebooks
            runner.notebooks[call] = html = nb2html(*args, **kwargs)
            return html
        if not runner.shared.claim(call):
            html = runner.shared.receive(call, runner.worker)
            if html is not None:
                return html
        return nb2html(*args, **kwargs)

    shared_nb2html.exec_cache = True
    return shared_nb2html


def start_worker(config) -> tuple[Shared, subprocess.Popen]:
    """The second process, running pages from the last one back (exec_worker.py)."""
    shared = Shared(Path(tempfile.mkdtemp(prefix="mkdocs-exec-")))
    worker = subprocess.Popen(
        [sys.executable, str(WORKER), config.config_file_path],
        env={**os.environ, WORKER_ENV: str(shared.folder)},
        stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL)
    return shared, worker


def stop_worker(runner: Runner) -> int | None:
    """Wait for the second process (it stops at the first page it cannot claim, and every page
    is claimed by now); its exit status. Its folder is removed."""
    if runner.worker is None:
        return None
    try:
        status = runner.worker.wait(timeout=60)
    except subprocess.TimeoutExpired:
        runner.worker.kill()
        status = runner.worker.wait()
    shutil.rmtree(runner.shared.folder, ignore_errors=True)
    runner.worker = runner.shared = None
    return status


class LibraryLogFormatter(logging.Formatter):
    """A library's log line as its logger prints it, without memory addresses ("<function f at
    0x7f3a...>"), which differ from run to run."""

    ADDRESS = re.compile(r" at 0x[0-9a-fA-F]+")

    def format(self, record: logging.LogRecord) -> str:
        return self.ADDRESS.sub("", super().format(record))


def exec_as_a_reader_sees_it(exec_python):
    """markdown-exec's `exec_python`, with what a reader sees on a terminal sent to the block's
    output: warnings under Python's default filters, sys.stdout/sys.stderr, TensorFlow's logger;
    and TensorFlow's native start-up lines dropped."""

    def run(code: str, filename: str, exec_globals: dict | None = None) -> None:
        exec_globals = {} if exec_globals is None else exec_globals
        printer = exec_globals.get("print")
        buffer = getattr(printer, "args", (None,))[0]
        if buffer is None:
            raise PluginError("exec_cache: markdown-exec's print buffer moved; update this hook")

        def show(message, category, filename, lineno, file=None, line=None):
            buffer.write(f"{category.__name__}: {message}\n")

        handler = logging.StreamHandler(buffer)
        handler.setFormatter(LibraryLogFormatter("%(levelname)s:%(name)s:%(message)s"))
        loggers = [logging.getLogger(name) for name in LIBRARY_LOGGERS]
        saved = [(logger.handlers[:], logger.propagate) for logger in loggers]
        for logger in loggers:
            logger.handlers[:], logger.propagate = [handler], False
        try:
            # Outermost, so that native lines left after filtering reach the build log.
            with quiet_build.native_stderr_filtered(), warnings.catch_warnings(), \
                    redirect_stdout(buffer), redirect_stderr(buffer):
                warnings.resetwarnings()
                for category in IGNORED_BY_DEFAULT:
                    warnings.simplefilter("ignore", category)
                # The block is the reader's __main__: its own deprecations are shown.
                warnings.filterwarnings("default", category=DeprecationWarning,
                                        module=re.escape(exec_globals.get("__name__", "")))
                warnings.showwarning = show
                exec_python(code, filename, exec_globals)
        finally:
            for logger, (handlers, propagate) in zip(loggers, saved):
                logger.handlers[:], logger.propagate = handlers, propagate

    run.exec_cache = True
    return run


_runner: Runner | None = None
_command: str | None = None


def on_startup(command, dirty):
    global _command
    _command = command


def on_config(config):
    global _runner
    try:
        from markdown_exec._internal.formatters import pycon, python
    except ImportError as error:
        raise PluginError(f"exec_cache: markdown-exec's layout changed ({error})") from None
    if not all(hasattr(python, name) for name in ("_run_python", "_sessions_globals",
                                                  "_sessions_counter", "exec_python")):
        raise PluginError("exec_cache: markdown-exec's Python runner changed; update this hook")
    original = getattr(python._run_python, "original", python._run_python)
    if not getattr(python.exec_python, "exec_cache", False):
        python.exec_python = exec_as_a_reader_sees_it(python.exec_python)
    folder = os.environ.get(ENV)
    cache_dir = Path(config.config_file_path).parent / folder if folder else None
    _runner = Runner(original, python._sessions_globals, python._sessions_counter,
                     [os.path.abspath(path) for path in config.watch], cache_dir)

    def run(*args, **kwargs):
        return _runner.run(*args, **kwargs)

    run.original = original
    python._run_python = pycon._run_python = run
    try:
        from mkdocs_jupyter import convert
    except ImportError:      # no notebooks in this site
        convert = None
    if convert is not None and not getattr(convert.nb2html, "exec_cache", False):
        convert.nb2html = notebooks_shared(convert.nb2html)
    return config


def on_pre_build(config):
    _runner.environment = environment_digest()
    _runner.watched_digest = folder_digest(_runner.watched)
    _runner.used.clear()
    for name in _runner.counts:
        _runner.counts[name] = 0
    _runner.sent = 0
    if os.environ.get(WORKER_ENV):
        _runner.shared = Shared(Path(os.environ[WORKER_ENV]))
    elif (_command == "build" and _runner.cache_dir is None
          and int(config.extra.get(PROCESSES, 1)) > 1):
        _runner.shared, _runner.worker = start_worker(config)


def on_page_markdown(markdown, page, config, files):
    _runner.start_page(markdown, page.file.src_uri)
    return markdown


def send_page(src_uri: str, clean: bool) -> None:
    """In the second process: send the outputs of the page just run, or None if it was not
    `clean` (the build runs that page again itself, and logs what happened)."""
    _runner.shared.send(src_uri, _runner.page.outputs if clean else None)
    _runner.page = None


def send_notebooks(clean: bool) -> None:
    """In the second process: send the notebooks converted since the last call, or None for
    each if the conversion was not `clean` (the build converts them itself)."""
    for call, html in _runner.notebooks.items():
        _runner.shared.send(call, html if clean else None)
    _runner.notebooks.clear()


def on_post_build(config):
    _runner.page = None
    status = stop_worker(_runner)
    if status:
        log.warning("exec_cache: the second process that runs blocks exited with status %d; "
                    "the build ran its pages itself", status)
    if _runner.cache_dir is not None:
        _runner.evict_unused()
    counts = _runner.counts
    where = f" (cache: {_runner.cache_dir})" if _runner.cache_dir else ""
    elsewhere = f"; {_runner.sent} of those that ran, in a second process" if _runner.sent else ""
    log.info("Python blocks: %d ran, %d from the cache, %d re-ran to rebuild a page's state%s%s",
             counts["ran"], counts["cached"], counts["re-ran"], where, elsewhere)


def on_build_error(error):
    if _runner is not None and _runner.worker is not None:
        _runner.worker.kill()
        stop_worker(_runner)
