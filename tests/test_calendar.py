"""The consent calendar: scenario tests with exact dates (see tests/calendar_support.py)."""

from __future__ import annotations

from datetime import date

from curator.calendar.entries import (
    LATER,
    PAST,
    THIS_MONTH,
    THIS_WEEK,
    calendar_entries,
    coming_of_age,
    due_soon,
    urgency,
)
from curator.connection import utc_now
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions
from curator.export import partners
from tests.calendar_support import TODAY, YEAR, touring_library
from tests.exhibition_support import add_image


def by_kind(entries, kind):
    return [e for e in entries if e.kind == kind]


def test_the_whole_year_of_a_touring_exhibition(db, library):
    t = touring_library(db, library)
    entries = calendar_entries(db, library, *YEAR, today=TODAY)
    assert [(e.day.isoformat(), e.kind, e.uid) for e in entries] == [
        ("2025-03-01", "venue-opens-with-blockers",
         f"venue-opens-with-blockers.venue-{t.open_eye}@curator"),
        ("2025-05-20", "venue-opens-with-blockers",
         f"venue-opens-with-blockers.venue-{t.street_level}@curator"),
        ("2025-06-01", "consent-ends-on-wall",
         f"consent-ends-on-wall.consent-{t.ben_consent}.venue-{t.street_level}@curator"),
        ("2025-06-01", "consent-ends-during-licence",
         f"consent-ends-during-licence.consent-{t.ben_consent}.licence-{t.licence}@curator"),
        ("2025-09-15", "minor-turns-18", f"minor-turns-18.person-{t.aisha}@curator"),
        ("2025-12-31", "licence-ends", f"licence-ends.licence-{t.licence}@curator"),
    ]


def test_a_consent_gets_its_own_entry_only_for_photos_no_other_entry_names(db, library):
    t = touring_library(db, library)
    elsewhere = add_image(db, library)
    people.link(db, [elsewhere], t.ben)
    (own,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "consent-ends")
    assert own.uid == f"consent-ends.consent-{t.ben_consent}@curator"
    assert (own.day, own.image_ids) == (date(2025, 6, 1), (t.b, elsewhere))
    assert own.title == f"Ben's consent (form #{t.ben_consent}) ends"


def test_a_consent_ending_mid_tour_takes_the_photo_off_that_wall_only(db, library):
    t = touring_library(db, library)
    (wall,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "consent-ends-on-wall")
    # Ben's consent ends 2025-06-01: Open Eye (to 05-15) is over, Street Level runs to 09-30.
    assert wall.day == date(2025, 6, 1)
    assert wall.image_ids == (t.b,)
    assert (wall.exhibition_ids, wall.venue_ids) == ((t.exhibition,), (t.street_level,))
    assert (wall.consent_ids, wall.person_ids) == ((t.ben_consent,), (t.ben,))
    assert "Street Level" in wall.title and "I See You" in wall.title
    assert "the last day these may hang is 2025-05-31" in wall.todo
    assert "Ben" in wall.title and "Ben" not in wall.title_without_names
    assert wall.carries_names


def test_a_renewal_signed_before_the_tour_clears_the_wall_and_the_blockers(db, library):
    t = touring_library(db, library)
    records.add_consent(db, library, uses=uses_mask(["exhibition", "online", "partners"]),
                        person_id=t.ben, signed_on=date(2024, 12, 1))
    entries = calendar_entries(db, library, *YEAR, today=TODAY)
    kinds = {e.kind for e in entries}
    assert "consent-ends-on-wall" not in kinds
    assert "consent-ends-during-licence" not in kinds
    assert "venue-opens-with-blockers" not in kinds
    assert "consent-ends" in kinds  # the old form still ends: a fact, not a decision


def test_a_group_release_ending_mid_tour(db, library):
    t = touring_library(db, library)
    shoot = db["shoots"].insert({"title": "Launch day", "folder": "launch",
                                 "created_at": utc_now()}).last_pk
    d = add_image(db, library)
    db["images"].update(d, {"shoot_id": shoot, "identifiable": 1})
    release = records.add_consent(db, library, uses=uses_mask(["exhibition"]), shoot="Launch day",
                                  signed_on=date(2024, 11, 20), expires_on=date(2025, 4, 1),
                                  days=[date(2024, 11, 20)])
    exhibitions.add_items(db, t.exhibition, [d])
    walls = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "consent-ends-on-wall")
    (group,) = [e for e in walls if e.consent_ids == (release,)]
    assert (group.day, group.image_ids, group.venue_ids) == (date(2025, 4, 1), (d,),
                                                             (t.open_eye,))
    assert "group release for 'Launch day'" in group.title
    assert not group.carries_names and group.person_ids == ()


