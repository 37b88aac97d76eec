"""The consent CLI end to end: import, people, releases, links, clearance, withdrawal + trace.

Also proves that person labels, guardians and form scans are in none of the outputs that
leave the catalogue today (cached thumbnails/previews, ``images --json``), with the
checker the export issues reuse (``tests/privacy.py``).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest

from curator.catalogue import open_catalogue
from curator.cli import main
from tests.privacy import assert_no_personal_data, find_personal_data

CURATOR = Path(__file__).resolve().parents[1] / ".venv" / "bin" / "curator"
LABEL, CHILD, GUARDIAN = "Aisha Testperson", "Baby Zoë Testchild", "Guardian Wilhelmina"


def run(capsys, library, *argv):
    code = main(["--library", str(library.root), *map(str, argv)])
    out, err = capsys.readouterr()
    return code, out, err


def ok_json(capsys, library, *argv):
    code, out, err = run(capsys, library, *argv, "--json")
    assert code == 0, err
    return json.loads(out)


@pytest.fixture
def imported(capsys, library, make_shoot):
    """Three imported images in the shoot 'Launch day'; returns their ids."""
    report = ok_json(capsys, library, "import", make_shoot(3), "--shoot", "Launch day",
                     "--event", "Baby Week 2024 — launch day")
    assert report["imported"] == 3
    return [r["id"] for r in ok_json(capsys, library, "images")]


def test_withdrawal_scenario_end_to_end(capsys, library, imported, tmp_path):
    a, b, c = imported
    aisha = ok_json(capsys, library, "person", "add", LABEL)["id"]
    child = ok_json(capsys, library, "person", "add", CHILD, "--minor", "--guardian",
                    GUARDIAN)["id"]
    form = tmp_path / "release-aisha.pdf"
    form.write_bytes(b"%PDF-1.4\n% scanned release form\n" + os.urandom(2048))
    c1 = ok_json(capsys, library, "consent", "add", "--person", aisha, "--uses",
                 "exhibition,print", "--signed", "2024-11-14", "--expires", "2030-11-14",
                 "--form", form)["id"]
    ok_json(capsys, library, "consent", "add", "--person", child, "--uses",
            "exhibition,online", "--signed", "2024-11-14")
    assert run(capsys, library, "consent", "link", a, b, "--person", aisha)[0] == 0
    assert run(capsys, library, "consent", "link", b, "--person", child)[0] == 0
    assert run(capsys, library, "consent", "not-needed", c)[0] == 0

    listed = {r["id"]: r["consent_status"] for r in ok_json(capsys, library, "images")}
    assert listed == {a: "granted", b: "granted", c: "not-needed"}
    cleared = ok_json(capsys, library, "images", "--cleared-for", "exhibition", "--from",
                      "2025-03-01", "--to", "2025-05-31")
    assert [r["id"] for r in cleared] == [a, b, c]
    no = ok_json(capsys, library, "clearance", b, "--use", "online", "--from", "2025-03-01",
                 "--to", "2025-05-31")
    assert no["cleared"] is False
    assert no["reasons"] == [f"{LABEL}'s consent (form #{c1}) does not include online use "
                             "(it grants exhibition, print)."]

    exh = ok_json(capsys, library, "exhibition", "create", "I See You")["id"]
    ok_json(capsys, library, "exhibition", "add", exh, a)
    ok_json(capsys, library, "exhibition", "venue-add", exh, "--name", "Central Library",
            "--opens", "2026-01-10", "--closes", "2026-03-31")

    trace = ok_json(capsys, library, "consent", "withdraw", c1, "--reason", "asked us to")
    assert trace["consent_id"] == c1 and trace["images"] == [a, b] and trace["packs"] == []
    (shown,) = trace["exhibitions"]
    assert shown["id"] == exh and shown["venues"][0]["name"] == "Central Library"
    assert (shown["venues"][0]["opens"], shown["venues"][0]["closes"]) == \
        ("2026-01-10", "2026-03-31")
    # immediately: no future use of Aisha's images clears
    after = ok_json(capsys, library, "clearance", a, "--use", "exhibition")
    assert after["cleared"] is False and "was withdrawn on" in after["reasons"][0]
    statuses = {r["id"]: r["consent_status"] for r in ok_json(capsys, library, "images")}
    assert statuses == {a: "withdrawn", b: "withdrawn", c: "not-needed"}
    assert [r["id"] for r in ok_json(capsys, library, "images", "--consent", "withdrawn")] \
        == [a, b]
    assert ok_json(capsys, library, "trace", a)["exhibitions"][0]["id"] == exh

    code, out, _ = run(capsys, library, "consent", "withdraw", c1)
    assert code == 1 and out == ""
    log = ok_json(capsys, library, "audit", "--consent", c1)
    assert {e["field"] for e in log} >= {"withdrawn_on", "withdrawal_reason", "uses"}

    # the text form prints the trace
    third = ok_json(capsys, library, "person", "add", "Second Person")["id"]
    c3 = ok_json(capsys, library, "consent", "add", "--person", third, "--uses", "press")["id"]
    run(capsys, library, "consent", "link", a, "--person", third)
    code, out, _ = run(capsys, library, "consent", "withdraw", c3)
    assert code == 0 and f"Affected images: #{a}" in out
    assert f"Exhibition #{exh} 'I See You'" in out and "Central Library: 2026-01-10" in out


def test_personal_data_is_in_no_output(capsys, library, imported, tmp_path):
    a, b, _ = imported
    person = ok_json(capsys, library, "person", "add", CHILD, "--minor", "--guardian",
                     GUARDIAN, "--contact", "Flat 9, Example Street")["id"]
    form = tmp_path / "release-child.jpg"
    shutil.copyfile(library.root / ok_json(capsys, library, "show", a)["original_path"], form)
    form.write_bytes(form.read_bytes() + b"signed by " + GUARDIAN.encode())  # a distinct scan
    ok_json(capsys, library, "consent", "add", "--person", person, "--uses", "exhibition",
            "--form", form, "--witness", "Witness Bartholomew")
    run(capsys, library, "consent", "link", a, b, "--person", person)
    ok_json(capsys, library, "tag", a, "--caption", "A child at storytime")

    listing = tmp_path / "images.json"
    listing.write_text(json.dumps(ok_json(capsys, library, "images"), ensure_ascii=False))
    for i in (a, b):
        ok_json(capsys, library, "show", i)     # makes sure the cached renditions exist
    db = open_catalogue(library)
    try:
        outputs = [library.thumbs, library.previews, listing]
        assert any(p.is_file() for p in library.thumbs.rglob("*.jpg"))
        assert_no_personal_data(outputs, db, library.root)
        # and the checker does find personal data where it is
        leak = tmp_path / "leak.txt"
        leak.write_text(f"credit: {GUARDIAN}")
        copy = tmp_path / "copy-of-form.jpg"
        shutil.copyfile(next(library.consent_forms.iterdir()), copy)
        found = find_personal_data([leak, copy], db, library.root)
        assert any("leak.txt: text 'Guardian Wilhelmina'" in f for f in found)
        assert any("is a copy of a form scan" in f for f in found)
    finally:
        db.close()


def test_user_errors_exit_1_with_one_line(capsys, library, imported):
    a = imported[0]
    cases = [
        (["clearance", a, "--use", "social"], "'social' is not a use"),
        (["clearance", 999, "--use", "print"], "no image #999"),
        (["clearance", a, "--use", "print", "--from", "2025-13-01"], "not a valid"),
        (["consent", "add", "--person", 5, "--uses", "print"], "no person #5"),
        (["consent", "link", a, "--person", 5], "no person #5"),
        (["consent", "withdraw", 42], "no consent #42"),
        (["images", "--consent", "maybe"], "not a consent status"),
        (["images", "--from", "2025-01-01"], "name the use"),
        (["tag", 999, "--rating", "3"], "no image #999"),
        (["tag", a, "--rating", "9"], "0 to 5 stars"),
        (["trace", 999], "no image #999"),
    ]
    for argv, message in cases:
        code, out, err = run(capsys, library, *argv)
        assert code == 1, (argv, err)
        assert message in err and err.count("\n") == 1, (argv, err)


def test_tag_and_images_filters_through_the_cli(capsys, library, imported):
    a, b, c = imported
    out = ok_json(capsys, library, "tag", a, b, "--add-keyword", "Places|Liverpool",
                  "--caption", "Storytime", "--alt-text", "Two mothers read", "--rating", "4",
                  "--pick", "--credit", "Photo: Example")
    assert out["changed"] == 2 and out["tags"][0]["keywords"] == ["Places|Liverpool"]
    assert out["tags"][0]["pick"] == "pick" and out["tags"][0]["rating"] == 4
    found = ok_json(capsys, library, "images", "--keyword", "Places", "--text", "story",
                    "--rating", "3", "--flag", "pick", "--has-alt-text")
    assert [r["id"] for r in found] == [a, b]
    assert [r["id"] for r in ok_json(capsys, library, "images", "--no-caption")] == [c]
    assert ok_json(capsys, library, "tag", c, "--year", "2023")["tags"][0]["year_source"] \
        == "manual"
    assert [r["id"] for r in ok_json(capsys, library, "images", "--year", "2023")] == [c]
    ev = ok_json(capsys, library, "event", "add", "Baby Week 2024 — launch day", "--theme",
                 "I See You", "--starts", "2024-11-14")
    assert ev["theme"] == "I See You"


@pytest.mark.skipif(not CURATOR.exists(), reason="console script not installed")
def test_console_script_clearance_json(library, imported):
    done = subprocess.run(
        [str(CURATOR), "--library", str(library.root), "clearance", str(imported[0]),
         "--use", "print", "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    result = json.loads(done.stdout)
    assert result["cleared"] is False and len(result["reasons"]) == 1
    done = subprocess.run(
        [str(CURATOR), "--library", str(library.root), "consent", "withdraw", "7"],
        capture_output=True, text=True)
    assert done.returncode == 1 and done.stderr.strip() == \
        "curator: There is no consent #7 in this library."
