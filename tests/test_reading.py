"""Read it on a phone and with a keyboard (issue 12), measured in Chromium on every page.

- Figure text: the smallest rendered text of the figures shown is at least 11 px on a 390 px
  wide screen and 12 px at 1280 px, in both palettes.
- Whole messages: no block clips its lines at 1280 px; at 390 px no printed error message or
  program output does (code may scroll sideways on a phone).
- Code fits the column: at 1280 px no line of code (output aside) is wider than its block, even
  with soft-wrapping turned off; Material's copy button covers no text at 390 or 1280 px,
  whether a block is scrolled to its start, its middle or its end.
- Focus: every header control reachable with Tab looks different focused than unfocused
  (WCAG 2.4.7), in both palettes; Space turns the palette switch as Enter does.
"""

from __future__ import annotations

import pytest

from browser_support import MATERIAL_STARTED, PALETTES, open_page, site_pages, wait_for_material

WIDTHS = {390: 11, 1280: 12}
"""Window width in px, and the smallest figure text allowed there, in px."""

SMALLEST_FIGURE_TEXT = """() => {
  let smallest = null;
  for (const text of document.querySelectorAll('svg.lstm-figure text')) {
    const box = text.getBoundingClientRect();
    const matrix = text.getScreenCTM();
    if (box.width === 0 || !matrix) continue;          // not shown at this width
    const px = parseFloat(getComputedStyle(text).fontSize) * Math.hypot(matrix.a, matrix.b);
    if (smallest === null || px < smallest[0]) smallest = [px, text.textContent, text.closest('svg').id];
  }
  return smallest;
}"""

CLIPPED_BLOCKS = """(outputOnly) => {
  const message = /^(?:[\\w.]+\\.)?[A-Z]\\w*(?:Error|Exception|Warning): /m;
  return [...document.querySelectorAll('.md-content pre > code')]
    .filter(code => code.scrollWidth > code.clientWidth + 1)
    .filter(code => !outputOnly || code.closest('.result, .jp-OutputArea')
                    || message.test(code.textContent))
    .map(code => code.textContent.split('\\n').reduce((a, b) => a.length >= b.length ? a : b))
    .map(line => line.slice(0, 90));
}"""



def _pages(built_site):
    pages = site_pages(built_site)
    assert len(pages) >= 10
    return pages


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", WIDTHS)
def test_figure_text_is_legible(browser, site_url, built_site, width, palette):
    smallest_seen, small = None, []
    for path in _pages(built_site):
        with open_page(browser, site_url + path, palette, viewport={"width": width, "height": 900}) as page:
            found = page.evaluate(SMALLEST_FIGURE_TEXT)
        if found is None:
            continue
        smallest_seen = found[0] if smallest_seen is None else min(smallest_seen, found[0])
        if found[0] < WIDTHS[width] - 0.05:
            small.append((path, round(found[0], 1), found[1], found[2]))
    assert smallest_seen is not None, "no figure found on any page"
    assert not small, f"figure text below {WIDTHS[width]} px at {width} px: {small}"


@pytest.mark.parametrize("width", WIDTHS)
def test_no_block_hides_its_lines(browser, site_url, built_site, width):
    clipped = {}
    for path in _pages(built_site):
        with open_page(browser, site_url + path, "light", viewport={"width": width, "height": 900}) as page:
            found = page.evaluate(CLIPPED_BLOCKS, width < 600)
        if found:
            clipped[path] = found
    assert not clipped, f"blocks wider than the column at {width} px: {clipped}"