def test_the_partner_holding_the_photo_must_be_told(db, library):
    t = touring_library(db, library)
    (tell,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY),
                      "consent-ends-during-licence")
    assert tell.day == date(2025, 6, 1)
    assert tell.image_ids == (t.b,)  # C shows nobody: nothing to tell about it
    assert (tell.partner_ids, tell.licence_ids) == ((t.echo,), (t.licence,))
    assert tell.title.startswith("Tell Liverpool Echo")


def test_a_licence_ending_and_a_new_version_keeps_its_uid(db, library):
    t = touring_library(db, library)
    (ends,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "licence-ends")
    assert ends.day == date(2025, 12, 31)
    assert ends.image_ids == (t.b, t.c) and ends.partner_ids == (t.echo,)
    new = partners.edit_licence(db, t.licence, expires_on=date(2025, 11, 30))
    assert new != t.licence  # the pack used it: the edit is a new version
    (moved,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "licence-ends")
    assert moved.day == date(2025, 11, 30) and moved.licence_ids == (new,)
    assert moved.uid == ends.uid


def test_a_minor_turning_18_during_the_tour(db, library):
    t = touring_library(db, library)
    (adult,) = by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "minor-turns-18")
    assert adult.day == date(2025, 9, 15)
    assert adult.image_ids == (t.a,)
    assert (adult.exhibition_ids, adult.venue_ids) == ((t.exhibition,), (t.street_level,))
    assert adult.title == "Aisha turns 18: their own consent is now needed"
    assert adult.title_without_names == f"Person #{t.aisha} turns 18: their own consent is now needed"
    assert "Street Level (2025-05-20 to 2025-09-30)" in adult.todo
    people.update_person(db, t.aisha, is_minor=False, guardian=None)
    assert not by_kind(calendar_entries(db, library, *YEAR, today=TODAY), "minor-turns-18")


def test_coming_of_age_on_29_february():
    assert coming_of_age(date(2008, 2, 29)) == date(2026, 3, 1)
    assert coming_of_age(date(2008, 2, 28)) == date(2026, 2, 28)
    assert coming_of_age(date(2006, 2, 29 - 1)) == date(2024, 2, 28)


def test_a_venue_opening_with_blockers_quotes_validation(db, library):
    t = touring_library(db, library)
    opening = by_kind(calendar_entries(db, library, *YEAR, today=TODAY),
                      "venue-opens-with-blockers")
    assert [(e.day, e.venue_ids, e.image_ids) for e in opening] == [
        (date(2025, 3, 1), (t.open_eye,), (t.b,)),
        (date(2025, 5, 20), (t.street_level,), (t.b,))]
    assert "Not cleared for exhibition use" in opening[0].todo
    assert "Ben" in opening[0].todo and "Ben" not in opening[0].todo_without_names
    assert "position 2: not-cleared" in opening[0].todo_without_names


def test_the_window_bounds_the_entries_and_uids_do_not_follow_wording(db, library):
    t = touring_library(db, library)
    spring = calendar_entries(db, library, date(2025, 5, 1), date(2025, 6, 30), today=TODAY)
    assert {e.day for e in spring} == {date(2025, 5, 20), date(2025, 6, 1)}
    exhibitions.edit(db, t.exhibition, title="I See You, again")
    renamed = calendar_entries(db, library, date(2025, 5, 1), date(2025, 6, 30), today=TODAY)
    assert [e.uid for e in renamed] == [e.uid for e in spring]
    assert [e.title for e in renamed] != [e.title for e in spring]


def test_urgency_in_words_and_the_30_day_badge(db, library):
    touring_library(db, library)
    today = date(2025, 5, 10)
    assert [urgency(d, today) for d in (date(2025, 5, 9), today, date(2025, 5, 17),
                                        date(2025, 5, 18), date(2025, 6, 9),
                                        date(2025, 6, 10))] == \
        [PAST, THIS_WEEK, THIS_WEEK, THIS_MONTH, THIS_MONTH, LATER]
    entries = calendar_entries(db, library, *YEAR, today=today)
    assert {e.day for e in due_soon(entries, today)} == {date(2025, 5, 20), date(2025, 6, 1)}
