"""Issue 15 (bad input at the CLI): huge ids, unusable dates, finalize, and the smaller items.

Each test here failed before its fix (a traceback and exit 2, or a silent wrong answer).
"""

from __future__ import annotations

import os
import shutil
import subprocess

import pytest

from curator.catalogue import open_catalogue
from tests.exhibition_support import add_image, cli_json, cli_ok, run_cli

HUGE = "99999999999999999999999"


@pytest.fixture
def lib(db, library):
    return library


def _refused(capsys, lib, *args) -> str:
    code, out, err = run_cli(capsys, lib, *args)
    assert code == 1, (args, code, err)
    assert err.startswith("curator: ") and len(err.strip().splitlines()) == 1, err
    assert "Traceback" not in err and "something went wrong" not in err, err
    return err


# ---------------------------------------------------------------- 6: one id parser


@pytest.mark.parametrize("args,message", [
    (["show", HUGE], f"There is no image #{HUGE}"),
    (["show", "0"], "There is no image #0"),
    (["show", "--", "-3"], "There is no image #-3"),
    (["tag", HUGE, "--rating", "2"], f"There is no image #{HUGE}"),
    (["trace", HUGE], f"There is no image #{HUGE}"),
    (["remove", HUGE], f"There is no image #{HUGE}"),
    (["clearance", HUGE, "--use", "print"], f"There is no image #{HUGE}"),
    (["consent", "link", HUGE, "--person", "1"], f"There is no image #{HUGE}"),
    (["consent", "link", "1", "--person", HUGE], f"There is no person #{HUGE}"),
    (["consent", "not-needed", HUGE], f"There is no image #{HUGE}"),
    (["consent", "withdraw", HUGE], f"There is no consent #{HUGE}"),
    (["consent", "add", "--person", HUGE, "--uses", "print"], f"There is no person #{HUGE}"),
    (["person", "edit", HUGE, "--label", "x"], f"There is no person #{HUGE}"),
    (["images", "--person", HUGE], f"There is no person #{HUGE}"),
    (["images", "--year", HUGE], "is not a plausible year"),
    (["images", "--rating", HUGE], "A rating is 0 to 5 stars"),
    (["images", "--expiring-within", HUGE], "is not a valid number of days"),
    (["audit", "--image", HUGE], f"There is no image #{HUGE}"),
    (["audit", "--limit", HUGE], "is not a valid limit"),
    (["exhibition", "show", HUGE], f"There is no exhibition #{HUGE}"),
    (["exhibition", "add", "1", HUGE], f"There is no image #{HUGE}"),
    (["exhibition", "add", HUGE, "1"], f"There is no exhibition #{HUGE}"),
    (["exhibition", "move", "1", "1", "--to", HUGE], "is not a valid position"),
    (["exhibition", "venue-remove", "1", HUGE], f"There is no venue #{HUGE}"),
    (["event", "add", "Launch", "--year", HUGE], "is not a plausible year"),
    (["show", "12x"], "'12x' is not an image number"),
    (["show", "1" * 5000], "There is no image #111"),
])
def test_huge_and_impossible_ids_are_one_line_not_found(capsys, lib, db, args, message):
    add_image(db, lib)
    cli_ok(capsys, lib, "exhibition", "create", "Ids")
    assert message in _refused(capsys, lib, *args)


def test_no_command_parses_a_number_with_plain_int():
    """Every number goes through curator.cli.values (ids, positions, years, counts)."""
    import argparse

    from curator.cli import build_parser

    def parsers(p: argparse.ArgumentParser):
        yield p
        for action in p._actions:
            if isinstance(action, argparse._SubParsersAction):
                for child in action.choices.values():
                    yield from parsers(child)

    plain = [f"{p.prog} {a.dest}" for p in parsers(build_parser()) for a in p._actions
             if a.type is int]
    assert plain == [], f"use curator.cli.values for: {plain}"


def test_ids_still_accept_a_leading_hash(capsys, lib, db):
    image = add_image(db, lib)
    assert cli_json(capsys, lib, "show", f"#{image}")["id"] == image


# ---------------------------------------------------------------- 4: dates and finalize


@pytest.mark.parametrize("opens,closes", [("2025-01-01", "9999-12-31"),
                                          ("0001-01-01", "2025-01-01")])
