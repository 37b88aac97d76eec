"""Open, create and migrate the SQLite catalogue.

The catalogue is one SQLite file in WAL mode with foreign keys on. Its schema version
is ``PRAGMA user_version``: step *n* of ``MIGRATIONS`` takes a catalogue from version
*n-1* to *n*, in one transaction. A new feature that needs tables appends a step;
a step never changes once released.

Connections, transactions and ``IN (...)`` chunks are :mod:`curator.connection`'s, below
this module; the step that builds the derived consent rows calls
:func:`curator.consent.cache.refresh`, so the schema stands above the consent room
(see ``docs/architecture.md``).
"""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from pathlib import Path

import sqlite_utils

from curator import catalogue_schema, journal
from curator.connection import connect, transaction, utc_now
from curator.consent.cache import refresh as refresh_consent_rows
from curator.consent.rule import IMAGE_DAY_SQL
from curator.errors import CuratorError, LibraryBusy, ReadOnlyLibrary
from curator.library import Library


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


_KEYWORDS_TEXT = (
    "(SELECT COALESCE(group_concat(k.name, ' ; '), '') FROM image_keywords ik "
    "JOIN keywords k ON k.id = ik.keyword_id WHERE ik.image_id = {image})"
)


def _step_tags_consent_search(db: sqlite_utils.Database) -> None:
    """Tags (alt text, credit, rating, pick), people and consents, audit log, full-text search.

    ``images.identifiable``: NULL not yet said, 0 no identifiable person (``not-needed``),
    1 shows people. ``images.people_count`` counts its ``image_people`` rows (triggers).
    ``consents.uses`` is a bit set over ``curator.consent.rule.USES``.
    ``images.keywords_text`` mirrors the image's keywords (kept by triggers) so that
    ``images_fts`` (FTS5, external content, kept by triggers) can index them.
    """
    db.executescript(
        f"""
        ALTER TABLE images ADD COLUMN alt_text TEXT;
        ALTER TABLE images ADD COLUMN credit TEXT;
        ALTER TABLE images ADD COLUMN rating INTEGER CHECK (rating BETWEEN 0 AND 5);
        ALTER TABLE images ADD COLUMN pick INTEGER NOT NULL DEFAULT 0
            CHECK (pick IN (-1, 0, 1));                 -- 1 pick, -1 reject
        ALTER TABLE images ADD COLUMN identifiable INTEGER CHECK (identifiable IN (0, 1));
        ALTER TABLE images ADD COLUMN keywords_text TEXT NOT NULL DEFAULT '';
        ALTER TABLE images ADD COLUMN people_count INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX images_rating ON images(rating);
        CREATE INDEX images_identifiable ON images(identifiable, people_count);

        CREATE TABLE people (
            id INTEGER PRIMARY KEY,
            label TEXT NOT NULL,              -- name or pseudonym: personal data
            is_minor INTEGER NOT NULL DEFAULT 0 CHECK (is_minor IN (0, 1)),
            guardian TEXT,                    -- parent or guardian of a minor
            born_on TEXT,
            contact TEXT,
            do_not_publish INTEGER NOT NULL DEFAULT 0 CHECK (do_not_publish IN (0, 1)),
            notes TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE image_people (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            person_id INTEGER NOT NULL REFERENCES people(id) ON DELETE CASCADE,
            PRIMARY KEY (image_id, person_id)
        ) WITHOUT ROWID;
        CREATE INDEX image_people_person ON image_people(person_id, image_id);
        CREATE TRIGGER image_people_insert AFTER INSERT ON image_people BEGIN
            UPDATE images SET people_count = people_count + 1, identifiable = 1
            WHERE id = new.image_id;
        END;
        CREATE TRIGGER images_people_shown BEFORE UPDATE OF identifiable ON images
        WHEN new.identifiable IS NOT 1 AND new.people_count > 0 BEGIN
            SELECT RAISE(ABORT, 'an image with people linked shows identifiable people');
        END;
        CREATE TRIGGER image_people_delete AFTER DELETE ON image_people BEGIN
            UPDATE images SET people_count = people_count - 1 WHERE id = old.image_id;
        END;

        CREATE TABLE consents (
            id INTEGER PRIMARY KEY,           -- the form number curators quote
            person_id INTEGER REFERENCES people(id) ON DELETE RESTRICT,
            shoot_id INTEGER REFERENCES shoots(id) ON DELETE RESTRICT,   -- a group release
            uses INTEGER NOT NULL CHECK (uses BETWEEN 1 AND 31),
            signed_on TEXT NOT NULL,
            signed_by TEXT,                   -- who signed (a parent or guardian for a minor)
            witness TEXT,
            expires_on TEXT,                  -- NULL: never
            withdrawn_on TEXT,
            withdrawal_reason TEXT,
            form_path TEXT,                   -- consent-forms/… inside the library
            form_sha256 TEXT,
            form_version TEXT,
            notes TEXT,
            created_at TEXT NOT NULL,
            CHECK ((person_id IS NULL) <> (shoot_id IS NULL)),
            CHECK (expires_on IS NULL OR expires_on > signed_on),
            CHECK (withdrawn_on IS NULL OR withdrawn_on >= signed_on)
        );
        CREATE INDEX consents_person ON consents(person_id);
        CREATE INDEX consents_shoot ON consents(shoot_id);

        CREATE TABLE audit_log (
            id INTEGER PRIMARY KEY,
            at TEXT NOT NULL,                 -- UTC ISO 8601
            actor TEXT NOT NULL,
            action TEXT NOT NULL,             -- e.g. 'consent.withdraw', 'image.tag'
            entity TEXT NOT NULL,             -- 'image' | 'person' | 'consent' | 'event'
            entity_id INTEGER,
            field TEXT,
            before TEXT,                      -- JSON
            after TEXT                        -- JSON
        );
        CREATE INDEX audit_log_entity ON audit_log(entity, entity_id);

        UPDATE images SET keywords_text = {_KEYWORDS_TEXT.format(image="images.id")}
        WHERE id IN (SELECT image_id FROM image_keywords);

        CREATE VIRTUAL TABLE images_fts USING fts5(
            file_name, title, caption, alt_text, keywords_text,
            content='images', content_rowid='id',
            tokenize='unicode61 remove_diacritics 2'
        );
        INSERT INTO images_fts(images_fts) VALUES ('rebuild');
        CREATE TRIGGER images_fts_insert AFTER INSERT ON images BEGIN
            INSERT INTO images_fts(rowid, file_name, title, caption, alt_text, keywords_text)
            VALUES (new.id, new.file_name, new.title, new.caption, new.alt_text,
                    new.keywords_text);
        END;
        CREATE TRIGGER images_fts_delete AFTER DELETE ON images BEGIN
            INSERT INTO images_fts(images_fts, rowid, file_name, title, caption, alt_text,
                                   keywords_text)
            VALUES ('delete', old.id, old.file_name, old.title, old.caption, old.alt_text,
                    old.keywords_text);
        END;
        CREATE TRIGGER images_fts_update
        AFTER UPDATE OF file_name, title, caption, alt_text, keywords_text ON images BEGIN
            INSERT INTO images_fts(images_fts, rowid, file_name, title, caption, alt_text,
                                   keywords_text)
            VALUES ('delete', old.id, old.file_name, old.title, old.caption, old.alt_text,
                    old.keywords_text);
            INSERT INTO images_fts(rowid, file_name, title, caption, alt_text, keywords_text)
            VALUES (new.id, new.file_name, new.title, new.caption, new.alt_text,
                    new.keywords_text);
        END;
        CREATE TRIGGER image_keywords_insert AFTER INSERT ON image_keywords BEGIN
            UPDATE images SET keywords_text = {_KEYWORDS_TEXT.format(image="new.image_id")}
            WHERE id = new.image_id;
        END;
        CREATE TRIGGER image_keywords_delete AFTER DELETE ON image_keywords BEGIN
            UPDATE images SET keywords_text = {_KEYWORDS_TEXT.format(image="old.image_id")}
            WHERE id = old.image_id;
        END;
        CREATE TRIGGER keywords_rename AFTER UPDATE OF name ON keywords BEGIN
            UPDATE images SET keywords_text = {_KEYWORDS_TEXT.format(image="images.id")}
            WHERE id IN (SELECT image_id FROM image_keywords WHERE keyword_id = new.id);
        END;
        """
    )


