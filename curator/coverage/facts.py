"""The facts coverage counts by: only what the curator recorded about each image.

For each image, the buckets it falls in along one dimension (:data:`DIMENSIONS`):

- ``place``: the level under ``Places`` of each of its ``Places|…`` keywords
  (``Places|Sefton|Bootle`` → Sefton; an image keyworded with two places counts in both);
  with no such keyword, its event's ``place``; with neither, the *no place recorded* bucket;
- ``event``, ``shoot``: the image's event and shoot (or *no event / no shoot recorded*);
- ``photographer``: its shoot's photographer (or *no photographer recorded*);
- ``year``: the image's year (always recorded).

Nothing here looks at the pictures or guesses anything about the people in them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

import sqlite_utils

from curator.errors import InvalidInput
from curator.reads import image_rows, keywords_of

DIMENSIONS = ("place", "event", "year", "photographer", "shoot")
PLACES_ROOT = "places"
# The label of the bucket for images that record nothing along a dimension (never dropped).
NOT_RECORDED = {"place": "no place recorded", "event": "no event recorded",
                "year": "no year recorded", "photographer": "no photographer recorded",
                "shoot": "no shoot recorded"}


@dataclass(frozen=True)
class BucketKey:
    """One value along a dimension: ``key`` identifies it (``None``: nothing recorded),
    ``label`` is how it is shown."""

    key: str | None
    label: str


def check_dimension(by: str) -> str:
    name = (by or "").strip().lower()
    if name not in DIMENSIONS:
        raise InvalidInput(f"'{by}' is not a way to count coverage: choose from "
                           f"{', '.join(DIMENSIONS)}.")
    return name


def _tidy(text: str | None) -> str:
    return " ".join((text or "").split())


def place_of_keyword(name: str) -> str | None:
    """``Places|Sefton|Bootle`` → ``Sefton``; ``None`` for any other keyword (or bare
    ``Places``). The root is matched regardless of case, as search does."""
    parts = [p.strip() for p in name.split("|")]
    if len(parts) >= 2 and parts[0].casefold() == PLACES_ROOT and parts[1]:
        return _tidy(parts[1])
    return None


def places_of(keywords: Sequence[str], event_place: str | None) -> list[str]:
    """The places an image records: its ``Places`` keywords, else its event's place."""
    found = sorted({p for k in keywords if (p := place_of_keyword(k))}, key=str.casefold)
    if found:
        return found
    place = _tidy(event_place)
    return [place] if place else []


def buckets(db: sqlite_utils.Database, image_ids: Sequence[int],
            by: str) -> dict[int, list[BucketKey]]:
    """image id → the buckets it falls in along ``by`` (at least one: a missing fact is
    the *not recorded* bucket). Ids not in the catalogue are left out."""
    by = check_dimension(by)
    ids = list(dict.fromkeys(int(i) for i in image_ids))
    if not ids:
        return {}
    rows = image_rows(db, ids, "i.id, i.year, i.event_id, e.name AS event, "
                               "e.place AS event_place, i.shoot_id, s.title AS shoot, "
                               "s.photographer")
    none = BucketKey(None, NOT_RECORDED[by])
    out: dict[int, list[BucketKey]] = {}
    if by == "place":
        keywords = keywords_of(db, list(rows))
        for image_id, row in rows.items():
            names = places_of(keywords[image_id], row["event_place"])
            out[image_id] = [BucketKey(n.casefold(), n) for n in names] or [none]
        return out
    for image_id, row in rows.items():
        if by == "year":
            value = row["year"]
            out[image_id] = [BucketKey(str(value), str(value)) if value is not None else none]
        elif by == "event":
            out[image_id] = [BucketKey(str(row["event_id"]), row["event"])
                             if row["event_id"] is not None else none]
        elif by == "shoot":
            out[image_id] = [BucketKey(str(row["shoot_id"]), row["shoot"])
                             if row["shoot_id"] is not None else none]
        else:
            name = _tidy(row["photographer"])
            out[image_id] = [BucketKey(name.casefold(), name) if name else none]
    return out
