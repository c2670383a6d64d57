"""PyTorch is a test-only dependency: `make test` installs it, `make serve` and `make build` never do,
and the site builds with torch impossible to import.

`make -n -B TARGET` prints every command TARGET would run with every prerequisite out of date,
as on a fresh clone, without running any of them.
"""

from __future__ import annotations

import re
import subprocess
import sys

import pytest

from site_build import ROOT, without_torch

TORCH = re.compile(r"torch", re.IGNORECASE)


def dry_run(target: str) -> str:
    result = subprocess.run(["make", "-n", "-B", target], cwd=ROOT, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout


@pytest.mark.parametrize("target", ["serve", "build", "setup"])
def test_serving_or_building_never_installs_torch(target):
    commands = dry_run(target)
    assert "pip install" in commands, commands          # the fresh-clone setup is in the plan
    assert not TORCH.search(commands), commands


def test_make_test_installs_torch_from_its_own_hashed_lock():
    commands = dry_run("test").replace("\\\n", " ")      # join continued lines
    assert re.search(r"pip install .*--require-hashes .*-r requirements\.lock", commands)
    assert re.search(r"pip install .*--require-hashes .*-r requirements-torch\.lock", commands)
    assert commands.index("-r requirements.lock") < commands.index("-r requirements-torch.lock")


def test_the_torch_lock_pins_the_cpu_build_with_a_hash():
    lock = (ROOT / "requirements-torch.lock").read_text()
    pins = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", lock, re.MULTILINE))
    assert pins["torch"] == "2.13.0+cpu"
    assert not any(name.startswith("nvidia") for name in pins), pins
    for block in re.split(r"\n(?=\S)", lock):
        if re.match(r"[A-Za-z0-9_.-]+==", block):
            assert "--hash=sha256:" in block, block
    main = dict(re.findall(r"^([A-Za-z0-9_.-]+)==(\S+)", (ROOT / "requirements.lock").read_text(),
                           re.MULTILINE))
    shared = set(pins) & set(main)
    assert {name: pins[name] for name in shared} == {name: main[name] for name in shared}


def test_installed_torch_is_the_locked_cpu_build():
    torch = pytest.importorskip("torch")
    assert torch.__version__ == "2.13.0+cpu"
    assert not torch.cuda.is_available()


def test_the_site_builds_without_torch(built_site, tmp_path):
    """`built_site` is the real strict build, made with torch blocked (site_build.mkdocs_build)."""
    assert (built_site / "pytorch.html").exists()
    blocked = subprocess.run([sys.executable, "-c", "import torch"], capture_output=True,
                             text=True, env=without_torch(tmp_path))
    assert blocked.returncode != 0 and "torch is test-only" in blocked.stderr