def _step_consent_cache(db: sqlite_utils.Database) -> None:
    """Derived consent tables for images with people (see ``curator/consent/cache.py``).

    Triggers mark an image dirty whenever its links, its people's consents or their
    minor / do-not-publish flags change; the rows are rebuilt from the source tables.
    """
    dirty_person = ("INSERT OR IGNORE INTO consent_dirty (image_id) "
                    "SELECT image_id FROM image_people WHERE person_id = {p};")
    db.executescript(
        f"""
        CREATE TABLE consent_windows (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            use_bit INTEGER NOT NULL,
            from_day TEXT NOT NULL,           -- cleared over [a, b] if from_day <= a
            until_day TEXT NOT NULL           -- and b < until_day ('9999-12-31': never)
        );
        CREATE INDEX consent_windows_find
            ON consent_windows(use_bit, until_day, from_day, image_id);
        CREATE INDEX consent_windows_image ON consent_windows(image_id);
        CREATE TABLE consent_periods (
            image_id INTEGER NOT NULL REFERENCES images(id) ON DELETE CASCADE,
            status TEXT NOT NULL,
            from_day TEXT NOT NULL,           -- inclusive
            until_day TEXT NOT NULL           -- exclusive
        );
        CREATE INDEX consent_periods_find
            ON consent_periods(status, until_day, from_day, image_id);
        CREATE INDEX consent_periods_image ON consent_periods(image_id);
        CREATE TABLE consent_dirty (
            image_id INTEGER PRIMARY KEY REFERENCES images(id) ON DELETE CASCADE
        );
        CREATE TRIGGER consent_dirty_link AFTER INSERT ON image_people BEGIN
            INSERT OR IGNORE INTO consent_dirty (image_id) VALUES (new.image_id);
        END;
        CREATE TRIGGER consent_dirty_unlink AFTER DELETE ON image_people BEGIN
            INSERT OR IGNORE INTO consent_dirty (image_id) VALUES (old.image_id);
        END;
        CREATE TRIGGER consent_dirty_consent_insert AFTER INSERT ON consents
        WHEN new.person_id IS NOT NULL BEGIN
            {dirty_person.format(p="new.person_id")}
        END;
        CREATE TRIGGER consent_dirty_consent_update AFTER UPDATE ON consents BEGIN
            {dirty_person.format(p="old.person_id")}
            {dirty_person.format(p="new.person_id")}
        END;
        CREATE TRIGGER consent_dirty_consent_delete AFTER DELETE ON consents
        WHEN old.person_id IS NOT NULL BEGIN
            {dirty_person.format(p="old.person_id")}
        END;
        CREATE TRIGGER consent_dirty_person AFTER UPDATE OF is_minor, do_not_publish
        ON people BEGIN
            {dirty_person.format(p="new.id")}
        END;
        INSERT INTO consent_dirty (image_id) SELECT DISTINCT image_id FROM image_people;
        """
    )
    refresh_consent_rows(db)


