"""The read layer: one query over any number of ids, one not-found wording."""

import pytest

from curator.connection import IN_CHUNK
from curator.errors import ImageNotFound, InvalidInput
from curator.reads import (
    flag_name,
    image_rows,
    keywords_of,
    people_of,
    pick_value,
    require_images,
    select_in,
)
from tests.rows import add_images


def test_select_in_reads_every_chunk(db):
    ids = add_images(db, IN_CHUNK + 5)
    found = [r[0] for r in select_in(db, "SELECT id FROM images WHERE id IN ({ids})", ids)]
    assert sorted(found) == sorted(ids)
    rows = list(select_in(db, "SELECT id, file_name FROM images WHERE id IN ({ids})",
                          ids[:2], dicts=True))
    assert [r["id"] for r in rows] == ids[:2] and rows[0]["file_name"].startswith("IMG_")


def test_missing_images_have_one_wording(db):
    (img,) = add_images(db, 1)
    assert require_images(db, [img, img]) == [img]
    with pytest.raises(ImageNotFound, match=r"^There is no image #999 in this library\.$"):
        require_images(db, [img, 999])
    many = list(range(10_000, 10_012))
    with pytest.raises(ImageNotFound) as caught:
        image_rows(db, [img, *many], "i.id", require=True)
    assert str(caught.value) == ("There is no image " + ", ".join(f"#{i}" for i in many[:10])
                                 + " and 2 more in this library.")
    assert caught.value.image_ids == many
    with pytest.raises(InvalidInput):
        require_images(db, [])


def test_image_rows_join_event_and_shoot_and_links_have_an_entry_per_image(db):
    a, b = add_images(db, 2, shoot="Harbour walk")
    rows = image_rows(db, [a, b], "i.id, s.title AS shoot, e.name AS event")
    assert rows[a] == {"id": a, "shoot": "Harbour walk", "event": None}
    assert keywords_of(db, [a, b]) == {a: [], b: []}
    assert people_of(db, [b]) == {b: []}


def test_flags_both_ways():
    assert [flag_name(pick_value(f)) for f in ("pick", "reject", "unflagged")] == \
        ["pick", "reject", "unflagged"]
    assert flag_name(None) == "unflagged"
    with pytest.raises(InvalidInput, match="'maybe' is not a flag"):
        pick_value("maybe")