def test_venue_dates_outside_the_usable_range_are_refused(capsys, lib, db, opens, closes):
    cli_ok(capsys, lib, "exhibition", "create", "Forever")
    err = _refused(capsys, lib, "exhibition", "venue-add", "1", "--name", "Vault",
                   "--opens", opens, "--closes", closes)
    assert "Curator works with dates from 1826 to 2200" in err
    assert cli_json(capsys, lib, "exhibition", "venues", "1") == []


def test_finalize_validates_before_saving_and_changes_nothing_when_it_cannot(
        capsys, lib, db, monkeypatch):
    image = add_image(db, lib)
    cli_ok(capsys, lib, "exhibition", "create", "Atomic")
    cli_ok(capsys, lib, "exhibition", "add", "1", image)
    # A catalogue written before dates were bounded: a venue closing on the last day.
    db.execute("INSERT INTO exhibition_venues (exhibition_id, name, opens_on, closes_on, "
               "created_at) VALUES (1, 'Vault', '2025-01-01', '9999-12-31', 'now')")
    report = cli_json(capsys, lib, "exhibition", "validate", "1")  # crashed: OverflowError
    assert report["window"] == ["2025-01-01", "9999-12-31"]

    from curator.exhibitions import validation

    def broken(*args, **kwargs):
        raise RuntimeError("validation failed half way")

    monkeypatch.setattr(validation, "validate", broken)
    code, _, err = run_cli(capsys, lib, "exhibition", "finalize", "1")
    assert code == 2
    assert db.execute("SELECT status FROM exhibitions WHERE id = 1").fetchone()[0] == "draft"
    monkeypatch.undo()
    assert cli_json(capsys, lib, "exhibition", "finalize", "1")["status"] == "final"


# ---------------------------------------------------------------- 12: the smaller items


def test_adding_the_same_image_twice_in_one_command_says_so(capsys, lib, db):
    a, b = add_image(db, lib), add_image(db, lib)
    cli_ok(capsys, lib, "exhibition", "create", "Twice")
    out = cli_ok(capsys, lib, "exhibition", "add", "1", a, b, b)
    assert f"#{b} were given more than once" in out
    assert cli_json(capsys, lib, "exhibition", "add", "1", a)["duplicates"] == [a]


def test_one_year_rule_for_events_and_tags(capsys, lib, db):
    image = add_image(db, lib)
    for args in (["event", "add", "Launch", "--year", "-1"], ["tag", image, "--year", "-1"],
                 ["images", "--year", "3000"]):
        assert "is not a plausible year for a photograph" in _refused(capsys, lib, *args)
    assert cli_json(capsys, lib, "event", "add", "Launch", "--year", "2024")["year"] == 2024


def test_tag_refuses_an_unknown_event_unless_asked_to_create_it(capsys, lib, db):
    image = add_image(db, lib)
    cli_ok(capsys, lib, "event", "add", "Baby Week 2024")
    err = _refused(capsys, lib, "tag", image, "--event", "Baby Wek 2024")
    assert "There is no event called 'Baby Wek 2024'" in err and "--create-event" in err
    assert [e["name"] for e in cli_json(capsys, lib, "event", "list")] == ["Baby Week 2024"]
    cli_ok(capsys, lib, "tag", image, "--event", "baby week 2024")  # names match in any case
    cli_ok(capsys, lib, "tag", image, "--event", "Gala", "--create-event")
    assert sorted(e["name"] for e in cli_json(capsys, lib, "event", "list")) == [
        "Baby Week 2024", "Gala"]


def test_an_empty_library_option_is_refused(capsys, tmp_path, monkeypatch):
    from curator.cli import main

    monkeypatch.chdir(tmp_path)
    assert main(["--library", "", "init"]) == 1
    err = capsys.readouterr().err
    assert "--library is empty" in err
    assert not (tmp_path / "catalogue.sqlite").exists()


def test_a_deleted_exhibitions_number_is_never_given_again(capsys, lib, db):
    for title in ("One", "Two", "Three"):
        cli_ok(capsys, lib, "exhibition", "create", title)
    cli_ok(capsys, lib, "exhibition", "delete", "3")
    assert cli_json(capsys, lib, "exhibition", "create", "Four")["id"] == 4


