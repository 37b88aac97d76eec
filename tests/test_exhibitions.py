"""Exhibitions in the core: sets, dense positions, venues, duplicates, the trace helper."""

from __future__ import annotations

import random
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.catalogue import open_catalogue
from curator.errors import InvalidInput, NotFound
from curator.exhibitions import sets as ex
from curator.trace import exhibitions_containing
from tests.exhibition_support import add_image


def positions(db, exh_id):
    return [(i["position"], i["image_id"]) for i in ex.show(db, exh_id)["items"]]


def order(db, exh_id):
    return [i["image_id"] for i in ex.show(db, exh_id)["items"]]


def test_create_and_show_has_the_contract_keys(db, library):
    exh = ex.create(db, "  I See You ", subtitle="Baby Week on tour")
    img = add_image(db, library)
    ex.add_items(db, exh, [img], section="Bonding before birth", print_size="A2")
    ex.add_venue(db, exh, "Central Library", "2025-01-10", "2025-03-01", address="William Brown St")
    shown = ex.show(db, exh)
    assert {"id", "title", "subtitle", "status", "items", "venues", "window"} <= shown.keys()
    assert (shown["title"], shown["subtitle"], shown["status"]) == (
        "I See You", "Baby Week on tour", "draft")
    item = shown["items"][0]
    assert {"position", "image_id", "section", "caption", "print_size"} <= item.keys()
    assert (item["position"], item["image_id"], item["section"], item["print_size"]) == (
        1, img, "Bonding before birth", "A2")
    assert item["caption"] == "A mother and her baby at the launch"  # the catalogue's
    assert item["orientation"] == "landscape"  # follows the 6000×4000 image
    assert item["print_mm"] == [594, 420]
    assert shown["venues"][0] | {"id": None} == {
        "id": None, "name": "Central Library", "opens": "2025-01-10", "closes": "2025-03-01",
        "address": "William Brown St", "contact": None, "notes": None}
    assert shown["window"] == ["2025-01-10", "2025-03-01"]


def test_empty_title_and_unknown_ids_are_refused(db, library):
    with pytest.raises(InvalidInput, match="title cannot be empty"):
        ex.create(db, "   ")
    with pytest.raises(NotFound, match="no exhibition #99"):
        ex.show(db, 99)
    exh = ex.create(db, "Set")
    with pytest.raises(NotFound, match="no image #4242"):
        ex.add_items(db, exh, [4242])
    img = add_image(db, library)
    with pytest.raises(NotFound, match=f"Image #{img} is not in exhibition"):
        ex.remove_item(db, exh, img)


def test_add_remove_move_keep_positions_dense(db, library):
    imgs = [add_image(db, library) for _ in range(6)]
    exh = ex.create(db, "Hear me roar")
    assert ex.add_items(db, exh, imgs[:4]) == [1, 2, 3, 4]
    assert ex.add_items(db, exh, imgs[4:], at=2) == [2, 3]
    assert order(db, exh) == [imgs[0], imgs[4], imgs[5], imgs[1], imgs[2], imgs[3]]
    assert ex.remove_item(db, exh, imgs[4]) == 2
    assert positions(db, exh) == list(enumerate(
        [imgs[0], imgs[5], imgs[1], imgs[2], imgs[3]], start=1))
    assert ex.move_item(db, exh, imgs[3], 1) == 5
    assert order(db, exh) == [imgs[3], imgs[0], imgs[5], imgs[1], imgs[2]]
    ex.move_item(db, exh, imgs[3], 5)
    assert order(db, exh) == [imgs[0], imgs[5], imgs[1], imgs[2], imgs[3]]
    with pytest.raises(InvalidInput, match="Position 6 is out of range: use 1 to 5"):
        ex.move_item(db, exh, imgs[0], 6)
    with pytest.raises(InvalidInput, match="out of range"):
        ex.move_item(db, exh, imgs[0], 0)


def test_an_image_twice_must_be_named_by_position(db, library):
    a, b = add_image(db, library), add_image(db, library)
    exh = ex.create(db, "Twice")
    ex.add_items(db, exh, [a, b, a])
    with pytest.raises(InvalidInput, match="at positions 1 and 3"):
        ex.move_item(db, exh, a, 2)
    ex.move_item(db, exh, a, 1, at=3)
    assert order(db, exh) == [a, a, b]
    ex.set_caption(db, exh, a, "The second one", at=2)
    assert [i["caption_override"] for i in ex.show(db, exh)["items"]] == [
        None, "The second one", None]
    with pytest.raises(NotFound, match="not at position 3"):
        ex.remove_item(db, exh, a, at=3)


