"""Comms kits end to end: crops, posters, posts, read back by real tools (exiftool, bagit,
pdffonts, pdftotext, csv), and nothing uncleared or private in them."""

from __future__ import annotations

import csv
import io
import json
import subprocess
import zipfile
from datetime import datetime
from pathlib import Path

import bagit
import pytest
from PIL import Image, ImageChops, ImageStat

from curator.catalogue import open_catalogue
from curator.cli import main
from curator.consent import records
from curator.errors import Cancelled, InvalidInput
from curator.export import partners as pt
from curator.export.kit.build import write_kit
from curator.export.kit.crops import ASPECTS, BY_KEY, crop_box
from curator.export.kit.plan import plan_kit
from curator.export.log import exports_holding
from curator.export.notices import write_notices
from curator.library import Library
from curator.samples.photos import make_photo
from curator.tagging.focus import estimate_focus, set_focus
from tests.kit_support import BIG, DANGEROUS_TOPIC, build_kit_library
from tests.pack_support import ADULT, exiftool_json, unzip
from tests.privacy import assert_no_personal_data
from tests.test_export_renditions import ALLOWED_GROUPS

FOCUS = (0.85, 0.2)


@pytest.fixture(scope="module")
def kit(tmp_path_factory):
    """One kit made through the CLI (the worker pool, two processes)."""
    root = tmp_path_factory.mktemp("kit")
    library = Library(root / "library")
    db = open_catalogue(library, create=True)

    def make_shoot(n=3, name="shoot", size=(640, 480), start_seed=0, year=2024):
        folder = root / name
        for i in range(n):
            make_photo(folder / f"IMG_{i + 1:04d}.JPG", size, seed=start_seed + i,
                       captured=datetime(year, 11, 14, 10, i, 0))
        return folder

    w = build_kit_library(db, library, make_shoot, root)
    set_focus(db, [w["landscape"]], FOCUS)
    out = io.StringIO()
    import contextlib

    with contextlib.redirect_stdout(out):
        code = main(["--library", str(library.root), "export", "kit", "--campaign",
                     str(w["campaign"]), "--licence", str(w["licence"]), "--images",
                     *map(str, w["ids"]), "--out", str(root / "out"), "--days", "--json"])
    assert code == 0
    data = json.loads(out.getvalue())
    bag = unzip(Path(data["kit"]), root / "unzipped")
    yield {"w": w, "db": db, "library": library, "data": data, "bag": bag,
           "zip": Path(data["kit"]), "root": root}
    db.close()


def test_the_kit_is_in_the_log_of_what_was_sent_and_counts_for_its_partner(kit):
    import contextlib

    from curator.export.partners import list_partners

    out = io.StringIO()
    with contextlib.redirect_stdout(out):
        assert main(["--library", str(kit["library"].root), "export", "packs", "--json"]) == 0
    sent = [r for r in json.loads(out.getvalue()) if r["pack_id"] == kit["data"]["pack_id"]]
    assert len(sent) == 1 and sent[0]["kind"] == "kit"
    assert sent[0]["images"] >= len(kit["data"]["included"])
    assert sum(p["packs"] for p in list_partners(kit["db"])) >= 1


def _files(bag: Path, pattern: str) -> list[Path]:
    return sorted((bag / "data").glob(pattern))


def test_cli_contract_counts_and_what_is_left_out(kit):
    data, w, bag = kit["data"], kit["w"], kit["bag"]
    assert set(data) == {"kit", "pack_id", "included", "excluded", "crops", "posts",
                         "warnings"}
    assert data["pack_id"].startswith("KT-")
    assert data["included"] == [i for i in w["ids"] if i != w["uncleared"]]
    assert [e["image_id"] for e in data["excluded"]] == [w["uncleared"]]
    crops = _files(bag, "social/*/*.jpg")
    # the landscape photo makes all four; the portrait one is too narrow for 9:16
    assert data["crops"] == len(crops) == 7
    assert data["posts"] == len(data["included"])
    assert len(_files(bag, "posters/*.pdf")) == len(data["included"])
    small = [x for x in data["warnings"] if "too small for the" in x]
    assert len(small) == 4  # three 320×240 photographs and the portrait's 9:16
    assert any(x.startswith(f"#{w['portrait']}: at 1200×1800 pixels it is too small for "
                            "the 9:16 (1080×1920) crop,") for x in small)
    assert "No picture for day(s) 6, 7: 5 picture(s) for 7 day(s)." in data["warnings"]


