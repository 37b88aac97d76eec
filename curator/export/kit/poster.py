"""A printable A4 poster of one photograph: the picture, the campaign's theme, the day's
topic, the campaign and its dates, the credit, who shares it, and the campaign's logo.

Set with the layouts' text machinery (:mod:`curator.export.text`: runs per script,
Arabic shaped and right to left, nothing read as markup) and their PDF writer
(:func:`curator.export.layouts.common.pdf`: the bundled fonts embedded, the photograph
placed as the very JPEG of the pack's rendition, tagged sRGB). Office printers do not
print to the edge, so there is no bleed: a white margin frames the page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path

from reportlab.lib.utils import ImageReader

from curator.export import fonts, text
from curator.export.layouts.common import Sheet, finish_page, mm, pdf, start_page

PAGE_W, PAGE_H = 210.0, 297.0  # A4, mm
INK = (0.08, 0.08, 0.1)
GREY = (0.36, 0.36, 0.4)
ACCENT = (0.78, 0.12, 0.35)
MIN_PPI = 150.0  # below this a photograph looks soft at arm's length


@dataclass(frozen=True)
class PosterText:
    """Everything the poster says (untrusted text, set as letters)."""

    theme: str
    campaign: str            # "Baby Week 2025 · 14–20 November 2025"
    topic: str = ""          # "Day 2 · Sleep"
    credit: str = ""
    partner: str = ""        # "Shared by …"
    footer: str = ""         # link and hashtags
    public_id: str = ""


def write_poster(path: Path, jpeg: bytes, size: tuple[int, int], words: PosterText,
                 logo_png: bytes | None = None) -> list[str]:
    """Write the poster PDF at ``path``; returns warnings (text shortened …)."""
    warnings: list[str] = []
    margin = mm(14)
    width, height = mm(PAGE_W), mm(PAGE_H)
    inner = width - 2 * margin
    sheet = Sheet(width, height)
    title = f"{words.theme or words.campaign} — poster"
    with pdf(path, title, f"Campaign poster ({words.public_id})", words.public_id) as (
            canvas, spool):
        start_page(canvas, sheet)
        try:
            # The words first: the photograph gets what they leave, up to 56% of the page.
            footer_h, gap, bar = mm(34), mm(4), mm(1.6) + mm(6)
            blocks = []
            if words.topic:
                blocks.append(("topic", text.fit(words.topic, inner, 2 * 15 * text.LEADING,
                                                 fonts.BOLD, 15, 11, max_lines=2)))
            blocks.append(("campaign", text.fit(words.campaign, inner,
                                                2 * 12 * text.LEADING, fonts.REGULAR, 12,
                                                10, max_lines=2)))
            theme = text.fit(words.theme or words.campaign, inner, mm(62), fonts.BOLD, 40, 18,
                             max_lines=4)
            if theme.truncated:
                warnings.append("the theme is too long for the poster: it was cut short (…)")
            used = bar + theme.height + sum(b.height + gap for _, b in blocks)
            credit = text.fit(words.credit, inner, 2 * 8 * text.LEADING, fonts.ITALIC, 8, 7,
                              max_lines=2) if words.credit else None
            credit_h = mm(2.5) + (credit.height if credit else 0)
            room_for_photo = height - 2 * margin - footer_h - mm(6) - used - mm(7) - credit_h
            box_h = min(height * 0.56, room_for_photo)
            scale = min(inner / size[0], box_h / size[1])
            pw, ph = size[0] * scale, size[1] * scale
            ppi = size[0] / (pw / 72)
            if ppi < MIN_PPI:
                warnings.append(f"its poster prints the photograph at {ppi:.0f} pixels per inch "
                                f"(sharp from {MIN_PPI:.0f}): it will look soft on A4")
            top = height - margin
            spool.draw(canvas, jpeg, size, margin + (inner - pw) / 2, top - ph, pw, ph)
            y = top - ph - mm(2.5)
            if credit:
                canvas.setFillColorRGB(*GREY)
                y = text.draw(canvas, credit, margin, y, inner, align="end")
            room = y - mm(7) - margin - footer_h - mm(6)
            # the words sit a third of the way down the room the photograph leaves
            y -= mm(7) + max(0.0, room - used) / 3
            canvas.setFillColorRGB(*ACCENT)
            canvas.rect(margin, y - mm(1.6), mm(24), mm(1.6), stroke=0, fill=1)
            y -= bar
            canvas.setFillColorRGB(*INK)
            y = text.draw(canvas, theme, margin, y, inner) - gap
            for kind, block in blocks:
                canvas.setFillColorRGB(*(ACCENT if kind == "topic" else GREY))
                y = text.draw(canvas, block, margin, y, inner) - gap
            _footer(canvas, words, logo_png, margin, inner, footer_h)
        finally:
            finish_page(canvas, sheet)
    return warnings


def _footer(canvas, words: PosterText, logo_png: bytes | None, margin: float, inner: float,
            footer_h: float) -> None:
    canvas.setStrokeColorRGB(0.8, 0.8, 0.82)
    canvas.setLineWidth(0.6)
    canvas.line(margin, margin + footer_h, margin + inner, margin + footer_h)
    text_w = inner
    if logo_png:
        reader = ImageReader(io.BytesIO(logo_png))
        lw, lh = reader.getSize()
        box_w, box_h = inner * 0.32, footer_h - mm(8)
        scale = min(box_w / lw, box_h / lh)
        w, h = lw * scale, lh * scale
        canvas.drawImage(reader, margin + inner - w, margin + (footer_h - h) / 2, w, h,
                         mask="auto")
        text_w = inner - box_w - mm(6)
    y = margin + footer_h - mm(5)
    if words.partner:
        partner = text.fit(words.partner, text_w, 2 * 11 * text.LEADING, fonts.BOLD, 11, 9,
                           max_lines=2)
        canvas.setFillColorRGB(*INK)
        y = text.draw(canvas, partner, margin, y, text_w) - mm(1.5)
    if words.footer:
        footer = text.fit(words.footer, text_w, max(y - margin, 9), fonts.REGULAR, 9, 7)
        canvas.setFillColorRGB(*GREY)
        text.draw(canvas, footer, margin, y, text_w)
