"""Catalogue rows without files: images for tests that do not need the importer."""

from __future__ import annotations

from curator.connection import transaction, utc_now

_n = 0


def add_shoot(db, title: str = "Launch day") -> int:
    row = db.execute("SELECT id FROM shoots WHERE title = ?", [title]).fetchone()
    if row:
        return row[0]
    return db["shoots"].insert({"title": title, "folder": title, "created_at": utc_now()}).last_pk


def add_images(db, n: int = 3, *, shoot: str | None = "Launch day", year: int = 2024,
               **columns) -> list[int]:
    """Insert ``n`` image rows (step-1 columns plus ``columns``); returns their ids."""
    global _n
    ids = []
    with transaction(db):
        shoot_id = add_shoot(db, shoot) if shoot else None
        for _ in range(n):
            _n += 1
            ids.append(db["images"].insert({
                "sha256": f"{_n:064x}", "file_name": f"IMG_{_n:04d}.JPG", "format": "JPEG",
                "file_size": 1, "width": 4, "height": 3, "year": year,
                "year_source": "capture-time", "captured_at": f"{year}-11-14T10:{_n % 60:02d}:00",
                "original_path": f"originals/{year}/x/IMG_{_n:04d}.JPG",
                "imported_at": utc_now(), "shoot_id": shoot_id, **columns,
            }).last_pk)
    return ids