def _step_partners_and_export_log(db: sqlite_utils.Database) -> None:
    """Partners, their licences (versioned), and the log of everything that left the library.

    A licence row is never changed once an export used it: an edit makes a new row with
    ``version + 1`` and ``supersedes_id``, so each export keeps the exact terms it was sent
    with. ``export_items.image_id`` is a plain number, not a foreign key: the log outlives a
    removed image, so a withdrawal can still be traced to the partners holding copies.
    """
    db.executescript(
        """
        CREATE TABLE partners (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL UNIQUE COLLATE NOCASE,
            contact TEXT, email TEXT, notes TEXT,
            created_at TEXT NOT NULL
        );
        CREATE TABLE licences (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            partner_id INTEGER NOT NULL REFERENCES partners(id),
            name TEXT NOT NULL,
            version INTEGER NOT NULL DEFAULT 1,
            supersedes_id INTEGER REFERENCES licences(id),
            uses TEXT NOT NULL,               -- comma list over curator.consent USES
            attribution TEXT,
            valid_from TEXT NOT NULL,         -- ISO dates, both days included
            expires_on TEXT NOT NULL,
            terms TEXT,
            allow_names INTEGER NOT NULL DEFAULT 0,
            allow_ai_training INTEGER NOT NULL DEFAULT 0,
            licensor TEXT,                    -- who grants it (plus:Licensor); default: the
            licensor_email TEXT,              --   campaign of each image's event
            licensor_url TEXT,                -- also the packs' xmpRights:WebStatement
            created_at TEXT NOT NULL
        );
        CREATE INDEX licences_partner ON licences(partner_id);
        CREATE TABLE exports (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            public_id TEXT NOT NULL UNIQUE,   -- the id written into the pack / PDF
            kind TEXT NOT NULL,               -- 'pack', 'layout', 'kit', ...
            partner_id INTEGER REFERENCES partners(id),
            licence_id INTEGER REFERENCES licences(id),
            exhibition_id INTEGER,            -- plain number: the log outlives the exhibition
            path TEXT,                        -- where it was written on this machine
            details_json TEXT NOT NULL DEFAULT '{}',
            created_at TEXT NOT NULL
        );
        CREATE INDEX exports_partner ON exports(partner_id);
        CREATE TABLE export_items (
            export_id INTEGER NOT NULL REFERENCES exports(id) ON DELETE CASCADE,
            image_id INTEGER NOT NULL,
            file_name TEXT,                   -- the file inside the export (pack) or NULL
            sha256 TEXT,                      -- of that file
            original_sha256 TEXT
        );
        CREATE INDEX export_items_image ON export_items(image_id);
        CREATE INDEX export_items_export ON export_items(export_id);
        """
    )


