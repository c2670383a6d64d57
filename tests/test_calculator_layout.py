"""The calculator's first screen answers, and a keyboard can see where it is, in both palettes.

Measured in Chromium: where the summary, the inputs and the results are at 1280x900 and at
390x844 (before and after scrolling), and the computed focus ring of every control, focused
from the keyboard, against the same control unfocused.
"""

from __future__ import annotations

import pytest

import lstm_ref as lr
from browser_support import PALETTES, wait_for_material
from calculator_driver import ROOT_ID, drive, form_state, page_path
from colour_contrast import contrast, over, parse_colour

WIDE = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}


def open_at(browser, site_url, built_site, viewport, palette, query=""):
    context = browser.new_context(viewport=viewport, color_scheme=palette)
    page = context.new_page()
    page.goto(site_url + page_path(built_site, "calculator") + query)
    page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
    page.wait_for_function("s => document.body.dataset.mdColorScheme === s",
                           arg=PALETTES[palette])
    wait_for_material(page)
    return context, page


BOXES = """(root) => {
  const box = (el) => { const r = el.getBoundingClientRect();
                        return {top: r.top, bottom: r.bottom, left: r.left, right: r.right}; };
  const total = root.querySelector(".calc-summary-total");
  const output = root.querySelector(".calc-summary-output");
  const header = document.querySelector(".md-header").getBoundingClientRect().bottom;
  const clipped = (el) => el.closest(".calc-summary-item").scrollWidth >
                          el.closest(".calc-summary-item").clientWidth + 1;
  return {
    viewport: innerHeight, header,
    summary: box(root.querySelector(".calc-summary")),
    total: box(total), output: box(output), clipped: clipped(total) || clipped(output),
    total_text: total.textContent, output_text: output.textContent,
    inputs: box(root.querySelector(".calc-inputs")),
    results: box(root.querySelector(".calc-results")),
    font: parseFloat(getComputedStyle(root.querySelector(".calc-summary")).fontSize),
  };
}"""


def in_view(box, top, bottom) -> bool:
    return box["top"] >= top - 0.5 and box["bottom"] <= bottom + 0.5


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_wide_screens_show_results_beside_the_inputs(browser, site_url, built_site, palette):
    context, page = open_at(browser, site_url, built_site, WIDE, palette)
    try:
        boxes = page.eval_on_selector(f"#{ROOT_ID}", BOXES)
        summary = lr.summarize([lr.LSTM(32)], (10, 64))
        assert (boxes["total_text"], boxes["output_text"]) == (str(summary.params), "(None, 32)")
        # The total and the output shape, on the first screen, not cut off.
        for key in ("summary", "total", "output"):
            assert in_view(boxes[key], boxes["header"], boxes["viewport"]), (key, boxes)
        assert not boxes["clipped"]
        # Results beside the inputs, side by side from the same height.
        assert boxes["results"]["left"] >= boxes["inputs"]["right"]
        assert boxes["summary"]["left"] >= boxes["inputs"]["right"]
        assert abs(boxes["summary"]["top"] - boxes["inputs"]["top"]) < 80
        # Scrolled down to the paste box, the summary is still in view.
        drive(page, [{"form": form_state([lr.LSTM(8, return_sequences=True)] * 5 + [lr.Dense(2)],
                                         10, 64, None)}])
        page.get_by_role("button", name="Use these layers").scroll_into_view_if_needed()
        page.evaluate("window.scrollBy(0, 200)")
        boxes = page.eval_on_selector(f"#{ROOT_ID}", BOXES)
        assert boxes["inputs"]["top"] < 0  # scrolled
        assert in_view(boxes["summary"], boxes["header"], boxes["viewport"]), boxes
    finally:
        context.close()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_phones_keep_a_compact_summary_in_view(browser, site_url, built_site, palette):
    specs = [lr.Bidirectional(lr.LSTM(8, return_sequences=True)), lr.LSTM(4, return_sequences=True),
             lr.Dense(2)]
    context, page = open_at(browser, site_url, built_site, PHONE, palette)
    try:
        drive(page, [{"form": form_state(specs, None, 3, None)}])
        page.evaluate("window.scrollTo(0, 0)")
        height = page.evaluate("document.documentElement.scrollHeight")
        seen_at = []
        for y in range(0, height, 300):
            page.evaluate(f"window.scrollTo(0, {y})")
            boxes = page.eval_on_selector(f"#{ROOT_ID}", BOXES)
            calculator = page.eval_on_selector(f"#{ROOT_ID}", "r => r.getBoundingClientRect()"
                                                              ".toJSON()")
            if calculator["bottom"] < boxes["header"] + 80 or calculator["top"] > boxes["viewport"]:
                continue  # the calculator is not on screen here
            seen_at.append(y)
            assert in_view(boxes["summary"], boxes["header"], boxes["viewport"]), (y, boxes)
            assert boxes["summary"]["bottom"] - boxes["summary"]["top"] < 120  # compact
            assert boxes["font"] >= 11
            assert boxes["total_text"] == str(lr.summarize(specs, (None, 3)).params)
        assert len(seen_at) >= 4, seen_at  # the walk went through form and results
    finally:
        context.close()


