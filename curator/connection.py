"""The connection to a catalogue and the helpers every query and write uses.

:func:`connect` opens a catalogue file with the settings every connection needs (WAL,
foreign keys, autocommit at the driver level); writes go through :func:`transaction`
(``BEGIN IMMEDIATE``: the write lock is taken at the start, so two processes wait for each
other instead of failing half way; nested calls become savepoints). Long id lists go into
``IN (...)`` in chunks (:func:`id_chunks`, :func:`marks`; :func:`curator.reads.select_in`
runs a query over them).

This module is the bottom of the core: it imports nothing from ``curator``, so
the schema (:mod:`curator.catalogue`) and every room can stand on it.
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator, Sequence
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from curator.errors import ReadOnlyLibrary

BUSY_TIMEOUT_MS = 30_000


def utc_now() -> str:
    """Now as a UTC ISO 8601 string (seconds precision)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def connect(path: Path | str, *, readonly: bool = False,
            immutable: bool = False) -> sqlite_utils.Database:
    """Open a catalogue file with the settings every connection needs.

    ``immutable``: the file is on read-only storage and nobody can change it, so SQLite
    needs no lock or shared-memory file beside it (a WAL catalogue in a folder that cannot
    be written is otherwise unreadable).
    """
    if readonly:
        flags = "mode=ro&immutable=1" if immutable else "mode=ro"
        conn = sqlite3.connect(
            f"file:{Path(path).as_posix()}?{flags}", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    # Autocommit at the driver level: transactions are explicit (see transaction()).
    conn.isolation_level = None
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    # A season's catalogue is tens of MB: keep it in memory (64 MB page cache, mmap reads).
    db.execute("PRAGMA cache_size = -65536")
    db.execute("PRAGMA mmap_size = 268435456")
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
    if getattr(db, "read_only_library", False):
        raise ReadOnlyLibrary(
            "This library is read-only (its folder or catalogue cannot be written): it can be "
            "listed and searched, but not changed; nothing was changed.")
    db.execute("BEGIN IMMEDIATE")
    try:
        yield db
    except BaseException:
        if db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    else:
        db.execute("COMMIT")


def lookup_id(db: sqlite_utils.Database, table: str, column: str, value: str, **extra) -> int:
    """Id of the row whose ``column`` equals ``value``, inserting it if missing."""
    row = db.execute(f"SELECT id FROM {table} WHERE {column} = ?", [value]).fetchone()
    if row:
        return row[0]
    return db[table].insert({column: value, **extra}).last_pk


# SQLite allows 999 bound parameters per statement in old builds: id lists for
# ``IN (...)`` are cut into chunks of this size.
IN_CHUNK = 900


def id_chunks(ids: Sequence[int], size: int = IN_CHUNK) -> list[list[int]]:
    """``ids`` cut into lists of at most ``size``, in order (for ``IN (...)`` queries)."""
    ids = list(ids)
    return [ids[i:i + size] for i in range(0, len(ids), size)]


def marks(chunk: Sequence) -> str:
    """``?,?,…`` — one placeholder per value of ``chunk``."""
    return ",".join("?" * len(chunk))
