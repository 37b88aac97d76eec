"""Search: filters combine, text search, and both ways of evaluating consent agree."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from curator.consent import people, records
from curator.errors import InvalidInput
from curator.search import query as search
from curator.search.query import ImageFilter, find_image_ids
from curator.tagging import edits as tagging
from tests.rows import add_images

D = date.fromisoformat


@pytest.fixture
def catalogue(db, library):
    """Six images over two shoots and years, tagged, with people and consents."""
    a = add_images(db, 3, shoot="Launch day", year=2024)
    b = add_images(db, 3, shoot="Workshop", year=2023)
    tagging.apply(db, a[:2], tagging.TagEdit(add_keywords=["Places|Liverpool"], rating=4,
                                             caption="Mothers reading together"))
    tagging.apply(db, [a[2]], tagging.TagEdit(add_keywords=["Places"], rating=2,
                                              alt_text="Empty reading room", pick="reject"))
    tagging.apply(db, b[:1], tagging.TagEdit(add_keywords=["Theme|I See You"], pick="pick",
                                             event="Baby Week 2023", create_event=True))
    mum = people.add_person(db, "Search Mum")
    records.add_consent(db, library, person_id=mum, uses=1 | 4, signed_on=D("2024-01-01"),
                         expires_on=D("2025-06-30"))
    people.link(db, a[:2], mum)
    people.set_identifiable(db, [a[2], b[2]], False)
    records.add_consent(db, library, shoot="Workshop", uses=1, signed_on=D("2023-05-01"))
    return a, b


def ids(db, **kw) -> list[int]:
    return find_image_ids(db, ImageFilter(today=D("2025-01-15"), **kw))


def test_each_filter_and_their_combination(db, catalogue):
    a, b = catalogue
    assert ids(db, year=2023) == b
    assert ids(db, shoot="Launch day") == a
    assert ids(db, event="Baby Week 2023") == b[:1]
    assert ids(db, keywords=["places"]) == a            # Places matches Places|Liverpool
    assert ids(db, keywords=["Places|Liverpool"]) == a[:2]
    assert ids(db, keywords=["Places", "Theme"]) == []
    assert ids(db, rating=3) == a[:2]
    assert ids(db, pick="reject") == [a[2]] and ids(db, pick="pick") == [b[0]]
    assert ids(db, has_caption=True) == a[:2]
    assert ids(db, has_alt_text=False) == b + a[:2]   # capture order: 2023 first
    assert ids(db, text="mothers read") == a[:2]
    assert ids(db, text="reading") == a                 # caption and alt text
    assert ids(db, text="I See") == b[:1]               # keywords
    assert ids(db, text='"; DROP TABLE images') == []  # quoted safely
    assert ids(db, person=people.list_people(db)[0]["id"]) == a[:2]
    assert ids(db, consent=["granted"]) == b[:2] + a[:2]
    assert ids(db, consent=["not-needed"]) == [b[2], a[2]]
    assert ids(db, cleared_for="online") == [b[2], *a]    # today = 2025-01-15
    assert ids(db, cleared_for="online", start=D("2025-01-01"), end=D("2025-07-01")) == [b[2], a[2]]
    assert ids(db, cleared_for="exhibition", year=2023) == b
    assert ids(db, cleared_for="exhibition", keywords=["places"], rating=3,
               text="mothers") == a[:2]


def test_expiring_within_days(db, catalogue):
    a, _ = catalogue
    assert ids(db, expiring_within=30) == []
    assert ids(db, expiring_within=200) == a[:2]   # expires 2025-06-30


def test_narrowed_and_whole_catalogue_evaluation_agree(db, catalogue, monkeypatch):
    filters = [dict(consent=["granted", "not-needed"], year=2024),
               dict(cleared_for="online", start=D("2024-02-01"), end=D("2024-03-01"),
                    has_alt_text=False),
               dict(expiring_within=365, rating=1)]
    for kw in filters:
        monkeypatch.setattr(search, "NARROW", 0)
        whole = ids(db, **kw)
        monkeypatch.setattr(search, "NARROW", 10**9)
        assert ids(db, **kw) == whole, kw


def test_bad_filters_say_what_is_wrong(db, catalogue):
    with pytest.raises(InvalidInput, match="not a consent status"):
        ids(db, consent=["approved"])
    with pytest.raises(InvalidInput, match="'web' is not a use"):
        ids(db, cleared_for="web")
    with pytest.raises(InvalidInput, match="name the use"):
        ids(db, start=D("2025-01-01"))
    with pytest.raises(InvalidInput, match="before it starts"):
        ids(db, cleared_for="print", start=D("2025-02-01"), end=D("2025-01-01"))


def test_window_defaults():
    today = D("2025-01-15")
    assert search.window(None, None, today) == (today, today)
    assert search.window(D("2025-03-01"), None, today) == (D("2025-03-01"), D("2025-03-01"))
    assert search.window(None, D("2025-03-01"), today) == (D("2025-03-01"), D("2025-03-01"))
    assert search.window(today, today + timedelta(days=9), today)[1] == D("2025-01-24")
