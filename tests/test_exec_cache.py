"""The cache of executed blocks (docs/plugins/exec_cache.py) re-runs what an edit affects and
nothing else, and a build with the cache prints what a build without it prints.

A scratch project with the real hooks and three pages; every block appends its name to a run
log as it runs, so each build shows which blocks ran:

- page A: one session, three blocks, each using the one before;
- page B: another session, two blocks;
- page C: a block, then one that imports `scratchdep` from a watched folder (as chapters import
  lstm_ref), then one that uses it.
"""

from __future__ import annotations

import re
import shutil
import textwrap
from pathlib import Path

import pytest

from site_build import ROOT, mkdocs_build

HOOKS = ("quiet_build.py", "reproducible.py", "exec_cache.py")
# Not a hook: the second process's program (exec_cache.py starts it).
HELPERS = ("exec_worker.py",)


def block(name: str, code: str, session: str | None = None) -> str:
    options = f' session="{session}"' if session else ""
    record = f'import os; open(os.environ["RUN_LOG"], "a").write("{name}\\n")'
    return f'```python exec="on" result="text"{options}\n{record}\n{code}\n```\n'


PAGES = {
    "a.md": ["# A\n", block("A1", "x = 1\nprint('x =', x)", "a"),
             block("A2", "y = x + 1\nprint('y =', y)", "a"),
             block("A3", "print('z =', y * 10)", "a")],
    "b.md": ["# B\n", block("B1", "word = 'tea'\nprint(word)", "b"),
             block("B2", "print(word.upper())", "b")],
    "c.md": ["# C\n", block("C1", "print('before the import')", "c"),
             block("C2", "import scratchdep\nprint('value', scratchdep.VALUE)", "c"),
             block("C3", "print('twice', scratchdep.VALUE * 2)", "c")],
}


class Project:
    def __init__(self, root: Path):
        self.root = root
        self.docs = root / "docs"
        (self.docs / "plugins").mkdir(parents=True)
        for hook in HOOKS + HELPERS:
            shutil.copy(ROOT / "docs" / "plugins" / hook, self.docs / "plugins" / hook)
        (root / "dep").mkdir()
        self.set_dependency(1)
        for name, parts in PAGES.items():
            self.write(name, "\n".join(parts))
        hooks = "".join(f"  - docs/plugins/{hook}\n" for hook in HOOKS)
        (root / "mkdocs.yml").write_text(textwrap.dedent("""\
            site_name: Scratch
            strict: true
            exclude_docs: /plugins/
            watch: [dep]
            plugins: [markdown-exec]
            markdown_extensions: [pymdownx.superfences]
            """) + "hooks:\n" + hooks)
        self.run_log = root / "runs.txt"
        self.builds = 0

    def write(self, name: str, text: str) -> None:
        (self.docs / name).write_text(text)

    def edit(self, name: str, old: str, new: str) -> None:
        path = self.docs / name
        assert old in path.read_text()
        path.write_text(path.read_text().replace(old, new))

    def set_dependency(self, value: int) -> None:
        (self.root / "dep" / "scratchdep.py").write_text(f"VALUE = {value}\n")

    def build(self, cache: bool = True, **env: str) -> tuple[list[str], str, Path]:
        """Build; return the blocks that ran (in order), the log, and the site."""
        self.run_log.write_text("")
        self.builds += 1
        site = self.root / f"site-{self.builds}"
        extra = {"RUN_LOG": str(self.run_log), "PYTHONPATH": str(self.root / "dep"), **env}
        if cache:
            extra["MKDOCS_EXEC_CACHE"] = ".cache/exec"
        result = mkdocs_build(site, self.root / "mkdocs.yml", env=extra)
        log = result.stdout + result.stderr
        assert result.returncode == 0, log[-3000:]
        return self.run_log.read_text().split(), log, site


def text(site: Path, page: str) -> str:
    return re.sub(r"<[^>]+>", "", (site / page / "index.html").read_text())


def summary(log: str) -> tuple[int, int, int]:
    found = re.search(r"Python blocks: (\d+) ran, (\d+) from the cache, (\d+) re-ran", log)
    assert found, log
    return tuple(map(int, found.groups()))


@pytest.fixture(scope="module")
def project(tmp_path_factory):
    return Project(tmp_path_factory.mktemp("exec-cache"))


# The steps share one project and its cache, in this order.

def test_a_first_build_runs_every_block(project):
    ran, log, site = project.build()
    assert ran == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]
    assert summary(log) == (8, 0, 0)
    assert "y = 2" in text(site, "a") and "value 1" in text(site, "c")


def test_an_unchanged_rebuild_runs_nothing(project):
    ran, log, site = project.build()
    assert ran == []
    assert summary(log) == (0, 8, 0)
    assert "z = 20" in text(site, "a") and "twice 2" in text(site, "c")


def test_editing_a_block_reruns_it_and_the_later_blocks_of_its_page(project):
    project.edit("a.md", "y = x + 1", "y = x + 2")
    ran, log, site = project.build()
    # A1 runs again only to rebuild the state A2 starts from; its output comes from the cache.
    assert ran == ["A1", "A2", "A3"]
    assert summary(log) == (2, 6, 1)
    assert "y = 3" in text(site, "a") and "z = 30" in text(site, "a")


