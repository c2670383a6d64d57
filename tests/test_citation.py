"""Pages made to be cited: stable ids and permalinks, a "cite this page" box, llms.txt,
canonical URLs and a sitemap, CITATION.cff, redirects, and the list of public anchors.
"""

import html
import json
import re
import shutil
import subprocess
import textwrap
import tomllib
from importlib.metadata import version
from pathlib import Path

import pytest
import yaml

from browser_support import serve_directory, wait_for_material
from site_build import ROOT, build_hook, mkdocs_build

DOCS = ROOT / "docs"
ARTICLE = re.compile(r'<article class="md-content__inner md-typeset">(.*?)</article>', re.S)
HEADING = re.compile(r"<h([1-6])([^>]*)>(.*?)</h\1>", re.S)
FENCE = re.compile(r"^\s*(```|~~~)")
DATE = r'<time datetime="(\d{4}-\d\d-\d\d)">\1</time>'


class _Loader(yaml.SafeLoader):
    """mkdocs.yml as plain data: tags such as !ENV are read as None."""


_Loader.add_multi_constructor("!", lambda loader, suffix, node: None)
CONFIG = yaml.load((ROOT / "mkdocs.yml").read_text(encoding="utf-8"), Loader=_Loader)
SITE_URL = CONFIG["site_url"]


def front_matter(source: Path) -> dict:
    text = source.read_text(encoding="utf-8")
    match = re.match(r"---\n(.*?)\n---\n", text, re.S)
    return yaml.safe_load(match.group(1)) if match else {}


def is_redirect(text: str) -> bool:
    return 'http-equiv="refresh"' in text


def pages(site: Path) -> dict[str, str]:
    """Built pages (no 404, no redirect stubs) by URL path relative to the site root."""
    found = {}
    for path in sorted(site.rglob("*.html")):
        text = path.read_text(encoding="utf-8")
        relative = path.relative_to(site).as_posix()
        if relative != "404.html" and not is_redirect(text):
            found[relative] = text
    return found


def url_path(relative: str) -> str:
    """The URL path a page is served at: `x/index.html` with directory URLs is `x/`."""
    return relative[: -len("index.html")] if relative.endswith("/index.html") else relative


def source_of(relative: str) -> Path:
    stem = relative.removesuffix("/index.html").removesuffix(".html")
    stem = "index" if stem == "" else stem
    (source,) = [p for p in (DOCS / f"{stem}.md", DOCS / f"{stem}.ipynb") if p.exists()]
    return source


def plain(fragment: str) -> str:
    fragment = re.sub(r'<a [^>]*class="(?:headerlink|anchor-link)"[^>]*>.*?</a>', "", fragment)
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", fragment)).split())


def title_of(text: str) -> str:
    return plain(HEADING.search(ARTICLE.search(text).group(1)).group(3))


def test_cff_is_valid_and_names_the_site_url():
    cff = yaml.safe_load((ROOT / "CITATION.cff").read_text(encoding="utf-8"))
    project = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    assert cff["cff-version"] == "1.2.0"
    assert {"cff-version", "message", "title", "authors"} <= set(cff)
    assert all(isinstance(cff[key], str) and cff[key].strip()
               for key in ("message", "title", "abstract"))
    assert cff["authors"] and all(("name" in a) != ("family-names" in a) for a in cff["authors"])
    assert cff["type"] in ("software", "dataset")
    assert cff["url"] == SITE_URL  # the one address, repeated here only
    assert cff["version"] == project["version"] and cff["license"] == project["license"]
    assert cff["title"] == CONFIG["site_name"]


def test_every_page_has_its_canonical_url_and_is_in_the_sitemap(built_site):
    assert SITE_URL.startswith("https://") and SITE_URL.endswith("/")
    canonical = {}
    for relative, text in pages(built_site).items():
        links = re.findall(r'<link rel="canonical" href="([^"]+)"', text)
        assert links == [SITE_URL + url_path(relative)], relative
        canonical[relative] = links[0]
    sitemap = (built_site / "sitemap.xml").read_text(encoding="utf-8")
    assert sorted(re.findall(r"<loc>([^<]+)</loc>", sitemap)) == sorted(canonical.values())


