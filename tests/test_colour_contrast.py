"""The contrast arithmetic the diagram checks rely on, against WCAG's published figures."""

import pytest

from colour_contrast import contrast, over, parse_colour

WHITE, BLACK = (255, 255, 255, 1.0), (0, 0, 0, 1.0)


@pytest.mark.parametrize("css, rgba", [
    ("rgb(33, 150, 243)", (33, 150, 243, 1.0)),
    ("rgba(0, 0, 0, 0.87)", (0, 0, 0, 0.87)),
    ("color(srgb 1 0.5 0 / 0.25)", (255, 127.5, 0, 0.25)),
    ("transparent", (0, 0, 0, 0)),
])
def test_parses_computed_colours(css, rgba):
    assert parse_colour(css) == pytest.approx(rgba)


def test_rejects_what_it_cannot_read():
    with pytest.raises(ValueError):
        parse_colour("var(--md-typeset-color)")


@pytest.mark.parametrize("first, second, ratio", [
    (BLACK, WHITE, 21.0),                      # the maximum, by definition
    (WHITE, WHITE, 1.0),
    ((118, 118, 118, 1.0), WHITE, 4.54),       # #767676, the lightest grey that passes AA on white
    ((119, 119, 119, 1.0), WHITE, 4.48),       # #777777 fails
])
def test_wcag_contrast_ratio(first, second, ratio):
    assert contrast(first, second) == pytest.approx(ratio, abs=0.01)
    assert contrast(second, first) == pytest.approx(ratio, abs=0.01)


def test_translucent_text_is_composited_onto_its_background():
    grey = over((0, 0, 0, 0.5), WHITE)
    assert grey == pytest.approx((127.5, 127.5, 127.5, 1.0))
    assert contrast(over((0, 0, 0, 0.0), WHITE), WHITE) == pytest.approx(1.0)
