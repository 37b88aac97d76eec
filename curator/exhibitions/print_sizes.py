"""Print sizes for exhibition panels (ISO A4–A0 or custom millimetres) and print resolution.

A panel is filled by the image: with a crop, the crop is scaled to the panel; without one,
the layout takes the largest centred rectangle of the panel's aspect ratio. Either way the
resolution a panel prints at is the smaller of the two pixels-per-inch ratios.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from curator.errors import InvalidInput

MM_PER_INCH = 25.4
BLOCKER_PPI = 150.0  # below this a print is unacceptable
TARGET_PPI = 240.0  # below this a print is soft

# Short side × long side, in millimetres, smallest first.
A_SIZES: dict[str, tuple[float, float]] = {
    "A4": (210, 297),
    "A3": (297, 420),
    "A2": (420, 594),
    "A1": (594, 841),
    "A0": (841, 1189),
}
ORIENTATIONS = ("portrait", "landscape")
MAX_CUSTOM_MM = 10_000

_CUSTOM = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*[x×]\s*(\d+(?:\.\d+)?)\s*(?:mm)?\s*$", re.I)


@dataclass(frozen=True)
class PrintSize:
    """A panel: ``name`` is ``A4``…``A0`` or ``custom``; millimetres as printed."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def orientation(self) -> str:
        return "landscape" if self.width_mm > self.height_mm else "portrait"

    @property
    def width_in(self) -> float:
        return self.width_mm / MM_PER_INCH

    @property
    def height_in(self) -> float:
        return self.height_mm / MM_PER_INCH

    def describe(self) -> str:
        mm = f"{_fmt_mm(self.width_mm)}×{_fmt_mm(self.height_mm)} mm"
        if self.name == "custom":
            return f"a {mm} panel"
        return f"{self.name} {self.orientation} ({mm})"


def _fmt_mm(v: float) -> str:
    return f"{v:g}"


def oriented(short_mm: float, long_mm: float, orientation: str) -> tuple[float, float]:
    """(width, height) of a sheet in the given orientation."""
    return (long_mm, short_mm) if orientation == "landscape" else (short_mm, long_mm)


def parse_print_size(text: str, orientation: str | None = None,
                     default_orientation: str = "portrait") -> PrintSize:
    """``A4``…``A0`` (any case) or custom ``WIDTHxHEIGHT`` in mm (``500x700``, ``500x700mm``).

    An A size takes ``orientation`` (else ``default_orientation``); a custom size is
    width × height as written, turned if ``orientation`` says the other way.
    """
    if orientation is not None and orientation not in ORIENTATIONS:
        raise InvalidInput(f"'{orientation}' is not an orientation: use portrait or landscape.")
    name = text.strip().upper()
    if name in A_SIZES:
        w, h = oriented(*A_SIZES[name], orientation or default_orientation)
        return PrintSize(name, w, h)
    m = _CUSTOM.match(text)
    if not m:
        raise InvalidInput(
            f"'{text}' is not a print size: use A4, A3, A2, A1, A0 or millimetres as "
            "WIDTHxHEIGHT, e.g. 500x700."
        )
    w, h = float(m.group(1)), float(m.group(2))
    if not (0 < w <= MAX_CUSTOM_MM and 0 < h <= MAX_CUSTOM_MM):
        raise InvalidInput(
            f"'{text}' is not a usable print size: each side must be between 1 and "
            f"{MAX_CUSTOM_MM} mm."
        )
    if orientation is not None and (orientation == "landscape") != (w > h) and w != h:
        w, h = h, w
    return PrintSize("custom", w, h)


def ppi(width_px: int, height_px: int, size: PrintSize) -> float:
    """Pixels per inch when ``width_px × height_px`` fills ``size`` (the lower axis wins)."""
    return min(width_px / size.width_in, height_px / size.height_in)


def largest_a_size(width_px: int, height_px: int, orientation: str,
                   target: float = TARGET_PPI) -> PrintSize | None:
    """The largest A size, in ``orientation``, that prints at ``target`` ppi or more."""
    best = None
    for name, (short, long_) in A_SIZES.items():
        size = PrintSize(name, *oriented(short, long_, orientation))
        if ppi(width_px, height_px, size) >= target:
            best = size
    return best


def max_mm_at(width_px: int, height_px: int, target: float = TARGET_PPI) -> tuple[int, int]:
    """The largest print, in whole mm, of the full pixels at ``target`` ppi."""
    return (int(width_px / target * MM_PER_INCH), int(height_px / target * MM_PER_INCH))