def test_every_page_ends_with_a_cite_this_page_box(built_site):
    versions = f"TensorFlow {version('tensorflow')} and Keras {version('keras')}"
    for relative, text in pages(built_site).items():
        article = ARTICLE.search(text).group(1)
        boxes = re.findall(r'<div class="admonition quote cite-box" id="cite-this-page" '
                           r"data-search-exclude>(.*?)</div>", article, re.S)
        assert len(boxes) == 1, relative
        box = boxes[0]
        url = SITE_URL + url_path(relative)
        title = title_of(text)
        assert f'<strong>{html.escape(title)}</strong>, <a href="{url}">{url}</a>' in box
        assert f"verified with {versions}" in box
        changed = re.search(r"Last changed: (.*?) &middot;", box).group(1)
        assert re.fullmatch(DATE + r"(, with later changes not yet committed)?|not yet committed",
                            changed), (relative, changed)
        line = re.search(r"<pre[^>]*><code>(.*?)</code></pre>", box).group(1)
        name = title if title == CONFIG["site_name"] else f"{title}. {CONFIG['site_name']}"
        assert html.unescape(line) == (f"{name}. {url} (last changed {plain(changed)}; "
                                       f"verified with {versions}).")


def test_the_cite_boxes_stay_out_of_search(built_site):
    index = (built_site / "search" / "search_index.json").read_text(encoding="utf-8")
    assert "Cite this page" not in index and "Last changed" not in index


def test_last_changed_is_the_date_of_the_last_commit_not_the_clock(tmp_path):
    hook = build_hook("citation")
    page = tmp_path / "page.md"
    page.write_text("# One\n")
    assert hook.last_changed(page) == "unknown (built outside a git checkout)"

    def git(*args, date="2001-02-03T04:05:06+00:00"):
        env = {"GIT_AUTHOR_DATE": date, "GIT_COMMITTER_DATE": date, "HOME": str(tmp_path),
               "GIT_AUTHOR_NAME": "t", "GIT_AUTHOR_EMAIL": "t@example.org",
               "GIT_COMMITTER_NAME": "t", "GIT_COMMITTER_EMAIL": "t@example.org",
               "PATH": "/usr/bin:/bin"}
        subprocess.run(["git", *args], cwd=tmp_path, env=env, check=True, capture_output=True)

    git("init", "-q")
    assert hook.last_changed(page) == "not yet committed"
    git("add", "page.md")
    git("commit", "-q", "-m", "one")
    (tmp_path / "other.md").write_text("# Other\n")
    git("add", "other.md")
    git("commit", "-q", "-m", "other", date="2009-10-11T12:00:00+00:00")
    assert hook.last_changed(page) == '<time datetime="2001-02-03">2001-02-03</time>'
    page.write_text("# One, reworded\n")
    assert hook.last_changed(page) == ('<time datetime="2001-02-03">2001-02-03</time>, '
                                       "with later changes not yet committed")


def nav_sources(nav) -> list[str]:
    found = []
    for item in nav:
        value = next(iter(item.values())) if isinstance(item, dict) else item
        found += nav_sources(value) if isinstance(value, list) else [value]
    return found


