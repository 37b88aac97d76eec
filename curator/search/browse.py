"""Rows for browsing (the desktop grid and inspector): summaries plus the descriptive tags.

:func:`curator.search.rows.summaries` gives what the CLI lists; a curator browsing also sees
the pick flag by name, which :func:`grid_rows` adds.
"""

from __future__ import annotations

from collections.abc import Sequence

import sqlite_utils

from curator.search.query import PICKS
from curator.search.rows import summaries

_FLAG = {v: k for k, v in PICKS.items()}


def grid_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> list[dict]:
    """``summaries(ids)`` with the pick flag's name (``pick``/``reject``/``unflagged``)."""
    rows = summaries(db, ids)
    for row in rows:
        row["pick"] = row["pick"] or 0
        row["people_count"] = row["people_count"] or 0
        row["flag"] = _FLAG.get(row["pick"], "unflagged")
    return rows
