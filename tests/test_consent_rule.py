"""Property-based tests: clearance and statuses against a straightforward reference.

Hypothesis generates people (minor or not, do-not-publish or not), their consents, group
releases on shoots, images linked to people or marked not-needed, windows and days; the
reference below is DESIGN.md's rule written as plainly as possible. ``clearance`` (one
image, in words), ``cleared_image_ids`` (set-based SQL, whole catalogue and restricted),
the status list and the status/cleared search filters must all agree with it — both
while the derived tables of ``curator.consent.cache`` are stale (rows written straight
into the tables mark the images dirty: evaluated live) and after they are rebuilt.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.catalogue import migrate
from curator.connection import connect
from curator.consent import cache as consent_cache
from curator.consent import rule as consent
from curator.search import query as search

BASE = date(2024, 1, 1)
NOW = "2024-01-01T00:00:00+00:00"


@dataclass
class Consent:
    uses: int
    signed: int
    expires: int | None
    withdrawn: int | None
    signed_by: str | None = "Signer"
    days: frozenset[int] = frozenset()  # a group release's event days (offsets from BASE)


@dataclass
class Person:
    minor: bool
    dnp: bool
    consents: list[Consent] = field(default_factory=list)


@dataclass
class Image:
    shoot: int | None
    identifiable: int | None
    people: list[int]
    day: int = 0  # the day it was taken (offset from BASE) …
    captured: bool = True  # … read from its capture date, else from its import date


@dataclass
class World:
    people: list[Person]
    releases: dict[int, list[Consent]]
    images: list[Image]


def day(n: int | None) -> date | None:
    return None if n is None else BASE + timedelta(days=n)


@st.composite
def consents(draw, minor_signing: bool = True) -> Consent:
    # Small ranges: coinciding days (expiry on the window's last day …) are common.
    signed = draw(st.integers(0, 10))
    expires = draw(st.one_of(st.none(), st.integers(signed + 1, signed + 10)))
    withdrawn = draw(st.one_of(st.none(), st.integers(signed, signed + 10)))
    signed_by = draw(st.sampled_from(["Signer", None])) if minor_signing else "Signer"
    days = frozenset(draw(st.lists(st.integers(0, 2), min_size=1, max_size=2)))
    return Consent(draw(st.integers(1, 31)), signed, expires, withdrawn, signed_by, days)


@st.composite
def worlds(draw) -> World:
    people = [Person(draw(st.booleans()), draw(st.integers(0, 5)) == 0,
                     draw(st.lists(consents(), max_size=3)))
              for _ in range(draw(st.integers(0, 4)))]
    releases = {s: draw(st.lists(consents(minor_signing=False), max_size=2)) for s in (1, 2)}
    images = []
    for _ in range(draw(st.integers(1, 6))):
        linked = draw(st.lists(st.integers(0, len(people) - 1), max_size=3, unique=True)) \
            if people else []
        images.append(Image(draw(st.sampled_from([1, 2, None])),
                            draw(st.sampled_from([None, 0, 1])), linked,
                            draw(st.integers(0, 2)), draw(st.booleans())))
    return World(people, releases, images)


# --- the reference ----------------------------------------------------------------------------

def holds(c: Consent, bit: int | None, a: int, b: int, minor: bool = False) -> bool:
    if minor and not c.signed_by:
        return False
    return ((bit is None or bool(c.uses & bit)) and c.signed <= a
            and (c.expires is None or c.expires > b)
            and (c.withdrawn is None or c.withdrawn > b))


def ref_cleared(w: World, img: Image, use: str, a: int, b: int) -> bool:
    bit = consent.USE_BITS[use]
    if img.people:
        for p in (w.people[n] for n in img.people):
            if p.dnp or not any(holds(c, bit, a, b, p.minor) for c in p.consents):
                return False
        return True
    if img.identifiable == 0:
        return True
    # A group release covers the pictures of its shoot taken on the days it names.
    covering = [c for c in w.releases.get(img.shoot, []) if img.day in c.days] \
        if img.shoot else []
    return bool(covering) and all(holds(c, bit, a, b) for c in covering)


def ref_state(cs: list[Consent], d: int, minor: bool = False) -> int:
    """1 granted, 5 withdrawn, 4 expired, 2 pending — for one consent or a person's set."""
    valid = [c for c in cs if not (minor and not c.signed_by)]
    if any(holds(c, None, d, d) for c in valid):
        return 1
    if any(c.withdrawn is not None and c.withdrawn <= d for c in valid):
        return 5
    if any(c.expires is not None and c.expires <= d for c in valid):
        return 4
    return 2


NAMES = {1: "granted", 2: "pending", 4: "expired", 5: "withdrawn", 6: "refused"}


def ref_status(w: World, img: Image, d: int) -> str:
    if img.people:
        worst = max(6 if p.dnp else ref_state(p.consents, d, p.minor)
                    for p in (w.people[n] for n in img.people))
        return NAMES[worst]
    if img.identifiable == 0:
        return "not-needed"
    releases = w.releases.get(img.shoot, []) if img.shoot else []
    covering = [c for c in releases if img.day in c.days]
    if covering:
        return NAMES[max(ref_state([c], d) for c in covering)]
    # A shoot with releases, none naming this picture's day: it waits for an extension.
    return "pending" if img.identifiable == 1 or releases else "unknown"


# --- loading a world into a catalogue -----------------------------------------------------------

@pytest.fixture(scope="module")
def mem_db():
    db = connect(":memory:")
    migrate(db)
    yield db
    db.close()