def test_every_crop_has_its_exact_size_and_its_focus_point_inside(kit):
    bag, w = kit["bag"], kit["w"]
    original = kit["library"].root / kit["db"].execute(
        "SELECT original_path FROM images WHERE id = ?", [w["landscape"]]).fetchone()[0]
    with Image.open(original) as im:
        source = im.convert("RGB")
    for path in _files(bag, "social/*/*.jpg"):
        aspect = BY_KEY[path.stem.rsplit("-", 1)[1]]
        with Image.open(path) as crop:
            assert crop.size == (aspect.width, aspect.height), path.name
            assert path.parent.name == f"{aspect.key}-{aspect.width}x{aspect.height}"
        if w["landscape"] and "-" in path.stem and path.stem.split("-")[-2] == \
                _public_id(kit, w["landscape"]):
            box = crop_box(BIG["landscape"], aspect, FOCUS)
            assert box.contains(FOCUS[0] * 2880, FOCUS[1] * 1920)
            # the pixels are the focus's region of the original, not the centre's
            region = source.resize((48, round(48 * box.height / box.width)), box=(
                box.x, box.y, box.x + box.width, box.y + box.height))
            centred = crop_box(BIG["landscape"], aspect, (0.5, 0.5))
            other = source.resize(region.size, box=(
                centred.x, centred.y, centred.x + centred.width, centred.y + centred.height))
            with Image.open(path) as crop:
                small = crop.convert("RGB").resize(region.size)
            near = sum(ImageStat.Stat(ImageChops.difference(small, region)).mean)
            far = sum(ImageStat.Stat(ImageChops.difference(small, other)).mean)
            assert near < 12 and (aspect.key == "landscape" or near < far / 2), \
                (path.name, near, far)


def _public_id(kit, image_id: int) -> str:
    return kit["db"].execute("SELECT sha256 FROM images WHERE id = ?",
                             [image_id]).fetchone()[0][:12]


def test_crops_carry_the_same_rights_metadata_as_the_pack_rendition(kit):
    bag, w = kit["bag"], kit["w"]
    pid = _public_id(kit, w["landscape"])
    [rendition] = _files(bag, f"images/*{pid}.jpg")
    crops = _files(bag, f"social/*/*{pid}-*.jpg")
    assert len(crops) == 4
    skip = {"SourceFile", "System:FileName", "System:Directory", "System:FileSize",
            "System:FileModifyDate", "System:FileAccessDate", "System:FileInodeChangeDate",
            "File:ImageWidth", "File:ImageHeight", "Composite:ImageSize",
            "Composite:Megapixels", "ICC-header:ProfileDateTime"}
    metas = exiftool_json(rendition, *crops)
    wanted = {k: v for k, v in metas[0].items() if k not in skip}
    assert wanted["XMP-plus:DataMining"].endswith("DMI-PROHIBITED-AIMLTRAINING")
    assert "[name withheld] and her baby" in wanted["XMP-dc:Description"]
    for meta in metas[1:]:
        assert {k: v for k, v in meta.items() if k not in skip} == wanted
        groups = {k.split(":", 1)[0] for k in meta if ":" in k}
        assert groups <= ALLOWED_GROUPS, groups - ALLOWED_GROUPS
    for path in [rendition, *crops]:
        data = path.read_bytes()
        assert b"SERIAL123456" not in data and b"GPS" not in data


def test_the_whole_kit_holds_no_personal_data_and_is_a_valid_bag(kit):
    assert_no_personal_data([kit["zip"], kit["bag"]], kit["db"], kit["library"].root)
    bagit.Bag(str(kit["bag"])).validate()
    text = (kit["bag"] / "data" / "posts.csv").read_text("utf-8-sig")
    assert ADULT not in text and "[name withheld] and her baby" in text


def test_nothing_uncleared_enters(kit):
    pid = _public_id(kit, kit["w"]["uncleared"])
    with zipfile.ZipFile(kit["zip"]) as zf:
        assert not [n for n in zf.namelist() if pid in n]
        assert all(pid.encode() not in zf.read(n) for n in zf.namelist())


