"""Removing images from the catalogue: one transaction, originals moved (never deleted)."""

from __future__ import annotations

import hashlib
import json
import stat

import pytest

from curator import audit
from curator import removal as rm
from curator.catalogue import open_catalogue
from curator.consent import people
from curator.errors import CuratorError, NotFound
from curator.exhibitions import sets as exhibitions
from curator.ingest.importer import ImportOptions, run_import
from curator.search.query import ImageFilter, find_image_ids
from curator.tagging import edits as tagging
from tests.exhibition_support import cli_json, run_cli


def _sha(path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture
def shoot(db, library, make_shoot):
    """Five imported photos of the shoot "Launch day" (2024): their rows by id."""
    run_import(library, [make_shoot(5, year=2024)],
               ImportOptions(shoot="Launch day", event="Baby Week 2024", workers=1))
    return {r["id"]: r for r in db.query("SELECT * FROM images ORDER BY id")}


def _ids(db) -> list[int]:
    return [r[0] for r in db.execute("SELECT id FROM images ORDER BY id")]


def test_removes_rows_links_and_cache_and_moves_originals(db, library, shoot):
    a, b, c, *_ = shoot
    tagging.apply(db, [a, b, c], tagging.TagEdit(add_keywords=["Launch"], caption="Smiles"))
    person = people.add_person(db, "Aisha")
    people.link(db, [a, c], person)
    originals = {i: library.root / shoot[i]["original_path"] for i in (a, b)}
    bytes_before = {i: _sha(p) for i, p in originals.items()}

    report = rm.remove_images(db, library, [a, b])

    assert _ids(db) == [i for i in shoot if i not in (a, b)]
    for i in (a, b):
        entry = next(r for r in report.removed if r["id"] == i)
        moved = library.root / entry["moved_to"]
        assert entry["moved_to"] == shoot[i]["original_path"].replace("originals/", "removed/",
                                                                      1)
        assert moved.parent == library.removed / "2024" / "Launch day"
        assert not originals[i].exists() and moved.is_file()
        assert _sha(moved) == bytes_before[i] == shoot[i]["sha256"]  # the same bytes
        assert not moved.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        assert not library.thumb_path(shoot[i]["sha256"]).exists()
        assert not library.preview_path(shoot[i]["sha256"]).exists()
    assert library.thumb_path(shoot[c]["sha256"]).exists()  # the others keep theirs
    assert report.moved == 2 and report.referenced == report.missing == 0
    # links went with the rows; the person, the keyword and the other image stay
    assert db.execute("SELECT image_id FROM image_people").fetchall() == [(c,)]
    assert db.execute("SELECT image_id FROM image_keywords").fetchall() == [(c,)]
    assert people.get_person(db, person)["label"] == "Aisha"
    assert find_image_ids(db, ImageFilter(text="smiles")) == [c]
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    # the audit log says what each image was and where its original went
    entries = [e for e in audit.entries(db, "image") if e["action"] == "image.remove"]
    assert {e["entity_id"] for e in entries} == {a, b}
    first = next(e for e in entries if e["entity_id"] == a)
    assert first["before"]["file_name"] == shoot[a]["file_name"]
    assert first["before"]["keywords"] == ["Launch"] and first["before"]["people"] == [person]
    assert first["after"] == next(r["moved_to"] for r in report.removed if r["id"] == a)
    assert "Removed 2 images" in report.summary()


def test_draft_exhibitions_close_up_and_final_ones_refuse(db, library, shoot):
    a, b, c, d, e = shoot
    draft = exhibitions.create(db, "Work in progress")
    exhibitions.add_items(db, draft, [a, b, c, d, b])
    report = rm.remove_images(db, library, [b])
    items = exhibitions.items(db, draft)
    assert [(i["position"], i["image_id"]) for i in items] == [(1, a), (2, c), (3, d)]
    assert report.exhibitions == [{"id": draft, "title": "Work in progress",
                                   "positions": [2, 5]}]
    logged = audit.entries(db, "exhibition", draft)
    assert logged[0]["before"] == [{"image_id": b, "position": 2},
                                   {"image_id": b, "position": 5}]

    final = exhibitions.create(db, "I See You")
    exhibitions.add_items(db, final, [c, e])
    exhibitions.set_status(db, final, "final")
    plan = rm.plan_removal(db, library, [a, c])
    assert not plan.allowed and [x["title"] for x in plan.blocked_by] == ["I See You"]
    original = library.root / shoot[c]["original_path"]
    with pytest.raises(rm.RemovalRefused, match=r"final exhibition #\d+ 'I See You' holds "
                                                r"#\d+ IMG_0003\.JPG"):
        rm.remove_images(db, library, [a, c])
    assert a in _ids(db) and c in _ids(db) and original.exists()  # nothing changed
    assert [i["image_id"] for i in exhibitions.items(db, draft)] == [a, c, d]


def test_referenced_originals_are_never_touched(db, library, make_shoot):
    folder = make_shoot(2, name="card", year=2023)
    run_import(library, [folder], ImportOptions(shoot="On the card", reference=True,
                                                workers=1))
    ids = _ids(db)
    report = rm.remove_images(db, library, ids)
    assert _ids(db) == []
    assert report.referenced == 2 and report.moved == 0
    assert sorted(p.name for p in folder.iterdir()) == ["IMG_0001.JPG", "IMG_0002.JPG"]
    assert not library.removed.exists()
    assert "left where they are" in report.summary()


def test_missing_original_and_name_clash_in_removed(db, library, shoot):
    a, b, *_ = shoot
    lost = library.root / shoot[a]["original_path"]
    lost.chmod(0o644)
    lost.unlink()
    clash = library.root / shoot[b]["original_path"].replace("originals/", "removed/", 1)
    clash.parent.mkdir(parents=True)
    clash.write_bytes(b"an earlier removal with the same name")
    plan = rm.plan_removal(db, library, [a, b])
    assert (plan.to_move, plan.missing, plan.allowed) == (1, 1, True)
    report = rm.remove_images(db, library, [a, b])
    by_id = {r["id"]: r for r in report.removed}
    assert by_id[a]["missing"] and by_id[a]["moved_to"] is None
    assert by_id[b]["moved_to"].endswith(f"IMG_0002-{shoot[b]['sha256'][:8]}.JPG")
    assert clash.read_bytes() == b"an earlier removal with the same name"
    assert _sha(library.root / by_id[b]["moved_to"]) == shoot[b]["sha256"]
    assert "already missing" in report.summary()


def test_a_failed_move_changes_nothing(db, library, shoot, monkeypatch):
    ids = list(shoot)[:3]
    real = rm._move_read_only
    calls = []

    def flaky(source, target):
        calls.append(source)
        if len(calls) == 3:
            raise OSError(28, "No space left on device")
        real(source, target)

    monkeypatch.setattr(rm, "_move_read_only", flaky)
    with pytest.raises(CuratorError, match="could not be moved .* nothing was removed"):
        rm.remove_images(db, library, ids)
    assert _ids(db) == list(shoot)
    for i in ids:
        assert (library.root / shoot[i]["original_path"]).is_file()
        assert library.thumb_path(shoot[i]["sha256"]).exists()
    assert not any(p.is_file() for p in library.removed.rglob("*"))
    assert [e for e in audit.entries(db) if e["action"] == "image.remove"] == []


def test_unknown_ids_remove_nothing(db, library, shoot):
    with pytest.raises(NotFound, match="no image #999"):
        rm.remove_images(db, library, [next(iter(shoot)), 999])
    assert _ids(db) == list(shoot)


def test_cli_remove_json_text_and_refusal(capsys, db, library, shoot):
    a, b, c, *_ = shoot
    rc, out, err = run_cli(capsys, library, "remove", a, "--dry-run")
    assert rc == 0 and "Would remove 1 image" in out and "would move" in out
    assert a in _ids(db)
    data = cli_json(capsys, library, "remove", a, b)
    assert [r["id"] for r in data["removed"]] == [a, b] and data["moved"] == 2
    assert all((library.root / r["moved_to"]).is_file() for r in data["removed"])
    exh = exhibitions.create(db, "Final set")
    exhibitions.add_items(db, exh, [c])
    exhibitions.set_status(db, exh, "final")
    rc, out, err = run_cli(capsys, library, "remove", c)
    assert rc == 1 and "'Final set'" in err and "nothing was removed" in err
    assert err.count("\n") == 1
    rc, out, err = run_cli(capsys, library, "remove", 4242)
    assert rc == 1 and "no image #4242" in err
    db2 = open_catalogue(library)
    try:
        assert c in [r[0] for r in db2.execute("SELECT id FROM images")]
    finally:
        db2.close()
    rc, out, _ = run_cli(capsys, library, "remove", list(shoot)[3])
    assert rc == 0 and "Removed 1 image from the catalogue." in out
    assert "removed" in out
    json.dumps(data)  # plain JSON
