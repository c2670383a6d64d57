"""Shared test setup: TensorFlow quiet and deterministic before anything imports it."""

import os

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "3")
os.environ.setdefault("TF_ENABLE_ONEDNN_OPTS", "0")
os.environ.setdefault("KERAS_BACKEND", "tensorflow")
os.environ.setdefault("NO_MKDOCS_2_WARNING", "1")
os.environ.setdefault("DISABLE_MKDOCS_2_WARNING", "true")

import pytest

from site_build import mkdocs_build


@pytest.fixture(scope="session")
def site_build(tmp_path_factory):
    """The site, built once per test run with --strict, and the finished build process."""
    site = tmp_path_factory.mktemp("site")
    result = mkdocs_build(site)
    assert result.returncode == 0, f"strict build failed:\n{result.stderr[-5000:]}"
    return site, result


@pytest.fixture(scope="session")
def built_site(site_build):
    """The site, built once per test run with --strict; the build must succeed."""
    return site_build[0]


@pytest.fixture(scope="session")
def build_log(site_build):
    """What that build printed: stdout, then stderr."""
    result = site_build[1]
    return result.stdout + result.stderr


@pytest.fixture(scope="session")
def site_url(built_site):
    """The built site served on localhost."""
    from browser_support import serve_directory

    with serve_directory(built_site) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    """Debian's Chromium, headless, driven by Playwright."""
    from playwright.sync_api import sync_playwright

    from browser_support import CHROMIUM_ARGS, chromium_path

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=chromium_path(), headless=True,
                                              args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh browser context and page for one test."""
    context = browser.new_context()
    yield context.new_page()
    context.close()
