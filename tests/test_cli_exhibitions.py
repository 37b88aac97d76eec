"""The ``curator exhibition`` CLI contract, in-process."""

from __future__ import annotations

import json
import random

import pytest

from tests.exhibition_support import add_image, cli_json, cli_ok, not_needed, run_cli


@pytest.fixture
def lib(db, library):
    """A library on disk (the ``db`` fixture creates it) for the CLI to open."""
    return library


def imported_ids(capsys, library, folder, shoot: str) -> list[int]:
    cli_ok(capsys, library, "import", folder, "--shoot", shoot)
    return [r["id"] for r in cli_json(capsys, library, "images", "--shoot", shoot)]


def test_create_add_show_json_contract(capsys, lib, db):
    a, b, c = (add_image(db, lib) for _ in range(3))
    created = cli_json(capsys, lib, "exhibition", "create", "I See You", "--subtitle",
                       "Baby Week on tour")
    exh = created["id"]
    assert list(created) == ["id"]
    added = cli_json(capsys, lib, "exhibition", "add", exh, a, b, "--section",
                     "Bonding before birth", "--print-size", "A3")
    assert added["positions"] == [1, 2]
    cli_ok(capsys, lib, "exhibition", "add", exh, c, "--section", "Hear me roar",
           "--print-size", "600x800")
    cli_ok(capsys, lib, "exhibition", "caption", exh, b, "Before birth, already seen")
    cli_ok(capsys, lib, "exhibition", "venue-add", exh, "--name", "Central Library",
           "--opens", "2025-01-10", "--closes", "2025-03-01", "--address", "William Brown St")
    cli_ok(capsys, lib, "exhibition", "venue-add", exh, "--name", "Alder Hey",
           "--opens", "2025-03-10", "--closes", "2025-06-30")
    shown = cli_json(capsys, lib, "exhibition", "show", exh)
    assert (shown["id"], shown["title"], shown["subtitle"], shown["status"]) == (
        exh, "I See You", "Baby Week on tour", "draft")
    assert [{k: i[k] for k in ("position", "image_id", "section", "caption", "print_size")}
            for i in shown["items"]] == [
        {"position": 1, "image_id": a, "section": "Bonding before birth",
         "caption": "A mother and her baby at the launch", "print_size": "A3"},
        {"position": 2, "image_id": b, "section": "Bonding before birth",
         "caption": "Before birth, already seen", "print_size": "A3"},
        {"position": 3, "image_id": c, "section": "Hear me roar",
         "caption": "A mother and her baby at the launch", "print_size": "600x800"},
    ]
    assert [{k: v[k] for k in ("name", "opens", "closes")} for v in shown["venues"]] == [
        {"name": "Central Library", "opens": "2025-01-10", "closes": "2025-03-01"},
        {"name": "Alder Hey", "opens": "2025-03-10", "closes": "2025-06-30"},
    ]
    assert shown["window"] == ["2025-01-10", "2025-06-30"]
    text = cli_ok(capsys, lib, "exhibition", "show", exh)
    assert "I See You" in text and "Central Library" in text and "2025-01-10 → 2025-06-30" in text


