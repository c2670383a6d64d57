"""Diagram text is legible in both palettes: at least 4.5:1 against whatever it is drawn on.

Figures are inline SVG (class lstm-figure) coloured by docs/assets/diagrams.css, so the
browser's computed colours are what a reader sees. What lies under a label is found by hit
testing at its centre: node shapes, cluster fills and page backgrounds, composited in order.
"""

import pytest

from browser_support import PALETTES, open_page, site_pages
from colour_contrast import contrast, over, parse_colour

MINIMUM = 4.5

LABELS = """() => [...document.querySelectorAll("svg.lstm-figure text")]
  .filter(text => text.getBoundingClientRect().width > 0)   // a drawing for the other width
  .map(text => {
  text.scrollIntoView({block: "center", inline: "center"});
  const box = text.getBoundingClientRect();
  const style = getComputedStyle(text);
  let opacity = Number(style.fillOpacity);
  for (let node = text; node && node.tagName !== "svg"; node = node.parentElement) {
    opacity *= Number(getComputedStyle(node).opacity);
  }
  const shapes = new Set(["path", "polygon", "polyline", "ellipse", "circle", "rect"]);
  const layers = document.elementsFromPoint(box.x + box.width / 2, box.y + box.height / 2)
    .filter(el => !text.contains(el))
    .map(el => {
      const css = getComputedStyle(el);
      if (el instanceof SVGElement) {
        const painted = css.fill !== "none" && !css.fill.startsWith("url(");
        if (!shapes.has(el.tagName) || !painted) return null;
        return {colour: css.fill, opacity: Number(css.fillOpacity) * Number(css.opacity)};
      }
      return {colour: css.backgroundColor, opacity: Number(css.opacity)};
    })
    .filter(layer => layer !== null)
    .reverse();
  return {label: text.textContent, figure: text.closest("svg").id,
          colour: style.fill, opacity, layers};
})"""


def composite(colour: str, opacity: float, below):
    red, green, blue, alpha = parse_colour(colour)
    return over((red, green, blue, alpha * opacity), below)


def label_contrast(label: dict) -> float:
    background = (255.0, 255.0, 255.0, 1.0)        # the browser's canvas
    for layer in label["layers"]:
        background = composite(layer["colour"], layer["opacity"], background)
    return contrast(composite(label["colour"], label["opacity"], background), background)


@pytest.fixture(scope="module")
def figure_pages(built_site):
    pages = [path for path in site_pages(built_site)
             if 'class="lstm-figure"' in (built_site / path).read_text(encoding="utf-8")]
    assert pages, "no page has a diagram: the check would be empty"
    return pages


@pytest.mark.parametrize("palette", PALETTES)
@pytest.mark.parametrize("width", [390, 1280])   # figures have a narrower drawing for phones
def test_diagram_text_contrasts_with_its_background(browser, site_url, figure_pages, palette,
                                                    width):
    checked, failures = 0, []
    for path in figure_pages:
        with open_page(browser, site_url + path, palette,
                       viewport={"width": width, "height": 900}) as page:
            labels = page.evaluate(LABELS)
        assert labels, f"{path}: its figures have no text"
        for label in labels:
            checked += 1
            ratio = label_contrast(label)
            if ratio < MINIMUM:
                failures.append(f"{path} #{label['figure']} {label['label']!r}: {ratio:.2f}:1")
    assert checked > 0
    assert failures == [], "\n".join(failures)
