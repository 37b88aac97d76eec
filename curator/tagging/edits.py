"""Describing images: year, event, shoot, keywords, caption, alt text, credit, rating, flag.

:func:`apply` edits a selection in one transaction and writes the audit log (one entry
per image and field that changed). Keywords may be hierarchical (``Places|Liverpool``);
keywords and captions read at import are edited like any others. An empty text clears
the field. Events are entities of their own (:mod:`curator.tagging.events`).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import sqlite_utils

from curator import audit
from curator.connection import lookup_id, transaction, utc_now
from curator.dates import check_year
from curator.errors import InvalidInput, NotFound
from curator.reads import (
    flag_name,
    image_rows,
    keywords_of,
    pick_value,
    require_images,
    shoot_id,
    unique_ids,
)

TEXT_FIELDS = ("title", "caption", "alt_text", "credit")
# What :func:`tags_of` reads of an image (and undo puts back).
TAG_COLUMNS = ("i.id, i.year, i.year_source, e.name AS event, s.title AS shoot, i.title, "
               "i.caption, i.alt_text, i.credit, i.rating, i.pick")


@dataclass
class TagEdit:
    """What to change; ``None`` (or empty list) leaves a field as it is."""

    year: int | None = None
    event: str | None = None
    shoot: str | None = None
    add_keywords: list[str] = field(default_factory=list)
    remove_keywords: list[str] = field(default_factory=list)
    title: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    credit: str | None = None
    rating: int | None = None
    pick: str | None = None
    # An event name that is not in the catalogue yet is refused (a typo would otherwise
    # file the images under a new event) unless the caller says to create it.
    create_event: bool = False

    def is_empty(self) -> bool:
        return not (self.add_keywords or self.remove_keywords) and all(
            getattr(self, f) is None for f in
            ("year", "event", "shoot", "rating", "pick", *TEXT_FIELDS))


def normalise_keyword(text: str) -> str:
    """``" Places | Liverpool "`` → ``"Places|Liverpool"``; empty parts are an error."""
    parts = [p.strip() for p in (text or "").split("|")]
    if not all(parts):
        raise InvalidInput(f"'{text}' is not a keyword: write a word, or a hierarchy like "
                           "Places|Liverpool.")
    return "|".join(" ".join(p.split()) for p in parts)


def apply(db: sqlite_utils.Database, image_ids: Iterable[int], edit: TagEdit) -> dict:
    """Apply ``edit`` to every image, in one transaction. Returns counts of what changed."""
    if edit.is_empty():
        raise InvalidInput("Nothing to change: give at least one of --year, --event, "
                           "--add-keyword, --remove-keyword, --caption, --alt-text, --credit, "
                           "--rating, … .")
    if edit.year is not None:
        check_year(edit.year)
    if edit.rating is not None and not 0 <= edit.rating <= 5:
        raise InvalidInput(f"A rating is 0 to 5 stars, not {edit.rating}.")
    pick = pick_value(edit.pick) if edit.pick is not None else None
    add = list(dict.fromkeys(normalise_keyword(k) for k in edit.add_keywords))
    remove = list(dict.fromkeys(normalise_keyword(k) for k in edit.remove_keywords))
    ids = require_images(db, image_ids)
    changed_images: set[int] = set()
    entries = 0
    with transaction(db):
        columns: dict = {}
        if edit.year is not None:
            columns.update(year=edit.year, year_source="manual")
        if edit.event is not None:
            columns["event_id"] = _event_id(db, edit.event.strip(), edit.create_event)
        if edit.shoot is not None:
            columns["shoot_id"] = shoot_id(db, edit.shoot)
        for name in TEXT_FIELDS:
            value = getattr(edit, name)
            if value is not None:
                columns[name] = value.strip() or None
        if edit.rating is not None:
            columns["rating"] = edit.rating
        if edit.pick is not None:
            columns["pick"] = pick
        add_ids = {k: lookup_id(db, "keywords", "name", k) for k in add}
        remove_ids = {k: r[0] for k in remove
                      if (r := db.execute("SELECT id FROM keywords WHERE name = ?",
                                          [k]).fetchone())}
        for image_id in ids:
            n = _apply_one(db, image_id, columns, add_ids, remove_ids)
            if n:
                changed_images.add(image_id)
                entries += n
    return {"images": len(ids), "changed": len(changed_images), "audit_entries": entries}


def _apply_one(db: sqlite_utils.Database, image_id: int, columns: dict,
               add_ids: dict[str, int], remove_ids: dict[str, int]) -> int:
    n = 0
    if columns:
        before = next(db.query(
            f"SELECT {', '.join(columns)} FROM images WHERE id = ?", [image_id]))
        if any(before[k] != v for k, v in columns.items()):
            db["images"].update(image_id, columns)
            n += audit.record_changes(db, "image.tag", "image", image_id, before, columns)
    for name, kid in add_ids.items():
        if db.execute("INSERT OR IGNORE INTO image_keywords (image_id, keyword_id) "
                      "VALUES (?, ?)", [image_id, kid]).rowcount:
            audit.record(db, "image.tag", "image", image_id, "keyword", None, name)
            n += 1
    for name, kid in remove_ids.items():
        if db.execute("DELETE FROM image_keywords WHERE image_id = ? AND keyword_id = ?",
                      [image_id, kid]).rowcount:
            audit.record(db, "image.tag", "image", image_id, "keyword", name, None)
            n += 1
    return n


def tags_of(db: sqlite_utils.Database, image_id: int) -> dict:
    """The descriptive fields of one image, as :func:`apply` sees them."""
    return tags_of_many(db, [image_id])[image_id]


def tags_of_many(db: sqlite_utils.Database, image_ids: Iterable[int]) -> dict[int, dict]:
    """:func:`tags_of` for each image, in the order given (a query per chunk, not per image);
    ImageNotFound names the images that are not in the catalogue."""
    ids = unique_ids(image_ids)
    rows = image_rows(db, ids, TAG_COLUMNS, require=True)
    keywords = keywords_of(db, ids)
    for image_id, row in rows.items():
        row["pick"] = flag_name(row["pick"])
        row["keywords"] = keywords[image_id]
    return {i: rows[i] for i in ids}


def _event_id(db: sqlite_utils.Database, name: str, create: bool) -> int | None:
    """The event called ``name`` (``''``: none); a new name only when ``create``."""
    if not name:
        return None
    row = db.execute("SELECT id FROM events WHERE name = ?", [name]).fetchone()
    if row:
        return row[0]
    if not create:
        raise NotFound(f"There is no event called '{name}' in this library: check the "
                       "spelling, or create it with --create-event (or `curator event add`).")
    return lookup_id(db, "events", "name", name, created_at=utc_now())