def _step_exhibition_ids_never_return(db: sqlite_utils.Database) -> None:
    """``exhibitions.id`` becomes AUTOINCREMENT: a deleted exhibition's number is never
    given to a new one (a quoted "exhibition #4" must not come to mean another show).

    SQLite cannot add AUTOINCREMENT to a table, so the table is rebuilt (SQLite's
    12-step procedure: foreign keys are off for this step, checked before it commits).
    """
    db.executescript(
        """
        CREATE TABLE exhibitions_new (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            title TEXT NOT NULL,
            subtitle TEXT,
            statement TEXT,
            status TEXT NOT NULL DEFAULT 'draft' CHECK (status IN ('draft', 'final')),
            duplicated_from INTEGER REFERENCES exhibitions(id) ON DELETE SET NULL,
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL
        );
        INSERT INTO exhibitions_new (id, title, subtitle, statement, status, duplicated_from,
                                     created_at, changed_at)
            SELECT id, title, subtitle, statement, status, duplicated_from, created_at,
                   changed_at FROM exhibitions;
        DROP TABLE exhibitions;
        ALTER TABLE exhibitions_new RENAME TO exhibitions;
        """
    )


_step_exhibition_ids_never_return.rebuilds_tables = True  # type: ignore[attr-defined]


def _step_group_release_days(db: sqlite_utils.Database) -> None:
    """``consent_days``: the event day(s) a group release was signed for.

    A group release covers the images of its shoot taken on those days, not whatever is
    filed under the shoot later. A release recorded before this step covered the whole
    shoot as it then was: it gets the days of the shoot's images of today.
    """
    db.executescript(
        f"""
        CREATE TABLE consent_days (
            consent_id INTEGER NOT NULL REFERENCES consents(id) ON DELETE CASCADE,
            day TEXT NOT NULL,                -- ISO date
            PRIMARY KEY (consent_id, day)
        ) WITHOUT ROWID;
        CREATE INDEX consent_days_day ON consent_days(day, consent_id);
        INSERT OR IGNORE INTO consent_days (consent_id, day)
            SELECT c.id, {IMAGE_DAY_SQL.format(i="i")} FROM consents c
            JOIN images i ON i.shoot_id = c.shoot_id WHERE c.shoot_id IS NOT NULL;
        """
    )


