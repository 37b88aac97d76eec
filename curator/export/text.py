"""Setting untrusted caption text in a PDF: wrapping, right-to-left lines, fitting a box.

Captions are set word by word on the canvas, never through reportlab's ``Paragraph``
markup parser, so ``<b>`` or ``&`` in a caption are letters, not markup. Each word is
split into runs of one font (Noto Sans for Latin, Noto Naskh for Arabic script, Droid Sans
Fallback for Chinese, Japanese and Korean; none covers the others' letters). Arabic and Urdu follow the recipe verified in ``shared/metadata.md``:
wrap the logical text into lines first, then put each line in visual order with the
Unicode bidi algorithm, and hand every Arabic run to HarfBuzz (through reportlab) in
logical order, because HarfBuzz reverses it again while it joins the letters.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from functools import lru_cache
from xml.sax.saxutils import escape

from bidi.algorithm import get_display  # the full UAX #9 with mirroring ((, [, «)
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import shapeStr

from curator.export.fonts import REGULAR, Face, covers, register_fonts

ELLIPSIS = "\u2026"
LEADING = 1.35  # Naskh's marks reach well above and below Latin: a looser line than 1.2


def escape_markup(text: str) -> str:
    """``text`` made safe for a reportlab ``Paragraph`` (``&``, ``<``, ``>`` escaped)."""
    return escape(text)


def _is_arabic_script(char: str) -> bool:
    cp = ord(char)
    return (0x0600 <= cp <= 0x06FF or 0x0750 <= cp <= 0x077F or 0x08A0 <= cp <= 0x08FF
            or 0xFB50 <= cp <= 0xFDFF or 0xFE70 <= cp <= 0xFEFF)


def _is_rtl_letter(char: str) -> bool:
    return unicodedata.bidirectional(char) in ("R", "AL")


def is_rtl(text: str) -> bool:
    """Whether a paragraph reads right to left: its first strong letter is RTL (UAX #9 P2)."""
    for char in text:
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return True
        if kind == "L":
            return False
    return False


def _font_for(char: str, token_has_arabic: bool, face: Face) -> str:
    if _is_arabic_script(char):
        return face.arabic
    if token_has_arabic and covers(face.arabic, char):
        return face.arabic  # digits and punctuation inside an Arabic word stay in its font
    if covers(face.latin, char):
        return face.latin
    if covers(face.arabic, char):
        return face.arabic
    if covers(face.fallback, char):
        return face.fallback
    return face.latin  # no bundled font has it: the PDF shows the font's missing-glyph box


@dataclass(frozen=True)
class Run:
    """Text in one font, ready for the canvas: ``text`` is what reportlab is handed."""

    text: str
    font: str
    width: float
    shaped: bool


@lru_cache(maxsize=8192)
def _run_width(text: str, font: str, size: float, shaped: bool) -> float:
    if shaped:
        s = shapeStr(text, font, size)
        data = getattr(s, "__shapeData__", None)
        if data is not None:
            return sum(g.x_advance for g in data) * size / 1000
    return pdfmetrics.stringWidth(text, font, size)


def _runs_of_token(token: str, face: Face, size: float, visual: bool) -> list[Run]:
    """One space-free token as font runs, left to right when ``visual``."""
    has_arabic = any(_is_arabic_script(c) for c in token)
    runs: list[Run] = []
    current = ""
    current_font = ""
    for char in token:
        font = _font_for(char, has_arabic, face)
        if current and font != current_font:
            runs.append(_make_run(current, current_font, size, visual))
            current = ""
        current += char
        current_font = font
    if current:
        runs.append(_make_run(current, current_font, size, visual))
    return runs


def _make_run(text: str, font: str, size: float, visual: bool) -> Run:
    arabic = any(_is_arabic_script(c) for c in text)
    if arabic and visual:
        # HarfBuzz treats an Arabic-script run as right to left and reverses it while it
        # shapes; give it the reverse of the visual order (the logical order of the word).
        text = text[::-1]
    return Run(text, font, _run_width(text, font, size, arabic), arabic)


def _word_width(word: str, face: Face, size: float) -> float:
    return sum(r.width for r in _runs_of_token(word, face, size, visual=False))


@dataclass(frozen=True)
class Line:
    """One set line: runs left to right, spaces included; ``rtl`` lines align right."""

    runs: tuple[Run, ...]
    width: float
    rtl: bool
    text: str  # the line's logical text


def _visual_line(words: list[str], rtl: bool, face: Face, size: float) -> Line:
    logical = " ".join(words)
    visual = get_display(logical, base_dir="R" if rtl else "L")
    space = _run_width(" ", face.latin, size, False)
    runs: list[Run] = []
    for i, token in enumerate(visual.split(" ")):
        if i:
            runs.append(Run(" ", face.latin, space, False))
        if token:
            runs.extend(_runs_of_token(token, face, size, visual=True))
    return Line(tuple(runs), sum(r.width for r in runs), rtl, logical)


def _split_long_word(word: str, width: float, face: Face, size: float) -> list[str]:
    """A word wider than the line (a URL, a long compound) broken at letters."""
    pieces: list[str] = []
    current = ""
    for char in word:
        if current and _word_width(current + char, face, size) > width:
            pieces.append(current)
            current = ""
        current += char
    if current:
        pieces.append(current)
    return pieces


def _wrap_paragraph(paragraph: str, width: float, face: Face, size: float) -> list[list[str]]:
    space = _run_width(" ", face.latin, size, False)
    lines: list[list[str]] = []
    line: list[str] = []
    line_width = 0.0
    for raw in paragraph.split():
        for word in (_split_long_word(raw, width, face, size)
                     if _word_width(raw, face, size) > width else [raw]):
            w = _word_width(word, face, size)
            if line and line_width + space + w > width:
                lines.append(line)
                line, line_width = [], 0.0
            line_width += (space if line else 0.0) + w
            line.append(word)
    if line:
        lines.append(line)
    return lines


# Control characters and explicit bidi embeddings/overrides/isolates: untrusted text could
# use them to reorder what is printed (the layout does its own bidi) or leave garbage glyphs.
_CONTROLS = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def clean(text: str) -> str:
    """``text`` without control characters or bidi overrides; tabs become spaces."""
    return _CONTROLS.sub("", (text or "").replace("\t", " "))


def wrap(text: str, width: float, face: Face = REGULAR, size: float = 10.0) -> list[Line]:
    """``text`` wrapped to ``width`` points; each paragraph (line break) keeps its direction."""
    register_fonts()
    lines: list[Line] = []
    for paragraph in clean(text).splitlines():
        if not paragraph.strip():
            continue
        rtl = is_rtl(paragraph)
        lines.extend(_visual_line(words, rtl, face, size)
                     for words in _wrap_paragraph(paragraph, width, face, size))
    return lines


@dataclass
class TextBlock:
    """Text set at one size: what :func:`fit` decided and :func:`draw` puts on the page."""

    lines: list[Line]
    face: Face
    size: float
    leading: float
    truncated: bool = False
    shrunk: bool = False
    notes: list[str] = field(default_factory=list)

    @property
    def height(self) -> float:
        return len(self.lines) * self.leading


def _truncate(lines: list[Line], keep: int, width: float, face: Face, size: float) -> list[Line]:
    """The first ``keep`` lines, the last one ending in an ellipsis that fits."""
    kept = lines[:keep]
    if not kept:
        return kept
    last = kept[-1]
    words = last.text.split()
    while True:
        candidate = _visual_line(words[:-1] + [words[-1] + ELLIPSIS] if words else [ELLIPSIS],
                                 last.rtl, face, size)
        if candidate.width <= width or len(words) <= 1:
            break
        words = words[:-1]
    kept[-1] = candidate
    return kept


def fit(text: str, width: float, height: float, face: Face = REGULAR, size: float = 10.0,
        min_size: float | None = None, leading: float = LEADING,
        max_lines: int | None = None) -> TextBlock:
    """Set ``text`` in a ``width`` × ``height`` box: at ``size`` if it fits, else a smaller
    size down to ``min_size`` (half-point steps), else cut after the lines that fit at
    ``min_size``, the last ending in "…" (``truncated``: the caller warns)."""
    floor = size if min_size is None else min(min_size, size)
    current = size
    while True:
        lines = wrap(text, width, face, current)
        fits_lines = max_lines is None or len(lines) <= max_lines
        if len(lines) * current * leading <= height + 0.01 and fits_lines:
            return TextBlock(lines, face, current, current * leading, shrunk=current < size)
        if current - 0.5 < floor - 1e-9:
            break
        current = round(current - 0.5, 2)
    keep = max(0, int((height + 0.01) // (current * leading)))
    if max_lines is not None:
        keep = min(keep, max_lines)
    return TextBlock(_truncate(lines, keep, width, face, current), face, current,
                     current * leading, truncated=True, shrunk=current < size)


def _draw_run(canvas, run: Run, x: float, y: float, size: float) -> None:
    # canvas.drawString(shaping=True) shapes nothing unless reportlab's optional rlbidi
    # is installed; shaping the run here and writing the ShapedStr works without it.
    text = shapeStr(run.text, run.font, size) if run.shaped else run.text
    obj = canvas.beginText(x, y)
    obj.setFont(run.font, size)
    obj.textOut(text)
    if run.shaped:
        # Shaped glyphs map back to presentation forms (and ligatures to nothing), so
        # the run carries its logical text for copy, search and screen readers.
        actual = run.text.encode("utf-16-be").hex().upper()
        canvas.addLiteral(f"/Span <</ActualText <FEFF{actual}>>> BDC")
        canvas.drawText(obj)
        canvas.addLiteral("EMC")
    else:
        canvas.drawText(obj)


def draw(canvas, block: TextBlock, x: float, y_top: float, width: float,
         align: str = "start") -> float:
    """Draw ``block`` with its first line's top at ``y_top``; returns the y under it.

    ``align``: ``start`` (left for LTR lines, right for RTL ones), ``centre``, or ``end``.
    The caller sets the fill colour.
    """
    register_fonts()
    y = y_top
    for line in block.lines:
        baseline = y - block.size * 1.05
        if align == "centre":
            cursor = x + (width - line.width) / 2
        elif (align == "start") == line.rtl:
            cursor = x + width - line.width
        else:
            cursor = x
        for run in line.runs:
            # Spaces are drawn too: pdftotext needs them to tell Arabic words apart.
            _draw_run(canvas, run, cursor, baseline, block.size)
            cursor += run.width
        y -= block.leading
    return y