def test_editing_an_earlier_block_reruns_everything_after_it(project):
    project.edit("a.md", "x = 1", "x = 5")
    ran, log, site = project.build()
    assert ran == ["A1", "A2", "A3"]
    assert summary(log) == (3, 5, 0)
    assert "z = 70" in text(site, "a")


def test_changing_a_watched_module_reruns_only_the_blocks_that_had_loaded_it(project):
    project.set_dependency(4)
    ran, log, site = project.build()
    assert ran == ["C1", "C2", "C3"]                     # C1 only for state
    assert summary(log) == (2, 6, 1)
    assert "value 4" in text(site, "c") and "twice 8" in text(site, "c")


def test_a_block_that_fails_is_never_cached(project):
    project.edit("b.md", "print(word.upper())", "print(word.upper(1))")
    project.run_log.write_text("")
    for _ in range(2):
        result = mkdocs_build(project.root / "site-broken", project.root / "mkdocs.yml",
                              env={"RUN_LOG": str(project.run_log), "MKDOCS_EXEC_CACHE": ".cache/exec",
                                   "PYTHONPATH": str(project.root / "dep")})
        assert result.returncode != 0 and "TypeError" in result.stderr
    assert project.run_log.read_text().split().count("B2") == 2
    project.edit("b.md", "print(word.upper(1))", "print(word.upper())")


def test_without_the_cache_every_block_runs_and_the_pages_are_the_same(project):
    cached_ran, _, cached_site = project.build()
    cold_ran, log, cold_site = project.build(cache=False)
    assert cold_ran == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]
    assert summary(log) == (8, 0, 0)
    for page in ("a", "b", "c"):
        assert (cached_site / page / "index.html").read_bytes() == \
            (cold_site / page / "index.html").read_bytes(), page


def test_a_different_environment_runs_every_block(project):
    ran, _, _ = project.build(CUDA_VISIBLE_DEVICES="")
    assert ran == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]


# -- two processes (mkdocs.yml's `extra: exec_processes: 2`) ----------------------------------

# Page A's first block, in the builds with two processes: it waits until the second process,
# which takes pages from the last one back, has run page C; by then that process has claimed
# page B too. So those builds run A here and B and C in the second process, whatever the
# machine's speed. It prints what the plain A1 prints, and blocks' sources are not shown.
A1 = "x = 1\nprint('x =', x)"
A1_WAITING = textwrap.dedent("""\
    import time
    deadline = time.monotonic() + 120
    while "C3" not in open(os.environ["RUN_LOG"]).read().split():
        assert time.monotonic() < deadline, "the second process never ran page C"
        time.sleep(0.05)
    x = 1
    print('x =', x)""")


@pytest.fixture
def two_processes(tmp_path_factory):
    """A fresh project whose builds run blocks in two processes, page A here."""
    project = Project(tmp_path_factory.mktemp("exec-two-processes"))
    project.edit("a.md", A1, A1_WAITING)
    config = project.root / "mkdocs.yml"
    config.write_text(config.read_text() + "extra: {exec_processes: 2}\n")
    return project


def test_two_processes_print_what_one_prints(two_processes):
    ran, log, site = two_processes.build(cache=False)
    assert sorted(ran) == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]    # each once
    assert ran[1:4] == ["C1", "C2", "C3"] and ran.index("B1") < ran.index("A2"), ran
    assert summary(log) == (8, 0, 0)
    assert "5 of those that ran, in a second process" in log
    two_processes.edit("a.md", A1_WAITING, A1)
    config = two_processes.root / "mkdocs.yml"
    config.write_text(config.read_text().replace("exec_processes: 2", "exec_processes: 1"))
    serial_ran, serial_log, serial_site = two_processes.build(cache=False)
    assert serial_ran == ["A1", "A2", "A3", "B1", "B2", "C1", "C2", "C3"]
    assert "second process" not in serial_log
    for page in ("a", "b", "c"):
        assert (site / page / "index.html").read_bytes() == \
            (serial_site / page / "index.html").read_bytes(), page


def test_a_block_that_fails_in_the_second_process_fails_the_build_here(two_processes):
    two_processes.edit("b.md", "print(word.upper())", "print(word.upper(1))")
    result = mkdocs_build(two_processes.root / "site-broken", two_processes.root / "mkdocs.yml",
                          env={"RUN_LOG": str(two_processes.run_log),
                               "PYTHONPATH": str(two_processes.root / "dep")})
    ran = two_processes.run_log.read_text().split()
    assert result.returncode != 0 and "TypeError" in result.stderr
    # Page B failed in the second process, so this build ran it again and logged the error.
    assert ran.count("B1") == 2 and ran.count("B2") == 2, ran
    assert result.stderr.count("exited with errors") == 1     # logged once, by this build


def test_with_the_cache_one_process_runs_the_blocks(two_processes):
    """Under `mkdocs serve` (the cache on) most blocks come from the cache: no second process."""
    two_processes.edit("a.md", A1_WAITING, A1)
    two_processes.build()
    ran, log, _ = two_processes.build()
    assert ran == [] and summary(log) == (0, 8, 0) and "second process" not in log