def _step_original_fingerprint(db: sqlite_utils.Database) -> None:
    """``images.original_mtime``: the original's modification time when it was imported.

    With ``file_size`` it lets a check see cheaply that an original is unchanged; when
    either differs (or, for images imported before this step, the time is unknown) the
    bytes are hashed and compared with ``sha256`` (:mod:`curator.originals`).
    """
    db.execute("ALTER TABLE images ADD COLUMN original_mtime REAL")


def _step_campaigns(db: sqlite_utils.Database) -> None:
    """Campaigns (name, year, theme, dates, day topics, hashtags, logo, link) and the focus
    point of each image (where social crops centre; see ``docs/kits.md``).

    Events gain ``campaign_id``. The free-text ``events.campaign`` of earlier catalogues
    becomes one campaign per distinct name (case and spaces ignored) and event year, with
    the events' earliest start, latest end and — when they agree on one — their theme; the
    text stays on the event (older exports quote it). ``campaign_days.day`` is the 1-based
    day of the campaign, so a topic follows its day when the campaign's dates move.
    ``images.focus_x``/``focus_y`` are fractions of the displayed width and height (NULL:
    the centre).
    """
    db.executescript(
        """
        CREATE TABLE campaigns (
            id INTEGER PRIMARY KEY AUTOINCREMENT,
            name TEXT NOT NULL,
            year INTEGER,
            theme TEXT,
            starts_on TEXT, ends_on TEXT,     -- ISO dates, both days included
            description TEXT,
            url TEXT,
            hashtags_json TEXT NOT NULL DEFAULT '[]',   -- normalised '#Word', in order
            logo_image_id INTEGER REFERENCES images(id) ON DELETE SET NULL,
            logo_path TEXT,                   -- campaign-logos/<sha256>.<ext> in the library
            created_at TEXT NOT NULL,
            changed_at TEXT NOT NULL,
            CHECK (starts_on IS NULL OR ends_on IS NULL OR starts_on <= ends_on),
            CHECK (logo_image_id IS NULL OR logo_path IS NULL)
        );
        CREATE UNIQUE INDEX campaigns_name_year ON campaigns(name COLLATE NOCASE,
                                                             COALESCE(year, 0));
        CREATE TABLE campaign_days (
            campaign_id INTEGER NOT NULL REFERENCES campaigns(id) ON DELETE CASCADE,
            day INTEGER NOT NULL CHECK (day BETWEEN 1 AND 366),
            topic TEXT NOT NULL,
            PRIMARY KEY (campaign_id, day)
        ) WITHOUT ROWID;
        ALTER TABLE events ADD COLUMN campaign_id INTEGER
            REFERENCES campaigns(id) ON DELETE SET NULL;
        CREATE INDEX events_campaign ON events(campaign_id);
        ALTER TABLE images ADD COLUMN focus_x REAL CHECK (focus_x BETWEEN 0 AND 1);
        ALTER TABLE images ADD COLUMN focus_y REAL CHECK (focus_y BETWEEN 0 AND 1);
        """
    )
    now = utc_now()
    groups = db.execute(
        """SELECT MIN(trim(campaign)), year, MIN(starts_on), MAX(COALESCE(ends_on, starts_on)),
                  CASE WHEN COUNT(DISTINCT NULLIF(trim(theme), '')) = 1
                       THEN MAX(NULLIF(trim(theme), '')) END
           FROM events WHERE NULLIF(trim(campaign), '') IS NOT NULL
           GROUP BY lower(trim(campaign)), year ORDER BY MIN(id)""").fetchall()
    for name, year, starts, ends, theme in groups:
        campaign_id = db.execute(
            "INSERT INTO campaigns (name, year, theme, starts_on, ends_on, created_at, "
            "changed_at) VALUES (?, ?, ?, ?, ?, ?, ?)",
            [name, year, theme, starts, ends if starts else None, now, now]).lastrowid
        db.execute("UPDATE events SET campaign_id = ? WHERE lower(trim(campaign)) = lower(?) "
                   "AND year IS ?", [campaign_id, name, year])


