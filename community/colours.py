"""Brand colours that stay readable (WCAG 2.2 contrast).

An editor picks any colour for a community's brand. The page then uses it as
a band behind white or near-black text, whichever reads better, and as text
on white only after darkening it until it reaches 4.5 : 1.
"""

from __future__ import annotations

import re

HEX = re.compile(r"^#[0-9a-fA-F]{6}$")
WHITE = "#ffffff"
INK = "#1b2a26"
READABLE = 4.5


def _channel(value: int) -> float:
    c = value / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _rgb(colour: str) -> tuple[int, int, int]:
    if not HEX.match(colour):
        raise ValueError(f"not a #rrggbb colour: {colour!r}")
    return tuple(int(colour[i : i + 2], 16) for i in (1, 3, 5))  # type: ignore[return-value]


def luminance(colour: str) -> float:
    r, g, b = (_channel(v) for v in _rgb(colour))
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def text_on(background: str) -> str:
    """White or ink, whichever contrasts more with the background."""
    return WHITE if contrast(background, WHITE) >= contrast(background, INK) else INK


def readable_on_white(colour: str) -> str:
    """The colour, darkened in small steps until it reads on white."""
    r, g, b = _rgb(colour)
    while contrast(f"#{r:02x}{g:02x}{b:02x}", WHITE) < READABLE:
        r, g, b = (int(v * 0.92) for v in (r, g, b))
    return f"#{r:02x}{g:02x}{b:02x}"


def band(colour: str) -> tuple[str, str]:
    """(background, text) for a band in the brand colour: the colour itself if
    white or ink reads on it, else the colour darkened under white text."""
    text = text_on(colour)
    if contrast(colour, text) >= READABLE:
        return colour, text
    return readable_on_white(colour), WHITE
