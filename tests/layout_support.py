"""A small library with real (generated) photos and an exhibition, for the layout tests."""

from __future__ import annotations

import hashlib
import itertools
from datetime import date
from pathlib import Path

from PIL import Image, ImageDraw

from curator.consent import people, records
from curator.consent import rule as consent
from curator.exhibitions import sets as exhibitions
from curator.library import Library

_counter = itertools.count(1)

# Four quadrants in clearly different colours: a test can tell which part of the picture a
# page shows, and where the picture is on the page.
QUADRANTS = ((220, 40, 40), (40, 160, 40), (40, 60, 220), (240, 200, 40))


def write_photo(path: Path, size: tuple[int, int], orientation: int = 1, tag: str = "") -> None:
    """A JPEG whose *upright* picture has red/green on top, blue/yellow below."""
    w, h = size
    stored = (h, w) if orientation in (5, 6, 7, 8) else (w, h)
    im = Image.new("RGB", (w, h))
    d = ImageDraw.Draw(im)
    d.rectangle((0, 0, w // 2, h // 2), fill=QUADRANTS[0])
    d.rectangle((w // 2, 0, w, h // 2), fill=QUADRANTS[1])
    d.rectangle((0, h // 2, w // 2, h), fill=QUADRANTS[2])
    d.rectangle((w // 2, h // 2, w, h), fill=QUADRANTS[3])
    exif = Image.Exif()
    exif[0x010E] = f"layout test {tag}"  # ImageDescription: makes each file unique
    if orientation == 6:  # stored turned 90° anticlockwise; viewers turn it back
        im = im.transpose(Image.Transpose.ROTATE_90)
        exif[0x0112] = 6
    assert im.size == stored
    path.parent.mkdir(parents=True, exist_ok=True)
    im.save(path, "JPEG", quality=85, exif=exif.tobytes())


def add_photo(db, library: Library, *, size=(1200, 800), caption: str | None = "A caption",
              alt_text: str | None = "A description", credit: str | None = None,
              creator: str | None = "Ana Photographer", year: int = 2024,
              orientation: int = 1, cleared: bool = True) -> int:
    n = next(_counter)
    rel = f"originals/{year}/layout-tests/IMG_{n:05d}.jpg"
    path = library.root / rel
    write_photo(path, size, orientation, str(n))
    data = path.read_bytes()
    image_id = db["images"].insert({
        "sha256": hashlib.sha256(data).hexdigest(), "file_name": path.name, "format": "JPEG",
        "file_size": len(data), "width": size[0], "height": size[1],
        "orientation": orientation, "year": year, "year_source": "manual",
        "caption": caption, "alt_text": alt_text, "credit": credit, "creator": creator,
        "original_path": rel, "imported_at": "2024-11-20T10:00:00+00:00",
    }).last_pk
    if cleared:
        people.set_identifiable(db, [image_id], False)
    else:
        people.set_identifiable(db, [image_id], True)
    return image_id


def grant(db, library: Library, image_id: int, uses: str, label: str = "Aisha") -> None:
    """Link a person to the image with a consent for ``uses`` (e.g. ``exhibition``)."""
    people.set_identifiable(db, [image_id], True)
    person = people.add_person(db, label)
    people.link(db, [image_id], person)
    records.add_consent(db, library, uses=consent.parse_uses(uses), person_id=person,
                        signed_on=date(2024, 1, 1))


def exhibition(db, image_ids, *, print_size: str | None = "120x80", title: str = "I See You",
               final: bool = False) -> int:
    exh = exhibitions.create(db, title, subtitle="Baby Week on tour",
                             statement="Photographs from the launch week.")
    exhibitions.add_items(db, exh, image_ids, print_size=print_size)
    exhibitions.add_venue(db, exh, "Central Library", date(2025, 1, 10), date(2025, 3, 1))
    if final:
        exhibitions.set_status(db, exh, "final")
    return exh
