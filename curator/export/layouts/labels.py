"""Wall labels: one label per photograph (default 148 × 105 mm), tiled on A4/A3 sheets with
cut guides: position number, caption, credit, event and year, a short description."""

from __future__ import annotations

from pathlib import Path

from curator.errors import InvalidInput
from curator.export import fonts, text
from curator.export.layouts.common import MM, Sheet, finish_page, mm, pdf, start_page

GUIDE_GREY = (0.6, 0.6, 0.6)
MARK_MM = 6.0
PADDING_MM = 8.0


def grid(sheet_w: float, sheet_h: float, label_w: float, label_h: float) -> tuple[int, int]:
    """How many labels fit across and down a sheet (all in the same unit)."""
    return int(sheet_w // label_w), int(sheet_h // label_h)


def build(job, path: Path, public_id: str) -> int:
    exh = job.exhibition
    paper = job.paper("labels")
    lw, lh = (mm(v) for v in job.options.label_mm)
    sw, sh = mm(paper.width_mm), mm(paper.height_mm)
    if not job.options.landscape:
        # the sheet's way round that holds more labels (A4: 4 landscape, 2 portrait)
        across, down = grid(sw, sh, lw, lh)
        across_t, down_t = grid(sh, sw, lw, lh)
        if across_t * down_t > across * down:
            sw, sh = sh, sw
    across, down = grid(sw, sh, lw, lh)
    if across * down == 0:
        lw_mm, lh_mm = job.options.label_mm
        raise InvalidInput(f"A {lw_mm:g}×{lh_mm:g} mm label does not fit on "
                           f"{paper.describe()}: choose a larger --paper.")
    per_sheet = across * down
    sheet = Sheet(sw, sh)
    x0 = (sw - across * lw) / 2
    y0 = (sh - down * lh) / 2
    pages = 0
    with pdf(path, f"{exh['title']} — wall labels", f"Wall labels ({public_id})",
             public_id) as (canvas, _spool):
        for start in range(0, len(job.items), per_sheet):
            start_page(canvas, sheet)
            pages += 1
            try:
                for k, item in enumerate(job.items[start:start + per_sheet]):
                    job.step(start + k, item["file_name"])
                    col, row = k % across, k // across
                    x = x0 + col * lw
                    y = y0 + (down - 1 - row) * lh
                    _label(canvas, job, item, x, y, lw, lh)
                    job.placed.append((item["image_id"], pages))
                _cut_guides(canvas, x0, y0, across, down, lw, lh, sw, sh)
            finally:
                finish_page(canvas, sheet)
        job.step(len(job.items), "")
    return pages


def _cut_guides(canvas, x0: float, y0: float, across: int, down: int, lw: float, lh: float,
                sw: float, sh: float) -> None:
    """Hairlines along every cut, and marks in the sheet's margins where each cut runs."""
    canvas.saveState()
    canvas.setStrokeColorRGB(*GUIDE_GREY)
    canvas.setLineWidth(0.3)
    canvas.setDash(2, 2)
    x1, y1 = x0 + across * lw, y0 + down * lh
    for c in range(across + 1):
        canvas.line(x0 + c * lw, y0, x0 + c * lw, y1)
    for r in range(down + 1):
        canvas.line(x0, y0 + r * lh, x1, y0 + r * lh)
    canvas.setDash()
    canvas.setStrokeColorRGB(0, 0, 0)
    canvas.setLineWidth(0.5)
    mark = MARK_MM * MM
    gap = MM  # 1 mm clear of the labels
    for c in range(across + 1):
        x = x0 + c * lw
        if y0 > gap:
            canvas.line(x, max(0.0, y0 - gap - mark), x, y0 - gap)
        if sh - y1 > gap:
            canvas.line(x, y1 + gap, x, min(sh, y1 + gap + mark))
    for r in range(down + 1):
        y = y0 + r * lh
        if x0 > gap:
            canvas.line(max(0.0, x0 - gap - mark), y, x0 - gap, y)
        if sw - x1 > gap:
            canvas.line(x1 + gap, y, min(sw, x1 + gap + mark), y)
    canvas.restoreState()


def _label(canvas, job, item: dict, x: float, y: float, w: float, h: float) -> None:
    pad = mm(PADDING_MM)
    inner_w = w - 2 * pad
    top = y + h - pad
    bottom = y + pad
    scale = min(w / mm(148), h / mm(105))  # type follows the label's size
    number_size = 22 * scale
    canvas.setFillColorRGB(0, 0, 0)
    canvas.setFont(fonts.SANS_BOLD, number_size)
    canvas.drawString(x + pad, top - number_size, str(item["position"]))
    y_text = top - number_size * 1.5

    small = 8.5 * scale
    meta = text.fit(item["event_line"], inner_w, small * text.LEADING, fonts.REGULAR, small,
                    small, max_lines=1)
    credit = text.fit(item["credit_line"], inner_w, 2 * small * text.LEADING, fonts.ITALIC,
                      small, small * 0.85, max_lines=2)
    footer = meta.height + credit.height
    middle = y_text - bottom - footer - small
    caption_size = 13 * scale
    caption = text.fit(item["caption"] or "", inner_w, middle * 0.5, fonts.BOLD,
                       caption_size, caption_size * 0.65)
    description = (item.get("alt_text") or "").strip()
    desc = text.fit(description, inner_w, middle - caption.height - small * 0.5,
                    fonts.REGULAR, 9.5 * scale, 7 * scale)
    if caption.truncated:
        job.warn(item, "its caption is too long for the wall label: it was cut short (…); "
                       "shorten it for print.")
    if desc.truncated and description:
        job.warn(item, "its description (alt text) is too long for the wall label: it was "
                       "cut short (…).")
    y_text = text.draw(canvas, caption, x + pad, y_text, inner_w) - small * 0.5
    canvas.setFillColorRGB(0.15, 0.15, 0.15)
    text.draw(canvas, desc, x + pad, y_text, inner_w)
    canvas.setFillColorRGB(0, 0, 0)
    y_foot = bottom + footer
    y_foot = text.draw(canvas, credit, x + pad, y_foot, inner_w)
    canvas.setFillColorRGB(0.35, 0.35, 0.35)
    text.draw(canvas, meta, x + pad, y_foot, inner_w)
