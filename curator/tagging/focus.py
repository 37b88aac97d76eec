"""The focus point of an image: where social crops of it centre (``docs/kits.md``).

Stored per image (``images.focus_x``/``focus_y``, fractions of the displayed width and
height; ``NULL`` = the centre) rather than per exhibition item: where the subject of a
photograph is does not change with the show it hangs in, and a kit can be made from a
hand-picked set with no exhibition at all. An exhibition item's print crop stays its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import sqlite_utils

from curator import audit
from curator.connection import transaction
from curator.errors import InvalidInput
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
