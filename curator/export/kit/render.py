"""One decode of each original → the pack's rendition, every social crop, and the poster.

The worker reads the original once and decodes it once, scaled in the JPEG decoder
(``draft``) only as far as the most demanding output allows (a 9:16 crop of a landscape
photograph needs the full height; a 1:1 crop of a 24 MP photograph does not). Every crop
is cut from that one decoded, sRGB, upright picture and scaled to its exact size, and is
written with the same EXIF and XMP as the rendition, so a crop carries the same rights
metadata and nothing else. The poster embeds the rendition's own JPEG bytes. Problems
come back in words; nothing raises.
"""

from __future__ import annotations

import hashlib
import io
import math
from dataclasses import dataclass, field
from pathlib import Path

from PIL import Image

from curator.export.kit.crops import BY_KEY, crop_box, scale_needed, too_small
from curator.export.renditions import (
    QUALITY,
    THUMB_EDGE,
    Rendition,
    RenditionTask,
    rendition_error,
    srgb_profile,
)
from curator.ingest.imaging import (
    decode_for,
    display_size,
    fit,
    open_image,
    orientation_of,
    to_srgb,
    upright,
)


@dataclass(frozen=True)
class KitTask:
    rendition: RenditionTask
    focus: tuple[float, float]
    crops: tuple[tuple[str, str], ...]          # (aspect key, destination)
    poster: str | None = None                   # destination of the poster PDF
    poster_words: object | None = None          # poster.PosterText
    logo_png: bytes | None = None

    # render_all reports progress by the destination's name
    @property
    def dest(self) -> str:
        return self.rendition.dest


@dataclass(frozen=True)
class CropFile:
    aspect: str
    dest: str
    sha256: str
    size: tuple[int, int]


@dataclass
class KitRendition:
    image_id: int
    dest: str
    rendition: Rendition
    crops: list[CropFile] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    poster: tuple[str, str] | None = None       # (destination, sha256)

    # what render_all and the pack's loop read
    @property
    def error(self) -> str | None:
        return self.rendition.error


def _save(picture: Image.Image, dest: str, exif: bytes, xmp: bytes) -> str:
    out = io.BytesIO()
    picture.save(out, "JPEG", quality=QUALITY, exif=exif, xmp=xmp, icc_profile=srgb_profile(),
                 optimize=False, progressive=False)
    payload = out.getbuffer()
    with open(dest, "wb") as fh:
        fh.write(payload)
    return hashlib.sha256(payload).hexdigest()


def render_kit_image(task: KitTask) -> KitRendition:
    """Make the rendition, the crops and the poster of one image."""
    r = task.rendition
    result = KitRendition(r.image_id, r.dest, Rendition(r.image_id, r.dest))
    try:
        data = Path(r.source).read_bytes()
    except OSError as exc:
        result.rendition = Rendition(r.image_id, r.dest, error=rendition_error(exc))
        return result
    try:
        im = open_image(data)
        orientation = orientation_of(im)
        shown = display_size(im.size, orientation)
        boxes, small = [], []
        for key, dest in task.crops:
            box = crop_box(shown, BY_KEY[key], task.focus)
            if box is None:
                small.append(BY_KEY[key])
            else:
                boxes.append((box, dest))
        if small:
            result.warnings.append(too_small(shown, small))
        scale = scale_needed(shown, [b for b, _ in boxes], r.long_edge)
        decode_for(im, math.ceil(max(im.size) * scale) + 2)
        rgb = upright(to_srgb(im), orientation)
        del im, data
        k = rgb.size[0] / shown[0]  # decoded pixels per display pixel
        rendition = rgb
        target = fit(rgb.size, r.long_edge)
        if target != rgb.size:
            rendition = rgb.resize(target, Image.Resampling.HAMMING, reducing_gap=2.0)
        out = io.BytesIO()
        rendition.save(out, "JPEG", quality=QUALITY, exif=r.exif, xmp=r.xmp,
                       icc_profile=srgb_profile(), optimize=False, progressive=False)
        jpeg = out.getvalue()
        Path(r.dest).write_bytes(jpeg)
        thumb = rendition.copy()
        thumb.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.BILINEAR, reducing_gap=2.0)
        small = io.BytesIO()
        thumb.save(small, "JPEG", quality=80)
        result.rendition = Rendition(r.image_id, r.dest, hashlib.sha256(jpeg).hexdigest(),
                                     rendition.size, small.getvalue(), thumb.size)
        rendition_size = rendition.size
        del rendition, thumb
        for box, dest in boxes:
            aspect = BY_KEY[box.aspect]
            region = (box.x * k, box.y * k, (box.x + box.width) * k,
                      (box.y + box.height) * k)
            crop = rgb.resize((aspect.width, aspect.height), Image.Resampling.LANCZOS,
                              box=region, reducing_gap=2.0)
            result.crops.append(CropFile(box.aspect, dest, _save(crop, dest, r.exif, r.xmp),
                                         crop.size))
        del rgb
    except Exception as exc:  # a per-image problem must not stop the kit
        result.rendition = Rendition(r.image_id, r.dest, error=rendition_error(exc))
        result.crops.clear()
        return result
    if task.poster and task.poster_words is not None:
        try:
            from curator.export.kit.poster import write_poster

            result.warnings += write_poster(Path(task.poster), jpeg, rendition_size,
                                            task.poster_words, task.logo_png)
            digest = hashlib.sha256(Path(task.poster).read_bytes()).hexdigest()
            result.poster = (task.poster, digest)
        except Exception as exc:
            result.warnings.append(f"its poster could not be made ({type(exc).__name__})")
    return result