def test_reordering_an_80_item_set_keeps_the_order_exact(db, library):
    """Scenario: 300 random moves, removes and inserts against a plain list."""
    imgs = [add_image(db, library) for _ in range(90)]
    exh = ex.create(db, "I See You")
    ex.add_items(db, exh, imgs[:80])
    model = list(imgs[:80])
    spare = list(imgs[80:])
    rng = random.Random(5)
    for step in range(300):
        kind = rng.random()
        if kind < 0.7:
            image = rng.choice(model)
            to = rng.randint(1, len(model))
            came_from = ex.move_item(db, exh, image, to)
            assert model.index(image) + 1 == came_from
            model.remove(image)
            model.insert(to - 1, image)
        elif kind < 0.85 and spare:
            image = spare.pop()
            at = rng.randint(1, len(model) + 1)
            ex.add_items(db, exh, [image], at=at)
            model.insert(at - 1, image)
        elif len(model) > 60:
            image = rng.choice(model)
            ex.remove_item(db, exh, image)
            model.remove(image)
            spare.append(image)
        if step % 25 == 0:
            assert positions(db, exh) == list(enumerate(model, start=1))
    assert positions(db, exh) == list(enumerate(model, start=1))
    assert len(model) >= 60


@pytest.fixture(scope="module")
def eighty(tmp_path_factory):
    """One catalogue with 80 images, shared by the property test's examples."""
    from curator.library import Library

    library = Library(tmp_path_factory.mktemp("eighty") / "library")
    db = open_catalogue(library, create=True)
    yield db, [add_image(db, library, with_file=False) for _ in range(80)]
    db.close()


@settings(max_examples=60, deadline=None)
@given(moves=st.lists(st.tuples(st.integers(0, 79), st.integers(1, 80)), max_size=40))
def test_any_sequence_of_moves_matches_a_list(eighty, moves):
    db, imgs = eighty
    exh = ex.create(db, "Property")  # a fresh set per example
    ex.add_items(db, exh, imgs)
    model = list(imgs)
    for index, to in moves:
        image = model[index]
        ex.move_item(db, exh, image, to)
        model.remove(image)
        model.insert(to - 1, image)
    assert positions(db, exh) == list(enumerate(model, start=1))


def test_item_fields_print_sizes_and_crops(db, library):
    img = add_image(db, library, width=3000, height=4000)
    exh = ex.create(db, "Panels")
    ex.add_items(db, exh, [img], print_size="a1")
    item = ex.show(db, exh)["items"][0]
    assert (item["print_size"], item["orientation"], item["print_mm"]) == (
        "A1", "portrait", [594, 841])
    ex.update_item(db, exh, img, orientation="landscape")
    assert ex.show(db, exh)["items"][0]["print_mm"] == [841, 594]
    ex.update_item(db, exh, img, print_size="500x700mm", section="Family", label="Panel 7",
                   crop=(0, 500, 3000, 2000))
    item = ex.show(db, exh)["items"][0]
    assert (item["print_size"], item["orientation"], item["section"], item["label"]) == (
        "500x700", "portrait", "Family", "Panel 7")
    assert item["crop"] == {"x": 0, "y": 500, "w": 3000, "h": 2000}
    ex.update_item(db, exh, img, crop=None, print_size=None)
    item = ex.show(db, exh)["items"][0]
    assert (item["crop"], item["print_size"], item["print_mm"]) == (None, None, None)
    with pytest.raises(InvalidInput, match="does not fit inside the 3000×4000 image"):
        ex.update_item(db, exh, img, crop=(100, 100, 3000, 100))
    with pytest.raises(InvalidInput, match="'B2' is not a print size"):
        ex.add_items(db, exh, [img], print_size="B2")
    assert len(ex.show(db, exh)["items"]) == 1  # nothing was added


def test_venues_window_and_bad_dates(db):
    exh = ex.create(db, "Tour")
    assert ex.tour_window(db, exh) is None
    a = ex.add_venue(db, exh, "Family hub", date(2025, 5, 1), date(2025, 6, 30))
    ex.add_venue(db, exh, "Central Library", "2025-01-10", "2025-03-01")
    assert [v["name"] for v in ex.venues(db, exh)] == ["Central Library", "Family hub"]
    assert ex.tour_window(db, exh) == (date(2025, 1, 10), date(2025, 6, 30))
    ex.edit_venue(db, exh, a, closes="2025-09-30", contact="hub@example.org")
    v = [v for v in ex.venues(db, exh) if v["id"] == a][0]
    assert (v["closes"], v["contact"], v["opens"]) == ("2025-09-30", "hub@example.org",
                                                        "2025-05-01")
    with pytest.raises(InvalidInput, match="cannot close"):
        ex.edit_venue(db, exh, a, opens="2025-10-01")
    with pytest.raises(InvalidInput, match="'2025-13-01' is not a valid opening date"):
        ex.add_venue(db, exh, "X", "2025-13-01", "2025-12-01")
    with pytest.raises(NotFound, match="has no venue #999"):
        ex.remove_venue(db, exh, 999)
    ex.remove_venue(db, exh, a)
    assert ex.tour_window(db, exh) == (date(2025, 1, 10), date(2025, 3, 1))


