"""What every print layout shares: millimetres and points, the page's boxes (trim, bleed,
marks), crop marks, placing a JPEG, and writing the PDF atomically."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from PIL import ImageCms
from reportlab import rl_config
from reportlab.lib.utils import _digester
from reportlab.pdfbase.pdfdoc import PDFArray, PDFImageXObject, PDFName, PDFStream
from reportlab.pdfgen.canvas import Canvas

from curator.export import fonts

MM = 72 / 25.4  # points per millimetre
MARK_LENGTH_MM = 5.0
MARK_GAP_MM = 1.0  # room beyond the marks so a RIP does not clip them
MARK_WIDTH_PT = 0.25

SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()

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


@contextmanager
def pdf(path: Path, title: str, subject: str, public_id: str,
        lang: str | None = None) -> Iterator[tuple[Canvas, JpegSpool]]:
    """A canvas and its picture spool; on a clean exit the PDF is saved to ``path``."""
    raw = path.with_name(path.name + ".raw")
    spool = JpegSpool(path.parent)
    try:
        canvas = new_canvas(raw, title, subject, lang)
        canvas.setKeywords(f"curator-export:{public_id}")
        yield canvas, spool
        canvas.save()
        spool.splice(raw, path)
    finally:
        spool.close()
        raw.unlink(missing_ok=True)


class _SpooledJpeg(PDFImageXObject):
    """An image XObject whose JPEG stays in a spool file until the PDF is written: its
    stream holds a marker, which :meth:`JpegSpool.splice` replaces with the file."""

    def __init__(self, name: str, marker: bytes, length: int, size: tuple[int, int],
                 colour_space) -> None:
        super().__init__(name)  # no source: the canned image, replaced below
        self.width, self.height = size
        self.bitsPerComponent = 8
        self.colorSpace = "DeviceRGB"
        self._filters = ("DCTDecode",)
        self.streamContent = marker
        self.mask = None
        self.length = length
        self.colour_space = colour_space

    def format(self, document) -> bytes:
        stream = PDFStream(content=self.streamContent)
        d = stream.dictionary
        d["Type"] = PDFName("XObject")
        d["Subtype"] = PDFName("Image")
        d["Width"] = self.width
        d["Height"] = self.height
        d["BitsPerComponent"] = 8
        d["ColorSpace"] = self.colour_space
        d["Filter"] = PDFArray([PDFName("DCTDecode")])
        out = stream.format(document)
        marker_length = b"/Length %d" % len(self.streamContent)
        assert out.count(marker_length) == 1
        return out.replace(marker_length, b"/Length %d" % self.length)


class JpegSpool:
    """Pictures for one PDF, kept on disk instead of in memory until the PDF is written.

    reportlab holds every image's bytes until ``save()`` and then builds the whole file in
    memory: a 40-panel A2 set (290 MB of JPEG) peaked near 1 GB. Here each JPEG goes to a
    spool file; the PDF is saved with a short marker in each image stream, and
    :meth:`splice` copies the files in place of the markers and corrects the
    cross-reference table. Images are tagged with an ICC-based sRGB colour space.
    """

    def __init__(self, folder: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix=".curator-spool-", dir=folder))
        self.files: dict[bytes, Path] = {}
        self._colour_space = None

    def draw(self, canvas: Canvas, jpeg: bytes, size: tuple[int, int], x: float, y: float,
             w: float, h: float) -> None:
        """Place JPEG bytes (``size`` pixels) as they are (DCTDecode) in the box x, y, w, h."""
        key = uuid.uuid4().hex
        marker = b"%%CURATOR-JPEG-" + key.encode() + b"%%"
        path = self.folder / f"{key}.jpg"
        path.write_bytes(jpeg)
        self.files[marker] = path
        doc = canvas._doc  # reportlab has no public way to hand it a ready XObject
        # drawImage names a file-name image by this digest and reuses what it finds
        name = _digester(f"{key}None".encode())
        image = _SpooledJpeg(name, marker, len(jpeg), size, self._srgb(doc))
        image.name = name
        canvas._setXObjects(image)
        doc.Reference(image, doc.getXObjectName(name))
        doc.addForm(name, image)
        canvas.drawImage(key, x, y, w, h)

    def _srgb(self, doc):
        if self._colour_space is None:
            profile = PDFStream(content=SRGB_ICC)
            profile.dictionary["N"] = 3
            profile.dictionary["Alternate"] = PDFName("DeviceRGB")
            self._colour_space = PDFArray([PDFName("ICCBased"),
                                           doc.Reference(profile, "CuratorSRGB")])
        return self._colour_space

    def splice(self, source: Path, target: Path) -> None:
        """Write ``source`` (saved by reportlab, with markers) to ``target`` with the JPEGs."""
        data = source.read_bytes()  # small: text, fonts and markers only
        pieces = re.split(rb"(%%CURATOR-JPEG-[0-9a-f]{32}%%)", data)
        shifts: list[tuple[int, int]] = []  # (offset in source after which, added bytes)
        at = 0
        with open(target, "wb") as out:
            for piece in pieces:
                if piece in self.files:
                    path = self.files[piece]
                    with open(path, "rb") as jpeg:
                        shutil.copyfileobj(jpeg, out, 1 << 20)
                    shifts.append((at + len(piece), path.stat().st_size - len(piece)))
                    path.unlink()
                    at += len(piece)
                else:
                    out.write(self._relocate(piece, at, shifts) if b"startxref" in piece
                              else piece)
                    at += len(piece)

    @staticmethod
    def _relocate(tail: bytes, tail_start: int, shifts: list[tuple[int, int]]) -> bytes:
        """The last piece (xref table and trailer) with every offset moved past the JPEGs."""
        def moved(offset: int) -> int:
            return offset + sum(added for after, added in shifts if offset >= after)

        def entry(m: re.Match) -> bytes:
            return b"%010d %s n" % (moved(int(m.group(1))), m.group(2))

        head, _, rest = tail.rpartition(b"startxref")
        body, xref_keyword, table = head.rpartition(b"\nxref\n")
        head = body + xref_keyword + re.sub(rb"(?m)^(\d{10}) (\d{5}) n", entry, table)
        number = re.match(rb"\s*(\d+)", rest)
        start = moved(int(number.group(1)))
        return head + b"startxref" + rest.replace(number.group(1), str(start).encode(), 1)

    def close(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


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
