"""People in images: who they are, whether they may be published, which images show them.

A person's label, guardian, date of birth and contact are personal data: shown to
curators, never exported. Linking a person to an image marks the image as showing
identifiable people; ``not-needed`` marks an image as showing nobody identifiable.
Every change is one transaction with its audit log entries.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

import sqlite_utils

from curator import audit
from curator.connection import transaction, utc_now
from curator.consent import cache as consent_cache
from curator.errors import InvalidInput
from curator.reads import require_images, row_by_id, select_in, unique_ids

PERSON_FIELDS = ("label", "is_minor", "guardian", "born_on", "contact", "do_not_publish",
                 "notes")


def add_person(db: sqlite_utils.Database, label: str, *, minor: bool = False,
               guardian: str | None = None, born_on: date | None = None,
               contact: str | None = None, do_not_publish: bool = False,
               notes: str | None = None) -> int:
    """Record a person; returns the id."""
    label = (label or "").strip()
    if not label:
        raise InvalidInput("A person needs a label (a name or a pseudonym).")
    if guardian and not minor:
        raise InvalidInput("A guardian is recorded for a minor: add --minor, or leave out "
                           "the guardian.")
    row = {"label": label, "is_minor": int(minor), "guardian": _clean(guardian),
           "born_on": born_on.isoformat() if born_on else None, "contact": _clean(contact),
           "do_not_publish": int(do_not_publish), "notes": _clean(notes)}
    with transaction(db):
        person_id = db["people"].insert({**row, "created_at": utc_now()}).last_pk
        audit.record_changes(db, "person.add", "person", person_id, {}, row)
    return person_id


def update_person(db: sqlite_utils.Database, person_id: int, **changes) -> dict:
    """Change some of :data:`PERSON_FIELDS`; returns the person as it now is."""
    unknown = set(changes) - set(PERSON_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown person field(s): {', '.join(sorted(unknown))}.")
    with transaction(db):
        before = get_person(db, person_id)
        after = {k: before[k] for k in PERSON_FIELDS}
        for key, value in changes.items():
            if key in ("is_minor", "do_not_publish"):
                value = int(bool(value))
            elif isinstance(value, date):
                value = value.isoformat()
            elif isinstance(value, str):
                value = _clean(value)
            after[key] = value
        if not after["label"]:
            raise InvalidInput("A person needs a label (a name or a pseudonym).")
        if after["guardian"] and not after["is_minor"]:
            raise InvalidInput("A guardian is recorded for a minor only.")
        db["people"].update(person_id, after)
        audit.record_changes(db, "person.edit", "person", person_id, before, after)
        consent_cache.refresh(db)
    return get_person(db, person_id)


def get_person(db: sqlite_utils.Database, person_id: int) -> dict:
    return row_by_id(db, "people", person_id, "person")


def list_people(db: sqlite_utils.Database) -> list[dict]:
    """Every person with how many images they are linked to."""
    return list(db.query(
        "SELECT p.*, (SELECT COUNT(*) FROM image_people ip WHERE ip.person_id = p.id) "
        "AS images FROM people p ORDER BY p.label COLLATE NOCASE, p.id"))


def images_of(db: sqlite_utils.Database, person_id: int) -> list[int]:
    """The images a person is linked to, by id (NotFound for an unknown person)."""
    get_person(db, person_id)
    return [r[0] for r in db.execute(
        "SELECT image_id FROM image_people WHERE person_id = ? ORDER BY image_id", [person_id])]


def linked_counts(db: sqlite_utils.Database, image_ids: Iterable[int]) -> dict[int, int]:
    """Person id → how many of ``image_ids`` they are linked to (people linked to none are
    left out)."""
    counts: dict[int, int] = {}
    for person_id, count in select_in(
        db, "SELECT person_id, COUNT(*) FROM image_people WHERE image_id IN ({ids}) "
            "GROUP BY person_id", unique_ids(image_ids)
    ):
        counts[person_id] = counts.get(person_id, 0) + count
    return counts


def link(db: sqlite_utils.Database, image_ids: Iterable[int], person_id: int) -> list[int]:
    """Link a person to images (one transaction); returns the images newly linked."""
    ids = require_images(db, image_ids)
    added = []
    with transaction(db):
        get_person(db, person_id)
        flags = _identifiable(db, ids)
        for image_id in ids:
            shown = flags[image_id]
            cur = db.execute("INSERT OR IGNORE INTO image_people (image_id, person_id) "
                             "VALUES (?, ?)", [image_id, person_id])
            if cur.rowcount:
                added.append(image_id)
                audit.record(db, "consent.link", "image", image_id, "person", None, person_id)
                if shown != 1:   # the link trigger marks the image as showing people
                    audit.record(db, "consent.link", "image", image_id, "identifiable",
                                 shown, 1)
        consent_cache.refresh(db)
    return added


def unlink(db: sqlite_utils.Database, image_ids: Iterable[int], person_id: int) -> list[int]:
    """Remove a person from images; returns the images that were linked."""
    ids = require_images(db, image_ids)
    removed = []
    with transaction(db):
        get_person(db, person_id)
        for image_id in ids:
            cur = db.execute("DELETE FROM image_people WHERE image_id = ? AND person_id = ?",
                             [image_id, person_id])
            if cur.rowcount:
                removed.append(image_id)
                audit.record(db, "consent.unlink", "image", image_id, "person", person_id, None)
        consent_cache.refresh(db)
    return removed


def set_identifiable(db: sqlite_utils.Database, image_ids: Iterable[int],
                     identifiable: bool) -> list[int]:
    """``False``: mark images ``not-needed`` (nobody identifiable); ``True``: undo that.

    Refused for an image with people linked: unlink them first. Returns changed ids.
    """
    ids = require_images(db, image_ids)
    changed = []
    with transaction(db):
        if not identifiable:
            linked = sorted(r[0] for r in select_in(
                db, "SELECT id FROM images WHERE people_count > 0 AND id IN ({ids})", ids))
            if linked:
                raise InvalidInput(
                    f"Image(s) {', '.join(f'#{i}' for i in linked)} have people linked, so they "
                    "are not 'not-needed': unlink the people first.")
        value = 1 if identifiable else 0
        flags = _identifiable(db, ids)
        for image_id in ids:
            before = flags[image_id]
            if before != value:
                db.execute("UPDATE images SET identifiable = ? WHERE id = ?", [value, image_id])
                audit.record(db, "consent.identifiable", "image", image_id, "identifiable",
                             before, value)
                changed.append(image_id)
    return changed


def _identifiable(db: sqlite_utils.Database, ids: list[int]) -> dict[int, int | None]:
    """``images.identifiable`` of each image, read in one query per chunk."""
    return dict(select_in(db, "SELECT id, identifiable FROM images WHERE id IN ({ids})", ids))


def _clean(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None
