"""Licensed packs end to end: what leaves, read back by real tools (exiftool, bagit, csv)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import bagit
import pytest

from curator.export.pack import build_pack
from curator.export.preflight import preflight
from tests.pack_support import (
    ADULT,
    ALT,
    CAPTION,
    CHILD,
    TITLE,
    build_library,
    exiftool_json,
    unzip,
)
from tests.privacy import assert_no_personal_data

PLUS = "http://ns.useplus.org/ldf/vocab/"


@pytest.fixture
def world(db, library, make_shoot):
    return build_library(db, library, make_shoot)


def make_pack(db, library, world, tmp_path, licence="licence", long_edge=200):
    plan = preflight(db, world["ids"], world[licence])
    result = build_pack(db, library, plan, tmp_path / "out", long_edge=long_edge, workers=1)
    return result, unzip(result.pack, tmp_path / f"unzipped-{licence}")


def test_every_embedded_property_reads_back_exactly(db, library, world, tmp_path):
    result, bag = make_pack(db, library, world, tmp_path)
    assert result.included == world["ids"] and result.excluded == []
    manifest = json.loads((bag / "data" / "manifest.json").read_text("utf-8"))
    files = {f["file"]: f for f in manifest["files"]}
    images = sorted((bag / "data" / "images").iterdir())
    meta = {Path(m["SourceFile"]).name: m for m in exiftool_json(*images)}
    raw = {Path(m["SourceFile"]).name: m for m in exiftool_json(*images, args=("-n",))}
    lic_terms = "Licensed to Canolfan Deulu & <Hub> for print, online use"
    for path in images:
        m, n = meta[path.name], raw[path.name]
        assert m["IFD0:ImageDescription"] == CAPTION
        assert m["IFD0:Artist"] == "Siân Ffotograffydd"
        assert m["IFD0:Copyright"] == "© 2024 Baby Week Cymru"
        assert n["IFD0:Orientation"] == 1
        assert m["ExifIFD:DateTimeOriginal"].startswith("2024:11:14 10:")
        assert m["XMP-dc:Description"] == CAPTION
        assert m["XMP-dc:Title"] == TITLE
        assert m["XMP-dc:Creator"] == ["Siân Ffotograffydd"]
        assert m["XMP-dc:Rights"] == "© 2024 Baby Week Cymru"
        assert sorted(m["XMP-dc:Subject"]) == sorted(["Places|Liverpool", "mamau & babanod",
                                                      "أمهات"])
        assert m["XMP-photoshop:Credit"] == "© Baby Week Cymru / Siân — بإذن"
        assert m["XMP-iptcCore:AltTextAccessibility"] == ALT
        assert m["XMP-iptcExt:Event"] == "Baby Week 2024 — launch day"
        assert m["XMP-xmpRights:UsageTerms"].startswith(lic_terms)
        assert m["XMP-xmpRights:WebStatement"] == "https://babyweek.example/licence?a=1&b=2"
        assert m["XMP-xmpRights:Marked"] is True
        assert m["XMP-plus:Licensor"] == [{
            "LicensorName": "Baby Week Cymru", "LicensorEmail": "hello@babyweek.example",
            "LicensorURL": "https://babyweek.example/licence?a=1&b=2"}]
        assert m["XMP-plus:DataMining"] == PLUS + "DMI-PROHIBITED-AIMLTRAINING"
        assert "XMP-iptcExt:PersonInImage" not in m
        assert m["ICC_Profile:ProfileDescription"] == "sRGB built-in"
        assert files[f"images/{path.name}"]["public_id"] in path.name
    name_of = {f["image_id"]: Path(f["file"]).name for f in result.files}
    first, adult, child = (name_of[i] for i in world["ids"][:3])
    # exiftool -n prints the PLUS code of the URI we wrote
    assert raw[first]["XMP-plus:ModelReleaseStatus"] == "MR-NAP"
    assert "XMP-plus:MinorModelAgeDisclosure" not in raw[first]
    assert raw[adult]["XMP-plus:ModelReleaseStatus"] == "MR-LMR"
    assert raw[child]["XMP-plus:ModelReleaseStatus"] == "MR-LMR"
    assert raw[child]["XMP-plus:MinorModelAgeDisclosure"] == "AG-U14"


def test_names_only_when_the_licence_allows(db, library, world, tmp_path):
    _, bag = make_pack(db, library, world, tmp_path, licence="naming")
    meta = exiftool_json(*sorted((bag / "data" / "images").iterdir()))
    named = [m.get("XMP-iptcExt:PersonInImage") for m in meta]
    assert [ADULT] in named and [CHILD] in named
    assert all(m["XMP-plus:DataMining"] == PLUS + "DMI-ALLOWED" for m in meta)


def test_no_personal_data_leaves_when_naming_is_forbidden(db, library, world, tmp_path):
    # a careless curator typed the names into a caption and a keyword
    from curator.tagging.edits import TagEdit, apply

    apply(db, world["ids"][1:3], TagEdit(caption=f"{ADULT} and {CHILD} at the launch",
                                         add_keywords=[CHILD]))
    result, bag = make_pack(db, library, world, tmp_path)
    assert_no_personal_data([result.pack, bag], db, library.root)
    text = (bag / "data" / "captions.csv").read_text("utf-8-sig")
    assert "[name withheld] and [name withheld] at the launch" in text


def test_bagit_validates_and_fails_after_one_byte_changes(db, library, world, tmp_path):
    _, bag = make_pack(db, library, world, tmp_path)
    bagit.Bag(str(bag)).validate()
    image = sorted((bag / "data" / "images").iterdir())[0]
    data = bytearray(image.read_bytes())
    data[len(data) // 2] ^= 0x01
    image.write_bytes(bytes(data))
    with pytest.raises(bagit.BagValidationError):
        bagit.Bag(str(bag)).validate()


def test_captions_csv_opens_to_the_same_rows(db, library, world, tmp_path):
    from curator.tagging.edits import TagEdit, apply

    apply(db, [world["ids"][0]], TagEdit(caption='=HYPERLINK("http://x","y")',
                                         alt_text="-2+3", credit="@credit"))
    result, bag = make_pack(db, library, world, tmp_path)
    raw = (bag / "data" / "captions.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"), newline="")))
    assert rows[0] == ["file", "caption", "alt text", "credit", "year", "event", "usage",
                       "expiry"]
    assert len(rows) == 1 + len(world["ids"])
    first = rows[1]
    assert first[1:4] == ["'=HYPERLINK(\"http://x\",\"y\")", "'-2+3",
                          "'© Baby Week Cymru / Siân — بإذن"[1:]]
    assert rows[2][1] == CAPTION and rows[2][2] == ALT
    assert {r[4] for r in rows[1:]} == {"2024"}
    assert {r[5] for r in rows[1:]} == {"Baby Week 2024 — launch day"}
    manifest = json.loads((bag / "data" / "manifest.json").read_text("utf-8"))
    assert [r[0] for r in rows[1:]] == [f["file"] for f in manifest["files"]
                                        if f["file"].startswith("images/")]


def test_pack_documents_are_escaped_and_hold_no_internal_path(db, library, world, tmp_path):
    result, bag = make_pack(db, library, world, tmp_path)
    html = (bag / "data" / "index.html").read_text("utf-8")
    assert "<b>bold</b>" not in html and "&lt;b&gt;bold&lt;/b&gt;" in html
    assert "<script" not in html
    assert 'alt="A mother holds her newborn; Łódź &amp; &lt;alt&gt; &quot;text&quot;' in html
    for name in ("index.html", "manifest.json", "LICENCE.txt", "captions.csv"):
        text = (bag / "data" / name).read_text("utf-8-sig")
        assert str(library.root) not in text and "originals/" not in text
    licence = (bag / "data" / "LICENCE.txt").read_text("utf-8")
    for words in ("You may:", "You may not:", "Credit exactly as:", "Until:", "Contact:",
                  "takedown notice"):
        assert words in licence
    manifest = json.loads((bag / "data" / "manifest.json").read_text("utf-8"))
    assert manifest["pack_id"] == result.pack_id
    assert manifest["licence"]["version"] == 1
    assert all(len(f["sha256"]) == 64 for f in manifest["files"])


def test_contact_sheet_embeds_its_fonts(db, library, world, tmp_path):
    import subprocess

    _, bag = make_pack(db, library, world, tmp_path)
    pdf = bag / "data" / "contact-sheet.pdf"
    fonts = subprocess.run(["pdffonts", str(pdf)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(" yes yes " in line for line in fonts), fonts
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    assert "Zażółć gęślą jaźń" in text and "<b>bold</b>" in text


def test_cancel_leaves_no_pack_and_no_log_row(db, library, world, tmp_path):
    from curator.errors import Cancelled

    seen = []
    plan = preflight(db, world["ids"], world["licence"])
    with pytest.raises(Cancelled):
        build_pack(db, library, plan, tmp_path / "out", long_edge=200, workers=1,
                   progress=lambda done, total, current: seen.append((done, total)),
                   cancel=lambda: len(seen) >= 2)
    assert seen[0] == (0, len(world["ids"])) and seen[1][0] == 1
    assert list((tmp_path / "out").iterdir()) == []
    assert db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0
