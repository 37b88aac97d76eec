"""What a set is, and what it must be cleared for: an exhibition, a pack, or images.

- an **exhibition**: its images, for ``exhibition`` use over the tour (first opening →
  last closing; today while it has no venues, as validation does);
- a **pack** (an export in the log that carries a licence): the images it sent that are
  still catalogued, for every use of its licence plus ``partners`` over the licence's
  window, as the pack's pre-flight asks;
- **images** by id: for a use named by the caller (default ``exhibition``) over a window
  (default today).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from curator.consent.rule import check_use, check_window, cleared_image_ids
from curator.errors import InvalidInput, NotFound
from curator.exhibitions.sets import tour_window
from curator.export.partners import licence_of
from curator.reads import require_images, row_by_id, select_in


@dataclass(frozen=True)
class CoverageScope:
    """A set of images and the use and window its images must be cleared for."""

    kind: str                      # "exhibition" | "pack" | "images"
    title: str                     # how the set is named to the curator
    image_ids: tuple[int, ...]     # distinct, in the set's order
    uses: tuple[str, ...]
    start: date
    end: date
    ref: int | None = None         # the exhibition's or the export's id
    notes: tuple[str, ...] = field(default=())

    def to_json(self) -> dict:
        return {"kind": self.kind, "id": self.ref, "title": self.title,
                "images": len(self.image_ids), "uses": list(self.uses),
                "window": [self.start.isoformat(), self.end.isoformat()],
                "notes": list(self.notes)}


def exhibition_scope(db: sqlite_utils.Database, exhibition_id: int,
                     today: date | None = None) -> CoverageScope:
    row = row_by_id(db, "exhibitions", exhibition_id, "exhibition")
    ids = [r[0] for r in db.execute(
        "SELECT image_id FROM exhibition_items WHERE exhibition_id = ? ORDER BY position",
        [exhibition_id])]
    window = tour_window(db, exhibition_id)
    notes: tuple[str, ...] = ()
    if window is None:
        today = today or date.today()
        window = (today, today)
        notes = (f"The tour has no venues yet, so the archive is what is cleared for "
                 f"exhibition use today ({today.isoformat()}).",)
    return CoverageScope("exhibition", row["title"], tuple(dict.fromkeys(ids)),
                         ("exhibition",), window[0], window[1], exhibition_id, notes)


def pack_scope(db: sqlite_utils.Database, pack: str | int) -> CoverageScope:
    """``pack``: the export's number (``curator export packs`` shows it) or its pack id."""
    text = str(pack).strip().removeprefix("#")
    column = "id" if text.isdigit() else "public_id"
    row = db.execute(f"SELECT id, public_id, kind, licence_id FROM exports WHERE {column} = ?",
                     [int(text) if column == "id" else text]).fetchone()
    if row is None:
        raise NotFound(f"There is no pack {pack} in the export log of this library "
                       "(`curator export packs` lists them).")
    export_id, public_id, kind, licence_id = row
    if licence_id is None:
        raise InvalidInput(f"Export #{export_id} ({public_id}) is a {kind}, not a licensed "
                           "pack: name its exhibition with --exhibition instead.")
    licence = licence_of(db, licence_id)
    logged = list(dict.fromkeys(r[0] for r in db.execute(
        "SELECT image_id FROM export_items WHERE export_id = ? ORDER BY rowid", [export_id])))
    present = {r[0] for r in select_in(db, "SELECT id FROM images WHERE id IN ({ids})", logged)}
    ids = tuple(i for i in logged if i in present)
    gone = len(logged) - len(ids)
    notes = (f"{gone} image(s) of the pack are no longer in the library and are not "
             "counted.",) if gone else ()
    return CoverageScope("pack", f"{public_id} to {licence.partner}", ids,
                         (*licence.uses, "partners"), licence.valid_from, licence.expires_on,
                         export_id, notes)


def images_scope(db: sqlite_utils.Database, image_ids: list[int], use: str = "exhibition",
                 start: date | None = None, end: date | None = None,
                 today: date | None = None) -> CoverageScope:
    ids = require_images(db, image_ids)
    use = check_use(use)
    a = start or end or today or date.today()
    b = end or a
    check_window(a, b)
    return CoverageScope("images", f"{len(ids)} chosen image(s)", tuple(ids), (use,), a, b)


def cleared_archive(db: sqlite_utils.Database, scope: CoverageScope) -> set[int]:
    """Every catalogued image cleared for all of the scope's uses over its window
    (:func:`curator.consent.rule.cleared_image_ids`, the one rule)."""
    cleared: set[int] | None = None
    for use in scope.uses:
        ok = cleared_image_ids(db, None, use, scope.start, scope.end)
        cleared = ok if cleared is None else cleared & ok
    return cleared or set()
