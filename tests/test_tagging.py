"""Tagging: batch edits in one transaction, audit-logged, kept in the text index."""

from __future__ import annotations

import pytest

from curator import audit
from curator.errors import InvalidInput, NotFound
from curator.search.query import ImageFilter, find_image_ids
from curator.tagging import edits as tagging
from curator.tagging import events
from tests.rows import add_images


def fts(db, query: str) -> list[int]:
    return find_image_ids(db, ImageFilter(text=query))


def test_batch_edit_sets_every_field_and_logs_each_change(db):
    imgs = add_images(db, 3, caption="Read at import")
    edit = tagging.TagEdit(year=2023, event="Baby Week 2024 — launch day", create_event=True,
                           add_keywords=["Places | Liverpool", "mothers"], caption="New words",
                           alt_text="A mother holds her baby", credit="Photo: Sam Example",
                           rating=4, pick="pick", title="Launch")
    result = tagging.apply(db, imgs, edit)
    assert result["images"] == 3 and result["changed"] == 3
    tags = tagging.tags_of(db, imgs[0])
    assert tags | {"id": 0} == tags | {
        "id": 0, "year": 2023, "year_source": "manual", "event": "Baby Week 2024 — launch day",
        "shoot": "Launch day", "title": "Launch", "caption": "New words",
        "alt_text": "A mother holds her baby", "credit": "Photo: Sam Example", "rating": 4,
        "pick": "pick", "keywords": ["Places|Liverpool", "mothers"]}
    changes = audit.entries(db, "image", imgs[0])
    fields = sorted(e["field"] for e in changes)
    assert fields == sorted(["year", "year_source", "event_id", "title", "caption", "alt_text",
                             "credit", "rating", "pick", "keyword", "keyword"])
    caption = next(e for e in changes if e["field"] == "caption")
    assert (caption["before"], caption["after"]) == ("Read at import", "New words")
    # the same edit again changes nothing and logs nothing
    assert tagging.apply(db, imgs, edit)["changed"] == 0


def test_a_failing_batch_changes_nothing(db):
    imgs = add_images(db, 2)
    with pytest.raises(NotFound, match="no image #4242"):
        tagging.apply(db, [*imgs, 4242], tagging.TagEdit(caption="x"))
    with pytest.raises(NotFound, match="no shoot called 'Elsewhere'"):
        tagging.apply(db, imgs, tagging.TagEdit(caption="x", shoot="Elsewhere"))
    assert db.execute("SELECT COUNT(*) FROM images WHERE caption IS NOT NULL").fetchone()[0] == 0
    assert audit.entries(db) == []


def test_bad_values_are_refused_in_words(db):
    imgs = add_images(db, 1)
    for edit, message in ((tagging.TagEdit(rating=6), "0 to 5 stars"),
                          (tagging.TagEdit(year=3024), "not a plausible year"),
                          (tagging.TagEdit(add_keywords=["Places||x"]), "not a keyword"),
                          (tagging.TagEdit(), "Nothing to change")):
        with pytest.raises(InvalidInput, match=message):
            tagging.apply(db, imgs, edit)


def test_text_index_follows_captions_keywords_and_renames(db):
    a, b = add_images(db, 2)
    tagging.apply(db, [a], tagging.TagEdit(caption="Storytime at the Central Library"))
    tagging.apply(db, [b], tagging.TagEdit(add_keywords=["Places|Liverpool"],
                                           alt_text="Twins asleep"))
    assert fts(db, "storytime") == [a] and fts(db, "libr") == [a]
    assert fts(db, "liverpool") == [b] and fts(db, "twins asleep") == [b]
    assert fts(db, "IMG") == [a, b]
    tagging.apply(db, [b], tagging.TagEdit(remove_keywords=["Places|Liverpool"]))
    assert fts(db, "liverpool") == []
    tagging.apply(db, [a], tagging.TagEdit(caption=""))   # '' clears
    assert fts(db, "storytime") == [] and tagging.tags_of(db, a)["caption"] is None
    tagging.apply(db, [a], tagging.TagEdit(add_keywords=["Leeds"]))
    db.execute("UPDATE keywords SET name = 'Places|Leeds' WHERE name = 'Leeds'")
    assert fts(db, "places leeds") == [a]
    assert db.execute("INSERT INTO images_fts(images_fts) VALUES ('integrity-check')")


def test_keywords_read_at_import_are_indexed_and_editable(db):
    (img,) = add_images(db, 1)
    kid = db["keywords"].insert({"name": "Imported|Keyword"}).last_pk
    db.execute("INSERT INTO image_keywords (image_id, keyword_id) VALUES (?, ?)", [img, kid])
    assert fts(db, "imported") == [img]
    tagging.apply(db, [img], tagging.TagEdit(remove_keywords=["Imported|Keyword"]))
    assert tagging.tags_of(db, img)["keywords"] == [] and fts(db, "imported") == []


def test_events_are_entities_with_theme_and_dates(db):
    ev = events.save_event(db, "Baby Week 2024 — launch day", campaign="Baby Week", year=2024,
                           occasion="launch day", theme="I See You", place="Central Library")
    assert ev["theme"] == "I See You" and ev["year"] == 2024
    again = events.save_event(db, "Baby Week 2024 — launch day", starts_on=None,
                              place="Central Library, Liverpool")
    assert again["id"] == ev["id"] and again["theme"] == "I See You"
    assert again["place"] == "Central Library, Liverpool"
    with pytest.raises(InvalidInput, match="ends .* before it starts"):
        events.save_event(db, "Backwards", starts_on="2024-11-20", ends_on="2024-11-14")
    (img,) = add_images(db, 1)
    tagging.apply(db, [img], tagging.TagEdit(event="Baby Week 2024 — launch day",
                                                 create_event=True))
    assert [e["images"] for e in events.list_events(db)] == [1]


def test_tags_of_many_matches_tags_of_one_by_one(db):
    imgs = add_images(db, 3, caption="Read at import")
    tagging.apply(db, imgs[:2], tagging.TagEdit(add_keywords=["b", "a"], rating=2))
    many = tagging.tags_of_many(db, [imgs[2], imgs[0], imgs[2], imgs[1]])
    assert list(many) == [imgs[2], imgs[0], imgs[1]]
    assert all(many[i] == tagging.tags_of(db, i) for i in imgs)
    assert many[imgs[0]]["keywords"] == ["a", "b"] and many[imgs[2]]["keywords"] == []
    with pytest.raises(NotFound, match="#999"):
        tagging.tags_of_many(db, [imgs[0], 999])
