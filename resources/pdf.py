"""PDF documents with the Chinese font embedded (as a subset), so a
certificate or transcript prints the same on any reader, phone or printer."""

from __future__ import annotations

from functools import cache
from pathlib import Path

FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
BOLD_FONT_FILE = Path("/usr/share/fonts/opentype/noto/NotoSerifCJK-Bold.ttc")
INK = (27, 42, 38)
SOFT = (63, 79, 74)
BRAND = (11, 93, 72)


@cache
def _sc_font_index(path: Path) -> int:
    """The Simplified Chinese face in a Noto CJK collection."""
    from fontTools.ttLib import TTCollection

    for index, font in enumerate(TTCollection(str(path)).fonts):
        if " SC" in font["name"].getDebugName(1):
            return index
    return 0


def new_document(orientation: str = "P"):
    """An A4 FPDF document with the font "cjk" (regular and bold) ready."""
    from fpdf import FPDF

    document = FPDF(orientation=orientation, format="A4")
    for style, path in (("", FONT_FILE), ("B", BOLD_FONT_FILE)):
        document.add_font(
            "cjk", style, str(path), collection_font_number=_sc_font_index(path)
        )
    document.set_font("cjk", size=11)
    document.set_text_color(*INK)
    return document
