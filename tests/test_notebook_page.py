"""The notebook page hook (docs/plugins/notebook_page.py) on real mkdocs-jupyter output.

The notebook is written here with outputs already in it, as a kernel leaves them, and converted
by mkdocs-jupyter without executing it; the hook must keep every result and drop the rest.
"""


import nbformat
import pytest
from mkdocs_jupyter import convert

from site_build import build_hook


@pytest.fixture(scope="module")
def hook():
    return build_hook("notebook_page")


def stream(name, text):
    return nbformat.v4.new_output("stream", name=name, text=text)


@pytest.fixture(scope="module")
def converted(tmp_path_factory):
    """mkdocs-jupyter's page content for a two-cell notebook."""
    cell = nbformat.v4.new_code_cell("for n in (1, 2):\n    print('line', n)\n6 * 7",
                                     execution_count=1)
    cell.outputs = [
        stream("stderr", "I0000 00:00:1795371158.120811   23410 cudart_stub.cc:31] Could not "
                         "find cuda drivers on your machine, GPU will not be used.\n"),
        stream("stdout", "line 1\n"),
        stream("stdout", "line 2\n"),                    # the kernel flushed in between
        stream("stderr", "UserWarning: a real warning\n"),
        nbformat.v4.new_output("execute_result", {"text/plain": "42"}, execution_count=1),
    ]
    notebook = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_markdown_cell("# Title\n\n## A section"), cell])
    notebook.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                       "display_name": "Python 3"}
    path = tmp_path_factory.mktemp("nb") / "page.ipynb"
    nbformat.write(notebook, path)
    return convert.nb2html(str(path), execute=False, include_requirejs=False)


def test_mkdocs_jupyter_alone_inlines_hundreds_of_kilobytes(converted):
    assert len(converted) > 300_000 and "<style" in converted


def test_the_page_keeps_only_cells_and_a_stylesheet_link(hook, converted):
    slim = hook.slim_notebook(converted, "assets/notebook.css")
    assert len(slim) < 10_000
    assert slim.startswith('<link rel="stylesheet" href="assets/notebook.css">')
    for gone in ("<style", "<script", "clipboard", "highlight-ipynb", "cdnjs", 'id="cell-id='):
        assert gone not in slim


def test_code_and_permalinks_get_the_markup_of_other_pages(hook, converted):
    slim = hook.slim_notebook(converted, "assets/notebook.css")
    assert '<div class="language-python highlight"><pre><span></span><code>' in slim
    assert '<a class="headerlink" href="#a-section" title="Link to this section">' in slim


def test_printed_lines_are_one_block_and_native_logs_are_gone(hook, converted):
    slim = hook.slim_notebook(converted, "assets/notebook.css")
    assert "<pre><code>line 1\nline 2\n</code></pre>" in slim
    assert "cudart_stub" not in slim
    assert "UserWarning: a real warning" in slim
    assert "<pre><code>42</code></pre>" in slim