# Step n takes the catalogue from user_version n-1 to n. Append only; then regenerate the
# snapshot a new catalogue starts from (curator/catalogue_schema.py, see migrate()).
MIGRATIONS: list[Callable[[sqlite_utils.Database], None]] = [
    _step1_foundation,
    _step_exhibitions,
    _step_tags_consent_search,
    _step_consent_cache,
    _step_partners_and_export_log,
    _step_exhibition_ids_never_return,
    _step_group_release_days,
    _step_original_fingerprint,
    _step_campaigns,
]


def schema_version(db: sqlite_utils.Database) -> int:
    return db.execute("PRAGMA user_version").fetchone()[0]


def migrate(db: sqlite_utils.Database, upto: int | None = None) -> int:
    """Apply the missing migration steps (up to ``upto``); return the new version.

    An empty catalogue (a new library) starts from the schema snapshot in one script
    (:mod:`curator.catalogue_schema`, ~5 ms) instead of replaying the steps that made it
    (~45 ms of CPU, a twentieth of a small import's fixed cost); steps newer than the
    snapshot are then applied as usual. Both make the same schema (a test compares them).
    """
    target = len(MIGRATIONS) if upto is None else upto
    current = schema_version(db)
    if current > len(MIGRATIONS):
        raise CuratorError(
            f"This library was written by a newer Curator (catalogue version {current}); "
            "update Curator to open it."
        )
    if current == 0 and target >= catalogue_schema.VERSION and _is_empty(db):
        try:
            _create_from_snapshot(db)
        except sqlite3.OperationalError:
            # Another connection (an import, a window's worker) made the catalogue between
            # our look and our write ("table … already exists"): its schema stands.
            if schema_version(db) == 0:
                raise
        current = schema_version(db)
    for version in range(current + 1, target + 1):
        step = MIGRATIONS[version - 1]
        rebuilds = getattr(step, "rebuilds_tables", False)
        if rebuilds:  # a table rebuilt must not cascade its DROP to the rows that refer to it
            db.execute("PRAGMA foreign_keys = OFF")
        try:
            with transaction(db):
                if schema_version(db) >= version:  # another connection got here first
                    continue
                step(db)
                if rebuilds and db.execute("PRAGMA foreign_key_check").fetchone():
                    raise CuratorError(f"Upgrading the catalogue (step {version}) would break "
                                       "its links between tables; nothing was changed.")
                db.execute(f"PRAGMA user_version = {version}")
        finally:
            if rebuilds:
                db.execute("PRAGMA foreign_keys = ON")
    return schema_version(db)


def _is_empty(db: sqlite_utils.Database) -> bool:
    return db.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchone() is None


def _create_from_snapshot(db: sqlite_utils.Database) -> None:
    """The snapshot's schema and version in one transaction (``executescript`` commits
    whatever is open before it runs, so the script carries its own BEGIN and COMMIT)."""
    try:
        db.conn.executescript(f"BEGIN;\n{catalogue_schema.SQL}"
                              f"PRAGMA user_version = {catalogue_schema.VERSION};\nCOMMIT;")
    except BaseException:
        if db.conn.in_transaction:
            db.conn.rollback()
        raise