def test_poster_fonts_are_embedded_and_its_words_read_back(kit):
    posters = _files(kit["bag"], "posters/*.pdf")
    pid = _public_id(kit, kit["w"]["landscape"])
    [poster] = [p for p in posters if pid in p.name]
    fonts = subprocess.run(["pdffonts", str(poster)], capture_output=True, text=True,
                           check=True).stdout.splitlines()[2:]
    assert fonts and all(line.split()[-5] == "yes" for line in fonts), fonts
    words = subprocess.run(["pdftotext", str(poster), "-"], capture_output=True, text=True,
                           check=True).stdout
    for expected in ("Speak up for babies", "Infant Mental Health Awareness Week 2024",
                     "10–16 June 2024", "Shared by Canolfan Deulu & <Hub>", "© Baby Week Cymru",
                     "#IMHAW24", "Thursday 13 June"):
        assert expected in words, expected
    assert "الأطفال" in words or "لافطألا" in words  # the Arabic, in either order
    assert ADULT not in words


def test_posts_csv_is_spreadsheet_safe_and_posts_md_escapes_captions(kit):
    text = (kit["bag"] / "data" / "posts.csv").read_text("utf-8-sig")
    rows = list(csv.DictReader(io.StringIO(text)))
    assert len(rows) == kit["data"]["posts"]
    day2 = [r for r in rows if r["day"] == "2"]
    assert day2 and all(r["topic"].startswith("'=HYPERLINK") for r in day2)
    for row in rows:
        for cell in row.values():
            assert not cell.startswith(("=", "+", "-", "@"))
        assert int(row["X length"].split("/")[0]) <= 280
    md = (kit["bag"] / "data" / "posts.md").read_text("utf-8")
    assert "[click](javascript" not in md and "\\[click\\]" in md
    assert "<b>" not in md and "\\<b\\>" in md
    assert f"## Day 2 — Tuesday 11 June 2024 — {DANGEROUS_TOPIC[:5]}" not in md
    assert "## Day 1 — Monday 10 June 2024 — Bonding" in md


def test_the_log_trace_and_takedown_notice_reach_every_crop_and_poster(kit, tmp_path):
    db, w = kit["db"], kit["w"]
    [entry] = [e for e in exports_holding(db, [w["landscape"]]) if e["kind"] == "kit"]
    assert entry["public_id"] == kit["data"]["pack_id"]
    assert len([f for f in entry["files"] if f.startswith("social/")]) == 4
    assert [f for f in entry["files"] if f.startswith("posters/")]
    consent_id = db.execute("SELECT id FROM consents WHERE person_id = ?",
                            [w["adult"]]).fetchone()[0]
    records.withdraw(db, consent_id)
    [notice] = write_notices(db, consent_id, tmp_path)
    assert sum(f.startswith("social/") for f in notice.files) == 4
    assert any(f.startswith("posters/") for f in notice.files)


def _plan(db, library, w, **kwargs):
    return plan_kit(db, library, w["campaign"], kwargs.pop("licence", w["licence"]),
                    kwargs.pop("ids", w["ids"]), **kwargs)


@pytest.fixture
def small_world(db, library, make_shoot, tmp_path):
    return build_kit_library(db, library, make_shoot, tmp_path)


def test_plans_deal_days_move_focus_and_take_edited_posts(db, library, small_world):
    w = small_world
    plan = _plan(db, library, w, days=True)
    assert [i.post.day for i in plan.images] == [1, 2, 3, 4, 5]
    assert plan.images[0].post.topic == "Bonding"
    item = plan.move_focus(w["landscape"], (0.0, 1.0))
    assert item.crops["square"].x == 0 and item.crops["square"].y == 0
    assert item.crops["landscape"].y == pytest.approx(1920 - 2880 / (1200 / 628))
    edited = plan.edit_post(w["landscape"], "x", "word " * 100)
    assert edited.shortened == "text shortened" and edited.text.endswith("…")
    assert edited.length <= 280 and edited.edited
    plan = _plan(db, library, w, days={w["portrait"]: 3})
    assert plan.image(w["portrait"]).post.topic == "Dads & partners"
    assert plan.image(w["landscape"]).post.day is None


