"""Open, create and migrate the SQLite catalogue.

The catalogue is one SQLite file in WAL mode with foreign keys on. Its schema version
is ``PRAGMA user_version``: step *n* of ``MIGRATIONS`` takes a catalogue from version
*n-1* to *n*, in one transaction. A new feature that needs tables appends a step;
a step never changes once released.

Writes go through :func:`transaction` (``BEGIN IMMEDIATE``: the write lock is taken
at the start, so two processes wait for each other instead of failing half way).
"""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Callable, Iterator
from datetime import UTC, datetime
from pathlib import Path

import sqlite_utils

from curator.errors import CuratorError, LibraryBusy
from curator.library import Library

BUSY_TIMEOUT_MS = 30_000


def utc_now() -> str:
    """Now as a UTC ISO 8601 string (seconds precision)."""
    return datetime.now(UTC).replace(microsecond=0).isoformat()


def _step1_foundation(db: sqlite_utils.Database) -> None:
    db.executescript(
        """
        CREATE TABLE events (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            campaign TEXT, year INTEGER, occasion TEXT,
            starts_on TEXT, ends_on TEXT, place TEXT, theme TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE shoots (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL UNIQUE COLLATE NOCASE,
            folder TEXT NOT NULL,
            photographer TEXT,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            source_path TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE images (
            id INTEGER PRIMARY KEY,
            sha256 TEXT NOT NULL UNIQUE,
            file_name TEXT NOT NULL,
            format TEXT NOT NULL,
            file_size INTEGER NOT NULL,
            width INTEGER NOT NULL,           -- as displayed (after orientation)
            height INTEGER NOT NULL,
            orientation INTEGER NOT NULL DEFAULT 1,
            captured_at TEXT,                 -- ISO 8601, with offset when the camera gave one
            year INTEGER NOT NULL,
            year_source TEXT NOT NULL,        -- 'capture-time' | 'file-time' | 'manual'
            camera_make TEXT, camera_model TEXT, lens TEXT,
            exif_json TEXT NOT NULL DEFAULT '{}',
            gps_json TEXT,                    -- private: never exported
            title TEXT, caption TEXT, creator TEXT, copyright TEXT,
            metadata_notes TEXT,              -- JSON list of what the reader had to work around
            original_path TEXT NOT NULL,      -- relative to the library, or absolute (--reference)
            is_reference INTEGER NOT NULL DEFAULT 0,
            source_path TEXT,
            shoot_id INTEGER REFERENCES shoots(id) ON DELETE SET NULL,
            event_id INTEGER REFERENCES events(id) ON DELETE SET NULL,
            imported_at TEXT NOT NULL
        );
        CREATE INDEX images_year ON images(year);
        CREATE INDEX images_event ON images(event_id);
        CREATE INDEX images_shoot ON images(shoot_id);
        CREATE INDEX images_captured ON images(captured_at);
        CREATE TABLE keywords (
            id INTEGER PRIMARY KEY,
            name TEXT NOT NULL UNIQUE
        );
        CREATE TABLE image_keywords (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            keyword_id INTEGER NOT NULL REFERENCES keywords(id) ON DELETE CASCADE,
            PRIMARY KEY (image_id, keyword_id)
        ) WITHOUT ROWID;
        CREATE INDEX image_keywords_keyword ON image_keywords(keyword_id);
        """
    )


