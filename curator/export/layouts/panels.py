"""Exhibition panels: one page per photograph at its print size, picture above a caption
block, with bleed and crop marks."""

from __future__ import annotations

from pathlib import Path

from curator.exhibitions.print_sizes import PrintSize, parse_print_size
from curator.export import fonts, text
from curator.export.layouts import pictures
from curator.export.layouts.common import (
    Sheet,
    finish_page,
    mm,
    pdf,
    start_page,
)

GREY = (0.35, 0.35, 0.35)


def panel_size(job, item: dict) -> PrintSize:
    """The item's print size, else ``--paper`` in the picture's own orientation."""
    if item["print"] is not None:
        return item["print"]
    if job.options.landscape:
        orientation = "landscape"
    else:
        orientation = "landscape" if (item["width"] or 1) > (item["height"] or 1) else "portrait"
    return parse_print_size(job.options.paper or "A3", orientation)


def build(job, path: Path, public_id: str) -> int:
    exh = job.exhibition
    bleed = mm(job.options.bleed_mm)
    pages = 0
    with pdf(path, f"{exh['title']} — panels", f"Exhibition panels ({public_id})",
             public_id) as (canvas, spool):
        for done, item in enumerate(job.items):
            job.step(done, item["file_name"])
            size = panel_size(job, item)
            sheet = Sheet(mm(size.width_mm), mm(size.height_mm), bleed, marks=bleed > 0)
            start_page(canvas, sheet)
            try:
                _panel(canvas, spool, job, item, sheet)
            finally:
                finish_page(canvas, sheet)
            pages += 1
            job.placed.append((item["image_id"], pages))
        job.step(len(job.items), "")
    return pages


def _panel(canvas, spool, job, item: dict, sheet: Sheet) -> None:
    w, h, b = sheet.trim_w, sheet.trim_h, sheet.bleed
    short = min(w, h)
    margin = max(mm(10), short * 0.05)
    band = max(mm(32), h * 0.17)  # the caption block's height, from the trim's bottom
    if job.options.fit == pictures.CROP:
        box = (-b, band, w + 2 * b, h - band + b)  # to the trim and into the bleed
    else:
        box = (margin, band, w - 2 * margin, h - band - margin)
    bx, by, bw, bh = box
    picture = pictures.render(job.library, item, bw, bh, job.options.fit)
    spool.draw(canvas, picture.jpeg, (picture.width_px, picture.height_px), bx + picture.x,
               by + picture.y, picture.width, picture.height)
    del picture
    text_width = w - 2 * margin
    if job.logo is not None:
        text_width -= _logo(canvas, spool, job, w - margin, band, margin) + margin
    _caption_block(canvas, job, item, margin, band, text_width, short)


def _logo(canvas, spool, job, right: float, band: float, margin: float) -> float:
    """The campaign logo at the caption block's right end; returns the width it took."""
    logo = job.logo
    height = band * 0.45
    width = min(height * (logo["width"] or 1) / max(1, logo["height"] or 1), right * 0.3)
    picture = pictures.render(job.library, logo, width, height, pictures.FIT)
    y = (band - height) / 2
    spool.draw(canvas, picture.jpeg, (picture.width_px, picture.height_px),
               right - width + picture.x, y + picture.y, picture.width, picture.height)
    return width


def _caption_block(canvas, job, item: dict, x: float, band: float, width: float,
                   short: float) -> None:
    size = min(60.0, max(12.0, short / 72 * 25.4 * 0.065))  # 27 pt on A2, 14 pt on A4
    top = band - size * 0.9
    bottom = size * 0.9
    meta_size = size * 0.55
    credit_size = size * 0.6
    meta = text.fit(_meta_line(item), width, meta_size * text.LEADING, fonts.REGULAR,
                    meta_size, meta_size, max_lines=1)
    credit = text.fit(item["credit_line"], width, 2 * credit_size * text.LEADING,
                      fonts.ITALIC, credit_size, credit_size * 0.8, max_lines=2)
    gap = size * 0.35
    room = top - bottom - meta.height - credit.height - 2 * gap
    caption = text.fit(item["caption"] or "", width, max(room, size), fonts.BOLD, size,
                       size * 0.6)
    if caption.truncated:
        job.warn(item, "its caption is too long for the panel: it was cut short (…) at "
                       f"{caption.size:g} pt; shorten it for print.")
    elif caption.shrunk:
        job.warn(item, f"its caption was set smaller ({caption.size:g} pt instead of "
                       f"{size:g} pt) to fit the panel.")
    canvas.setFillColorRGB(0, 0, 0)
    y = text.draw(canvas, caption, x, top, width) - gap
    y = text.draw(canvas, credit, x, y, width) - gap
    canvas.setFillColorRGB(*GREY)
    text.draw(canvas, meta, x, y, width)


def _meta_line(item: dict) -> str:
    parts = [f"{item['position']}"]
    if item["event_line"]:
        parts.append(item["event_line"])
    return "  ·  ".join(parts)
