"""Rows for browsing (the desktop grid and inspector): summaries plus the descriptive tags.

:func:`curator.images.summaries` gives what the CLI lists; a curator browsing also sees
alt text, credit, rating and pick flag, which :func:`grid_rows` adds in one query per
chunk of ids.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from curator.images import summaries
from curator.search import PICKS

_FLAG = {v: k for k, v in PICKS.items()}


def grid_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[dict]:
    """``summaries(ids)`` with ``alt_text``, ``credit``, ``rating`` and ``pick`` (1/0/-1)."""
    rows = summaries(db, ids)
    extra: dict[int, tuple] = {}
    ids = list(ids)
    for n in range(0, len(ids), 900):
        chunk = ids[n:n + 900]
        for image_id, *values in db.execute(
            "SELECT id, alt_text, credit, rating, pick, people_count FROM images "
            f"WHERE id IN ({','.join('?' * len(chunk))})", chunk):
            extra[image_id] = tuple(values)
    for row in rows:
        alt, credit, rating, pick, people = extra.get(row["id"], (None, None, None, 0, 0))
        row.update(alt_text=alt, credit=credit, rating=rating, pick=pick or 0,
                   flag=_FLAG.get(pick or 0, "unflagged"), people_count=people or 0)
    return rows