def test_move_remove_list_and_venue_edits(capsys, lib, db):
    imgs = [add_image(db, lib) for _ in range(4)]
    exh = cli_json(capsys, lib, "exhibition", "create", "Order")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, *imgs)
    assert "from position 4 to 1" in cli_ok(capsys, lib, "exhibition", "move", exh, imgs[3],
                                             "--to", "1")
    cli_ok(capsys, lib, "exhibition", "remove", exh, imgs[1])
    items = cli_json(capsys, lib, "exhibition", "show", exh)["items"]
    assert [(i["position"], i["image_id"]) for i in items] == [
        (1, imgs[3]), (2, imgs[0]), (3, imgs[2])]
    venue = cli_json(capsys, lib, "exhibition", "venue-add", exh, "--name", "Hub",
                     "--opens", "2025-02-01", "--closes", "2025-02-28")["id"]
    cli_ok(capsys, lib, "exhibition", "venue-edit", exh, venue, "--closes", "2025-03-31",
           "--contact", "hub@example.org")
    assert cli_json(capsys, lib, "exhibition", "venues", exh)[0]["closes"] == "2025-03-31"
    listed = cli_json(capsys, lib, "exhibition", "list")
    assert [(e["id"], e["title"], e["item_count"], e["window"]) for e in listed] == [
        (exh, "Order", 3, ["2025-02-01", "2025-03-31"])]
    cli_ok(capsys, lib, "exhibition", "venue-remove", exh, venue)
    assert cli_json(capsys, lib, "exhibition", "show", exh)["window"] is None
    dup = cli_json(capsys, lib, "exhibition", "duplicate", exh, "--title", "Order 2026")["id"]
    assert [i["image_id"] for i in cli_json(capsys, lib, "exhibition", "show", dup)["items"]] \
        == [imgs[3], imgs[0], imgs[2]]
    cli_ok(capsys, lib, "exhibition", "rename", dup, "Order, again")
    assert "Order, again" in cli_ok(capsys, lib, "exhibition", "list")


def test_reordering_an_80_item_set_through_the_cli(capsys, lib, db):
    imgs = [add_image(db, lib, with_file=False) for _ in range(80)]
    exh = cli_json(capsys, lib, "exhibition", "create", "Eighty")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, *imgs)
    model = list(imgs)
    rng = random.Random(80)
    for _ in range(60):
        image, to = rng.choice(model), rng.randint(1, 80)
        cli_ok(capsys, lib, "exhibition", "move", exh, image, "--to", to)
        model.remove(image)
        model.insert(to - 1, image)
    items = cli_json(capsys, lib, "exhibition", "show", exh)["items"]
    assert [(i["position"], i["image_id"]) for i in items] == list(enumerate(model, start=1))


@pytest.mark.parametrize("args,message", [
    (["exhibition", "show", "999"], "There is no exhibition #999"),
    (["exhibition", "add", "1", "4242"], "There is no image #4242"),
    (["exhibition", "add", "1", "{img}", "--print-size", "B2"], "'B2' is not a print size"),
    (["exhibition", "venue-add", "1", "--name", "Hub", "--opens", "2025-02-30", "--closes",
      "2025-03-01"], "'2025-02-30' is not a valid opening date"),
    (["exhibition", "venue-add", "1", "--name", "Hub", "--opens", "2025-03-02", "--closes",
      "2025-03-01"], "cannot close"),
    (["exhibition", "move", "1", "{img}", "--to", "7"], "Position 7 is out of range"),
    (["exhibition", "remove", "1", "4242"], "Image #4242 is not in exhibition #1"),
    (["exhibition", "venue-remove", "1", "77"], "has no venue #77"),
    (["exhibition", "item", "1", "{img}", "--crop", "1,2,3"], "is not a crop"),
    (["exhibition", "validate", "abc"], "'abc' is not an exhibition number"),
])
def test_user_errors_exit_1_with_one_line(capsys, lib, db, args, message):
    img = add_image(db, lib)
    cli_ok(capsys, lib, "exhibition", "create", "Errors")
    cli_ok(capsys, lib, "exhibition", "add", "1", img)
    code, out, err = run_cli(capsys, lib, *[a.replace("{img}", str(img)) for a in args])
    assert code == 1
    assert message in err
    assert len(err.strip().splitlines()) == 1 and err.startswith("curator: ")