def test_the_migration_keeps_exhibitions_their_items_and_venues(tmp_path):
    from curator.catalogue import MIGRATIONS, migrate
    from curator.connection import connect

    step = MIGRATIONS.index(next(m for m in MIGRATIONS
                                 if m.__name__ == "_step_exhibition_ids_never_return"))
    db = connect(tmp_path / "old.sqlite")
    migrate(db, upto=step)
    db.execute("INSERT INTO images (sha256, file_name, format, file_size, width, height, year, "
               "year_source, original_path, imported_at) VALUES ('x', 'a.jpg', 'JPEG', 1, 1, 1, "
               "2024, 'manual', 'originals/a.jpg', 'now')")
    for n in (1, 2):
        db.execute("INSERT INTO exhibitions (title, created_at, changed_at, duplicated_from) "
                   "VALUES (?, 'now', 'now', ?)", [f"E{n}", None if n == 1 else 1])
        db.execute("INSERT INTO exhibition_items (exhibition_id, image_id, position) "
                   "VALUES (?, 1, 1)", [n])
        db.execute("INSERT INTO exhibition_venues (exhibition_id, name, opens_on, closes_on, "
                   "created_at) VALUES (?, 'V', '2025-01-01', '2025-02-01', 'now')", [n])
    migrate(db)
    assert db.execute("SELECT COUNT(*) FROM exhibition_items").fetchone()[0] == 2
    assert db.execute("SELECT COUNT(*) FROM exhibition_venues").fetchone()[0] == 2
    assert db.execute("SELECT duplicated_from FROM exhibitions WHERE id = 2").fetchone()[0] == 1
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    assert db.execute("PRAGMA foreign_keys").fetchone()[0] == 1
    db.execute("DELETE FROM exhibitions WHERE id = 2")  # still cascades
    assert db.execute("SELECT COUNT(*) FROM exhibition_items").fetchone()[0] == 1
    db.close()


@pytest.mark.parametrize("kind", ["folder", "fifo", "device", "empty"])
def test_consent_form_must_be_a_regular_file_with_content(capsys, lib, db, tmp_path, kind):
    cli_ok(capsys, lib, "person", "add", "Ada")
    form = tmp_path / "form.pdf"
    if kind == "folder":
        form.mkdir()
        expected = "is a folder, not a file"
    elif kind == "fifo":
        os.mkfifo(form)
        expected = "is not a regular file"
    elif kind == "device":
        form = tmp_path / "zero.pdf"
        form.symlink_to("/dev/zero")
        expected = "is not a regular file"
    else:
        form.write_bytes(b"")
        expected = "is empty (0 bytes)"
    err = _refused(capsys, lib, "consent", "add", "--person", "1", "--uses", "print",
                   "--form", form)
    assert expected in err
    assert cli_json(capsys, lib, "consent", "list") == []


def _make_immutable(paths: list, on: bool) -> bool:
    """Make the library unwritable: chmod for a user, ``chattr +i`` for root."""
    if os.geteuid() != 0:
        for p in paths:
            p.chmod(0o555 if p.is_dir() else 0o444) if on else \
                p.chmod(0o755 if p.is_dir() else 0o644)
        return True
    if shutil.which("chattr") is None:
        return False
    done = subprocess.run(["chattr", "+i" if on else "-i", *map(str, paths)],
                          capture_output=True)
    return done.returncode == 0


def test_a_read_only_library_can_be_listed_but_not_changed(capsys, library):
    db = open_catalogue(library, create=True)
    add_image(db, library)
    db.close()
    paths = [library.catalogue_path, library.root]
    if not _make_immutable(paths, True):
        pytest.skip("cannot make a folder read-only here (root without chattr support)")
    try:
        rows = cli_json(capsys, library, "images")
        assert len(rows) == 1
        cli_json(capsys, library, "show", rows[0]["id"])
        err = _refused(capsys, library, "exhibition", "create", "Nope")
        assert "This library is read-only" in err
        err = _refused(capsys, library, "import", library.root.parent)
        assert "cannot be written" in err and "nothing was imported" in err
    finally:
        _make_immutable(paths, False)