def _step_exhibitions(db: sqlite_utils.Database) -> None:
    """Exhibitions: an ordered set of images (dense 1-based positions) and a tour of venues."""
    db.executescript(
        """
        CREATE TABLE exhibitions (
            id INTEGER PRIMARY KEY,
            title TEXT NOT NULL,
            subtitle TEXT,
            statement TEXT,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            duplicated_from INTEGER REFERENCES exhibitions(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        CREATE TABLE exhibition_items (
            id INTEGER PRIMARY KEY,
            exhibition_id INTEGER NOT NULL REFERENCES exhibitions(id) ON DELETE CASCADE,
            image_id INTEGER NOT NULL REFERENCES images(id),
            position INTEGER NOT NULL CHECK (position >= 1),
            section TEXT,
            caption TEXT,                     -- the exhibition's wording; NULL: the catalogue's
            label TEXT,
            print_size TEXT,                  -- 'A4' … 'A0', 'custom', or NULL (not chosen)
            print_width_mm REAL,              -- as printed (orientation applied)
            print_height_mm REAL,
            orientation TEXT CHECK (orientation IN ('portrait', 'landscape')),
            crop_x INTEGER, crop_y INTEGER,   -- crop in displayed-image pixels, or all NULL
            crop_w INTEGER, crop_h INTEGER,
            UNIQUE (exhibition_id, position)
        );
        CREATE INDEX exhibition_items_image ON exhibition_items(image_id);
        CREATE TABLE exhibition_venues (
            id INTEGER PRIMARY KEY,
            exhibition_id INTEGER NOT NULL REFERENCES exhibitions(id) ON DELETE CASCADE,
            name TEXT NOT NULL,
            address TEXT,
            opens_on TEXT NOT NULL,           -- ISO dates, both days included
            closes_on TEXT NOT NULL,
            contact TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            CHECK (opens_on <= closes_on)
        );
        CREATE INDEX exhibition_venues_exhibition ON exhibition_venues(exhibition_id);
        """
    )


# Step n takes the catalogue from user_version n-1 to n. Append only.
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _step1_foundation,
    _step_exhibitions,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, upto: int | None = None) -> int:
    """Apply the missing migration steps (up to ``upto``); return the new version."""
    target = len(MIGRATIONS) if upto is None else upto
    current = schema_version(db)
    if current > len(MIGRATIONS):
        raise CuratorError(
            f"This library was written by a newer Curator (catalogue version {current}); "
            "update Curator to open it."
        )
    for version in range(current + 1, target + 1):
        with transaction(db):
            MIGRATIONS[version - 1](db)
            db.execute(f"PRAGMA user_version = {version}")
    return schema_version(db)


def connect(path: Path | str, *, readonly: bool = False) -> sqlite_utils.Database:
    """Open a catalogue file with the settings every connection needs."""
    if readonly:
        conn = sqlite3.connect(
            f"file:{Path(path).as_posix()}?mode=ro", uri=True, timeout=BUSY_TIMEOUT_MS / 1000
        )
    else:
        conn = sqlite3.connect(str(path), timeout=BUSY_TIMEOUT_MS / 1000)
    # Autocommit at the driver level: transactions are explicit (see transaction()).
    conn.isolation_level = None
    db = sqlite_utils.Database(conn)
    db.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    db.execute("PRAGMA foreign_keys = ON")
    if not readonly:
        db.execute("PRAGMA journal_mode = WAL")
        db.execute("PRAGMA synchronous = NORMAL")
    return db


def open_catalogue(library: Library, *, create: bool = False) -> sqlite_utils.Database:
    """Open (and migrate) a library's catalogue; create the library if ``create``."""
    if not library.exists():
        if not create:
            library.require()
        library.root.mkdir(parents=True, exist_ok=True)
        library.make_dirs()
    try:
        db = connect(library.catalogue_path)
        migrate(db)
    except sqlite3.OperationalError as exc:
        if "locked" in str(exc) or "busy" in str(exc):
            raise LibraryBusy(
                f"The library in {library.root} is busy (another Curator is writing to it); "
                "try again in a moment."
            ) from exc
        raise CuratorError(f"The catalogue in {library.root} cannot be opened: {exc}.") from exc
    except sqlite3.DatabaseError as exc:
        raise CuratorError(
            f"{library.catalogue_path} is not a readable Curator catalogue ({exc})."
        ) from exc
    return db


@contextlib.contextmanager
def transaction(db: sqlite_utils.Database) -> Iterator[sqlite_utils.Database]:
    """One write transaction (``BEGIN IMMEDIATE``); nested calls become savepoints."""
    if db.conn.in_transaction:
        with db.atomic():
            yield db
        return
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