def test_a_640_by_480_image_on_an_a2_panel(capsys, lib, make_shoot):
    """Scenario: validation blocks it, says the ppi, and that no A size reaches 240 ppi."""
    (img,) = imported_ids(capsys, lib, make_shoot(1, name="small", size=(640, 480)), "Small")
    not_needed(capsys, lib, img)
    exh = cli_json(capsys, lib, "exhibition", "create", "Small prints")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, img, "--print-size", "A2")
    cli_ok(capsys, lib, "exhibition", "caption", exh, img, "Launch day")
    cli_ok(capsys, lib, "exhibition", "venue-add", exh, "--name", "Central Library",
           "--opens", "2025-01-10", "--closes", "2025-03-01")
    report = cli_json(capsys, lib, "exhibition", "validate", exh)
    assert report["ok"] is False
    low = [p for p in report["problems"] if p["code"] == "low-ppi"]
    assert len(low) == 1
    assert {k: low[0][k] for k in ("severity", "position", "image_id")} == {
        "severity": "blocker", "position": 1, "image_id": img}
    assert "27 ppi" in low[0]["message"] and "A2 landscape (594×420 mm)" in low[0]["message"]
    assert "no A size reaches 240 ppi" in low[0]["message"]
    assert "67×50 mm" in low[0]["message"]
    assert [p["code"] for p in report["problems"] if p["severity"] == "blocker"] == ["low-ppi"]
    # On A4 it is still a blocker; on a 100×75 mm card a warning; on a 60×45 mm card fine.
    for size, expected in (("A4", ["blocker"]), ("100x75", ["warning"]), ("60x45", [])):
        cli_ok(capsys, lib, "exhibition", "item", exh, img, "--print-size", size)
        report = cli_json(capsys, lib, "exhibition", "validate", exh)
        assert [p["severity"] for p in report["problems"] if p["code"] == "low-ppi"] == expected
    assert report["ok"] is True
    text = cli_ok(capsys, lib, "exhibition", "validate", exh)
    assert "0 blocker(s)" in text


def test_validate_reports_missing_files_duplicates_captions_and_overlaps(capsys, lib, db):
    good = add_image(db, lib, width=6000, height=4000)
    gone = add_image(db, lib, width=6000, height=4000, with_file=False)
    bare = add_image(db, lib, width=4200, height=3000, caption=None, alt_text=None)
    not_needed(capsys, lib, good, gone, bare)
    exh = cli_json(capsys, lib, "exhibition", "create", "Checks")["id"]
    cli_ok(capsys, lib, "exhibition", "add", exh, good, gone, "--print-size", "A3")
    cli_ok(capsys, lib, "exhibition", "add", exh, bare, "--print-size", "A2")
    cli_ok(capsys, lib, "exhibition", "add", exh, good, "--print-size", "A3")
    for name, opens, closes in (("Central Library", "2025-01-10", "2025-03-01"),
                                ("Alder Hey", "2025-03-01", "2025-05-01"),
                                ("Family hub", "2025-05-10", "2025-06-30")):
        cli_ok(capsys, lib, "exhibition", "venue-add", exh, "--name", name, "--opens", opens,
               "--closes", closes)
    report = cli_json(capsys, lib, "exhibition", "validate", exh)
    got = [(p["severity"], p["position"], p["image_id"], p["code"]) for p in report["problems"]
           if p["code"] != "missing-alt-text"]
    assert got == [
        ("warning", None, None, "venue-overlap"),
        ("blocker", 2, gone, "missing-original"),
        ("warning", 3, bare, "low-ppi"),
        ("warning", 3, bare, "missing-caption"),
        ("warning", 4, good, "duplicate"),
    ]
    no_alt = [(p["severity"], p["position"]) for p in report["problems"]
              if p["code"] == "missing-alt-text"]
    # Without an alt_text column in the catalogue, no image has alt text.
    has_column = "alt_text" in db["images"].columns_dict
    assert no_alt == [("warning", n) for n in ([3] if has_column else [1, 2, 3, 4])]
    assert report["ok"] is False
    by_code = {p["code"]: p["message"] for p in report["problems"]}
    assert "'Central Library' (2025-01-10 to 2025-03-01) overlap" in by_code["venue-overlap"]
    assert "179 ppi" in by_code["low-ppi"] and "A3 landscape (420×297 mm)" in by_code["low-ppi"]
    assert "already at position 1" in by_code["duplicate"]
    assert "is missing from the library" in by_code["missing-original"]
    assert set(json.loads(json.dumps(report))) >= {"ok", "problems"}
