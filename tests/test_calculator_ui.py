"""The calculator's controls, driven as a reader drives them: mouse, keyboard and text box.

Each step is compared with lstm_ref, computed live. The bulk agreement lives in
test_calculator_agreement.py; these tests prove that the page's controls are wired to it.
"""

import json
import mimetypes
import re

import pytest
from axe_playwright_python.sync_playwright import Axe

import lstm_ref as lr
from browser_support import wait_for_material
from calculator_driver import (ROOT_ID, differences, drive, expected, form_state, open_calculator,
                               page_path, shown)
from site_build import ROOT


def agrees(page, specs, timesteps, features, batch):
    """The page shows what lstm_ref computes for this stack (it updates on every input event)."""
    want = expected(specs, timesteps, features, batch)
    seen = shown(page)
    assert differences(seen, want) == {}
    return seen


def layer(page, number: int):
    """The fieldset of layer `number`, found by its legend as assistive technology finds it."""
    return page.get_by_role("group", name=f"Layer {number}", exact=True)


def test_the_page_opens_on_one_layer(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    seen = agrees(page, [lr.LSTM(32)], 10, 64, None)
    summary = lr.summarize([lr.LSTM(32)], (10, 64))
    assert seen["summary_total"] == str(summary.params)
    assert seen["summary_output"] == "(None, 32)"


def test_without_javascript_the_page_says_so_and_points_to_the_cli(browser, site_url, built_site):
    context = browser.new_context(java_script_enabled=False)
    try:
        page = context.new_page()
        page.goto(site_url + page_path(built_site, "calculator"))
        notice = page.locator("p.lstm-calc-noscript")
        assert notice.is_visible()
        assert "needs JavaScript" in notice.inner_text()
        assert "python -m lstm_ref explain" in notice.inner_text()
        assert page.locator(f"#{ROOT_ID} *").count() == 0
    finally:
        context.close()


def test_mouse_and_typing_change_the_stack(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    first = layer(page, 1)
    first.get_by_label("Layer", exact=True).select_option("GRU")
    first.get_by_label("units").fill("")
    first.get_by_label("units").press_sequentially("16")
    first.get_by_label("return_sequences").check()
    agrees(page, [lr.GRU(16, return_sequences=True)], 10, 64, None)
    page.get_by_role("button", name="Add a layer").click()  # after a sequence: a recurrent layer
    agrees(page, [lr.GRU(16, return_sequences=True), lr.LSTM(32)], 10, 64, None)
    layer(page, 2).get_by_label("Layer", exact=True).select_option("Dense")
    layer(page, 2).get_by_label("units").fill("2")
    agrees(page, [lr.GRU(16, return_sequences=True), lr.Dense(2)], 10, 64, None)

    first.get_by_label("Bidirectional").check()
    first.get_by_label("merge_mode").select_option("sum")
    first.get_by_label("reset_after").uncheck()
    gru = lr.GRU(16, return_sequences=True, reset_after=False)
    agrees(page, [lr.Bidirectional(gru, merge_mode="sum"), lr.Dense(2)], 10, 64, None)

    page.get_by_label("timesteps").fill("None")
    page.get_by_label("batch").fill("4")
    page.get_by_role("button", name="Add a layer").click()
    third = layer(page, 3)
    third.get_by_label("units").fill("5")
    third.get_by_label("return_state").check()
    third.get_by_label("use_bias").uncheck()
    # Layer 2 is Dense(2), which returns (4, None, 2): a recurrent layer may follow it.
    specs = [lr.Bidirectional(gru, merge_mode="sum"), lr.Dense(2),
             lr.LSTM(5, return_state=True, use_bias=False)]
    agrees(page, specs, None, 64, 4)

    third.get_by_label("stateful").check()
    page.get_by_label("batch").fill("None")
    seen = agrees(page, specs[:2] + [lr.LSTM(5, return_state=True, use_bias=False,
                                             stateful=True)], None, 64, None)
    assert seen["state"] == "error" and "fixed batch size" in seen["error"]
    assert seen["field_errors"] == [seen["error"]]
    assert third.locator(".calc-message").inner_text() == seen["error"]


def test_controls_that_mean_nothing_for_a_kind_are_hidden(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    page.get_by_role("button", name="Add a layer").click()  # after LSTM(32)'s vector: a Dense
    agrees(page, [lr.LSTM(32), lr.Dense(1)], 10, 64, None)
    second = layer(page, 2)
    for name in ("Bidirectional", "return_sequences", "return_state", "stateful", "reset_after",
                 "merge_mode"):
        assert not second.get_by_label(name).is_visible(), name
    assert second.get_by_label("use_bias").is_visible()
    first = layer(page, 1)  # LSTM(32)
    assert not first.get_by_label("reset_after").is_visible()
    assert not first.get_by_label("merge_mode").is_visible()
    first.get_by_label("Layer", exact=True).select_option("GRU")
    first.get_by_label("Bidirectional").check()
    assert first.get_by_label("reset_after").is_visible()
    assert first.get_by_label("merge_mode").is_visible()


def test_the_keyboard_alone_can_build_a_stack(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    page.get_by_label("batch").focus()
    page.keyboard.press("Control+a")
    page.keyboard.type("8")
    for text in ("None", "3"):  # timesteps, features
        page.keyboard.press("Tab")
        page.keyboard.press("Control+a")
        page.keyboard.type(text)
    page.keyboard.press("Tab")  # layer 1's kind
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Layer"
    page.keyboard.press("Tab")  # units
    page.keyboard.press("Control+a")
    page.keyboard.type("6")
    page.keyboard.press("Tab")  # Bidirectional
    page.keyboard.press("Space")
    page.keyboard.press("Tab")  # merge_mode, shown now
    assert page.evaluate("document.activeElement.labels[0].textContent") == "merge_mode"
    page.keyboard.press("Tab")  # return_sequences
    page.keyboard.press("Space")
    agrees(page, [lr.Bidirectional(lr.LSTM(6, return_sequences=True))], None, 3, 8)
    page.get_by_role("button", name="Add a layer").focus()
    page.keyboard.press("Enter")
    assert page.evaluate("document.activeElement.id").endswith("-kind")
    agrees(page, [lr.Bidirectional(lr.LSTM(6, return_sequences=True)), lr.LSTM(32)], None, 3, 8)
    page.keyboard.press("Tab")  # units of the new layer
    page.keyboard.press("Control+a")
    page.keyboard.type("2")
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("End")  # the last kind: Dense
    agrees(page, [lr.Bidirectional(lr.LSTM(6, return_sequences=True)), lr.Dense(2)], None, 3, 8)

    page.get_by_role("button", name="Remove layer 2").focus()
    page.keyboard.press("Enter")
    agrees(page, [lr.Bidirectional(lr.LSTM(6, return_sequences=True))], None, 3, 8)
    # Focus lands on a control that still exists, not on the removed button.
    assert page.evaluate("document.activeElement.labels[0].textContent") == "Layer"


def test_a_pasted_call_fills_the_form(page, site_url, built_site):
    open_calculator(page, site_url, built_site)
    box = page.get_by_label("Or paste layer calls, one per line")
    box.fill("keras.layers.Bidirectional(\n    GRU(8, return_sequences=True, reset_after=False,"
             " activation='relu'),\n    merge_mode='ave', input_shape=(None, 3))\nDense(1)")
    page.get_by_role("button", name="Use these layers").click()
    gru = lr.GRU(8, return_sequences=True, reset_after=False)
    agrees(page, [lr.Bidirectional(gru, merge_mode="ave"), lr.Dense(1)], None, 3, None)
    first = layer(page, 1)
    assert first.get_by_label("Layer", exact=True).input_value() == "GRU"
    assert first.get_by_label("units").input_value() == "8"
    assert first.get_by_label("Bidirectional").is_checked()
    assert first.get_by_label("merge_mode").input_value() == "ave"
    assert not first.get_by_label("reset_after").is_checked()
    assert page.get_by_label("timesteps").input_value() == "None"
    assert page.get_by_label("features").input_value() == "3"

    box.fill("SimpleRNN(3, stateful=True)")
    box.press("Control+Enter")
    agrees(page, [lr.SimpleRNN(3, stateful=True)], None, 3, None)  # lstm_ref's error, shown


def test_a_call_that_cannot_be_read_is_explained_by_the_box(page, site_url, built_site):
    """The message once, by the box; the previous results give way (none is left stale)."""
    open_calculator(page, site_url, built_site)
    before = shown(page)
    assert before["total"] and before["summary_total"]
    box = page.get_by_label("Or paste layer calls, one per line")
    box.fill("LSTM(32")
    page.get_by_role("button", name="Use these layers").click()
    with pytest.raises(lr.LayerSyntaxError) as refused:
        lr.parse_layer("LSTM(32")
    seen = shown(page)
    assert seen["paste_error"] == str(refused.value) == seen["error"]
    assert seen["copies"] == [1]  # not in the results, not in the summary line
    assert str(refused.value) in seen["announced"]  # read out by the live region
    assert box.get_attribute("aria-invalid") == "true"
    assert seen["state"] == "error" and seen["layers"] == [] and seen["total"] is None
    assert seen["summary_total"] is None and "pasted text" in seen["no_result"]
    assert seen["form"] == before["form"]  # the form keeps its layers, and says so
    assert "keeps the layers" in seen["no_result"]

    # Editing the form brings results back, for what the form now says.
    page.get_by_label("units").fill("7")
    agrees(page, [lr.LSTM(7)], 10, 64, None)


def test_a_calculation_can_be_linked(page, site_url, built_site):
    specs = [lr.Bidirectional(lr.LSTM(7, return_state=True), merge_mode=None)]
    open_calculator(page, site_url, built_site)
    drive(page, [{"form": form_state(specs, None, 5, 2)}])
    href = page.get_by_role("link", name="Link to this calculation").get_attribute("href")
    assert href.startswith("?")
    page.goto("about:blank")
    open_calculator(page, site_url, built_site, query=href)
    agrees(page, specs, None, 5, 2)


def test_reload_and_back_keep_the_readers_model(browser, built_site):
    """The address bar follows the form, so a reload or a return with Back shows the same model."""
    specs = [lr.Bidirectional(lr.GRU(5, return_sequences=True), merge_mode="sum"), lr.Dense(3)]
    context = browser.new_context()
    try:
        base = serve_as_published(context, built_site)
        page = context.new_page()
        page.goto(base + page_path(built_site, "calculator"))
        page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
        drive(page, [{"form": form_state(specs, None, 4, 2)}])
        page.wait_for_function("() => location.search.includes('GRU%285')")
        page.reload()
        page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
        agrees(page, specs, None, 4, 2)
        assert page.get_by_label("units").first.input_value() == "5"

        page.locator("nav.md-nav--primary").get_by_role("link", name="Home").click()
        page.wait_for_selector(f"#{ROOT_ID}", state="detached")
        page.go_back()
        page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
        agrees(page, specs, None, 4, 2)
        # Edits replace the entry rather than adding one: Back from here leaves the page.
        page.get_by_label("units").first.fill("6")
        page.wait_for_function("() => location.search.includes('GRU%286')")
        page.go_back()
        page.wait_for_selector(f"#{ROOT_ID}", state="detached")
    finally:
        context.close()


def test_the_copy_button_copies_the_keras_code(browser, site_url, built_site):
    context = browser.new_context(permissions=["clipboard-read", "clipboard-write"])
    try:
        page = open_calculator(context.new_page(), site_url, built_site)
        page.get_by_role("button", name="Copy the code").click()
        page.get_by_text("Copied.").wait_for()
        assert page.evaluate("navigator.clipboard.readText()") == shown(page)["code"]
    finally:
        context.close()


def canonical_base(site) -> str:
    html = (site / "index.html").read_text(encoding="utf-8")
    canonical = re.search(r'<link rel="canonical" href="([^"]+)"', html).group(1)
    return canonical.rsplit("/", 1)[0] + "/"


def serve_as_published(context, site):
    """Answer requests for the canonical address from the built site; refuse every other host.

    Material's instant navigation only takes over links found in sitemap.xml, which lists
    canonical URLs, so this is the one way to see it work as readers will.
    """
    base = canonical_base(site)

    def answer(route):
        url = route.request.url.split("#")[0].split("?")[0]
        if not url.startswith(base):
            return route.abort()
        path = site / url[len(base):]
        if path.is_dir():
            path = path / "index.html"
        if not path.is_file():
            return route.fulfill(status=404, body="not found")
        kind = mimetypes.guess_type(path.name)[0] or "application/octet-stream"
        return route.fulfill(status=200, body=path.read_bytes(), content_type=kind)

    context.route("**/*", answer)
    return base


def test_the_calculator_starts_after_navigating_to_it(browser, built_site):
    """With instant navigation (no reload) when the theme has it on, else with a page load."""
    context = browser.new_context()
    errors = []
    try:
        base = serve_as_published(context, built_site)
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto(base)
        wait_for_material(page)   # the reader's mouse has moved before they click
        config = json.loads(page.locator("#__config").text_content())
        instant = "navigation.instant" in config["features"]
        page.evaluate("window.sameDocument = true")
        for _ in range(2):  # there, away and back again
            page.locator("nav.md-nav--primary").get_by_role("link", name="Calculator").click()
            page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
            agrees(page, [lr.LSTM(32)], 10, 64, None)
            page.get_by_label("units").first.fill("3")
            agrees(page, [lr.LSTM(3)], 10, 64, None)
            assert page.locator(".calc-results-body").count() == 1
            assert page.evaluate("window.sameDocument === true") == instant
            page.locator("nav.md-nav--primary").get_by_role("link", name="Home").click()
            page.wait_for_selector(f"#{ROOT_ID}", state="detached")
        # One Material all along: the line that starts it is not run again by the navigation.
        assert page.evaluate("document.querySelectorAll('script[src*=\"/bundle.\"]').length") == 1
    finally:
        context.close()
    assert errors == []


def test_the_calculator_works_opened_from_disk(browser, built_site):
    """The built site opened as files (file://), as Material's offline plugin intends."""
    context = browser.new_context()
    try:
        page = context.new_page()
        target = built_site / page_path(built_site, "calculator")
        page.goto((target / "index.html" if target.is_dir() else target).as_uri())
        page.wait_for_selector(f"#{ROOT_ID}[data-ready=true]")
        page.get_by_label("Or paste layer calls, one per line").fill("GRU(5, reset_after=False)")
        page.get_by_role("button", name="Use these layers").click()
        agrees(page, [lr.GRU(5, reset_after=False)], 10, 64, None)
    finally:
        context.close()


@pytest.fixture(scope="module")
def axe():
    return Axe()


@pytest.mark.parametrize("palette", ["light", "dark"])
def test_no_axe_violations_in_any_state(browser, site_url, built_site, axe, palette):
    """axe-core on the calculator with results, with a stack error, and with a bad paste."""
    context = browser.new_context(color_scheme=palette)
    try:
        page = open_calculator(context.new_page(), site_url, built_site)
        page.wait_for_function("s => document.body.dataset.mdColorScheme === s",
                               arg={"light": "default", "dark": "slate"}[palette])
        states = [
            {"form": form_state([lr.Bidirectional(lr.GRU(4, return_state=True)), lr.Dense(2)],
                                None, 3, None)},
            {"form": form_state([lr.Bidirectional(lr.GRU(4, return_sequences=True)),
                                 lr.Dense(2)], None, 3, None), "text": "LSTM(32"},
        ]
        for state in [None] + states:
            if state:
                drive(page, [state])
            results = axe.run(page)
            assert results.violations_count == 0, results.generate_report()
    finally:
        context.close()


BATCH_CODES = {
    "functional": ("import keras\ninputs = keras.Input(batch_shape=(4, 10, 8))\n"
                   "x = keras.layers.LSTM(3, stateful=True)(inputs)\n"
                   "model = keras.Model(inputs, x)\n"),
    "Sequential, Keras 2 words": ("model = keras.Sequential([\n"
                                  "    keras.layers.InputLayer(batch_input_shape=(2, 5, 3)),\n"
                                  "    keras.layers.GRU(4, stateful=True),\n])\n"),
}


@pytest.mark.parametrize("code", BATCH_CODES.values(), ids=BATCH_CODES)
def test_a_pasted_batch_size_is_the_batch_field(page, site_url, built_site, code):
    """When the code gives the batch size, the batch field shows it (read-only, since the
    code decides) and the report is lstm_ref's for that batch (a stateful layer needs it);
    back on the form's layers, the field holds what was typed again."""
    from lstm_ref.explain import explain_model
    from lstm_ref.report import shape_text

    summary = explain_model(code)
    open_calculator(page, site_url, built_site)
    batch = page.get_by_label("batch", exact=True)
    batch.fill("None")
    seen = drive(page, [{"text": code}])[0]
    assert seen["state"] == "ok", seen["error"]
    assert seen["form"]["batch"] == str(summary.input_shape[0])
    assert batch.evaluate("el => el.readOnly")
    assert "pasted code" in page.locator(f"#{ROOT_ID}-batch-hint").inner_text()
    assert [row["input"] for row in seen["layers"]] == [shape_text(row.input_shape)
                                                        for row in summary.layers]
    assert seen["summary_total"] == str(summary.params)
    page.get_by_role("button", name="Use the form's layers instead").click()
    assert shown(page)["form"]["batch"] == "None"
    assert not batch.evaluate("el => el.readOnly")
