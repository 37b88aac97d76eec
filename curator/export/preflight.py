"""Pre-flight of a pack: which selected images may go to the partner, and why not the rest.

Each image goes through :func:`curator.consent.rule.clearance` for every use of the
licence **plus** ``partners``, over the licence's whole window. The reasons clearance
gives name people; those leave the library in the CLI's output and the GUI's report, so
they are redacted here: a person's label becomes ``person #id`` and withdrawal reasons
(free text) are dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from curator.consent.rule import clearance
from curator.errors import InvalidInput
from curator.export.partners import Licence, licence_of
from curator.reads import require_images, row_by_id


@dataclass
class Preflight:
    licence: Licence
    selected: list[int]
    included: list[int] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)   # {"image_id", "reasons"}

    def to_json(self) -> dict:
        return {"included": list(self.included), "excluded": list(self.excluded)}


def exhibition_image_ids(db: sqlite_utils.Database, exhibition_id: int) -> list[int]:
    row_by_id(db, "exhibitions", exhibition_id, "exhibition")
    return [r[0] for r in db.execute(
        "SELECT image_id FROM exhibition_items WHERE exhibition_id = ? ORDER BY position",
        [exhibition_id])]


def parse_image_ids(values: Iterable[str]) -> list[int]:
    """Ids as typed or piped in (one per line, blanks ignored), duplicates dropped."""
    out: list[int] = []
    seen: set[int] = set()
    for value in values:
        for token in str(value).replace(",", " ").split():
            try:
                n = int(token)
            except ValueError:
                raise InvalidInput(f"'{token}' is not an image id (a whole number).") from None
            if n not in seen:
                seen.add(n)
                out.append(n)
    return out


def check_licence_usable(licence: Licence, today: date) -> None:
    if not licence.uses:
        raise InvalidInput(f"Licence #{licence.id} grants no use: add uses with "
                           f"`curator licence edit {licence.id} --uses …`.")
    if licence.expires_on < today:
        raise InvalidInput(f"Licence #{licence.id} for {licence.partner} expired on "
                           f"{licence.expires_on.isoformat()}: make a new licence first.")
    if licence.superseded_by is not None:
        raise InvalidInput(f"Licence #{licence.id} was replaced by #{licence.superseded_by}: "
                           "send packs under the latest version.")


def preflight(db: sqlite_utils.Database, image_ids: Sequence[int], licence_id: int,
              today: date | None = None) -> Preflight:
    """Clearance of every selected image for the licence's uses + ``partners``."""
    licence = licence_of(db, licence_id)
    check_licence_usable(licence, today or date.today())
    selected = list(image_ids)
    if not selected:
        raise InvalidInput("The selection is empty: name an exhibition or some image ids.")
    ids = require_images(db, selected)
    result = Preflight(licence, ids)
    uses = [*licence.uses, "partners"]
    for image_id in ids:
        reasons: list[str] = []
        for use in uses:
            c = clearance(db, image_id, use, licence.valid_from, licence.expires_on)
            reasons.extend(r for r in c.reasons if r not in reasons)
        if reasons:
            result.excluded.append({"image_id": image_id,
                                    "reasons": redact_reasons(db, image_id, reasons)})
        else:
            result.included.append(image_id)
    return result


def redact_reasons(db: sqlite_utils.Database, image_id: int, reasons: list[str]) -> list[str]:
    """Clearance's reasons with no person's name and no withdrawal reason in them."""
    people = db.execute(
        "SELECT p.id, p.label FROM image_people ip JOIN people p ON p.id = ip.person_id "
        "WHERE ip.image_id = ?", [image_id]).fetchall()
    withdrawals = [r[0] for r in db.execute(
        "SELECT DISTINCT c.withdrawal_reason FROM consents c WHERE c.withdrawal_reason IS NOT "
        "NULL AND (c.person_id IN (SELECT person_id FROM image_people WHERE image_id = ?) "
        "OR c.shoot_id = (SELECT shoot_id FROM images WHERE id = ?))", [image_id, image_id])]
    out = []
    for text in reasons:
        for why in sorted(withdrawals, key=len, reverse=True):
            text = text.replace(f" ({why})", "")
        for pid, label in sorted(people, key=lambda p: len(p[1]), reverse=True):
            text = text.replace(f"{label} (person #{pid})", f"person #{pid}")
            text = re.sub(re.escape(label) + r"('s?|’s?)?(?=\W|$)",
                          lambda m, pid=pid: f"person #{pid}" + ("'s" if m.group(1) else ""),
                          text)
        out.append(text[:1].upper() + text[1:])
    return out
