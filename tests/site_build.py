"""Build the site with `mkdocs build --strict`, the same command `make build` runs."""

from __future__ import annotations

import importlib.util
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def build_hook(name: str):
    """docs/plugins/`name`.py, one of the build's hooks, as a module (the hooks are files that
    mkdocs.yml names, not a package to import)."""
    spec = importlib.util.spec_from_file_location(
        f"{name}_hook", ROOT / "docs" / "plugins" / f"{name}.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TORCH_BLOCKER = 'raise ImportError("torch is test-only: the site build must not import it")\n'


def without_torch(folder: Path) -> dict[str, str]:
    """The environment with a `torch` package first on PYTHONPATH whose import fails.

    PYTHONPATH reaches every process a build starts, the notebook's kernel included.
    """
    (folder / "torch").mkdir(exist_ok=True)
    (folder / "torch" / "__init__.py").write_text(TORCH_BLOCKER)
    paths = [str(folder)] + [p for p in os.environ.get("PYTHONPATH", "").split(os.pathsep) if p]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def mkdocs_build(site_dir: Path, config: Path = ROOT / "mkdocs.yml",
                 env: dict[str, str] | None = None) -> subprocess.CompletedProcess:
    """Run a strict build of `config` into `site_dir` and return the finished process.

    Torch is installed for the tests, but the site must build without it: every build here
    runs with torch blocked. `env` adds to or overrides the environment. Executed blocks are
    never taken from a cache unless `env` asks for one (MKDOCS_EXEC_CACHE).
    """
    with tempfile.TemporaryDirectory() as blocker:
        environment = without_torch(Path(blocker))
        environment.pop("MKDOCS_EXEC_CACHE", None)
        return subprocess.run(
            [sys.executable, "-m", "mkdocs", "build", "--strict", "--config-file", str(config),
             "--site-dir", str(site_dir)],
            capture_output=True, text=True, timeout=1800, cwd=config.parent,
            env={**environment, **(env or {})},
        )
