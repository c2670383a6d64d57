"""A first setup says what it does, and installs only what the command needs.

`make -n -B TARGET` prints every command TARGET would run with every prerequisite out of date,
as on a fresh clone, without running any of them.
"""

from __future__ import annotations

import os
import re
import stat
import subprocess

import pytest

from site_build import ROOT


def dry_run(target: str, *variables: str) -> str:
    result = subprocess.run(["make", "-n", "-B", target, *variables], cwd=ROOT,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.replace("\\\n", " ")            # join continued lines


def test_the_first_setup_says_what_it_installs_before_pip_runs():
    commands = dry_run("setup")
    notice = commands[:commands.index("-m venv")]
    assert "packages pinned in requirements.lock" in notice
    assert re.search(r"\d+ MB to download", notice)
    assert re.search(r"\d(\.\d)? GB on disk", notice) and re.search(r"\d+ to \d+ minutes", notice)
    install = next(line for line in commands.splitlines() if "-r requirements.lock" in line)
    assert "--quiet" not in install and "-q " not in install   # pip shows its progress


@pytest.mark.parametrize("target", ["serve", "build", "setup"])
def test_serving_or_building_never_installs_chromium(target):
    assert "chromium" not in dry_run(target).lower()


@pytest.mark.parametrize("target", ["test", "bench"])
def test_tests_and_bench_install_chromium_when_missing(target):
    assert re.search(r"\.ci/ensure-tool chromium chromium ", dry_run(target))


def test_torch_comes_from_pytorchs_cpu_index_unless_a_folder_is_given():
    def torch_install(*variables):
        return next(line for line in dry_run("test", *variables).splitlines()
                    if "-r requirements-torch.lock" in line)

    from_index = torch_install("TORCH_WHEELS=")
    assert "--index-url https://download.pytorch.org/whl/cpu" in from_index
    assert "--find-links" not in from_index and "--require-hashes" in from_index
    from_folder = torch_install("TORCH_WHEELS=/srv/wheels")
    assert "--find-links /srv/wheels" in from_folder and "--index-url" not in from_folder


def test_ensure_tool_says_how_to_install_when_apt_fails(tmp_path):
    """apt-get failing (no network, a missing package) still ends with the how-to message."""
    stubs = tmp_path / "bin"
    stubs.mkdir()
    for name, body in {"apt-get": 'echo "E: Unable to locate package $5" >&2; exit 100',
                       "id": "echo 0"}.items():
        (stubs / name).write_text(f"#!/bin/sh\n{body}\n")
        (stubs / name).chmod(stat.S_IRWXU)
    result = subprocess.run(
        [str(ROOT / ".ci" / "ensure-tool"), "no-such-tool-here", "no-such-package",
         "https://example.org/install"],
        capture_output=True, text=True, timeout=60,
        env={**os.environ, "PATH": f"{stubs}:/usr/bin:/bin"})
    assert result.returncode == 1
    assert "error: 'no-such-tool-here' is not installed" in result.stderr
    assert "sudo apt-get install no-such-package" in result.stderr
    assert "https://example.org/install" in result.stderr
    assert "apt-get could not install 'no-such-package'" in result.stderr
