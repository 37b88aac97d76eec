"""An item's pixels for print: the part of the picture a box shows, at 300 ppi of its printed
size (never upsampled), upright, sRGB with its profile, as JPEG bytes for the PDF.

Built on the importer's primitives (:mod:`curator.ingest.imaging`): the JPEG decoder scales
by 1/2, 1/4 or 1/8 when the print needs fewer pixels than the original has, so a 24 MP
photo on an A6 label is decoded at a fraction of its size. One picture is decoded at a
time; the caller drops the bytes once they are on the page.
"""

from __future__ import annotations

import io
import math
from dataclasses import dataclass

from PIL import Image, ImageCms

from curator.ingest.imaging import (
    decode_for,
    display_size,
    open_image,
    orientation_of,
    to_srgb,
    upright,
)
from curator.library import Library

PRINT_PPI = 300.0
JPEG_QUALITY = 90
CROP = "crop"
FIT = "fit"

_SRGB_ICC = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()


@dataclass(frozen=True)
class Picture:
    """JPEG bytes and where they go inside the box they were made for (points)."""

    jpeg: bytes
    width_px: int
    height_px: int
    x: float  # offset inside the box
    y: float
    width: float
    height: float

    @property
    def ppi(self) -> float:
        return self.width_px / (self.width / 72)


def _region(item: dict, disp: tuple[int, int], box_aspect: float,
            mode: str) -> tuple[float, float, float, float]:
    """The rectangle of the upright picture (display pixels) the box shows."""
    dw, dh = disp
    x, y, w, h = 0.0, 0.0, float(dw), float(dh)
    if item.get("crop"):
        c = item["crop"]
        # the crop is in the catalogue's display pixels; the file decides the real size
        sx, sy = dw / max(1, item["width"] or dw), dh / max(1, item["height"] or dh)
        x, y, w, h = c["x"] * sx, c["y"] * sy, c["w"] * sx, c["h"] * sy
    if mode == FIT:
        return (x, y, w, h)
    if w / h > box_aspect:  # wider than the box: trim the sides, centred
        trimmed = h * box_aspect
        return (x + (w - trimmed) / 2, y, trimmed, h)
    trimmed = w / box_aspect
    return (x, y + (h - trimmed) / 2, w, trimmed)


def render(library: Library, item: dict, box_w: float, box_h: float,
           mode: str = CROP) -> Picture:
    """The item's picture for a ``box_w`` × ``box_h`` point box.

    ``crop``: the item's crop, else the largest centred rectangle of the box's shape, fills
    the box. ``fit``: the item's crop or the whole picture, as large as fits, centred.
    Raises ``OSError``/Pillow errors for an unreadable original (the caller reports it).
    """
    data = library.resolve_original(item["original_path"]).read_bytes()
    im = open_image(data)
    orientation = orientation_of(im)
    disp = display_size(im.size, orientation)
    rx, ry, rw, rh = _region(item, disp, box_w / box_h, mode)

    if mode == FIT:
        scale = min(box_w / rw, box_h / rh)
        placed_w, placed_h = rw * scale, rh * scale
    else:
        placed_w, placed_h = box_w, box_h
    # pixels the print needs, never more than the region has
    factor = min(1.0, placed_w / 72 * PRINT_PPI / rw, placed_h / 72 * PRINT_PPI / rh)
    out_w = max(1, round(rw * factor))
    out_h = max(1, round(rh * factor))

    decode_for(im, math.ceil(max(im.size) * factor) + 2)
    rgb = to_srgb(im)
    del im, data
    rgb = upright(rgb, orientation)
    k = rgb.size[0] / disp[0]  # decoded (upright) pixels per display pixel
    box = (rx * k, ry * k, (rx + rw) * k, (ry + rh) * k)
    if abs(box[2] - box[0] - out_w) < 1 and abs(box[3] - box[1] - out_h) < 1:
        # all the pixels there are, at their own size: a crop, not a resample
        left = min(max(0, round(box[0])), rgb.size[0] - out_w)
        top = min(max(0, round(box[1])), rgb.size[1] - out_h)
        picture = rgb.crop((left, top, left + out_w, top + out_h))
    else:
        picture = rgb.resize((out_w, out_h), Image.Resampling.LANCZOS, box=box,
                             reducing_gap=3.0)
    del rgb
    buffer = io.BytesIO()
    picture.save(buffer, "JPEG", quality=JPEG_QUALITY, icc_profile=_SRGB_ICC,
                 optimize=False, progressive=False)
    return Picture(buffer.getvalue(), out_w, out_h, (box_w - placed_w) / 2,
                   (box_h - placed_h) / 2, placed_w, placed_h)
