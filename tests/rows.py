"""Catalogue rows without files: images for tests that do not need the importer."""

from __future__ import annotations

from curator.connection import transaction, utc_now

_n = 0


def add_shoot(db, title: str = "Launch day") -> int:
    row = db.execute("SELECT id FROM shoots WHERE title = ?", [title]).fetchone()
    if row:
        return row[0]
    return db["shoots"].insert({"title": title, "folder": title, "created_at": utc_now()}).last_pk


def _captured(year: int, n: int) -> str:
    """10:00:00 plus ``n`` seconds on 14 November: every image of a session in capture
    order, all on one day (minutes alone wrapped after 60 images and reordered a test's)."""
    seconds = 10 * 3600 + n % (14 * 3600)
    return f"{year}-11-14T{seconds // 3600:02d}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"


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
                "year_source": "capture-time", "captured_at": _captured(year, _n),
                "original_path": f"originals/{year}/x/IMG_{_n:04d}.JPG",
                "imported_at": utc_now(), "shoot_id": shoot_id, **columns,
            }).last_pk)
    return ids
