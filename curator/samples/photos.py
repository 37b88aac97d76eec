"""Generated photo-like pictures: for tests, benchmarks and the newcomer's sample library.

They are never pictures of real people: smooth colour fields with grain and a few shapes,
with real EXIF (capture time, camera) so they import like camera files.
"""

from __future__ import annotations

import random
from datetime import datetime
from pathlib import Path

import piexif
from PIL import Image, ImageDraw, ImageFilter


def make_photo(
    path: Path,
    size: tuple[int, int] = (1600, 1200),
    *,
    seed: int = 0,
    captured: datetime | None = None,
    make: str = "Curator",
    model: str = "Sample Camera",
    caption: str | None = None,
    orientation: int = 1,
    quality: int = 90,
    label: str | None = None,
    grain_strength: float = 0.12,
) -> Path:
    """Write a photo-like JPEG with EXIF to ``path`` and return it."""
    rng = random.Random(seed)
    full_w, full_h = size
    # Compose at quarter size (fast), then scale up and add full-resolution grain.
    w, h = max(1, full_w // 4), max(1, full_h // 4)
    small = Image.new("RGB", (8, 6))
    small.putdata([tuple(rng.randrange(40, 230) for _ in range(3)) for _ in range(48)])
    im = small.resize((w, h), Image.Resampling.BICUBIC)
    draw = ImageDraw.Draw(im)
    for _ in range(6):
        cx, cy = rng.randrange(w), rng.randrange(h)
        r = rng.randrange(max(2, min(w, h) // 12), max(3, min(w, h) // 4))
        fill = tuple(rng.randrange(30, 240) for _ in range(3))
        draw.ellipse((cx - r, cy - r, cx + r, cy + r), fill=fill)
    if label:
        draw.text((w // 20, h // 20), label, fill=(255, 255, 255))
    im = im.filter(ImageFilter.GaussianBlur(radius=1))
    im = im.resize((full_w, full_h), Image.Resampling.BILINEAR)
    grain = Image.effect_noise((full_w, full_h), 40).convert("RGB")
    im = Image.blend(im, grain, grain_strength)
    when = (captured or datetime(2024, 11, 14, 10, 30, 0)).strftime("%Y:%m:%d %H:%M:%S")
    zeroth = {
        piexif.ImageIFD.Make: make.encode(),
        piexif.ImageIFD.Model: model.encode(),
        piexif.ImageIFD.Orientation: orientation,
    }
    if caption:
        zeroth[piexif.ImageIFD.ImageDescription] = caption.encode("utf-8")
    exif = {
        "0th": zeroth,
        "Exif": {
            piexif.ExifIFD.DateTimeOriginal: when.encode(),
            piexif.ExifIFD.OffsetTimeOriginal: b"+00:00",
        },
    }
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=quality, exif=piexif.dump(exif))
    return path
