"""Both locks cover every Python the project supports.

The supported versions are stated three times, and must agree: the Makefile's
SUPPORTED_PYTHONS, pyproject's requires-python, and the locks, which are resolved for all of
them at once (`uv pip compile --universal`, from the lowest). For each supported version:

- every entry of requirements.lock whose marker applies has hashes, and the project's direct
  requirements are all there;
- requirements-torch.lock pins torch with the hash of a CPU wheel built for that version: the
  wheel list at the end of the lock (written by .ci/torch-wheels from the wheel index or
  folder `make lock` used) names each pinned wheel with its hash.
"""

from __future__ import annotations

import re
import tomllib

import pytest
from packaging.markers import Marker
from packaging.requirements import Requirement
from packaging.specifiers import SpecifierSet
from packaging.utils import canonicalize_name

from site_build import ROOT

MAKEFILE = (ROOT / "Makefile").read_text(encoding="utf-8")
SUPPORTED = re.search(r"^SUPPORTED_PYTHONS := (.+)$", MAKEFILE, re.M).group(1).split()
PYPROJECT = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
ENTRY = re.compile(r"^([A-Za-z0-9_.-]+)==(\S+?)(?: ; (.+?))? \\\n((?:    --hash=sha256:\S+.*\n)+)",
                   re.M)
WHEEL = re.compile(r"^#   (torch-(\S+?)-(cp\d+)-\S+\.whl) sha256:([0-9a-f]{64})$", re.M)


def environment(python: str) -> dict[str, str]:
    """Marker values for Linux x86-64 CPython `python` (the platform CI and our machines use)."""
    return {"python_version": python, "python_full_version": f"{python}.0",
            "sys_platform": "linux", "platform_system": "Linux", "platform_machine": "x86_64",
            "implementation_name": "cpython", "platform_python_implementation": "CPython",
            "os_name": "posix", "extra": ""}


def entries(lock: str, python: str) -> dict[str, tuple[str, list[str]]]:
    """{name: (version, hashes)} of the entries of `lock` whose marker applies to `python`."""
    text = (ROOT / lock).read_text(encoding="utf-8")
    found = {}
    for name, version, marker, hashes in ENTRY.findall(text):
        if not marker or Marker(marker).evaluate(environment(python)):
            assert canonicalize_name(name) not in found, f"{lock}: {name} twice for {python}"
            found[canonicalize_name(name)] = (version, re.findall(r"sha256:([0-9a-f]{64})", hashes))
    return found


def test_the_supported_versions_agree():
    assert SUPPORTED == ["3.11", "3.12", "3.13"]
    allowed = SpecifierSet(PYPROJECT["requires-python"])
    assert [python for python in SUPPORTED if f"{python}.0" in allowed] == SUPPORTED
    below, above = f"3.{int(SUPPORTED[0][2:]) - 1}.0", f"3.{int(SUPPORTED[-1][2:]) + 1}.0"
    assert below not in allowed and above not in allowed
    for lock in ("requirements.lock", "requirements-torch.lock"):
        command = (ROOT / lock).read_text(encoding="utf-8").splitlines()[1]
        assert "--universal" in command and f"--python-version {SUPPORTED[0]}" in command, lock


@pytest.mark.parametrize("python", SUPPORTED)
def test_the_main_lock_covers(python):
    pinned = entries("requirements.lock", python)
    assert all(hashes for _, hashes in pinned.values())
    direct = PYPROJECT["dependencies"] + [
        requirement for extra in ("docs", "test")
        for requirement in PYPROJECT["optional-dependencies"][extra]]
    for line in direct:
        requirement = Requirement(line)
        name = canonicalize_name(requirement.name)
        assert name in pinned, f"{name} is not locked for Python {python}"
        assert pinned[name][0] in requirement.specifier, (name, pinned[name][0])


@pytest.mark.parametrize("python", SUPPORTED)
def test_the_torch_lock_pins_a_cpu_wheel_for(python):
    pinned = entries("requirements-torch.lock", python)
    version, hashes = pinned["torch"]
    assert version.endswith("+cpu") and hashes
    main = entries("requirements.lock", python)
    for name in set(pinned) & set(main):                 # constrained by the main lock
        assert pinned[name][0] == main[name][0], name
    text = (ROOT / "requirements-torch.lock").read_text(encoding="utf-8")
    tag = "cp" + python.replace(".", "")
    wheels = [(name, sha) for name, wheel_version, python_tag, sha in WHEEL.findall(text)
              if wheel_version == version and python_tag == tag and "x86_64" in name]
    assert wheels, f"no torch {version} wheel for {tag} listed in requirements-torch.lock"
    assert all(sha in hashes for _, sha in wheels)