FOCUS_STYLE = """(el) => {
  const shown = el.matches('.md-option') ? el.nextElementSibling : el;
  const s = getComputedStyle(shown);
  return [s.outlineStyle, s.outlineWidth, s.outlineColor, s.boxShadow, s.backgroundColor].join('|');
}"""


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", WIDTHS)
def test_header_controls_show_keyboard_focus(browser, site_url, width, palette):
    with open_page(browser, site_url + "shapes.html", palette, viewport={"width": width, "height": 900}) as page:
        seen = []
        page.keyboard.press("Tab")                 # Material's "skip to content" link first
        # That first key started Material (docs/plugins/page_assets.py): the controls are
        # measured once it runs, not while it mounts them.
        page.wait_for_function(MATERIAL_STARTED, timeout=15000)
        for _ in range(12):
            page.keyboard.press("Tab")
            inside = page.evaluate("() => !!document.activeElement.closest('.md-header')")
            if not inside:
                break
            element = page.evaluate_handle("() => document.activeElement")
            focused = page.evaluate(FOCUS_STYLE, element)
            name = page.evaluate("e => e.getAttribute('aria-label') || e.title || e.className", element)
            page.evaluate("() => document.activeElement.blur()")
            unfocused = page.evaluate(FOCUS_STYLE, element)
            page.evaluate("e => e.focus({focusVisible: true})", element)
            seen.append((name, focused != unfocused, focused))
        names = " ".join(str(name) for name, _, _ in seen)
        assert "palette" in names and "Search" in names, f"header controls reached: {seen}"
        invisible = [(name, style) for name, visible, style in seen if not visible]
        assert not invisible, f"focus not visible at {width} px, {palette}: {invisible}"


@pytest.mark.parametrize("palette", PALETTES)
def test_space_turns_the_palette_switch(browser, site_url, palette):
    with open_page(browser, site_url + "index.html", palette) as page:
        before = page.evaluate("() => document.body.dataset.mdColorScheme")
        # The switch in the tab order: the radio button whose label is shown.
        page.evaluate("""() => document.querySelector(
            '[data-md-component=palette] .md-option + label:not([hidden])')
            .previousElementSibling.focus()""")
        page.keyboard.press(" ")
        page.wait_for_function("s => document.body.dataset.mdColorScheme !== s", arg=before,
                               timeout=3000)
        after = page.evaluate("() => document.body.dataset.mdColorScheme")
        assert {before, after} == set(PALETTES.values())


def test_no_page_scrolls_sideways_on_a_phone(browser, site_url, built_site):
    wide = {}
    for path in _pages(built_site):
        with open_page(browser, site_url + path, "light", viewport={"width": 390, "height": 844}) as page:
            width = page.evaluate("() => [document.documentElement.scrollWidth,"
                                  " document.documentElement.clientWidth]")
        if width[0] > width[1]:
            wide[path] = width
    assert not wide, f"pages wider than a 390 px screen (scroll width, window): {wide}"


TEXT_RUNS = """
/* Each run of non-blank characters in `code`, with its line number and whether that line is
   output: [range, line, isOutput]. Output in console and doctest blocks is what Pygments marks
   as output ("go"), and a traceback ("gt", "gr") down to the next prompt ("gp"). */
function textRuns(code) {
  const runs = [];
  const walker = document.createTreeWalker(code, NodeFilter.SHOW_TEXT);
  let line = 0, traceback = false;
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const token = node.parentElement;
    if (token.matches('.gt')) traceback = true;
    if (token.matches('.gp')) traceback = false;
    const output = traceback || !!token.closest('.go, .gt, .gr');
    const text = node.textContent;
    let start = 0;
    for (const part of text.split('\\n')) {
      for (const match of part.matchAll(/\\S+/g)) {
        const range = document.createRange();
        range.setStart(node, start + match.index);
        range.setEnd(node, start + match.index + match[0].length);
        runs.push([range, line, output]);
      }
      start += part.length + 1;
      line += 1;
    }
    line -= 1;                                  // the text node's last part goes on
  }
  return runs;
}
"""

OUTPUT_BLOCKS = ".result, .jp-OutputArea, .cite-box"
"""Where a block is program output (markdown-exec's results, the notebook's, the citation)."""

CODE_WIDER_THAN_THE_COLUMN = TEXT_RUNS + """
(outputs) => {
  const wide = [];
  for (const code of document.querySelectorAll('.md-content pre > code')) {
    // Code is what has syntax colours; a block without them is printed text, which wraps.
    if (code.closest(outputs) || !code.querySelector(':scope > span[class]')
        || code.getBoundingClientRect().width === 0) continue;
    code.style.whiteSpace = 'pre';          // unwrapped: what a reader copies, line for line
    const style = getComputedStyle(code);
    const right = code.getBoundingClientRect().left + code.clientLeft + code.clientWidth
                  - parseFloat(style.paddingRight);
    const lines = code.textContent.split('\\n');
    const over = new Set();
    for (const [range, line, output] of textRuns(code)) {
      if (!output && range.getBoundingClientRect().right > right + 0.5) over.add(line);
    }
    code.style.whiteSpace = '';
    for (const line of over) wide.push(lines[line]);
  }
  return wide;
}"""


