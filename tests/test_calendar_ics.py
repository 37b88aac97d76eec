"""``curator calendar``: the listing, and the .ics read back by two independent readers."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime, timedelta

import pytest
import vobject
from icalendar import Calendar

from curator.calendar.entries import calendar_entries
from curator.calendar.ics import write_ics
from curator.consent import records
from curator.consent.rule import uses_mask
from curator.errors import InvalidInput
from curator.exhibitions import sets as exhibitions
from tests.calendar_support import TODAY, YEAR, touring_library
from tests.exhibition_support import run_cli

# Untrusted text: iCalendar's separators, a line break, a fake property, non-Latin scripts.
HOSTILE = "Mothers, babies; \\ \"quotes\"\nDTSTART:19700101 — أمهات 母亲 Мамы"


def events_by_uid(data: bytes) -> dict:
    return {str(e["uid"]): e for e in Calendar.from_ical(data).walk("VEVENT")}


def test_the_ics_reads_back_with_icalendar_and_vobject(db, library, tmp_path):
    t = touring_library(db, library, caption=HOSTILE)
    entries = calendar_entries(db, library, *YEAR, today=TODAY)
    path = tmp_path / "curator.ics"
    counts = write_ics(entries, path, *YEAR, now=datetime(2025, 1, 1, 9, 0, tzinfo=UTC))
    assert counts == {"events": 6, "new": 6, "changed": 0, "unchanged": 0, "cancelled": 0}
    data = path.read_bytes()

    # RFC 5545 §3.1: CRLF line ends, lines folded at 75 octets (not characters).
    assert data.endswith(b"\r\n") and b"\n" not in data.replace(b"\r\n", b"")
    assert max(len(line) for line in data.split(b"\r\n")) <= 75

    # Reader 1: icalendar.
    events = events_by_uid(data)
    assert set(events) == {e.uid for e in entries}
    wall = events[f"consent-ends-on-wall.consent-{t.ben_consent}.venue-{t.street_level}@curator"]
    assert wall.decoded("dtstart") == date(2025, 6, 1)  # a DATE: all day
    assert wall.decoded("dtend") == date(2025, 6, 2)
    assert f"('{HOSTILE}')" in str(wall["summary"])  # the title came back whole
    assert [a.decoded("trigger") for a in wall.walk("VALARM")] == [timedelta(days=-30),
                                                                  timedelta(days=-7)]
    assert int(wall["sequence"]) == 0 and "dtstamp" in wall

    # Reader 2: vobject, a separate parser.
    cal = vobject.readOne(data.decode("utf-8"))
    second = {str(v.uid.value): v for v in cal.vevent_list}
    assert set(second) == set(events)
    v = second[wall["uid"]]
    assert v.summary.value == str(wall["summary"])
    assert v.dtstart.value == date(2025, 6, 1)
    assert [a.trigger.value for a in v.valarm_list] == [timedelta(days=-30), timedelta(days=-7)]
    # The line break stayed inside the text: no forged DTSTART property.
    assert len(v.contents["dtstart"]) == 1


def test_names_stay_out_of_the_file_unless_asked(db, library, tmp_path):
    touring_library(db, library)
    entries = calendar_entries(db, library, *YEAR, today=TODAY)
    plain, named = tmp_path / "plain.ics", tmp_path / "named.ics"
    write_ics(entries, plain, *YEAR)
    write_ics(entries, named, *YEAR, names=True)
    text = Calendar.from_ical(plain.read_bytes()).to_ical().decode()
    assert "Aisha" not in text and "Ben" not in text and "Mariam" not in text
    assert "Person #1 turns 18" in text
    assert "Aisha turns 18" in Calendar.from_ical(named.read_bytes()).to_ical().decode()


def test_exporting_again_updates_the_same_events(db, library, tmp_path):
    t = touring_library(db, library)
    path = tmp_path / "curator.ics"
    first_at = datetime(2025, 1, 1, 9, 0, tzinfo=UTC)
    write_ics(calendar_entries(db, library, *YEAR, today=TODAY), path, *YEAR, now=first_at)
    first = events_by_uid(path.read_bytes())

    # Unchanged: same UIDs, same SEQUENCE and LAST-MODIFIED; only DTSTAMP moves.
    later = datetime(2025, 1, 2, 9, 0, tzinfo=UTC)
    counts = write_ics(calendar_entries(db, library, *YEAR, today=TODAY), path, *YEAR,
                       now=later)
    assert counts["unchanged"] == 6 and counts["new"] == 0
    second = events_by_uid(path.read_bytes())
    assert set(second) == set(first)
    for event in second.values():
        assert int(event["sequence"]) == 0
        assert event.decoded("last-modified") == first_at
        assert event.decoded("dtstamp") == later

    # The venue's name changes; Ben renews before the tour: updated, and taken off.
    venue = exhibitions.venues(db, t.exhibition)[1]
    exhibitions.edit_venue(db, t.exhibition, venue["id"], name="Street Level Photoworks")
    third_at = datetime(2025, 1, 3, 9, 0, tzinfo=UTC)
    counts = write_ics(calendar_entries(db, library, *YEAR, today=TODAY), path, *YEAR,
                       now=third_at)
    third = events_by_uid(path.read_bytes())
    opening = third[f"venue-opens-with-blockers.venue-{t.street_level}@curator"]
    assert int(opening["sequence"]) == 1 and opening.decoded("last-modified") == third_at
    assert "Street Level Photoworks" in str(opening["summary"])
    assert counts["changed"] >= 1

    records.add_consent(db, library, uses=uses_mask(["exhibition", "online", "partners"]),
                        person_id=t.ben,
                        signed_on=date(2024, 12, 1))
    counts = write_ics(calendar_entries(db, library, *YEAR, today=TODAY), path, *YEAR,
                       now=third_at + timedelta(days=1))
    wall_uid = f"consent-ends-on-wall.consent-{t.ben_consent}.venue-{t.street_level}@curator"
    assert int(third[wall_uid]["sequence"]) == 1  # it names the venue: it changed too
    fourth = events_by_uid(path.read_bytes())
    gone = fourth[wall_uid]
    assert str(gone["status"]) == "CANCELLED" and int(gone["sequence"]) == 2
    assert counts["cancelled"] == 4  # the wall, the partner and both openings
    # Cancelled, not dropped: every uid of the first file is still there, plus the old
    # form's own entry, now that no wall or partner entry names its photo.
    assert set(fourth) == set(first) | {f"consent-ends.consent-{t.ben_consent}@curator"}


def test_a_file_that_is_not_ours_is_never_overwritten(db, library, tmp_path):
    touring_library(db, library)
    entries = calendar_entries(db, library, *YEAR, today=TODAY)
    notes = tmp_path / "notes.txt"
    notes.write_text("my notes")
    with pytest.raises(InvalidInput, match="is not an iCalendar file"):
        write_ics(entries, notes, *YEAR)
    assert notes.read_text() == "my notes"
    other = tmp_path / "holidays.ics"
    other.write_bytes(b"BEGIN:VCALENDAR\r\nVERSION:2.0\r\nPRODID:-//Other//EN\r\n"
                      b"END:VCALENDAR\r\n")
    with pytest.raises(InvalidInput, match="Curator did not write"):
        write_ics(entries, other, *YEAR)


def test_cli_listing_json_and_errors(db, library, capsys, tmp_path):
    t = touring_library(db, library)
    rc, out, _ = run_cli(capsys, library, "calendar", "--from", "2025-01-01", "--to",
                         "2025-12-31", "--json")
    assert rc == 0
    data = json.loads(out)
    assert (data["from"], data["to"]) == ("2025-01-01", "2025-12-31")
    kinds = [e["kind"] for e in data["entries"]]
    assert kinds.count("venue-opens-with-blockers") == 2 and "minor-turns-18" in kinds
    wall = next(e for e in data["entries"] if e["kind"] == "consent-ends-on-wall")
    assert wall["image_ids"] == [t.b] and wall["venue_ids"] == [t.street_level]
    assert wall["date"] == "2025-06-01" and wall["urgency"]

    rc, out, _ = run_cli(capsys, library, "calendar", "--from", "2025-05-01", "--to",
                         "2025-06-30")
    assert rc == 0
    assert "May 2025" in out and "June 2025" in out and "2025-06-01" in out
    assert "Take 1 photo" in out

    for args, message in (
        (("--from", "2025-13-01"), "'2025-13-01' is not a valid start date"),
        (("--to", "soon"), "'soon' is not a valid end date"),
        (("--from", "2025-06-01", "--to", "2025-01-01"), "before it starts"),
        (("--names",), "--names applies to the iCalendar file"),
    ):
        rc, out, err = run_cli(capsys, library, "calendar", *args)
        assert rc == 1 and out == "", args
        assert err.count("\n") == 1 and message in err, err


def test_cli_default_window_and_ics(db, library, capsys, tmp_path):
    today = date.today()
    a = touring_library(db, library)
    exhibitions.add_venue(db, a.exhibition, "Next month", today + timedelta(days=20),
                          today + timedelta(days=40))
    rc, out, _ = run_cli(capsys, library, "calendar", "--json")
    data = json.loads(out)
    assert (data["from"], data["to"]) == (today.isoformat(),
                                          (today + timedelta(days=365)).isoformat())
    soon = [e for e in data["entries"] if e["kind"] == "venue-opens-with-blockers"]
    assert soon and soon[0]["urgency"] == "within 30 days"

    path = tmp_path / "cal.ics"
    rc, out, err = run_cli(capsys, library, "calendar", "--from", "2025-01-01", "--ics",
                           str(path))
    assert rc == 0, err
    assert "new" in out and "form and person number only" in out
    rc, out, _ = run_cli(capsys, library, "calendar", "--from", "2025-01-01", "--ics",
                         str(path), "--json")
    assert json.loads(out)["unchanged"] == json.loads(out)["events"] > 0
