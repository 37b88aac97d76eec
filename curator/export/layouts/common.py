"""What every print layout shares: millimetres and points, the page's boxes (trim, bleed,
marks), crop marks, placing a JPEG, and writing the PDF atomically."""

from __future__ import annotations

import os
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from reportlab import rl_config
from reportlab.pdfgen.canvas import Canvas

from curator.export import fonts

MM = 72 / 25.4  # points per millimetre
MARK_LENGTH_MM = 5.0
MARK_GAP_MM = 1.0  # room beyond the marks so a RIP does not clip them
MARK_WIDTH_PT = 0.25

# ASCII85 would inflate every embedded JPEG by a quarter: write binary streams.
rl_config.useA85 = 0


def mm(value: float) -> float:
    return value * MM


@dataclass(frozen=True)
class Sheet:
    """One page: the trimmed size, the bleed around it, and the slug holding crop marks.

    Coordinates handed to layouts are trim coordinates: (0, 0) is the trim's lower left.
    """

    trim_w: float  # points
    trim_h: float
    bleed: float = 0.0
    marks: bool = False

    @property
    def slug(self) -> float:
        """Distance from the media edge to the trim."""
        if not self.marks:
            return self.bleed
        return self.bleed + mm(MARK_LENGTH_MM + MARK_GAP_MM)

    @property
    def media(self) -> tuple[float, float]:
        return (self.trim_w + 2 * self.slug, self.trim_h + 2 * self.slug)

    def box(self, grow: float) -> tuple[float, float, float, float]:
        s = self.slug
        return (s - grow, s - grow, s + self.trim_w + grow, s + self.trim_h + grow)


def start_page(canvas: Canvas, sheet: Sheet) -> None:
    """Size the next page for ``sheet`` and move the origin to the trim's lower left."""
    canvas.setPageSize(sheet.media)
    canvas.setTrimBox(sheet.box(0))
    canvas.setBleedBox(sheet.box(sheet.bleed))
    canvas.saveState()
    canvas.translate(sheet.slug, sheet.slug)


def finish_page(canvas: Canvas, sheet: Sheet) -> None:
    canvas.restoreState()
    if sheet.marks:
        crop_marks(canvas, sheet)
    canvas.showPage()


def crop_marks(canvas: Canvas, sheet: Sheet) -> None:
    """Crop marks at the four corners, in line with the trim, starting outside the bleed."""
    s, b = sheet.slug, sheet.bleed
    length = mm(MARK_LENGTH_MM)
    left, bottom = s, s
    right, top = s + sheet.trim_w, s + sheet.trim_h
    canvas.saveState()
    canvas.setLineWidth(MARK_WIDTH_PT)
    canvas.setStrokeColorRGB(0, 0, 0)
    for x, direction in ((left, -1), (right, 1)):
        for y in (bottom, top):
            start = x + direction * b
            canvas.line(start, y, start + direction * length, y)
    for y, direction in ((bottom, -1), (top, 1)):
        for x in (left, right):
            start = y + direction * b
            canvas.line(x, start, x, start + direction * length)
    canvas.restoreState()


def new_canvas(path: Path, title: str, subject: str, lang: str | None = None) -> Canvas:
    fonts.register_fonts()
    canvas = Canvas(str(path), initialFontName=fonts.SANS, lang=lang, pageCompression=1)
    canvas.setTitle(title)
    canvas.setAuthor("")  # reportlab would write "anonymous"
    canvas.setSubject(subject)
    canvas.setCreator("Curator")
    return canvas


def draw_jpeg(canvas: Canvas, jpeg: bytes, x: float, y: float, w: float, h: float) -> None:
    """Place JPEG bytes as they are (DCTDecode, no re-encoding) in the box x, y, w, h.

    Handed over as a ``.jpg`` file: reportlab then copies the bytes. Given an ImageReader
    it would decode the JPEG again and hash the raw pixels to name it (1.2 s + 0.4 s for a
    24 MP panel, measured). The name is unique, because reportlab reuses an image drawn
    earlier under the same file name.
    """
    path = Path(tempfile.gettempdir()) / f"curator-layout-{uuid.uuid4().hex}.jpg"
    try:
        path.write_bytes(jpeg)
        canvas.drawImage(str(path), x, y, w, h)
    finally:
        path.unlink(missing_ok=True)


@contextmanager
def atomic_output(out: Path) -> Iterator[Path]:
    """A temporary path beside ``out``; the caller renames it into place (``os.replace``)
    when everything is written. On any failure the temporary file is removed."""
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(f".{out.name}.{os.getpid()}.tmp")
    try:
        yield tmp
    finally:
        if tmp.exists():
            tmp.unlink()