def test_llms_txt_lists_every_page_with_its_short_answer(built_site):
    text = (built_site / "llms.txt").read_text(encoding="utf-8")
    assert text.startswith(f"# {CONFIG['site_name']}\n\n> ")
    entries = re.findall(r"^- \[(.+?)\]\((\S+?)\): (.+)$", text, re.M)
    built = pages(built_site)
    assert sorted(url for _, url, _ in entries) == sorted(SITE_URL + url_path(p) for p in built)
    by_url = {SITE_URL + url_path(relative): relative for relative in built}
    listed_sources = []
    for title, url, answer in entries:
        relative = by_url[url]
        source = source_of(relative)
        listed_sources.append(source.relative_to(DOCS).as_posix())
        assert title == title_of(built[relative])
        given = (front_matter(source).get("description") if source.suffix == ".md" else
                 json.loads(source.read_text(encoding="utf-8"))["metadata"].get("description"))
        if given:
            assert answer == " ".join(given.split())
        else:  # the first paragraph stands in
            first = re.search(r"<p(?:\s[^>]*)?>(.*?)</p>", ARTICLE.search(built[relative])
                              .group(1), re.S)
            assert answer == plain(first.group(1))
    assert listed_sources == nav_sources(CONFIG["nav"])  # in the order of the navigation


def test_every_heading_has_an_id_and_a_link_to_itself(built_site):
    for relative, text in pages(built_site).items():
        ids = re.findall(r'\sid="([^"]+)"', text)
        assert len(ids) == len(set(ids)), (relative, sorted(i for i in ids if ids.count(i) > 1))
        for level, attributes, inner in HEADING.findall(ARTICLE.search(text).group(1)):
            found = re.search(r'\bid="([^"]+)"', attributes)
            assert found, (relative, inner)
            anchor = found.group(1)
            links = [tag for tag in re.findall(r"<a\s[^>]*>", inner)
                     if re.search(r'class="(?:headerlink|anchor-link)"', tag)
                     and f'href="#{anchor}"' in tag]
            assert len(links) == 1, (relative, anchor)
            if source_of(relative).suffix == ".md":
                assert 'title="Link to this section"' in links[0], (relative, anchor)


def markdown_headings(source: Path):
    fenced = False
    for number, line in enumerate(source.read_text(encoding="utf-8").splitlines(), start=1):
        if FENCE.match(line):
            fenced = not fenced
        elif not fenced and re.match(r"#{2,6} ", line):
            yield number, line


def test_every_section_of_every_page_sets_its_own_stable_id():
    """An id made from the heading's words would change when the heading is reworded."""
    missing = [f"{source.name}:{number}: {line}"
               for source in sorted(DOCS.glob("*.md"))
               for number, line in markdown_headings(source)
               if not re.search(r"\{\s*#[\w-]+[^}]*\}\s*$", line)]
    assert missing == []


def test_every_public_anchor_still_exists(built_site):
    lines = (ROOT / "tests" / "public_anchors.txt").read_text(encoding="utf-8").splitlines()
    entries = [line.strip() for line in lines if line.strip() and not line.startswith("#")]
    assert len(entries) == len(set(entries)) >= 20
    missing = []
    for entry in entries:
        path, _, anchor = entry.partition("#")
        target = built_site / (path or "index.html")
        if target.is_dir() or path.endswith("/"):
            target = target / "index.html"
        text = target.read_text(encoding="utf-8") if target.is_file() else ""
        for _ in range(5):  # a renamed page: follow its redirect
            refresh = re.search(r'http-equiv="refresh" content="0; url=([^"#]+)', text)
            if not refresh:
                break
            target = (target.parent / refresh.group(1)).resolve()
            target = target / "index.html" if target.is_dir() else target
            text = target.read_text(encoding="utf-8") if target.is_file() else ""
        if not text or (anchor and f'id="{anchor}"' not in text):
            missing.append(entry)
    assert missing == []


