"""WCAG 2 contrast between CSS colours as a browser computes them (rgb(), rgba(), color(srgb))."""

from __future__ import annotations

import re

RGBA = tuple[float, float, float, float]
"""Red, green, blue in 0..255, alpha in 0..1."""


def parse_colour(css: str) -> RGBA:
    """A computed CSS colour: `rgb(r, g, b)`, `rgba(r, g, b, a)` or `color(srgb r g b / a)`."""
    css = css.strip()
    if css == "transparent":
        return (0.0, 0.0, 0.0, 0.0)
    match = re.fullmatch(r"rgba?\(([^)]*)\)", css)
    if match:
        parts = [float(p) for p in re.split(r"[\s,/]+", match.group(1).strip())]
        return (parts[0], parts[1], parts[2], parts[3] if len(parts) == 4 else 1.0)
    match = re.fullmatch(r"color\(srgb ([^)]*)\)", css)
    if match:
        parts = [float(p) for p in re.split(r"[\s/]+", match.group(1).strip())]
        alpha = parts[3] if len(parts) == 4 else 1.0
        return (parts[0] * 255, parts[1] * 255, parts[2] * 255, alpha)
    raise ValueError(f"not a computed colour this module reads: {css!r}")


def over(top: RGBA, bottom: RGBA) -> RGBA:
    """`top` painted over an opaque `bottom` (source-over compositing)."""
    alpha = top[3]
    return (*(t * alpha + b * (1 - alpha) for t, b in zip(top[:3], bottom[:3])), 1.0)


def luminance(colour: RGBA) -> float:
    """WCAG relative luminance of an opaque colour."""
    def channel(value: float) -> float:
        value /= 255
        return value / 12.92 if value <= 0.04045 else ((value + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(c) for c in colour[:3])
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast(first: RGBA, second: RGBA) -> float:
    """WCAG contrast ratio of two opaque colours, from 1 to 21."""
    light, dark = sorted((luminance(first), luminance(second)), reverse=True)
    return (light + 0.05) / (dark + 0.05)
