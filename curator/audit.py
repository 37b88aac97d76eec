"""The audit log: who changed consent or clearance-relevant facts, when, from what to what.

Every write in :mod:`curator.consent.people`, :mod:`curator.consent.records` and :mod:`curator.tagging.edits`
calls :func:`record` inside its own transaction, so the log and the change commit together.
Values are stored as JSON; ``None`` before means "created", ``None`` after "removed".
"""

from __future__ import annotations

import getpass
import json
from typing import Any

import sqlite_utils

from curator.connection import utc_now


def actor() -> str:
    """The operating-system user making the change."""
    try:
        return getpass.getuser()
    except Exception:  # no user name (some containers): still record the change
        return "unknown"


def record(db: sqlite_utils.Database, action: str, entity: str, entity_id: int | None,
           field: str | None = None, before: Any = None, after: Any = None) -> None:
    """Append one entry (call inside the transaction that makes the change)."""
    db.execute(
        "INSERT INTO audit_log (at, actor, action, entity, entity_id, field, before, after) "
        "VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [utc_now(), actor(), action, entity, entity_id, field,
         None if before is None else json.dumps(before, ensure_ascii=False),
         None if after is None else json.dumps(after, ensure_ascii=False)],
    )


def record_changes(db: sqlite_utils.Database, action: str, entity: str, entity_id: int,
                   before: dict, after: dict) -> int:
    """One entry per field whose value differs; returns how many were written."""
    n = 0
    for key, new in after.items():
        if before.get(key) != new:
            record(db, action, entity, entity_id, key, before.get(key), new)
            n += 1
    return n


def entries(db: sqlite_utils.Database, entity: str | None = None,
            entity_id: int | None = None, limit: int | None = None) -> list[dict]:
    """Log entries, newest first, optionally for one entity."""
    where, params = [], []
    if entity:
        where.append("entity = ?")
        params.append(entity)
    if entity_id is not None:
        where.append("entity_id = ?")
        params.append(entity_id)
    sql = "SELECT id, at, actor, action, entity, entity_id, field, before, after FROM audit_log"
    if where:
        sql += " WHERE " + " AND ".join(where)
    sql += " ORDER BY id DESC"
    if limit:
        sql += f" LIMIT {int(limit)}"
    out = []
    for row in db.query(sql, params):
        row["before"] = None if row["before"] is None else json.loads(row["before"])
        row["after"] = None if row["after"] is None else json.loads(row["after"])
        out.append(row)
    return out