def test_code_fits_the_column(browser, site_url, built_site):
    """At 1280 px every line of code fits its block unwrapped: none is soft-wrapped or hidden."""
    wide, blocks = {}, 0
    for path in _pages(built_site):
        with open_page(browser, site_url + path, "light", viewport={"width": 1280, "height": 900}) as page:
            blocks += page.evaluate("() => document.querySelectorAll('.md-content pre > code').length")
            found = page.evaluate(CODE_WIDER_THAN_THE_COLUMN, OUTPUT_BLOCKS)
        if found:
            wide[path] = found
    assert blocks > 100, f"only {blocks} code blocks found"
    count = sum(map(len, wide.values()))
    # The column holds 77 characters of Material's code font (13.6 px DejaVu Sans Mono, the
    # block's 3em right padding kept clear for the copy button): `black --line-length 77
    # --skip-string-normalization` formats a Python example to it.
    assert not wide, f"{count} code lines wider than the column at 1280 px: {wide}"


COPY_BUTTON_COVERS = TEXT_RUNS + """
() => {
  const covered = [];
  for (const pre of document.querySelectorAll('.md-content pre')) {
    const code = pre.querySelector(':scope > code');
    const button = pre.querySelector(':scope > .md-code__nav');
    if (!code || !button || button.getBoundingClientRect().width === 0) continue;
    const runs = textRuns(code);
    const end = code.scrollWidth - code.clientWidth;
    for (const left of new Set([0, Math.round(end / 2), end])) {
      code.scrollLeft = left;
      const b = button.getBoundingClientRect();
      for (const [range] of runs) {
        const r = range.getBoundingClientRect();
        if (r.top >= b.bottom) break;             // runs come in reading order
        if (r.right > b.left + 0.5 && r.left < b.right - 0.5 && r.bottom > b.top + 0.5) {
          covered.push(`${range.toString()} (scrolled to ${left} of ${end})`);
          break;
        }
      }
    }
    code.scrollLeft = 0;
  }
  return covered;
}"""


@pytest.mark.parametrize("width", WIDTHS)
def test_the_copy_button_never_covers_output(browser, site_url, built_site, width):
    """No character of code or output lies under a block's copy button, scrolled or not."""
    covered, buttons = {}, 0
    for path in _pages(built_site):
        with open_page(browser, site_url + path, "light", viewport={"width": width, "height": 900}) as page:
            if not page.locator(".md-content pre").count():
                continue
            wait_for_material(page)   # its copy buttons come with its start
            page.wait_for_selector(".md-code__nav", state="attached")
            buttons += page.locator(".md-content .md-code__nav").count()
            found = page.evaluate(COPY_BUTTON_COVERS)
        if found:
            covered[path] = found
    assert buttons > 100, f"only {buttons} copy buttons found"
    assert not covered, f"text under the copy button at {width} px: {covered}"


@pytest.mark.parametrize("width, height", [(390, 844), (1280, 900)])
def test_the_home_page_first_screen_states_the_two_facts(browser, site_url, width, height):
    with open_page(browser, site_url + "index.html", "light",
                   viewport={"width": width, "height": height}) as page:
        facts = page.evaluate("""() => [...document.querySelectorAll('.md-content li')]
            .filter(li => /^(Input|Output):/.test(li.innerText))
            .map(li => [li.innerText.replace(/\\s+/g, ' '), li.getBoundingClientRect().bottom])""")
    assert [text.split(":")[0] for text, _ in facts] == ["Input", "Output"], facts
    (given, input_bottom), (returned, output_bottom) = facts
    assert "3-D, (batch, timesteps, features)" in given
    assert "(batch, units), or (batch, timesteps, units) with return_sequences=True" in returned
    assert max(input_bottom, output_bottom) <= height, "the two facts are not on the first screen"
