"""The export log: every pack or layout that left the library, and the images in it.

Written in the same transaction that makes an export final (after its files are in
place), read by the withdrawal trace (:func:`exports_holding`) and by removal, so that
a withdrawn consent reaches every partner who already holds a copy.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

import sqlite_utils

from curator.connection import utc_now
from curator.reads import select_in


@dataclass(frozen=True)
class ExportedFile:
    """One image as it went out: the file it became and that file's hash."""

    image_id: int
    file_name: str | None = None
    sha256: str | None = None
    original_sha256: str | None = None


def record_export(
    db: sqlite_utils.Database,
    *,
    kind: str,
    public_id: str,
    files: Sequence[ExportedFile],
    partner_id: int | None = None,
    licence_id: int | None = None,
    exhibition_id: int | None = None,
    path: str | None = None,
    details: dict | None = None,
) -> int:
    """Log one export and its images; the caller holds the transaction. Returns its id."""
    export_id = db["exports"].insert({
        "public_id": public_id, "kind": kind, "partner_id": partner_id,
        "licence_id": licence_id, "exhibition_id": exhibition_id, "path": path,
        "details_json": json.dumps(details or {}, ensure_ascii=False),
        "created_at": utc_now(),
    }).last_pk
    db["export_items"].insert_all(
        ({"export_id": export_id, "image_id": f.image_id, "file_name": f.file_name,
          "sha256": f.sha256, "original_sha256": f.original_sha256} for f in files),
        batch_size=500,
    )
    return export_id


def exports_holding(db: sqlite_utils.Database, image_ids: Iterable[int]) -> list[dict]:
    """Every logged export holding any of ``image_ids``, oldest first.

    Each: ``id``, ``public_id``, ``kind``, ``partner`` (name or None), ``partner_id``,
    ``licence_id``, ``exhibition_id``, ``date`` (ISO day), ``path``, ``image_ids`` and
    ``files`` (the file names of those images inside the export).
    """
    found: dict[int, dict] = {}
    rows = select_in(db, """SELECT e.id, e.public_id, e.kind, p.name, e.partner_id,
                                   e.licence_id, e.exhibition_id, e.created_at, e.path,
                                   x.image_id, x.file_name
                            FROM export_items x JOIN exports e ON e.id = x.export_id
                            LEFT JOIN partners p ON p.id = e.partner_id
                            WHERE x.image_id IN ({ids})""", sorted({int(i) for i in image_ids}))
    for (eid, public_id, kind, partner, partner_id, licence_id, exhibition_id,
         created, path, image_id, file_name) in list(rows):
        entry = found.setdefault(eid, {
            "id": eid, "public_id": public_id, "kind": kind, "partner": partner,
            "partner_id": partner_id, "licence_id": licence_id,
            "exhibition_id": exhibition_id, "date": created[:10], "path": path,
            "image_ids": [], "files": [],
        })
        entry["image_ids"].append(image_id)
        if file_name:
            entry["files"].append(file_name)
    for entry in found.values():
        entry["image_ids"].sort()
        entry["files"].sort()
    return [found[k] for k in sorted(found)]


def packs_sent(db: sqlite_utils.Database, partner_id: int | None = None) -> list[dict]:
    """The packs and comms kits sent, oldest first (to one partner if given): ``id``,
    ``pack_id``, ``kind`` ('pack' or 'kit'), ``partner``, ``partner_id``, ``licence_id``,
    ``licence_version``, ``created``, ``images`` (how many) and ``path`` — the rows of
    ``curator export packs``. A kit is a pack plus crops, posts and posters."""
    where, params = "e.kind IN ('pack', 'kit')", []
    if partner_id is not None:
        where += " AND e.partner_id = ?"
        params.append(partner_id)
    return list(db.query(
        f"""SELECT e.id, e.public_id AS pack_id, e.kind, p.name AS partner, e.partner_id,
                   e.licence_id, l.version AS licence_version, e.created_at AS created,
                   (SELECT COUNT(*) FROM export_items x WHERE x.export_id = e.id) AS images,
                   e.path
            FROM exports e LEFT JOIN partners p ON p.id = e.partner_id
            LEFT JOIN licences l ON l.id = e.licence_id
            WHERE {where} ORDER BY e.id""", params))