def schema_script(db: sqlite_utils.Database) -> str:
    """The statements that make ``db``'s schema and bookkeeping rows from nothing.

    Objects in the order SQLite made them (a virtual table makes its own shadow tables,
    SQLite its internal ones), then the rows the steps left in those — the full-text
    index's structure record, AUTOINCREMENT counters — so that the result is the same
    file content, not just the same tables. The steps must leave the ordinary tables empty.
    """
    shadow = [row[1] for row in db.execute("PRAGMA table_list") if row[2] == "shadow"]
    rows = db.execute("SELECT type, name, sql FROM sqlite_master WHERE sql IS NOT NULL "
                      "AND name NOT LIKE 'sqlite_%' ORDER BY rowid").fetchall()
    statements = [f"{sql};\n" for _type, name, sql in rows if name not in shadow]
    for _type, name, _sql in rows:
        if _type == "table" and name not in shadow and \
                db.execute(f'SELECT 1 FROM "{name}" LIMIT 1').fetchone():
            raise ValueError(f"a step left rows in {name}: a snapshot cannot stand for it")
    bookkeeping = [*shadow] + (["sqlite_sequence"] if any(
        r[1] == "sqlite_sequence" for r in db.execute("PRAGMA table_list")) else [])
    for table in bookkeeping:
        columns = [r[1] for r in db.execute(f'PRAGMA table_info("{table}")')]
        values = " || ',' || ".join(f'quote("{c}")' for c in columns)
        for (row,) in db.execute(f'SELECT {values} FROM "{table}" ORDER BY 1'):
            statements.append(f'INSERT OR REPLACE INTO "{table}" VALUES({row});\n')
    return "".join(statements)


_SNAPSHOT_HEADER = '''"""The catalogue schema that the first VERSION steps of ``catalogue.MIGRATIONS`` make.

Generated by ``curator.catalogue.write_schema_snapshot()`` — do not edit. Regenerate it
after appending a step (until then a new catalogue gets the newer steps replayed)::

    .venv/bin/python -c "from curator.catalogue import write_schema_snapshot as w; w()"
"""
# ruff: noqa: E501
'''


def write_schema_snapshot(path: Path | None = None) -> Path:
    """Regenerate :mod:`curator.catalogue_schema` by replaying every step."""
    import tempfile

    path = path or Path(__file__).with_name("catalogue_schema.py")
    with tempfile.TemporaryDirectory() as tmp:
        db = connect(Path(tmp) / "snapshot.db")
        try:
            for step in MIGRATIONS:  # the steps themselves, never the old snapshot
                with transaction(db):
                    step(db)
            script = schema_script(db)
        finally:
            db.close()
    if '"""' in script or "\\" in script:
        raise ValueError("the schema has text that a Python string would change")
    path.write_text(f'{_SNAPSHOT_HEADER}\nVERSION = {len(MIGRATIONS)}\n\nSQL = """\\\n'
                    f'{script}"""\n', encoding="utf-8")
    return path


def open_catalogue(library: Library, *, create: bool = False) -> sqlite_utils.Database:
    """Open (and migrate) a library's catalogue; create the library if ``create``."""
    if not library.exists():
        if not create:
            library.require()
        library.make_dirs()
    try:
        db = connect(library.catalogue_path)
        migrate(db)
        # A write killed between moving originals and committing: finish or undo its moves.
        journal.recover(db, library)
    except sqlite3.OperationalError as exc:
        if library.exists() and _read_only(library):
            return _open_read_only(library)
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


def _read_only(library: Library) -> bool:
    """The library's folder or catalogue cannot be written (read-only disk, permissions)."""
    return not (os.access(library.catalogue_path, os.W_OK) and os.access(library.root, os.W_OK))


def _open_read_only(library: Library) -> sqlite_utils.Database:
    """The catalogue of a library that cannot be written, for reading: listing, showing and
    searching work; a command that writes gets :class:`ReadOnlyLibrary`."""
    try:
        db = connect(library.catalogue_path, readonly=True, immutable=True)
        version = schema_version(db)
    except sqlite3.DatabaseError as exc:
        raise CuratorError(f"The catalogue in {library.root} cannot be read: {exc}.") from exc
    if version != len(MIGRATIONS):
        db.close()
        raise ReadOnlyLibrary(
            f"The library in {library.root} is read-only and its catalogue needs an upgrade "
            "this Curator cannot write; make the folder writable and try again.")
    db.read_only_library = True  # transaction() refuses to start a write
    return db