# ---- focus -----------------------------------------------------------------------------------

PROBE = """(root) => {
  const controls = [...root.querySelectorAll(
      "input, select, textarea, button, a[href], [tabindex]")]
    .filter((el) => !el.disabled && el.checkVisibility());
  controls.forEach((el, i) => { el.dataset.probe = String(i); });
  return controls.length;
}"""

RING = """(el) => {
  const s = getComputedStyle(el);
  return {probe: el.dataset.probe, tag: el.tagName.toLowerCase(), type: el.type || "",
          outline: [s.outlineStyle, parseFloat(s.outlineWidth), s.outlineColor],
          shadow: s.boxShadow};
}"""

BACKGROUND = """() => {
  for (let el = document.querySelector("#%s"); el; el = el.parentElement) {
    const colour = getComputedStyle(el).backgroundColor;
    if (!/rgba\\(.*, 0\\)$/.test(colour) && colour !== "transparent") return colour;
  }
  return getComputedStyle(document.documentElement).backgroundColor;
}""" % ROOT_ID


def control_with_results(page):
    """A stack that shows every kind of control: a Bidirectional layer (merge_mode), a Dense."""
    drive(page, [{"form": form_state([lr.Bidirectional(lr.GRU(4, return_sequences=True)),
                                      lr.Dense(2)], None, 3, None)}])


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_every_control_shows_keyboard_focus(browser, site_url, built_site, palette, viewport):
    context, page = open_at(browser, site_url, built_site, viewport, palette)
    try:
        control_with_results(page)
        count = page.eval_on_selector(f"#{ROOT_ID}", PROBE)
        resting = {ring["probe"]: ring for ring in page.eval_on_selector_all(
            "[data-probe]", f"els => els.map({RING})")}
        background = parse_colour(page.evaluate(BACKGROUND))
        page.eval_on_selector(f"#{ROOT_ID} [data-probe='0']", "el => el.focus()")
        page.keyboard.press("Shift+Tab")
        focused = {}
        for _ in range(count + 5):
            page.keyboard.press("Tab")
            ring = page.evaluate(f"() => document.activeElement.dataset.probe === undefined ? "
                                 f"null : ({RING})(document.activeElement)")
            if ring is None:
                break
            focused[ring["probe"]] = ring
            # Not hidden under the summary that stays in view on phones.
            covered = page.evaluate("""() => {
              const el = document.activeElement, r = el.getBoundingClientRect();
              const hit = document.elementFromPoint(r.left + Math.min(r.width / 2, 8),
                                                    r.top + Math.min(r.height / 2, 8));
              return hit && !el.contains(hit) && hit.closest(".calc-summary") !== null;
            }""")
            assert not covered, ring
        kinds = {(ring["tag"], ring["type"]) for ring in focused.values()}
        assert {("input", "text"), ("input", "checkbox"), ("select", "select-one"),
                ("textarea", "textarea"), ("button", "button"), ("button", "submit"),
                ("a", ""), ("code", "")} <= kinds, kinds
        assert len(focused) == count, "some controls are not reached with Tab"
        for probe, ring in focused.items():
            style, width, colour = ring["outline"]
            assert style != "none" and width >= 2, ring
            assert ring["outline"] != resting[probe]["outline"], ring
            ratio = contrast(over(parse_colour(colour), background), background)
            assert ratio >= 3, (ring, ratio)
    finally:
        context.close()


