import sqlite3

import pytest

from curator import connection
from curator.catalogue import MIGRATIONS, migrate, open_catalogue, schema_version
from curator.connection import connect
from curator.errors import CuratorError, LibraryNotFound


def test_new_catalogue_is_current_wal_with_foreign_keys(library):
    db = open_catalogue(library, create=True)
    assert schema_version(db) == len(MIGRATIONS)
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    for d in ("originals", "cache/thumbs", "cache/previews", "consent-forms", "exports"):
        assert (library.root / d).is_dir()


def test_reading_a_folder_without_library_says_so(library):
    with pytest.raises(LibraryNotFound, match="No Curator library"):
        open_catalogue(library)


def test_a_v1_catalogue_migrates_forward_keeping_its_rows(library):
    library.root.mkdir(parents=True)
    db = connect(library.catalogue_path)
    assert migrate(db, upto=1) == 1
    db["events"].insert({"name": "Baby Week 2023", "created_at": "2023-11-01T00:00:00+00:00"})
    db["images"].insert({
        "sha256": "ab" * 32, "file_name": "IMG_1.JPG", "format": "JPEG", "file_size": 10,
        "width": 4, "height": 3, "year": 2023, "year_source": "capture-time",
        "original_path": "originals/2023/x/IMG_1.JPG", "imported_at": "2023-11-02T00:00:00+00:00",
        "event_id": 1,
    })
    db.close()
    db = open_catalogue(library)
    assert schema_version(db) == len(MIGRATIONS)
    row = db.execute("SELECT file_name, year, event_id FROM images").fetchone()
    assert row == ("IMG_1.JPG", 2023, 1)
    assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


def test_a_newer_catalogue_is_refused(library):
    db = open_catalogue(library, create=True)
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 5}")
    db.close()
    with pytest.raises(CuratorError, match="newer Curator"):
        open_catalogue(library)


def test_transaction_rolls_back_everything_on_error(db):
    with pytest.raises(RuntimeError), connection.transaction(db):
        db["keywords"].insert({"name": "one"})
        with connection.transaction(db):
            db["keywords"].insert({"name": "two"})
        raise RuntimeError("boom")
    assert db.execute("SELECT COUNT(*) FROM keywords").fetchone()[0] == 0


def test_foreign_keys_are_enforced(db):
    with pytest.raises(sqlite3.IntegrityError):
        db.execute("INSERT INTO image_keywords (image_id, keyword_id) VALUES (99, 99)")


def test_id_chunks_and_marks():
    from curator.connection import IN_CHUNK, id_chunks, marks

    ids = list(range(2 * IN_CHUNK + 5))
    chunks = id_chunks(ids)
    assert [len(c) for c in chunks] == [IN_CHUNK, IN_CHUNK, 5]
    assert [i for c in chunks for i in c] == ids
    assert id_chunks([]) == []
    assert id_chunks((3, 1, 2), 2) == [[3, 1], [2]]
    assert marks([7, 8, 9]) == "?,?,?"


def _whole_catalogue(path) -> tuple[int, list[tuple], list[str]]:
    """Version, schema objects and every row (shadow tables of the full-text index too)."""
    raw = sqlite3.connect(path)
    try:
        version = raw.execute("PRAGMA user_version").fetchone()[0]
        objects = sorted(raw.execute(
            "SELECT type, name, tbl_name, sql FROM sqlite_master").fetchall(), key=repr)
        dump = sorted(raw.iterdump())
    finally:
        raw.close()
    return version, objects, dump


def test_a_new_catalogue_from_the_snapshot_is_the_one_the_steps_make(tmp_path):
    from curator import catalogue_schema
    from curator.catalogue import schema_script

    replayed = connect(tmp_path / "replayed.db")
    for version in range(1, len(MIGRATIONS) + 1):  # step by step, as an old library does
        migrate(replayed, upto=version)
    assert schema_version(replayed) == len(MIGRATIONS)
    fresh = connect(tmp_path / "fresh.db")
    migrate(fresh)  # empty: from the snapshot, then any newer steps
    assert len(MIGRATIONS) >= catalogue_schema.VERSION
    # The snapshot is what its steps make; and the two catalogues are the same.
    at_snapshot = connect(tmp_path / "at_snapshot.db")
    for version in range(1, catalogue_schema.VERSION + 1):
        migrate(at_snapshot, upto=version)
    assert schema_script(at_snapshot) == catalogue_schema.SQL
    for db in (replayed, fresh, at_snapshot):
        db.close()
    assert _whole_catalogue(tmp_path / "fresh.db") == _whole_catalogue(tmp_path / "replayed.db")
    assert len(_whole_catalogue(tmp_path / "fresh.db")[1]) > 50
