"""The fonts Curator's PDFs are set in, registered with reportlab from ``resources/fonts/``.

Noto Sans for Latin (and Greek, Cyrillic), Noto Naskh Arabic for Arabic and Urdu, Droid Sans
Fallback for Chinese, Japanese and Korean. No one of them covers the others' scripts, so a
caption is set in runs of one font each; :mod:`curator.export.text` does that. Nothing here
reads the system's fonts.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass

from reportlab.lib.fonts import addMapping
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from curator.resources import resource_path

SANS = "NotoSans"
SANS_BOLD = "NotoSans-Bold"
SANS_ITALIC = "NotoSans-Italic"
NASKH = "NotoNaskhArabic"
NASKH_BOLD = "NotoNaskhArabic-Bold"
# One regular weight only: CJK in a bold or italic line is set regular (a TrueType CJK
# font with glyf outlines, which reportlab can embed, that has weights would be 3x larger).
CJK = "DroidSansFallback"

_FILES = {
    SANS: "NotoSans-Regular.ttf",
    SANS_BOLD: "NotoSans-Bold.ttf",
    SANS_ITALIC: "NotoSans-Italic.ttf",
    NASKH: "NotoNaskhArabic-Regular.ttf",
    NASKH_BOLD: "NotoNaskhArabic-Bold.ttf",
    CJK: "DroidSansFallback.ttf",
}

_lock = threading.Lock()
_registered = False


@dataclass(frozen=True)
class Face:
    """A style of text: the font for Latin-script runs, the one for Arabic-script runs, and
    the one for the letters neither has (Chinese, Japanese, Korean)."""

    latin: str
    arabic: str
    fallback: str = CJK


REGULAR = Face(SANS, NASKH)
BOLD = Face(SANS_BOLD, NASKH_BOLD)
# Naskh has no italic; Arabic in an italic line stays upright, as Arabic typesetting does.
ITALIC = Face(SANS_ITALIC, NASKH)


def register_fonts() -> None:
    """Register the bundled fonts with reportlab (once per process; safe from any thread).

    Also maps the Noto Sans family, so ``<b>``/``<i>`` in a reportlab ``Paragraph`` whose
    style uses ``SANS`` pick the bold and italic files (there is no bold italic: bold).
    """
    global _registered
    with _lock:
        if _registered:
            return
        for name, file_name in _FILES.items():
            pdfmetrics.registerFont(TTFont(name, str(resource_path("fonts", file_name))))
        addMapping(SANS, 0, 0, SANS)
        addMapping(SANS, 1, 0, SANS_BOLD)
        addMapping(SANS, 0, 1, SANS_ITALIC)
        addMapping(SANS, 1, 1, SANS_BOLD)
        addMapping(NASKH, 0, 0, NASKH)
        addMapping(NASKH, 1, 0, NASKH_BOLD)
        addMapping(NASKH, 0, 1, NASKH)
        addMapping(NASKH, 1, 1, NASKH_BOLD)
        _registered = True


def covers(font_name: str, char: str) -> bool:
    """Whether the registered font ``font_name`` has a glyph for ``char``."""
    register_fonts()
    return ord(char) in pdfmetrics.getFont(font_name).face.charToGlyph