# ---- a pasted model: several kinds of layer, each with its table ----------------------------

PASTED = """import keras
from keras import layers

model = keras.Sequential([
    keras.Input(shape=(80,)),
    layers.Embedding(20000, 128, mask_zero=True),
    layers.Conv1D(64, 5, padding="causal", activation="relu"),
    layers.MaxPooling1D(2),
    layers.Bidirectional(layers.LSTM(64, return_sequences=True)),
    layers.LSTM(32),
    layers.Dense(1, activation="sigmoid"),
])
"""

SIDEWAYS = """(root) => {
  // Whatever a reader would have to scroll sideways to see, or cannot see at all: the page
  // wider than the screen, or an element that hides content wider than itself.
  const clipped = [...root.querySelectorAll("*")].filter((el) => {
    if (!el.checkVisibility() || el.scrollWidth <= el.clientWidth + 1) return false;
    const x = getComputedStyle(el).overflowX;
    return x === "hidden" || x === "clip";
  }).map((el) => el.className || el.tagName);
  const small = [];
  const walker = document.createTreeWalker(root.querySelector(".calc-results"),
                                           NodeFilter.SHOW_TEXT);
  for (let node = walker.nextNode(); node; node = walker.nextNode()) {
    const el = node.parentElement;
    if (!node.data.trim() || !el.checkVisibility() || el.closest(".calc-visually-hidden")) continue;
    const size = parseFloat(getComputedStyle(el).fontSize);
    if (size < 11) small.push([node.data.trim().slice(0, 30), size]);
  }
  const rows = [...root.querySelectorAll(".calc-layer")].map((el) => el.getBoundingClientRect())
    .map((r) => ({ left: r.left, right: r.right }));
  return { page: document.documentElement.scrollWidth, width: innerWidth, clipped, small, rows,
           root: root.getBoundingClientRect().right };
}"""


@pytest.mark.parametrize("viewport", [WIDE, PHONE], ids=["1280", "390"])
@pytest.mark.parametrize("palette", ["light", "dark"])
def test_a_pasted_model_reads_on_every_screen(browser, site_url, built_site, palette, viewport):
    """Embedding, Conv1D, pooling, two recurrent layers and Dense, pasted as code: the total
    and the output shape are on the first screen, nothing is cut off or pushed off sideways,
    and no text of the per-layer tables is smaller than 11 px."""
    from lstm_ref.explain import explain_model

    summary = explain_model(PASTED)
    context, page = open_at(browser, site_url, built_site, viewport, palette)
    try:
        seen = drive(page, [{"text": PASTED}])[0]
        assert seen["state"] == "ok", seen["error"]
        assert [row["call"] for row in seen["layers"]] == [str(r.layer) for r in summary.layers]
        page.evaluate("window.scrollTo(0, 0)")
        page.get_by_label("Or paste layer calls, one per line").scroll_into_view_if_needed()
        boxes = page.eval_on_selector(f"#{ROOT_ID}", BOXES)
        assert (boxes["total_text"], boxes["output_text"]) == (str(summary.params), "(None, 1)")
        for key in ("summary", "total", "output"):
            assert in_view(boxes[key], boxes["header"], boxes["viewport"]), (key, boxes)
        assert not boxes["clipped"]
        layout = page.eval_on_selector(f"#{ROOT_ID}", SIDEWAYS)
        assert layout["page"] <= layout["width"], layout
        assert layout["clipped"] == [], layout["clipped"]
        assert all(row["right"] <= layout["width"] + 0.5 and row["left"] >= -0.5
                   for row in layout["rows"]), layout["rows"]
        if viewport is PHONE:
            assert layout["small"] == [], layout["small"]
    finally:
        context.close()
