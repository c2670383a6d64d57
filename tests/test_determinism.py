"""Two clean builds of the same sources give byte-identical sites.

The second build differs in everything that must not matter: the output directory, the hash
seed (set and dict order), the time zone and, being later, the clock. Keras and TensorFlow run
in both, and the notebook executes afresh in each.
"""

import hashlib

from site_build import mkdocs_build


def digests(site) -> dict[str, str]:
    return {path.relative_to(site).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
            for path in sorted(site.rglob("*")) if path.is_file()}


def first_difference(one, other) -> str:
    """Where two versions of a text file part, with some context, for the failure message."""
    left, right = one.read_text(errors="replace"), other.read_text(errors="replace")
    at = next((i for i, (a, b) in enumerate(zip(left, right)) if a != b),
              min(len(left), len(right)))
    line = left.count("\n", 0, at) + 1
    return (f"line {line}:\n  - {left[max(0, at - 80):at + 160]!r}"
            f"\n  + {right[max(0, at - 80):at + 160]!r}")


def test_two_clean_builds_are_byte_identical(built_site, tmp_path, monkeypatch):
    monkeypatch.setenv("PYTHONHASHSEED", "4242")
    monkeypatch.setenv("TZ", "Pacific/Kiritimati")
    monkeypatch.delenv("MKDOCS_JUPYTER_CACHE", raising=False)
    again = tmp_path / "site-again"
    result = mkdocs_build(again)
    assert result.returncode == 0, result.stderr[-5000:]

    first, second = digests(built_site), digests(again)
    assert len(first) > 10
    assert sorted(first.keys() ^ second.keys()) == [], "files only one build wrote"
    differing = [path for path in first if first[path] != second[path]]
    assert differing == [], "files that differ:\n" + "\n".join(
        f"{path}: {first_difference(built_site / path, again / path)}" for path in differing)
