"""The one read layer: what the rooms read about images, and how a missing image is said.

Every room (and ``ui/models/``) reads images through here instead of writing its own
``IN (...)`` loop or join:

- :func:`select_in` runs one query over an id list of any length, a chunk at a time
  (``{ids}`` in the SQL marks where the ``?,?,…`` list goes);
- :func:`image_rows` is the one select of an image with its event and shoot
  (``i``, ``e``, ``s``); each caller names the columns it needs;
- :func:`keywords_of` and :func:`people_of` are the images' links;
- :func:`require_images` checks ids before a write; a missing image is always
  :class:`~curator.errors.ImageNotFound` ("There is no image #N in this library.");
  :func:`row_by_id` and :func:`shoot_id` say the same of a person, event, exhibition or shoot;
- :data:`PICKS` is how a flag is stored (:func:`pick_value`), :func:`flag_name` the way
  back.

Example::

    rows = image_rows(db, ids, "i.id, i.file_name, s.title AS shoot", require=True)
    for image_id, person_id in select_in(
            db, "SELECT image_id, person_id FROM image_people WHERE image_id IN ({ids})", ids):
        ...
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from typing import Any

import sqlite_utils

from curator.connection import id_chunks, marks
from curator.errors import ImageNotFound, InvalidInput, NotFound

# A flag as the catalogue stores it (``images.pick``).
PICKS = {"pick": 1, "reject": -1, "unflagged": 0}
_FLAG_NAMES = {v: k for k, v in PICKS.items()}

_IMAGE_JOIN = ("FROM images i LEFT JOIN events e ON e.id = i.event_id "
               "LEFT JOIN shoots s ON s.id = i.shoot_id")


def pick_value(flag: str) -> int:
    """``pick``/``reject``/``unflagged`` → ``images.pick``; InvalidInput naming the choices."""
    if flag not in PICKS:
        raise InvalidInput(f"'{flag}' is not a flag: choose from {', '.join(PICKS)}.")
    return PICKS[flag]


def flag_name(pick: int | None) -> str:
    """``images.pick`` → ``pick``/``reject``/``unflagged`` (no value reads as unflagged)."""
    return _FLAG_NAMES.get(pick or 0, "unflagged")


def select_in(db: sqlite_utils.Database, sql: str, ids: Sequence[int], *,
              dicts: bool = False) -> Iterator[Any]:
    """The rows of ``sql`` for all of ``ids``: one query per chunk, ``{ids}`` replaced by
    its placeholders. Tuples, or dicts with ``dicts=True``; order within a chunk only."""
    for chunk in id_chunks(ids):
        query = sql.replace("{ids}", marks(chunk))
        yield from db.query(query, chunk) if dicts else db.execute(query, chunk)


def unique_ids(image_ids: Iterable[int]) -> list[int]:
    """The ids as ints, first occurrence kept, in the order given."""
    return list(dict.fromkeys(int(i) for i in image_ids))


def require_images(db: sqlite_utils.Database, image_ids: Iterable[int]) -> list[int]:
    """The ids, deduplicated in order; :class:`ImageNotFound` naming those not catalogued."""
    ids = unique_ids(image_ids)
    if not ids:
        raise InvalidInput("Name at least one image id.")
    found = {r[0] for r in select_in(db, "SELECT id FROM images WHERE id IN ({ids})", ids)}
    missing = [i for i in ids if i not in found]
    if missing:
        raise ImageNotFound(missing)
    return ids


def image_rows(db: sqlite_utils.Database, ids: Sequence[int], columns: str, *,
               require: bool = False) -> dict[int, dict]:
    """id → the image's ``columns`` (SQL over ``i`` images, ``e`` events, ``s`` shoots;
    ``i.id`` must be among them). With ``require``, a missing id is :class:`ImageNotFound`."""
    rows = {row["id"]: row for row in select_in(
        db, f"SELECT {columns} {_IMAGE_JOIN} WHERE i.id IN ({{ids}})", ids, dicts=True)}
    if require:
        missing = [i for i in dict.fromkeys(ids) if i not in rows]
        if missing:
            raise ImageNotFound(missing)
    return rows


def keywords_of(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, list[str]]:
    """id → the image's keywords by name (every id given has an entry)."""
    return _grouped(db, "SELECT ik.image_id, k.name FROM image_keywords ik JOIN keywords k "
                        "ON k.id = ik.keyword_id WHERE ik.image_id IN ({ids}) ORDER BY k.name",
                    ids)


def people_of(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, list[int]]:
    """id → the ids of the people linked to the image, ascending (every id has an entry)."""
    return _grouped(db, "SELECT image_id, person_id FROM image_people "
                        "WHERE image_id IN ({ids}) ORDER BY person_id", ids)


def _grouped(db: sqlite_utils.Database, sql: str, ids: Sequence[int]) -> dict[int, list]:
    out: dict[int, list] = {i: [] for i in ids}
    for image_id, value in select_in(db, sql, ids):
        out[image_id].append(value)
    return out


def row_by_id(db: sqlite_utils.Database, table: str, row_id: int, what: str) -> dict:
    """The row ``row_id`` of ``table``; NotFound "There is no {what} #N in this library."."""
    row = next(db.query(f"SELECT * FROM {table} WHERE id = ?", [row_id]), None)
    if row is None:
        raise NotFound(f"There is no {what} #{row_id} in this library.")
    return row


def shoot_id(db: sqlite_utils.Database, title: str) -> int:
    """The id of the shoot called ``title``; NotFound naming it."""
    row = db.execute("SELECT id FROM shoots WHERE title = ?", [title]).fetchone()
    if row is None:
        raise NotFound(f"There is no shoot called '{title}' in this library.")
    return row[0]
