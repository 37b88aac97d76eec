"""The catalogue: a cover (title, subtitle, statement, the tour), a grid of pictures with
number, caption and credit, page numbers, a credits page; bookmarks per section."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from curator.export import fonts, text
from curator.export.layouts import pictures
from curator.export.layouts.common import Sheet, finish_page, mm, pdf, start_page

COLUMNS = 2
ROWS = 3
MARGIN_MM = 18.0
GREY = (0.35, 0.35, 0.35)


def _day(iso: str) -> str:
    d = date.fromisoformat(iso)
    return f"{d.day} {d:%B %Y}"


def build(job, path: Path, public_id: str) -> int:
    exh = job.exhibition
    paper = job.paper("catalogue")
    sheet = Sheet(mm(paper.width_mm), mm(paper.height_mm))
    with pdf(path, exh["title"], f"Exhibition catalogue ({public_id})", public_id,
             lang="en") as (canvas, spool):
        canvas.showOutline()
        pages = _cover(canvas, job, sheet)
        pages = _grid(canvas, spool, job, sheet, pages)
        pages = _credits(canvas, job, sheet, pages)
        job.step(len(job.items), "")
    return pages


def _page(canvas, sheet: Sheet, number: int | None) -> None:
    start_page(canvas, sheet)
    if number is not None:
        canvas.setFillColorRGB(*GREY)
        canvas.setFont(fonts.SANS, 9)
        canvas.drawCentredString(sheet.trim_w / 2, mm(10), str(number))
        canvas.setFillColorRGB(0, 0, 0)


def _cover(canvas, job, sheet: Sheet) -> int:
    exh = job.exhibition
    m = mm(MARGIN_MM)
    width = sheet.trim_w - 2 * m
    _page(canvas, sheet, None)
    canvas.bookmarkPage("cover")
    canvas.addOutlineEntry("Cover", "cover", level=0)
    y = sheet.trim_h - m * 2
    title = text.fit(exh["title"], width, 3 * 34 * text.LEADING, fonts.BOLD, 34, 20)
    y = text.draw(canvas, title, m, y, width) - 8
    if exh["subtitle"]:
        sub = text.fit(exh["subtitle"], width, 2 * 18 * text.LEADING, fonts.REGULAR, 18, 12)
        y = text.draw(canvas, sub, m, y, width) - 24
    tour = [f"{v['name']} — {_day(v['opens'])} to {_day(v['closes'])}" for v in job.venues]
    tour_height = (len(tour) + 2) * 11 * text.LEADING
    if exh["statement"]:
        room = y - m - tour_height - 24
        statement = text.fit(exh["statement"], width, max(room, 40), fonts.REGULAR, 12, 8.5)
        if statement.truncated:
            job.warn(None, "The statement is too long for the catalogue's cover: it was cut "
                           "short (…).")
        y = text.draw(canvas, statement, m, y, width) - 24
    if tour:
        heading = text.fit("On tour", width, 20, fonts.BOLD, 12)
        y = text.draw(canvas, heading, m, y, width)
        for line in tour:
            block = text.fit(line, width, 2 * 11 * text.LEADING, fonts.REGULAR, 11, 8,
                             max_lines=2)
            y = text.draw(canvas, block, m, y, width)
    finish_page(canvas, sheet)
    return 1


def _grid(canvas, spool, job, sheet: Sheet, pages: int) -> int:
    m = mm(MARGIN_MM)
    gutter = mm(8)
    cell_w = (sheet.trim_w - 2 * m - (COLUMNS - 1) * gutter) / COLUMNS
    cell_h = (sheet.trim_h - 2 * m - (ROWS - 1) * gutter) / ROWS
    pic_h = cell_h * 0.62
    per_page = COLUMNS * ROWS
    section = object()
    opened = False
    for start in range(0, len(job.items), per_page):
        pages += 1
        _page(canvas, sheet, pages)
        if not opened:
            canvas.bookmarkPage("pictures")
            canvas.addOutlineEntry("Photographs", "pictures", level=0)
            opened = True
        try:
            for k, item in enumerate(job.items[start:start + per_page]):
                job.step(start + k, item["file_name"])
                if item["section"] != section:
                    section = item["section"]
                    if section:
                        key = f"section-{item['position']}"
                        canvas.bookmarkPage(key)
                        canvas.addOutlineEntry(section, key, level=1)
                col, row = k % COLUMNS, k // COLUMNS
                x = m + col * (cell_w + gutter)
                top = sheet.trim_h - m - row * (cell_h + gutter)
                _cell(canvas, spool, job, item, x, top, cell_w, cell_h, pic_h)
                job.placed.append((item["image_id"], pages))
        finally:
            finish_page(canvas, sheet)
    return pages


def _cell(canvas, spool, job, item: dict, x: float, top: float, w: float, h: float,
          pic_h: float) -> None:
    picture = pictures.render(job.library, item, w, pic_h, pictures.FIT)
    spool.draw(canvas, picture.jpeg, (picture.width_px, picture.height_px), x + picture.x,
               top - pic_h + picture.y, picture.width, picture.height)
    del picture
    y = top - pic_h - 6
    room = h - pic_h - 6
    credit = text.fit(item["credit_line"], w, 2 * 8 * text.LEADING, fonts.ITALIC, 8, 7,
                      max_lines=2)
    caption_text = f"{item['position']}. {item['caption'] or ''}".strip()
    caption = text.fit(caption_text, w, room - credit.height, fonts.REGULAR, 9.5, 7.5)
    if caption.truncated:
        job.warn(item, "its caption is too long for the catalogue: it was cut short (…).")
    canvas.setFillColorRGB(0, 0, 0)
    y = text.draw(canvas, caption, x, y, w)
    canvas.setFillColorRGB(*GREY)
    text.draw(canvas, credit, x, y, w)
    canvas.setFillColorRGB(0, 0, 0)


def _credits(canvas, job, sheet: Sheet, pages: int) -> int:
    m = mm(MARGIN_MM)
    width = sheet.trim_w - 2 * m
    lines = [f"{item['position']}. {item['credit_line'] or 'Credit not recorded'}"
             for item in job.items]
    lines.append("")
    lines.append("Set in Noto Sans and Noto Naskh Arabic (SIL Open Font License 1.1).")
    first = True
    y = 0.0
    for line in lines:
        block = text.fit(line or " ", width, 2 * 10 * text.LEADING, fonts.REGULAR, 10, 8,
                         max_lines=2)
        height = max(block.height, 10 * text.LEADING)
        if first or y - height < m:
            if not first:
                finish_page(canvas, sheet)
            pages += 1
            _page(canvas, sheet, pages)
            y = sheet.trim_h - m
            if first:
                canvas.bookmarkPage("credits")
                canvas.addOutlineEntry("Credits", "credits", level=0)
                heading = text.fit("Credits", width, 30, fonts.BOLD, 18)
                y = text.draw(canvas, heading, m, y, width) - 10
                first = False
        text.draw(canvas, block, m, y, width)
        y -= height
    finish_page(canvas, sheet)
    return pages
