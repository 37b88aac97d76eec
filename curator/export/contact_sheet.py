"""The pack's contact sheet: an A4 PDF of numbered thumbnails with caption and credit.

Set in the bundled Noto fonts (embedded, :mod:`curator.export.fonts`); captions go
through :mod:`curator.export.text` word by word — never through markup — so ``<b>`` or
``&`` in a caption are letters, and Arabic reads right to left.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator, Sequence
from pathlib import Path

from reportlab import rl_config
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from curator.export import text
from curator.export.documents import PackImage
from curator.export.fonts import BOLD, REGULAR, register_fonts
from curator.export.partners import Licence

COLUMNS, ROWS = 4, 4
MARGIN = 14 * mm
HEADER = 20 * mm
GUTTER = 5 * mm


@contextlib.contextmanager
def binary_streams() -> Iterator[None]:
    """PDF streams Flate-compressed only, not also ASCII85-encoded (reportlab's default).

    Without reportlab's C accelerator the ASCII85 step is pure Python: it took longer than
    drawing the whole sheet (30 ms a thumbnail). Binary streams are a quarter smaller, too,
    and plain Flate is what tools (and ``tests/privacy.py``) inflate to look inside.
    """
    before = rl_config.useA85
    rl_config.useA85 = 0
    try:
        yield
    finally:
        rl_config.useA85 = before


def write_contact_sheet(path: Path, images: Sequence[PackImage], licence: Licence,
                        pack_id: str, thumbs: dict[int, tuple[Path, tuple[int, int]]]) -> None:
    """Write the contact sheet of ``images``; ``thumbs``: image id → (a small JPEG file, its
    pixel size). Handed to reportlab by file name, a JPEG is embedded as it is (no decode
    and re-encode, which an ``ImageReader`` would do)."""
    with binary_streams():
        _write(path, images, licence, pack_id, thumbs)


def _write(path: Path, images: Sequence[PackImage], licence: Licence, pack_id: str,
           thumbs: dict[int, tuple[Path, tuple[int, int]]]) -> None:
    register_fonts()
    width, height = A4
    canvas = Canvas(str(path), pagesize=A4, pageCompression=1, initialFontName=REGULAR.latin,
                    initialFontSize=8)
    canvas.setTitle(f"Contact sheet — {pack_id}")
    canvas.setAuthor(licence.licensor or licence.attribution or "Curator")
    canvas.setSubject(f"Photographs for {licence.partner}")
    cell_w = (width - 2 * MARGIN - (COLUMNS - 1) * GUTTER) / COLUMNS
    cell_h = (height - 2 * MARGIN - HEADER - (ROWS - 1) * GUTTER) / ROWS
    thumb_h = cell_h * 0.58
    per_page = COLUMNS * ROWS
    pages = max(1, -(-len(images) // per_page))
    for page in range(pages):
        _header(canvas, licence, pack_id, page + 1, pages, width, height)
        for slot, img in enumerate(images[page * per_page:(page + 1) * per_page]):
            n = page * per_page + slot + 1
            col, row = slot % COLUMNS, slot // COLUMNS
            x = MARGIN + col * (cell_w + GUTTER)
            top = height - MARGIN - HEADER - row * (cell_h + GUTTER)
            thumb, (iw, ih) = thumbs[img.image_id]
            scale = min(cell_w / iw, thumb_h / ih)
            dw, dh = iw * scale, ih * scale
            canvas.drawImage(str(thumb), x + (cell_w - dw) / 2,
                             top - thumb_h + (thumb_h - dh) / 2, dw, dh)
            y = top - thumb_h - 2 * mm
            canvas.setFillGray(0)
            y = text.draw(canvas, text.fit(f"{n}", cell_w, 12, BOLD, 8), x, y, cell_w)
            if img.caption:
                block = text.fit(img.caption, cell_w, cell_h - thumb_h - 16 * mm, REGULAR, 7,
                                 min_size=6)
                y = text.draw(canvas, block, x, y, cell_w)
            canvas.setFillGray(0.35)
            text.draw(canvas, text.fit(img.credit or "", cell_w, 9, REGULAR, 6, min_size=5,
                                       max_lines=1), x, y - 1, cell_w)
            text.draw(canvas, text.fit(img.file_name, cell_w, 9, REGULAR, 5, max_lines=1),
                      x, y - 9, cell_w)
        canvas.showPage()
    canvas.save()


def _header(canvas: Canvas, licence: Licence, pack_id: str, page: int, pages: int,
            width: float, height: float) -> None:
    canvas.setFillGray(0)
    inner = width - 2 * MARGIN
    title = f"Photographs for {licence.partner}"
    y = text.draw(canvas, text.fit(title, inner, 16, BOLD, 12, min_size=9, max_lines=1),
                  MARGIN, height - MARGIN, inner)
    line = (f"Pack {pack_id} · {', '.join(licence.uses)} use until "
            f"{licence.expires_on.isoformat()} · credit: "
            f"{licence.attribution or 'as under each photograph'} · page {page} of {pages}")
    canvas.setFillGray(0.3)
    text.draw(canvas, text.fit(line, inner, 20, REGULAR, 8, min_size=6, max_lines=2),
              MARGIN, y - 1, inner)
