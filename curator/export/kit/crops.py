"""Social crops: which rectangle of a picture each platform shape takes, placed by the
image's focus point, never upscaled.

A crop is the largest rectangle of the shape's proportions that fits the picture (as
displayed), centred on the focus point and slid back inside the picture where the point
is near an edge — so the point is always inside the crop. The rectangle is then scaled
down to the shape's exact pixel size; a picture whose rectangle has fewer pixels than that
is left out of that shape (with a warning), never enlarged.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Aspect:
    key: str          # folder and file-name part
    label: str        # "1:1"
    width: int        # exact output pixels
    height: int
    use: str          # where it goes, for the curator

    @property
    def folder(self) -> str:
        return f"{self.key}-{self.width}x{self.height}"


ASPECTS: tuple[Aspect, ...] = (
    Aspect("square", "1:1", 1080, 1080, "Instagram and Facebook feeds, X, LinkedIn, Mastodon"),
    Aspect("portrait", "4:5", 1080, 1350, "Instagram and Facebook feeds (tallest)"),
    Aspect("story", "9:16", 1080, 1920, "Stories, Reels, Status"),
    Aspect("landscape", "1.91:1", 1200, 628, "link previews and landscape posts: Facebook, "
                                              "LinkedIn, X"),
)
BY_KEY = {a.key: a for a in ASPECTS}


@dataclass(frozen=True)
class CropBox:
    """A crop in display pixels of the picture (floats: exact proportions)."""

    aspect: str
    x: float
    y: float
    width: float
    height: float

    def to_json(self) -> dict:
        return {"aspect": self.aspect, "x": round(self.x), "y": round(self.y),
                "width": round(self.width), "height": round(self.height)}

    def contains(self, px: float, py: float) -> bool:
        return (self.x - 1e-6 <= px <= self.x + self.width + 1e-6
                and self.y - 1e-6 <= py <= self.y + self.height + 1e-6)


def crop_box(size: tuple[int, int], aspect: Aspect,
             focus: tuple[float, float]) -> CropBox | None:
    """The crop of ``aspect`` in a picture of ``size`` (display pixels) around ``focus``
    (fractions); ``None`` when the picture is too small for the aspect's pixel size."""
    width, height = size
    ratio = aspect.width / aspect.height
    if width / height > ratio:
        ch, cw = float(height), height * ratio
    else:
        cw, ch = float(width), width / ratio
    if cw + 1e-6 < aspect.width or ch + 1e-6 < aspect.height:
        return None
    fx, fy = focus[0] * width, focus[1] * height
    x = min(max(0.0, fx - cw / 2), width - cw)
    y = min(max(0.0, fy - ch / 2), height - ch)
    return CropBox(aspect.key, x, y, cw, ch)


def too_small(size: tuple[int, int], aspects: list[Aspect]) -> str:
    """Why a picture of ``size`` is left out of ``aspects``, in words."""
    names = ", ".join(f"{a.label} ({a.width}×{a.height})" for a in aspects)
    one = len(aspects) == 1
    return (f"at {size[0]}×{size[1]} pixels it is too small for the {names} "
            f"crop{'' if one else 's'}, which would have to be enlarged: left out of "
            + ("that size" if one else "those sizes"))


def scale_needed(size: tuple[int, int], boxes: list[CropBox], long_edge: int) -> float:
    """How far the picture may be scaled down at decode and still give every crop (and
    the ``long_edge`` rendition) its full pixel size: the largest factor any needs."""
    need = min(1.0, long_edge / max(size))
    for box in boxes:
        aspect = BY_KEY[box.aspect]
        need = max(need, aspect.width / box.width, aspect.height / box.height)
    return min(1.0, need)