def scratch_site(tmp_path: Path, markdown: dict[str, str], redirects: str = "{}"):
    """Build a copy of the project's configuration with pages we write, return (result, site)."""
    docs = tmp_path / "docs"
    for folder in ("assets", "plugins"):
        shutil.copytree(DOCS / folder, docs / folder)
    for watched in CONFIG.get("watch") or []:  # the configuration requires them to exist
        (tmp_path / watched).symlink_to(ROOT / watched)
    for name, text in markdown.items():
        (docs / name).write_text(textwrap.dedent(text), encoding="utf-8")
    config = (ROOT / "mkdocs.yml").read_text(encoding="utf-8")
    nav = "".join(f"  - {name}\n" for name in markdown)
    config = re.sub(r"\nnav:\n(?:  .*\n)+", f"\nnav:\n{nav}", config + "\n")
    assert config.count("redirect_maps: {}") == 1
    config = config.replace("redirect_maps: {}", f"redirect_maps: {redirects}")
    (tmp_path / "mkdocs.yml").write_text(config, encoding="utf-8")
    return mkdocs_build(tmp_path / "site", tmp_path / "mkdocs.yml"), tmp_path / "site"


def test_a_page_without_a_short_answer_fails_the_strict_build(tmp_path):
    result, _ = scratch_site(tmp_path, {"index.md": "# Only a heading\n"})
    assert result.returncode != 0
    assert "index.md has no description" in result.stderr


def test_a_renamed_page_keeps_its_old_url_and_anchors(tmp_path, browser):
    result, site = scratch_site(
        tmp_path, {"index.md": "---\ndescription: Home.\n---\n# Home\n",
                   "new-name.md": "# New name\n\nMoved.\n\n## A claim { #a-claim }\n\nText.\n"},
        redirects="{old-name.md: new-name.md}")
    assert result.returncode == 0, result.stderr[-3000:]
    assert not (site / "llms.txt").read_text().count("old-name")
    context = browser.new_context()
    try:
        page = context.new_page()
        with serve_directory(site) as url:
            old = "old-name.html" if (site / "old-name.html").exists() else "old-name/"
            page.goto(f"{url}{old}#a-claim")
            page.wait_for_url(re.compile(r"new-name(\.html|/)#a-claim$"))
            assert page.locator("h2#a-claim").is_visible()
    finally:
        context.close()


def test_the_real_configuration_redirects_only_to_pages_that_exist():
    (plugin,) = [p for p in CONFIG["plugins"] if isinstance(p, dict) and "redirects" in p]
    maps = plugin["redirects"]["redirect_maps"] or {}
    for old, new in maps.items():
        assert not (DOCS / old).exists(), f"{old} is a page again; its redirect would hide it"
        assert (DOCS / new.split("#")[0]).exists(), new


def test_the_pages_workflow_builds_with_make_and_deploys_with_the_official_actions():
    workflow = yaml.safe_load((ROOT / ".github" / "workflows" / "pages.yml").read_text())
    triggers = workflow.get("on", workflow.get(True))
    assert triggers["push"]["branches"] == ["main"]
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    steps = workflow["jobs"]["build"]["steps"]
    uses = {step["uses"].split("@")[0]: step for step in steps if "uses" in step}
    assert uses["actions/checkout"]["with"]["fetch-depth"] == 0
    assert uses["actions/setup-python"]["with"]["python-version"] == "3.11"
    assert uses["actions/upload-pages-artifact"]["with"]["path"] == "site"
    assert "actions/configure-pages" in uses
    runs = [step["run"] for step in steps if "run" in step]
    assert len(runs) == 1 and runs[0].startswith("make build")
    deploy = workflow["jobs"]["deploy"]
    assert deploy["needs"] == "build"
    assert [s["uses"].split("@")[0] for s in deploy["steps"]] == ["actions/deploy-pages"]


def test_the_cite_box_copies_its_citation(browser, site_url, built_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = context.new_page()
        relative = next(iter(pages(built_site)))
        page.goto(site_url + url_path(relative))
        wait_for_material(page)   # its copy buttons come at the reader's first input
        box = page.locator("#cite-this-page")
        box.get_by_role("button").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == box.locator("pre code").inner_text()
        assert SITE_URL + url_path(relative) in copied
    finally:
        context.close()
