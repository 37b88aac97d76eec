"""Acceptance points of issues 3–5 that no other test held: strict dates, the library
default, writes that create the library, untrusted text in CLI output and file names,
odd search text, a reader that goes away."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date

import pytest

from curator.cli import main
from curator.dates import parse_date
from curator.errors import InvalidInput
from curator.ingest.importer import safe_name
from curator.library import Library
from curator.search.query import ImageFilter, find_image_ids
from tests.exhibition_support import add_image, cli_json, cli_ok, run_cli

NASTY = "Mother\nand baby =cmd <script>x</script>\x1b[31mred\x1b]0;owned\x07\rX\u202eevil"


# ---------------------------------------------------------------- dates


@pytest.mark.parametrize("text", ["20250101", "2025-W01-1", "2025W011", "2025-1-5",
                                  "2025-02-30", "2025-13-01", "tomorrow", "2025-01-01T10:00",
                                  "２０２５-01-01"])
def test_dates_are_exactly_yyyy_mm_dd(text):
    with pytest.raises(InvalidInput, match="YYYY-MM-DD"):
        parse_date(text, "window start")
    assert parse_date(" 2025-06-09 ") == date(2025, 6, 9)
    assert parse_date(None) is None


@pytest.mark.parametrize("args", [
    ("images", "--cleared-for", "online", "--from", "20250101"),
    ("clearance", "1", "--use", "online", "--to", "2025-W01-1"),
    ("exhibition", "venue-add", "1", "--name", "Hub", "--opens", "20250101",
     "--closes", "2025-02-01"),
])
def test_a_compact_or_week_date_is_a_user_error(capsys, db, library, args):
    add_image(db, library)
    cli_json(capsys, library, "exhibition", "create", "Tour")
    rc, out, err = run_cli(capsys, library, *args)
    assert rc == 1 and out == ""
    assert err.startswith("curator: '") and "YYYY-MM-DD" in err and err.count("\n") == 1


# ---------------------------------------------------------------- the library folder


def test_library_defaults_to_curator_library(capsys, monkeypatch, tmp_path):
    chosen, other = Library(tmp_path / "from-env"), Library(tmp_path / "other")
    monkeypatch.setenv("CURATOR_LIBRARY", str(chosen.root))
    assert main(["init"]) == 0
    assert chosen.exists()
    capsys.readouterr()
    assert main(["exhibition", "create", "Tour", "--json"]) == 0
    assert json.loads(capsys.readouterr().out) == {"id": 1}
    assert main(["exhibition", "list", "--json"]) == 0
    assert [e["title"] for e in json.loads(capsys.readouterr().out)] == ["Tour"]
    # --library wins over the variable; a read there finds no library
    assert main(["--library", str(other.root), "exhibition", "list"]) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"curator: No Curator library in {other.root}")
    assert not other.root.exists()


@pytest.mark.parametrize("args, key", [
    (("person", "add", "Aisha"), "id"),
    (("exhibition", "create", "I See You"), "id"),
    (("event", "add", "Baby Week 2024"), "id"),
])
def test_a_write_creates_the_library_a_read_does_not(capsys, tmp_path, args, key):
    library = Library(tmp_path / "new")
    rc, _, err = run_cli(capsys, library, "person", "list")
    assert rc == 1 and "No Curator library" in err and not library.root.exists()
    made = cli_json(capsys, library, *args)
    assert isinstance(made[key], int) and library.exists()


# ---------------------------------------------------------------- untrusted text out


def _assert_terminal_safe(text: str) -> None:
    for bad in ("\x1b", "\x07", "\r", "\u202e"):
        assert bad not in text, f"{bad!r} reached the terminal"


def test_captions_cannot_drive_the_terminal_or_forge_rows(capsys, db, library):
    a = add_image(db, library, caption=NASTY)
    b = add_image(db, library, caption="plain")
    listing = cli_ok(capsys, library, "images")
    _assert_terminal_safe(listing)
    rows = listing.splitlines()
    assert len(rows) == 4  # header, two images, count: the caption's line breaks stay inside
    row_a = next(r for r in rows if r.lstrip().startswith(f"{a} "))
    assert "=cmd <script>x</script>" in row_a and "\\x1b[31mred" in row_a
    assert "\\u202eevil" in row_a and "⏎" in row_a
    shown = cli_ok(capsys, library, "show", a)
    _assert_terminal_safe(shown)
    assert sum(line.strip().startswith("caption:") for line in shown.splitlines()) == 1

    exh = cli_json(capsys, library, "exhibition", "create", "Tour\nof\x1b[2Jthings")["id"]
    cli_ok(capsys, library, "exhibition", "add", exh, a, b, "--section", "Hear\nme")
    cli_ok(capsys, library, "exhibition", "caption", exh, b, "line one\nline two\x1b[0m")
    text = cli_ok(capsys, library, "exhibition", "show", exh)
    _assert_terminal_safe(text)
    assert len([r for r in text.splitlines() if "image " in r]) == 2

    # JSON keeps the text exactly as stored
    data = cli_json(capsys, library, "images")
    assert next(r["caption"] for r in data if r["id"] == a) == NASTY


def test_an_error_quoting_user_text_stays_one_safe_line(capsys, db, library):
    add_image(db, library)
    rc, out, err = run_cli(capsys, library, "images", "--consent", "granted\nfake\x1b[2J")
    assert rc == 1 and out == ""
    assert err.count("\n") == 1 and err.startswith("curator: ")
    _assert_terminal_safe(err)


@pytest.mark.parametrize("title", ["..", ".", "../../etc", "a/b\\c", "x\x00y\x1b", " .hidden",
                                   "\u202eevil", "CON:*?<>|\"", "tab\there"])
def test_safe_name_never_escapes_its_folder(title):
    name = safe_name(title, 60)
    assert name and name not in (".", "..")
    assert not any(c in name for c in '/\\:*?"<>|') and all(c.isprintable() for c in name)
    assert not name.startswith((".", " ")) and not name.endswith((".", " "))


def test_safe_name_is_bounded_and_keeps_the_extension():
    long_jpeg = "é" * 200 + ".JPG"
    name = safe_name(long_jpeg, 120)
    assert len(name.encode()) <= 120 and name.endswith(".JPG")
    name.encode().decode()  # no half character
    assert safe_name("a" * 300, 80) == "a" * 80
    assert safe_name("IMG_0001.JPG", 120) == "IMG_0001.JPG"


def test_a_shoot_title_becomes_a_folder_inside_originals(capsys, library, make_shoot):
    shoot = make_shoot(1)
    cli_json(capsys, library, "import", shoot, "--shoot", "../../escape\n\x1b: \"x\"")
    (row,) = cli_json(capsys, library, "images")
    original = (library.root / cli_json(capsys, library, "show", row["id"])["original_path"])
    assert original.resolve().is_relative_to((library.root / "originals").resolve())
    folder = original.parent.name
    assert folder and "/" not in folder and all(c.isprintable() for c in folder)


# ---------------------------------------------------------------- search text


@pytest.mark.parametrize("query", ['"', "'", "*", "-", "a*", '"unbalanced', "NOT", "AND OR",
                                   "(", "cap)", "col:val", "^", "NEAR(a b)", "a -b", "x OR",
                                   "\x00", "“smart quotes”", "母と子", "‮", "  "])
def test_odd_search_text_never_crashes(db, library, query):
    add_image(db, library, caption="Mam a'i babi — 母と子 café")
    assert isinstance(find_image_ids(db, ImageFilter(text=query)), list)


def test_search_text_matches_words_prefixes_and_unicode(db, library):
    a = add_image(db, library, caption="Mam a'i babi — 母と子 café O'Brien")
    add_image(db, library, caption="Something else")

    def found(q):
        return find_image_ids(db, ImageFilter(text=q))

    assert found("cafe") == [a] and found("CAFÉ") == [a] and found("caf") == [a]
    assert found("母と子") == [a] and found("O'Brien") == [a] and found('"babi"') == [a]
    assert found("babi nothing") == []


# ---------------------------------------------------------------- a reader that goes away


def test_a_closed_pipe_is_not_reported_as_a_crash(db, library):
    for _ in range(400):
        add_image(db, library, with_file=False)
    db.close()
    script = (f"import sys; from curator.cli import main; "
              f"sys.exit(main(['--library', {str(library.root)!r}, 'images', '--json']))")
    proc = subprocess.Popen([sys.executable, "-c", script], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()  # like `curator images --json | head -c 10`
    err = proc.stderr.read().decode()
    proc.wait(timeout=60)
    assert "went wrong" not in err and "Traceback" not in err and "Exception" not in err
    assert proc.returncode in (0, 1)


@pytest.mark.parametrize("args", [("init",), ("person", "add", "Aisha"),
                                  ("exhibition", "create", "Tour")])
def test_a_library_that_cannot_be_created_is_a_user_error(capsys, tmp_path, args):
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    for root in (in_the_way, in_the_way / "library"):
        rc, out, err = run_cli(capsys, Library(root), *args)
        assert rc == 1 and out == ""
        assert err.startswith(f"curator: A library cannot be created in {root}")
        assert err.count("\n") == 1


def test_importing_into_a_library_that_cannot_be_created_is_a_user_error(capsys, tmp_path,
                                                                          make_shoot):
    shoot = make_shoot(1)
    in_the_way = tmp_path / "a-file"
    in_the_way.write_text("not a folder")
    for root in (in_the_way, in_the_way / "library"):
        rc, out, err = run_cli(capsys, Library(root), "import", shoot, "--json")
        assert rc == 1 and out == ""
        assert err.startswith(f"curator: A library cannot be created in {root}")


def test_listings_of_exhibitions_people_and_events_keep_user_text_on_one_row(capsys, library):
    cli_json(capsys, library, "exhibition", "create", "Tour\nfake row\x1b[2J")
    cli_json(capsys, library, "exhibition", "create", "Plain")
    cli_json(capsys, library, "person", "add", "Ai\nsha\x1b[31m", "--minor", "--guardian",
             "Mum\r\nfake")
    cli_ok(capsys, library, "event", "add", "Baby\nWeek\u202e", "--theme", "I See\nYou")
    for argv, rows in ((("exhibition", "list"), 3), (("person", "list"), 1),
                       (("event", "list"), 1)):
        text = cli_ok(capsys, library, *argv)
        _assert_terminal_safe(text)
        assert len(text.splitlines()) == rows, (argv, text)
