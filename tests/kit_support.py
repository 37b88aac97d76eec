"""A library for comms-kit tests: the pack library plus two photographs large enough for
social crops (one with GPS, a serial number and a named caption), a campaign with a logo,
day topics and hashtags, and one image nobody has cleared."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import piexif
from PIL import Image, ImageDraw

from curator.campaigns import records as cp
from curator.consent import people
from curator.ingest.importer import ImportOptions, run_import
from curator.samples.photos import make_photo
from curator.tagging.edits import TagEdit, apply
from tests.pack_support import ADULT, ALT, CAPTION, build_library

BIG = {"landscape": (2880, 1920), "portrait": (1200, 1800)}
THEME = "Speak up for babies — أصوات الأطفال"
DANGEROUS_TOPIC = "=HYPERLINK(\"http://x\",\"y\") [click](javascript:alert(1)) <b>"


def _with_private_exif(path: Path) -> None:
    exif = piexif.load(str(path))
    exif["GPS"] = {piexif.GPSIFD.GPSLatitudeRef: b"N",
                   piexif.GPSIFD.GPSLatitude: ((53, 1), (24, 1), (30, 1))}
    exif["Exif"][piexif.ExifIFD.BodySerialNumber] = b"SERIAL123456"
    piexif.insert(piexif.dump(exif), str(path))


def build_kit_library(db, library, make_shoot, tmp_path: Path) -> dict:
    w = build_library(db, library, make_shoot, n=3)
    folder = tmp_path / "big"
    for n, (name, size) in enumerate(BIG.items()):
        make_photo(folder / f"BIG_{name}.JPG", size, seed=40 + n,
                   captured=datetime(2024, 11, 14, 12, n, 0))
    _with_private_exif(folder / "BIG_landscape.JPG")
    make_photo(folder / "UNCLEARED.JPG", (640, 480), seed=60,
               captured=datetime(2024, 11, 14, 12, 9, 0))
    run_import(library, [folder], ImportOptions(shoot="Big", workers=1))
    rows = dict(db.execute("SELECT file_name, id FROM images WHERE file_name LIKE 'BIG_%' "
                           "OR file_name = 'UNCLEARED.JPG'").fetchall())
    landscape, portrait = rows["BIG_landscape.JPG"], rows["BIG_portrait.JPG"]
    uncleared = rows["UNCLEARED.JPG"]
    people.set_identifiable(db, [portrait], False)
    people.set_identifiable(db, [uncleared], True)  # shows people, no consent recorded
    people.link(db, [landscape], w["adult"])
    apply(db, [landscape, portrait], TagEdit(
        caption=f"{ADULT} and her baby at the launch — {CAPTION}", alt_text=ALT,
        credit="Photo: Siân"))
    logo = tmp_path / "logo.png"
    im = Image.new("RGBA", (400, 160), (0, 0, 0, 0))
    draw = ImageDraw.Draw(im)
    draw.ellipse((10, 10, 150, 150), fill=(200, 30, 90, 255))
    draw.rectangle((170, 50, 390, 110), fill=(40, 40, 120, 255))
    im.save(logo)
    campaign = cp.add_campaign(
        db, library, "Infant Mental Health Awareness Week", year=2024, theme=THEME,
        starts_on="2024-06-10", ends_on="2024-06-16",
        days={1: "Bonding", 2: DANGEROUS_TOPIC, 3: "Dads & partners"},
        hashtags=["IMHAW24", "speak up for babies"], url="https://example.org/imhaw?a=1&b=2",
        logo_file=logo)
    ids = [*w["ids"], landscape, portrait, uncleared]
    return {**w, "ids": ids, "landscape": landscape, "portrait": portrait,
            "uncleared": uncleared, "campaign": campaign.id}
