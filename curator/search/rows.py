"""Reading images back out of the catalogue in the shapes the CLI and the GUI use.

:func:`summaries` gives what ``images --json`` lists; a curator browsing in the desktop grid
also sees the pick flag by name, which :func:`grid_rows` adds; :func:`detail` is ``show``.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from pathlib import Path

import sqlite_utils

from curator.consent import rule as consent
from curator.errors import ImageNotFound
from curator.library import Library
from curator.reads import flag_name, image_rows, keywords_of

# The ``images --json`` object, in its key order.
SUMMARY_COLUMNS = (
    "i.id, i.sha256, i.file_name, i.year, e.name AS event, s.title AS shoot, "
    "i.captured_at, i.width, i.height, i.orientation, "
    "TRIM(COALESCE(i.camera_make, '') || ' ' || COALESCE(i.camera_model, '')) AS camera, "
    "i.caption, i.alt_text, i.credit, i.rating, i.pick, i.people_count")


def consent_statuses(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, str]:
    """Consent status per image id, today (see :mod:`curator.consent.rule`)."""
    found = consent.statuses(db, ids)
    return {i: found.get(i, "unknown") for i in ids}


def summaries(db: sqlite_utils.Database, ids: Sequence[int]) -> list[dict]:
    """The ``images --json`` objects for ``ids``, in the order given."""
    rows = image_rows(db, ids, SUMMARY_COLUMNS)
    for row in rows.values():
        row["camera"] = row["camera"] or None
    kws = keywords_of(db, ids)
    statuses = consent_statuses(db, ids)
    out = []
    for i in ids:
        if i in rows:
            row = rows[i]
            row["keywords"] = kws.get(i, [])
            row["consent_status"] = statuses.get(i, "unknown")
            out.append(row)
    return out


def grid_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[dict]:
    """``summaries(ids)`` with the pick flag's name (``pick``/``reject``/``unflagged``)."""
    rows = summaries(db, ids)
    for row in rows:
        row["pick"] = row["pick"] or 0
        row["people_count"] = row["people_count"] or 0
        row["flag"] = flag_name(row["pick"])
    return rows


def original_of(db: sqlite_utils.Database, library: Library, image_id: int) -> Path:
    """Where an image's original is (whether or not the file is there)."""
    row = db.execute("SELECT original_path FROM images WHERE id = ?", [image_id]).fetchone()
    if row is None:
        raise ImageNotFound(image_id)
    return library.resolve_original(row[0])


def detail(db: sqlite_utils.Database, library: Library, image_id: int) -> dict:
    """The ``show --json`` object: the summary plus paths and EXIF."""
    found = summaries(db, [image_id])
    if not found:
        raise ImageNotFound(image_id)
    item = found[0]
    row = db.execute(
        "SELECT sha256, original_path, exif_json, gps_json, title, creator, copyright, format, "
        "file_size, year_source, metadata_notes, lens, source_path, is_reference "
        "FROM images WHERE id = ?", [image_id]
    ).fetchone()
    (sha, original, exif_json, gps_json, title, creator, copyright_, fmt, size, year_source,
     notes, lens, source_path, is_reference) = row
    item.update(
        original_path=str(library.resolve_original(original)),
        original_exists=library.resolve_original(original).is_file(),
        thumbnail_path=str(library.thumb_path(sha)),
        preview_path=str(library.preview_path(sha)),
        exif=json.loads(exif_json or "{}"),
        gps_private=json.loads(gps_json) if gps_json else None,
        title=title, creator=creator, copyright=copyright_, format=fmt, file_size=size,
        lens=lens, year_source=year_source, source_path=source_path,
        reference=bool(is_reference),
        metadata_notes=json.loads(notes) if notes else [],
    )
    return item