def test_duplicate_is_a_draft_with_the_set_but_no_tour(db, library):
    imgs = [add_image(db, library) for _ in range(3)]
    exh = ex.create(db, "I See You", subtitle="2025 tour", statement="Care, seen.")
    ex.add_items(db, exh, imgs, section="Launch", print_size="A3")
    ex.set_caption(db, exh, imgs[1], "Our wording")
    ex.add_venue(db, exh, "Central Library", "2025-01-10", "2025-03-01")
    ex.set_status(db, exh, "final")
    copy = ex.duplicate(db, exh)
    shown = ex.show(db, copy)
    assert (shown["title"], shown["status"], shown["duplicated_from"]) == (
        "I See You (copy)", "draft", exh)
    assert shown["venues"] == [] and shown["window"] is None
    assert [(i["image_id"], i["caption"], i["print_size"]) for i in shown["items"]] == [
        (i["image_id"], i["caption"], i["print_size"]) for i in ex.show(db, exh)["items"]]
    assert ex.show(db, ex.duplicate(db, exh, title="I See You 2026"))["title"] == "I See You 2026"


def test_a_final_exhibition_freezes_items_but_not_venues(db, library):
    img = add_image(db, library)
    exh = ex.create(db, "Final")
    ex.add_items(db, exh, [img])
    ex.set_status(db, exh, "final")
    for change in (lambda: ex.add_items(db, exh, [img]), lambda: ex.remove_item(db, exh, img),
                   lambda: ex.set_caption(db, exh, img, "x"), lambda: ex.rename(db, exh, "y"),
                   lambda: ex.delete(db, exh)):
        with pytest.raises(InvalidInput, match="is final: reopen it"):
            change()
    ex.add_venue(db, exh, "Alder Hey", "2025-04-01", "2025-05-01")  # tours move
    ex.set_status(db, exh, "draft")
    ex.rename(db, exh, "Renamed")
    assert ex.get(db, exh)["title"] == "Renamed"
    with pytest.raises(InvalidInput, match="not an exhibition status"):
        ex.set_status(db, exh, "published")


def test_list_and_delete(db, library):
    a = ex.create(db, "One")
    b = ex.create(db, "Two")
    ex.add_items(db, b, [add_image(db, library)])
    ex.add_venue(db, b, "Hub", "2025-01-01", "2025-02-01")
    listed = {e["id"]: e for e in ex.list_exhibitions(db)}
    assert (listed[a]["item_count"], listed[a]["window"]) == (0, None)
    assert (listed[b]["item_count"], listed[b]["venue_count"], listed[b]["window"]) == (
        1, 1, ["2025-01-01", "2025-02-01"])
    ex.delete(db, b)
    assert [e["id"] for e in ex.list_exhibitions(db)] == [a]
    assert db.execute("SELECT COUNT(*) FROM exhibition_venues").fetchone()[0] == 0


def test_exhibitions_containing_shows_the_venues_showing_a_final_one(db, library):
    a, b, c = (add_image(db, library) for _ in range(3))
    final = ex.create(db, "I See You")
    ex.add_items(db, final, [c, a, b])
    ex.add_venue(db, final, "Central Library", "2025-01-10", "2025-03-01")
    ex.add_venue(db, final, "Alder Hey", "2025-03-05", "2025-06-30")
    ex.add_venue(db, final, "Family hub", "2025-07-10", "2025-09-30")
    ex.set_status(db, final, "final")
    draft = ex.create(db, "Draft set")
    ex.add_items(db, draft, [b])
    ex.add_venue(db, draft, "Somewhere", "2025-01-01", "2025-12-31")
    ex.create(db, "Unrelated")

    found = exhibitions_containing(db, [a, b], today=date(2025, 4, 1))
    assert [e["id"] for e in found] == [final, draft]
    f, d = found
    assert f["image_ids"] == [a, b] and f["items"] == [
        {"image_id": a, "position": 2}, {"image_id": b, "position": 3}]
    assert [v["name"] for v in f["showing_now"]] == ["Alder Hey"]
    assert [v["name"] for v in f["upcoming"]] == ["Family hub"]
    assert f["window"] == ["2025-01-10", "2025-09-30"] and len(f["venues"]) == 3
    assert d["status"] == "draft" and d["showing_now"] == [] and d["image_ids"] == [b]
    # No consent is recorded for these images: clearance blocks both affected items.
    assert [(x["position"], x["image_id"], x["code"]) for x in f["blockers"]] == [
        (2, a, "not-cleared"), (3, b, "not-cleared")]
    assert "2025-01-10 to 2025-09-30" in f["blockers"][0]["message"]
    on_a_closing_day = exhibitions_containing(db, [a], today=date(2025, 3, 1))
    assert [v["name"] for v in on_a_closing_day[0]["showing_now"]] == ["Central Library"]
    assert exhibitions_containing(db, [], today=date(2025, 4, 1)) == []
