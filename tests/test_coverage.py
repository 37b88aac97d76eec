"""Coverage of a set by place, event, year, photographer and shoot (curator/coverage/).

A property test generates small catalogues (rows inserted directly: events with and
without a place, shoots with and without a photographer, images with ``Places|…`` and other
keywords, some cleared and some not) and compares every count, share, judgement and
suggestion with a plain Python reference; scenario tests pin the wording, the pack scope
and the CLI.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, timedelta

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from curator.catalogue import migrate
from curator.connection import connect, transaction
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.coverage import report as cov
from curator.coverage import scope as scopes
from curator.coverage.facts import DIMENSIONS, place_of_keyword, places_of
from curator.errors import InvalidInput, NotFound
from curator.exhibitions import sets as exhibitions
from curator.export import partners as pt
from curator.export.log import ExportedFile, record_export
from curator.tagging.edits import TagEdit, apply
from tests.exhibition_support import cli_json, run_cli
from tests.rows import add_images

NOW = "2024-01-01T00:00:00+00:00"
DAY = date(2025, 3, 1)
KEYWORDS = ("Places|Liverpool", "Places|Sefton|Bootle", "places|sefton", "Places",
            "Places|Knowsley|Huyton", "Baby Week", "theme|I See You", "Liverpool")
EVENT_PLACES = (None, "Liverpool", "Sefton", "  Wirral ", "")
PHOTOGRAPHERS = (None, "Sam Okafor", "sam okafor", "Priya Natarajan", " ")


# --- a generated world and its plain reference ---------------------------------------------

@dataclass
class Img:
    shoot: int | None
    event: int | None
    year: int
    keywords: frozenset[str]
    cleared: str          # "not-needed" | "unknown" | "granted" | "online-only"


@dataclass
class World:
    event_places: list[str | None]
    photographers: list[str | None]
    shoot_events: list[int | None]
    images: list[Img]
    chosen: list[int]     # indexes into images: the set (duplicates allowed)


@st.composite
def worlds(draw) -> World:
    n_events = draw(st.integers(0, 3))
    n_shoots = draw(st.integers(0, 3))
    event_places = [draw(st.sampled_from(EVENT_PLACES)) for _ in range(n_events)]
    photographers = [draw(st.sampled_from(PHOTOGRAPHERS)) for _ in range(n_shoots)]
    events = st.none() | st.integers(0, n_events - 1) if n_events else st.none()
    shoots = st.none() | st.integers(0, n_shoots - 1) if n_shoots else st.none()
    shoot_events = [draw(events) for _ in range(n_shoots)]
    images = draw(st.lists(st.builds(
        Img, shoot=shoots, event=events, year=st.sampled_from((2023, 2024, 2025)),
        keywords=st.frozensets(st.sampled_from(KEYWORDS), max_size=3),
        cleared=st.sampled_from(("not-needed", "unknown", "granted", "online-only"))),
        min_size=1, max_size=14))
    chosen = draw(st.lists(st.integers(0, len(images) - 1), min_size=1, max_size=8))
    return World(event_places, photographers, shoot_events, images, chosen)


def ref_keys(w: World, img: Img, by: str) -> set:
    """The buckets of one image, written as plainly as the rule in docs/coverage.md."""
    if by == "year":
        return {str(img.year)}
    if by == "event":
        return {None if img.event is None else f"e{img.event}"}
    if by == "shoot":
        return {None if img.shoot is None else f"s{img.shoot}"}
    if by == "photographer":
        name = w.photographers[img.shoot] if img.shoot is not None else None
        name = " ".join((name or "").split()).lower()
        return {name or None}
    places = set()
    for k in img.keywords:
        parts = k.split("|")
        if len(parts) > 1 and parts[0].lower() == "places":
            places.add(parts[1].lower())
    if not places and img.event is not None:
        place = " ".join((w.event_places[img.event] or "").split()).lower()
        if place:
            places.add(place)
    return places or {None}


def ref_report(w: World, by: str) -> dict:
    """key → (in set, in archive, expected, judgement, available image indexes)."""
    cleared = {n for n, img in enumerate(w.images) if img.cleared in ("not-needed", "granted")}
    in_set = set(w.chosen)
    set_n, arch_n = len(in_set), len(cleared)
    counts: dict = {}
    for n, img in enumerate(w.images):
        for key in ref_keys(w, img, by):
            s, c, avail = counts.setdefault(key, [0, 0, []])
            if n in in_set or n in cleared:
                counts[key] = [s + (n in in_set), c + (n in cleared),
                               avail + ([n] if n in cleared and n not in in_set else [])]
    out = {}
    for key, (s, c, avail) in counts.items():
        if s == 0 and c == 0:
            continue
        expected = set_n * c / arch_n if arch_n else 0.0
        margin = max(1.0, expected / 4)
        judgement = "under" if s <= expected - margin else \
            "over" if s >= expected + margin else "in line"
        out[key] = (s, c, round(expected, 6), judgement, sorted(avail))
    return out


@pytest.fixture(scope="module")
def mem_db():
    db = connect(":memory:")
    migrate(db)
    yield db
    db.close()


def load(db, w: World) -> tuple[list[int], dict, dict]:
    """Write the world; returns image ids and the event/shoot keys as the core names them."""
    db.execute("BEGIN")
    for table in ("consent_windows", "consent_periods", "consent_dirty", "image_people",
                  "image_keywords", "keywords", "consent_days", "consents", "people",
                  "images", "shoots", "events"):
        db.execute(f"DELETE FROM {table}")
    for n, place in enumerate(w.event_places, 1):
        db.execute("INSERT INTO events (id, name, place, created_at) VALUES (?, ?, ?, ?)",
                   [n, f"Event {n}", place, NOW])
    for n, (who, event) in enumerate(zip(w.photographers, w.shoot_events, strict=True), 1):
        db.execute("INSERT INTO shoots (id, title, folder, photographer, event_id, created_at)"
                   " VALUES (?, ?, ?, ?, ?, ?)",
                   [n, f"Shoot {n}", f"s{n}", who, None if event is None else event + 1, NOW])
    # person 1 consented to exhibition use long ago; person 2 to online use only
    for pid, uses in ((1, "exhibition"), (2, "online")):
        db.execute("INSERT INTO people (id, label, created_at) VALUES (?, ?, ?)",
                   [pid, f"Person {pid}", NOW])
        db.execute("INSERT INTO consents (person_id, uses, signed_on, created_at) "
                   "VALUES (?, ?, '2020-01-01', ?)", [pid, uses_mask([uses]), NOW])
    keyword_ids = {}
    for n, img in enumerate(w.images, 1):
        db.execute(
            "INSERT INTO images (id, sha256, file_name, format, file_size, width, height, year, "
            "year_source, original_path, imported_at, shoot_id, event_id, identifiable) "
            "VALUES (?, ?, ?, 'JPEG', 1, 1, 1, ?, 'manual', 'x', ?, ?, ?, ?)",
            [n, f"{n:064x}", f"IMG_{n}.JPG", img.year, NOW,
             None if img.shoot is None else img.shoot + 1,
             None if img.event is None else img.event + 1,
             {"not-needed": 0, "unknown": None}.get(img.cleared, 1)])
        if img.cleared in ("granted", "online-only"):
            db.execute("INSERT INTO image_people (image_id, person_id) VALUES (?, ?)",
                       [n, 1 if img.cleared == "granted" else 2])
        for k in img.keywords:
            if k not in keyword_ids:
                keyword_ids[k] = db.execute("INSERT INTO keywords (name) VALUES (?)",
                                            [k]).lastrowid
            db.execute("INSERT INTO image_keywords (image_id, keyword_id) VALUES (?, ?)",
                       [n, keyword_ids[k]])
    db.execute("COMMIT")
    return list(range(1, len(w.images) + 1))


def core_key(by: str, key: str | None) -> str | None:
    """The core's event/shoot keys are row ids; the reference's are e<index>/s<index>."""
    if key is None or by not in ("event", "shoot"):
        return key
    return f"{by[0]}{int(key) - 1}"


@settings(max_examples=120, deadline=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(w=worlds())
def test_counts_match_the_reference(mem_db, w):
    ids = load(mem_db, w)
    scope = scopes.images_scope(mem_db, [ids[n] for n in w.chosen], "exhibition", DAY, DAY)
    archive = scopes.cleared_archive(mem_db, scope)
    for by in DIMENSIONS:
        report = cov.coverage(mem_db, scope, by, archive=archive)
        got = {core_key(by, b.key): (b.in_set, b.in_archive, round(b.expected, 6),
                                     b.judgement, [i - 1 for i in b.available_ids])
               for b in report.buckets}
        assert got == ref_report(w, by), by
        assert report.set_total == len(set(w.chosen))
        for b in report.buckets:
            # suggestions: only cleared images, never one already in the set
            assert set(b.available_ids) <= archive
            assert not set(b.available_ids) & set(scope.image_ids)
        # the "not recorded" bucket comes last, whatever its size
        keys = [b.key for b in report.buckets]
        assert None not in keys[:-1]


# --- scenarios ------------------------------------------------------------------------------

def test_facts_of_a_place():
    assert place_of_keyword("Places|Sefton|Bootle") == "Sefton"
    assert place_of_keyword("places | Knowsley ") == "Knowsley"
    assert place_of_keyword("Places") is None and place_of_keyword("Liverpool") is None
    assert places_of(["Places|Sefton", "Places|Liverpool|Toxteth"], "Wirral") == \
        ["Liverpool", "Sefton"]
    assert places_of(["Baby Week"], " Wirral  Council ") == ["Wirral Council"]
    assert places_of([], None) == []


@pytest.fixture
def sefton(db, library):
    """An exhibition of 4 Liverpool photos; the archive also has Sefton and unplaced ones."""
    liverpool = add_images(db, 6, shoot="Launch")
    sefton = add_images(db, 4, shoot="Bootle drop-in")
    nowhere = add_images(db, 2, shoot=None)
    unclear = add_images(db, 1, shoot="Bootle drop-in")
    apply(db, liverpool, TagEdit(add_keywords=["Places|Liverpool|Central Library"]))
    apply(db, sefton + unclear, TagEdit(add_keywords=["Places|Sefton|Bootle"]))
    people.set_identifiable(db, liverpool + sefton + nowhere, False)  # cleared: nobody shown
    exh = exhibitions.create(db, "Launch 2025")
    exhibitions.add_items(db, exh, liverpool[:4])
    exhibitions.add_venue(db, exh, "Open Eye", "2025-05-01", "2025-06-30")
    return {"exh": exh, "liverpool": liverpool, "sefton": sefton, "nowhere": nowhere,
            "unclear": unclear}


def test_an_exhibition_missing_a_place(db, sefton):
    scope = scopes.exhibition_scope(db, sefton["exh"])
    assert (scope.uses, scope.start, scope.end) == (("exhibition",), date(2025, 5, 1),
                                                    date(2025, 6, 30))
    report = cov.coverage(db, scope, "place")
    by_label = {b.label: b for b in report.buckets}
    assert [b.label for b in report.buckets] == ["Liverpool", "Sefton", "no place recorded"]
    s = by_label["Sefton"]
    assert (s.in_set, s.in_archive, s.judgement) == (0, 4, "under")
    assert s.available_ids == sefton["sefton"]            # the uncleared one is not offered
    assert s.summary(report.set_total) == \
        "Sefton: 0 of 4 photos (1.3 expected); 4 more cleared photos exist"
    assert by_label["Liverpool"].judgement == "over"
    assert by_label["Liverpool"].available_ids == sefton["liverpool"][4:]
    missing = by_label["no place recorded"]
    assert missing.key is None and missing.available_ids == sefton["nowhere"]
    assert missing.judgement == "in line"        # 0 of 4 where 0.7 is expected
    assert [b.label for b in cov.gaps(report)] == ["Sefton"]
    # with fewer Liverpool photos in the archive, no place would be under, never a gap
    unplaced = cov.coverage(db, scopes.images_scope(db, sefton["liverpool"][:4]), "place",
                            archive=set(sefton["nowhere"] + sefton["sefton"]))
    assert {b.label: b.judgement for b in unplaced.buckets}["no place recorded"] == "under"
    assert [b.label for b in cov.gaps(unplaced)] == ["Sefton"]


def test_the_event_place_counts_when_no_keyword_says(db, library):
    ids = add_images(db, 2, shoot=None)
    apply(db, ids, TagEdit(event="Baby Week 2025 — Knowsley", create_event=True))
    db.execute("UPDATE events SET place = 'Knowsley'")
    apply(db, ids[:1], TagEdit(add_keywords=["Places|Sefton"]))
    report = cov.coverage(db, scopes.images_scope(db, ids), "place", archive=set())
    assert {b.label: b.in_set for b in report.buckets} == {"Sefton": 1, "Knowsley": 1}


def test_no_venues_means_today_and_says_so(db, sefton):
    exh = exhibitions.create(db, "Not toured")
    scope = scopes.exhibition_scope(db, exh, today=DAY)
    assert (scope.start, scope.end, scope.image_ids) == (DAY, DAY, ())
    assert "no venues" in scope.notes[0]
    report = cov.coverage(db, scope, "year")
    assert report.set_total == 0 and all(b.judgement == "in line" for b in report.buckets)


def test_a_pack_is_counted_against_its_licence(db, library, sefton):
    partner = pt.add_partner(db, "Sefton Council")
    licence = pt.add_licence(db, partner, uses="online", valid_from="2025-01-01",
                             expires_on="2025-12-31")
    sent = sefton["liverpool"][:2] + sefton["sefton"][:1]
    with transaction(db):
        record_export(db, kind="pack", public_id="PK-2025-0001", partner_id=partner,
                      licence_id=licence, files=[ExportedFile(i) for i in sent + [99999]])
        layout = record_export(db, kind="layout", public_id="LY-1", files=[])
    scope = scopes.pack_scope(db, "PK-2025-0001")
    assert scope == scopes.pack_scope(db, 1)
    assert scope.uses == ("online", "partners")
    assert (scope.start, scope.end) == (date(2025, 1, 1), date(2025, 12, 31))
    assert scope.image_ids == tuple(sent) and "no longer in the library" in scope.notes[0]
    with pytest.raises(InvalidInput, match="not a licensed pack"):
        scopes.pack_scope(db, layout)
    with pytest.raises(NotFound, match="no pack PK-9"):
        scopes.pack_scope(db, "PK-9")


def test_cleared_for_every_use_of_the_licence(db, library):
    ids = add_images(db, 3, shoot=None)
    person = people.add_person(db, "Ama")
    people.link(db, ids[:2], person)
    records.add_consent(db, library, uses=uses_mask(["online"]), person_id=person,
                        signed_on=DAY - timedelta(days=400))
    people.set_identifiable(db, ids[2:], False)
    online = scopes.images_scope(db, ids, "online", DAY, DAY)
    assert scopes.cleared_archive(db, online) == set(ids)
    both = scopes.CoverageScope("pack", "x", tuple(ids), ("online", "partners"), DAY, DAY)
    assert scopes.cleared_archive(db, both) == {ids[2]}


# --- the command line -----------------------------------------------------------------------

def test_cli_json_and_table(capsys, db, library, sefton):
    data = cli_json(capsys, library, "coverage", "--exhibition", sefton["exh"])
    assert data["set"] == {"kind": "exhibition", "id": sefton["exh"], "title": "Launch 2025",
                           "images": 4, "uses": ["exhibition"],
                           "window": ["2025-05-01", "2025-06-30"], "notes": []}
    assert (data["by"], data["set_total"], data["archive_total"]) == ("place", 4, 12)
    sef = next(b for b in data["buckets"] if b["label"] == "Sefton")
    assert sef == {"key": "sefton", "label": "Sefton", "in_set": 0, "in_archive": 4,
                   "set_share": 0.0, "archive_share": 0.3333, "expected": 1.33,
                   "judgement": "under", "available": 4, "available_ids": sefton["sefton"],
                   "summary": "Sefton: 0 of 4 photos (1.3 expected); "
                              "4 more cleared photos exist"}
    assert data["buckets"][-1]["key"] is None

    by_shoot = cli_json(capsys, library, "coverage", "--images", *sefton["sefton"][:2],
                        "--by", "shoot", "--use", "print", "--from", "2025-01-01")
    assert by_shoot["set"]["uses"] == ["print"]
    assert by_shoot["set"]["window"] == ["2025-01-01", "2025-01-01"]
    assert {b["label"]: b["in_set"] for b in by_shoot["buckets"]}["Bootle drop-in"] == 2

    rc, out, err = run_cli(capsys, library, "coverage", "--exhibition", sefton["exh"])
    assert rc == 0 and err == ""
    assert out.startswith("Coverage of exhibition #1 'Launch 2025' by place: 4 photo(s), "
                          "against 12 photo(s) cleared for exhibition use "
                          "(2025-05-01 to 2025-06-30).")
    assert "Gaps that cleared photos could fill:" in out
    assert (f"  Sefton: 0 of 4 photos (1.3 expected); 4 more cleared photos exist: images "
            f"{', '.join(map(str, sefton['sefton']))}") in out


@pytest.mark.parametrize("args, message", [
    (("--exhibition", "77"), "There is no exhibition #77 in this library."),
    (("--images", "1", "424242"), "There is no image #424242 in this library."),
    (("--images", "x1"), "'x1' is not an image id"),
    (("--pack", "PK-404"), "There is no pack PK-404"),
    (("--exhibition", "1", "--use", "print"), "--use, --from and --to go with --images"),
    (("--images", "1", "--from", "1st May"), "is not a valid --from date"),
    (("--images", "1", "--by", "gender"), "invalid choice: 'gender'"),
])
def test_cli_errors_are_one_line(capsys, db, library, sefton, args, message):
    rc, out, err = run_cli(capsys, library, "coverage", *args)
    assert rc == 1 and out == ""
    assert message in err and err.count("\n") == 1