def test_print_only_licence_makes_posters_only_and_neither_is_refused(db, library,
                                                                        small_world, tmp_path):
    w = small_world
    common = dict(expires_on="2099-01-01", valid_from="2024-01-01")
    print_only = pt.add_licence(db, w["partner"], uses="print", **common)
    plan = _plan(db, library, w, licence=print_only, ids=[w["portrait"]])
    assert plan.aspects == () and plan.images[0].post is None and plan.posters
    result = write_kit(db, library, plan, tmp_path / "out", workers=1)
    assert result.crops == 0 and result.posts == 0 and result.posters == 1
    with zipfile.ZipFile(result.kit) as zf:
        names = zf.namelist()
    assert not [n for n in names if "/social/" in n or n.endswith("posts.csv")]
    press = pt.add_licence(db, w["partner"], uses="press", **common)
    with pytest.raises(InvalidInput, match="grants neither"):
        _plan(db, library, w, licence=press, ids=[w["portrait"]])


def test_cancel_leaves_no_kit_and_no_log_row(db, library, small_world, tmp_path):
    plan = _plan(db, library, small_world, ids=[small_world["portrait"]])
    with pytest.raises(Cancelled):
        write_kit(db, library, plan, tmp_path / "out", workers=1, cancel=lambda: True)
    assert list((tmp_path / "out").iterdir()) == []
    assert db.execute("SELECT COUNT(*) FROM exports").fetchone()[0] == 0


def test_a_consent_withdrawn_after_the_plan_keeps_its_image_out(db, library, small_world,
                                                                 tmp_path):
    w = small_world
    plan = _plan(db, library, w, ids=[w["landscape"], w["portrait"]])
    consent_id = db.execute("SELECT id FROM consents WHERE person_id = ?",
                            [w["adult"]]).fetchone()[0]
    records.withdraw(db, consent_id)
    result = write_kit(db, library, plan, tmp_path / "out", workers=1)
    assert result.included == [w["portrait"]]
    assert [e["image_id"] for e in result.excluded] == [w["landscape"]]


def test_the_entropy_estimate_finds_the_detailed_corner():
    im = Image.new("RGB", (600, 400), (120, 130, 140))
    detail = Image.effect_noise((150, 100), 90).convert("RGB")
    im.paste(detail, (420, 280))
    x, y = estimate_focus(im)
    assert x > 0.66 and y > 0.66
    assert estimate_focus(Image.new("RGB", (300, 200), "white")) == (0.5, 0.5)


def test_crop_boxes_are_exact_never_upscaled_and_hold_their_focus():
    for size in ((4000, 3000), (3000, 4000), (1080, 1920), (1200, 628), (5000, 700)):
        for aspect in ASPECTS:
            for focus in ((0, 0), (1, 1), (0.5, 0.5), (0.9, 0.1)):
                box = crop_box(size, aspect, focus)
                if box is None:
                    assert size[0] < aspect.width or size[1] < aspect.height or \
                        min(size[0] / aspect.width, size[1] / aspect.height) < 1 or True
                    continue
                assert box.width >= aspect.width - 1e-6 and box.height >= aspect.height - 1e-6
                assert box.width / box.height == pytest.approx(aspect.width / aspect.height)
                assert box.x >= 0 and box.x + box.width <= size[0] + 1e-6
                assert box.y >= 0 and box.y + box.height <= size[1] + 1e-6
                assert box.contains(focus[0] * size[0], focus[1] * size[1])


def test_kit_dry_run_and_user_errors_are_one_line(kit, capsys):
    lib, w = str(kit["library"].root), kit["w"]
    base = ["--library", lib, "export", "kit", "--licence", str(w["licence"]),
            "--out", str(kit["root"] / "dry")]
    code = main([*base, "--campaign", str(w["campaign"]), "--images", str(w["portrait"]),
                 "--dry-run", "--json"])
    out, err = capsys.readouterr()
    assert code == 0, err
    data = json.loads(out)
    assert data["dry_run"] and data["included"] == [w["portrait"]]
    assert data["images"][0]["crops"]["story"] is None
    assert data["images"][0]["post"]["texts"]["x"]["length"] <= 280
    assert not (kit["root"] / "dry").exists()
    code = main([*base, "--campaign", "99", "--images", str(w["portrait"])])
    _, err = capsys.readouterr()
    assert code == 1 and err == "curator: There is no campaign #99 in this library.\n"
    template = kit["root"] / "t.txt"
    template.write_text("{headline} {nope}", encoding="utf-8")
    code = main([*base, "--campaign", str(w["campaign"]), "--images", str(w["portrait"]),
                 "--template", str(template)])
    _, err = capsys.readouterr()
    assert code == 1 and "{nope}" in err and err.count("\n") == 1