def load(db, w: World) -> list[int]:
    db.execute("BEGIN")
    for table in ("consent_windows", "consent_periods", "consent_dirty", "image_people",
                  "consent_days", "consents", "people", "images", "shoots"):
        db.execute(f"DELETE FROM {table}")
    for s in (1, 2):
        db.execute("INSERT INTO shoots (id, title, folder, created_at) VALUES (?, ?, ?, ?)",
                   [s, f"Shoot {s}", f"s{s}", NOW])

    def add(c: Consent, person_id=None, shoot_id=None) -> None:
        consent_id = db.execute(
            "INSERT INTO consents (person_id, shoot_id, uses, signed_on, signed_by, "
            "expires_on, withdrawn_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
            [person_id, shoot_id, c.uses, day(c.signed).isoformat(), c.signed_by,
             day(c.expires) and day(c.expires).isoformat(),
             day(c.withdrawn) and day(c.withdrawn).isoformat(), NOW]).lastrowid
        if shoot_id is not None:
            for d in c.days:
                db.execute("INSERT INTO consent_days (consent_id, day) VALUES (?, ?)",
                           [consent_id, day(d).isoformat()])

    for n, p in enumerate(w.people, 1):
        db.execute("INSERT INTO people (id, label, is_minor, do_not_publish, created_at) "
                   "VALUES (?, ?, ?, ?, ?)", [n, f"Person {n}", int(p.minor), int(p.dnp), NOW])
        for c in p.consents:
            add(c, person_id=n)
    for s, cs in w.releases.items():
        for c in cs:
            add(c, shoot_id=s)
    ids = []
    for n, img in enumerate(w.images, 1):
        db.execute(
            "INSERT INTO images (id, sha256, file_name, format, file_size, width, height, year, "
            "year_source, original_path, imported_at, captured_at, shoot_id, identifiable) "
            "VALUES (?, ?, ?, 'JPEG', 1, 1, 1, 2024, 'capture-time', 'x', ?, ?, ?, ?)",
            [n, f"{n:064x}", f"IMG_{n}.JPG",
             f"{day(img.day + (9 if img.captured else 0))}T23:30:00+00:00",
             f"{day(img.day)}T00:15:00+02:00" if img.captured else None,
             img.shoot, img.identifiable])
        for p in img.people:
            db.execute("INSERT INTO image_people (image_id, person_id) VALUES (?, ?)",
                       [n, p + 1])
        ids.append(n)
    db.execute("COMMIT")
    return ids


windows = st.tuples(st.integers(0, 22), st.integers(0, 10)).map(lambda t: (t[0], t[0] + t[1]))
SETTINGS = settings(max_examples=300, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture])


@SETTINGS
@given(w=worlds(), use=st.sampled_from(consent.USES), window=windows)
def test_clearance_matches_the_reference(mem_db, w, use, window):
    ids = load(mem_db, w)
    a, b = window
    expected = {i for i, img in zip(ids, w.images, strict=True)
                if ref_cleared(w, img, use, a, b)}
    for i in ids:
        got = consent.clearance(mem_db, i, use, day(a), day(b))
        assert got.cleared == (i in expected), (i, got)
        assert bool(got.reasons) != got.cleared
    for _ in ("dirty: live", "refreshed: derived tables"):
        assert consent.cleared_image_ids(mem_db, None, use, day(a), day(b)) == expected
        subset = ids[::2]
        assert consent.cleared_image_ids(mem_db, subset, use, day(a), day(b)) == \
            expected & set(subset)
        consent_cache.refresh(mem_db)
        assert mem_db.execute("SELECT COUNT(*) FROM consent_dirty").fetchone()[0] == 0


@SETTINGS
@given(w=worlds(), d=st.integers(0, 24), use=st.sampled_from(consent.USES),
       window=windows)
def test_statuses_and_search_filters_match_the_reference(mem_db, w, d, use, window):
    ids = load(mem_db, w)
    expected = {i: ref_status(w, img, d) for i, img in zip(ids, w.images, strict=True)}
    assert consent.statuses(mem_db, ids, day(d)) == expected
    a, b = window
    cleared = {i for i, img in zip(ids, w.images, strict=True)
               if ref_cleared(w, img, use, a, b)}
    for refreshed in (False, True):
        if refreshed:
            consent_cache.refresh(mem_db)
        for narrowed in (None, False):  # whole-catalogue SQL, and driven by candidates
            for status in consent.STATUSES:
                flt = search.ImageFilter(consent=[status], today=day(d), has_caption=narrowed)
                assert set(search.find_image_ids(mem_db, flt)) == \
                    {i for i, s in expected.items() if s == status}, (status, narrowed)
            flt = search.ImageFilter(cleared_for=use, start=day(a), end=day(b), today=day(d),
                                     has_caption=narrowed)
            assert set(search.find_image_ids(mem_db, flt)) == cleared, (narrowed, refreshed)


@given(cs=st.lists(consents(), max_size=4), d=st.integers(0, 24), minor=st.booleans(),
       dnp=st.booleans())
@settings(max_examples=300, deadline=None)
def test_the_named_states_give_the_reference_severity(cs, d, minor, dnp):
    """The Python of the vocabulary (what consent.cache derives rows with) = the reference."""
    iso = day(d).isoformat()
    states = [consent.consent_state(day(c.signed).isoformat(), _iso(c.expires),
                                    _iso(c.withdrawn), iso)
              for c in cs if not (minor and not c.signed_by)]
    expected = 6 if dnp else ref_state(cs, d, minor)
    assert consent.person_state(dnp, states) == expected
    assert consent.SEVERITY[expected] == NAMES[expected]


def _iso(n: int | None) -> str | None:
    return None if n is None else day(n).isoformat()
