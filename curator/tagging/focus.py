"""The focus point of an image: where social crops of it centre (``docs/kits.md``).

Stored per image (``images.focus_x``/``focus_y``, fractions of the displayed width and
height; ``NULL`` = the centre) rather than per exhibition item: where the subject of a
photograph is does not change with the show it hangs in, and a kit can be made from a
hand-picked set with no exhibition at all. An exhibition item's print crop stays its own.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import sqlite_utils
from PIL import Image

from curator import audit
from curator.connection import transaction
from curator.errors import InvalidInput
from curator.ingest.imaging import decode_for, open_image, orientation_of, upright
from curator.library import Library
from curator.reads import require_images, select_in

CENTRE = (0.5, 0.5)


def check_focus(x: float, y: float) -> tuple[float, float]:
    """``(x, y)`` as fractions 0–1, or InvalidInput in words."""
    try:
        fx, fy = float(x), float(y)
    except (TypeError, ValueError):
        raise InvalidInput(f"'{x},{y}' is not a focus point: give two fractions of the "
                           "width and height, e.g. 0.5,0.3.") from None
    if not (0 <= fx <= 1 and 0 <= fy <= 1):
        raise InvalidInput(f"The focus point {fx:g},{fy:g} is outside the picture: both "
                           "values go from 0 (left/top) to 1 (right/bottom).")
    return round(fx, 4), round(fy, 4)


def set_focus(db: sqlite_utils.Database, image_ids: Iterable[int],
              point: tuple[float, float] | None) -> int:
    """Set (``None``: clear, back to the centre) the focus point; returns images changed."""
    ids = require_images(db, image_ids)
    value = None if point is None else check_focus(*point)
    changed = 0
    with transaction(db):
        for image_id, fx, fy in select_in(
                db, "SELECT id, focus_x, focus_y FROM images WHERE id IN ({ids})", ids):
            before = None if fx is None else [fx, fy]
            after = None if value is None else list(value)
            if before != after:
                db.execute("UPDATE images SET focus_x = ?, focus_y = ? WHERE id = ?",
                           [*(value or (None, None)), image_id])
                audit.record(db, "image.focus", "image", image_id, "focus", before, after)
                changed += 1
    return changed


def focus_of(db: sqlite_utils.Database, image_ids: Sequence[int]) -> dict[int, tuple[float,
                                                                                    float]]:
    """id → focus point (the centre when none was set)."""
    out = {i: CENTRE for i in image_ids}
    for image_id, fx, fy in select_in(
            db, "SELECT id, focus_x, focus_y FROM images WHERE id IN ({ids}) "
                "AND focus_x IS NOT NULL", list(image_ids)):
        out[image_id] = (fx, fy)
    return out


def estimate_focus(picture: Image.Image, grid: int = 12) -> tuple[float, float]:
    """Where the picture's detail is: the centroid of its busiest cells by grey-level
    entropy (a measure of texture). Only pixels' variety is read — nothing about what or
    who is shown; the curator moves the point where it belongs."""
    small = picture.convert("L")
    small.thumbnail((grid * 24, grid * 24))
    w, h = small.size
    cells: list[tuple[float, float, float]] = []
    for row in range(grid):
        for col in range(grid):
            box = (col * w // grid, row * h // grid, (col + 1) * w // grid,
                   (row + 1) * h // grid)
            if box[2] <= box[0] or box[3] <= box[1]:
                continue
            cells.append(((col + 0.5) / grid, (row + 0.5) / grid, small.crop(box).entropy()))
    if not cells:
        return (0.5, 0.5)
    cells.sort(key=lambda c: c[2], reverse=True)
    top = cells[:max(1, len(cells) // 8)]
    weight = sum(c[2] for c in top)
    if weight <= 0 or math.isclose(top[0][2], cells[-1][2]):
        return (0.5, 0.5)  # no part busier than another: the centre
    x = sum(c[0] * c[2] for c in top) / weight
    y = sum(c[1] * c[2] for c in top) / weight
    return (round(x, 4), round(y, 4))


def estimate_for_image(db: sqlite_utils.Database, library: Library,
                       image_id: int) -> tuple[float, float]:
    """:func:`estimate_focus` of an image: from its cached preview, else its original."""
    require_images(db, [image_id])
    sha, stored = db.execute("SELECT sha256, original_path FROM images WHERE id = ?",
                             [image_id]).fetchone()
    preview = library.preview_path(sha)
    try:
        with Image.open(preview) as im:  # upright already
            return estimate_focus(im)
    except OSError:
        pass
    try:
        im = open_image(library.resolve_original(stored).read_bytes())
    except OSError as exc:
        raise InvalidInput(f"Image #{image_id}'s original cannot be read "
                           f"({exc.strerror or type(exc).__name__}).") from None
    orientation = orientation_of(im)
    decode_for(im, 512)
    return estimate_focus(upright(im.convert("L"), orientation))
