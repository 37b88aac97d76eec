"""Issue 15 item 11: a group release covers its shoot's pictures of the days it names.

Before, a release recorded for shoot "cameras" made every image filed under that shoot
later "granted" — photos of other days, of other people, who signed nothing.
"""

from __future__ import annotations

import json
from datetime import datetime

from curator.catalogue import MIGRATIONS, migrate
from curator.cli import main
from curator.connection import connect
from curator.samples.photos import make_photo


def cli(capsys, library, *argv) -> tuple[int, dict | list | None, str]:
    code = main(["--library", str(library.root), *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


def ok(capsys, library, *argv):
    code, data, err = cli(capsys, library, *argv)
    assert code == 0, err
    return data


def statuses(capsys, library) -> dict[str, str]:
    return {r["file_name"]: r["consent_status"]
            for r in ok(capsys, library, "images", "--shoot", "cameras")}


def test_a_group_release_does_not_clear_pictures_of_other_days(capsys, library, tmp_path):
    first = tmp_path / "day1"
    for i in range(2):
        make_photo(first / f"A_{i}.JPG", (160, 120), seed=i,
                   captured=datetime(2024, 11, 14, 10, i))
    ok(capsys, library, "import", first, "--shoot", "cameras")
    release = ok(capsys, library, "consent", "add", "--shoot", "cameras", "--uses",
                 "exhibition,online", "--signed", "2024-11-14")["id"]

    later = tmp_path / "day2"
    make_photo(later / "B_0.JPG", (160, 120), seed=7, captured=datetime(2024, 11, 20, 9, 0))
    make_photo(later / "A_late.JPG", (160, 120), seed=8,  # a second card of the first day
               captured=datetime(2024, 11, 14, 16, 0))
    ok(capsys, library, "import", later, "--shoot", "cameras")
    assert statuses(capsys, library) == {"A_0.JPG": "granted", "A_1.JPG": "granted",
                                         "B_0.JPG": "pending", "A_late.JPG": "granted"}
    assert ok(capsys, library, "consent", "list")[0]["days"] == ["2024-11-14"]
    b0 = next(r["id"] for r in ok(capsys, library, "images", "--text", "B_0"))
    verdict = ok(capsys, library, "clearance", b0, "--use", "online", "--from", "2025-01-01")
    assert not verdict["cleared"]
    assert "taken on 2024-11-20" in verdict["reasons"][0]
    assert "consent extend" in verdict["reasons"][0]
    cleared = ok(capsys, library, "images", "--cleared-for", "online", "--from", "2025-01-01")
    assert sorted(r["file_name"] for r in cleared) == ["A_0.JPG", "A_1.JPG", "A_late.JPG"]

    assert ok(capsys, library, "consent", "extend", release, "--days", "2024-11-20")["days"] \
        == ["2024-11-14", "2024-11-20"]
    assert set(statuses(capsys, library).values()) == {"granted"}
    assert ok(capsys, library, "clearance", b0, "--use", "online", "--from",
              "2025-01-01")["cleared"]
    entries = ok(capsys, library, "audit", "--consent", release)
    assert any(e["action"] == "consent.extend" for e in entries)


def test_days_are_checked(capsys, library, tmp_path):
    ok(capsys, library, "person", "add", "Ada")
    folder = tmp_path / "x"
    make_photo(folder / "A.JPG", (160, 120), seed=1, captured=datetime(2024, 11, 14, 10, 0))
    ok(capsys, library, "import", folder, "--shoot", "cameras")
    person_release = ok(capsys, library, "consent", "add", "--person", "1", "--uses",
                        "print")["id"]
    for argv, message in (
        (["consent", "add", "--person", "1", "--uses", "print", "--days", "2024-11-14"],
         "belong to a group release"),
        (["consent", "add", "--shoot", "cameras", "--uses", "print", "--days", "2024-13-01"],
         "not a valid event day"),
        (["consent", "extend", person_release, "--days", "2024-11-14"], "not a group release"),
    ):
        code, _, err = cli(capsys, library, *argv)
        assert code == 1 and message in err, err


def test_releases_recorded_before_cover_the_pictures_the_shoot_then_held(tmp_path):
    step = next(n for n, m in enumerate(MIGRATIONS) if m.__name__ == "_step_group_release_days")
    db = connect(tmp_path / "old.sqlite")
    migrate(db, upto=step)
    db.execute("INSERT INTO shoots (id, title, folder, created_at) VALUES (1, 'c', 'c', 'now')")
    for n, (captured, imported) in enumerate([("2024-11-14T10:00:00+01:00", "2024-12-01T10:00"),
                                              (None, "2024-11-15T08:00:00+00:00")], 1):
        db.execute("INSERT INTO images (sha256, file_name, format, file_size, width, height, "
                   "year, year_source, original_path, imported_at, captured_at, shoot_id) "
                   "VALUES (?, 'a', 'JPEG', 1, 1, 1, 2024, 'manual', 'x', ?, ?, 1)",
                   [f"{n:064x}", imported, captured])
    db.execute("INSERT INTO consents (shoot_id, uses, signed_on, created_at) "
               "VALUES (1, 1, '2024-11-14', 'now')")
    migrate(db)
    assert [r[0] for r in db.execute("SELECT day FROM consent_days ORDER BY day")] == [
        "2024-11-14", "2024-11-15"]
    db.close()
