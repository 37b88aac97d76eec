"""The consent calendar as an iCalendar file (RFC 5545) a curator's calendar app reads.

::

    write_ics(entries, Path("curator.ics"), start, end)          # names left out
    write_ics(entries, Path("curator.ics"), start, end, names=True)

Each entry is an all-day ``VEVENT`` with two reminders (``VALARM`` 30 and 7 days ahead), its
stable uid, and ``DTSTAMP`` (when the file was written). Writing over a file this function
wrote before *updates* it, as RFC 5545 asks of a re-published event: an event whose date or
words changed keeps its uid and gets ``SEQUENCE`` + 1 and a new ``LAST-MODIFIED``; an
unchanged one keeps both; an event of the old file inside [start, end] that no longer occurs
(a consent renewed, a venue moved) is kept as ``STATUS:CANCELLED`` with ``SEQUENCE`` + 1, so a
calendar app that imported the old file takes it off. Text (titles, venue names, captions) is
untrusted: the ``icalendar`` package escapes commas, semicolons, backslashes and line breaks
and folds long lines at 75 octets.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from icalendar import Alarm, Calendar, Event

from curator.calendar.entries import KINDS, Entry
from curator.errors import InvalidInput

PRODID = "-//Curator//Consent calendar//EN"
REMINDER_DAYS = (30, 7)


@dataclass(frozen=True)
class _Published:
    """What an earlier file said about one event."""

    day: date
    summary: str
    description: str
    sequence: int
    last_modified: datetime | None
    cancelled: bool


def write_ics(entries: list[Entry], path: Path, start: date, end: date, *,
              names: bool = False, now: datetime | None = None) -> dict:
    """Write (or update) ``path``; returns counts: ``events``, ``new``, ``changed``,
    ``unchanged``, ``cancelled``. Refuses to overwrite a file that is not an iCalendar
    file (it may be something else the curator keeps)."""
    now = (now or datetime.now(UTC)).replace(microsecond=0)
    before = _published(path)
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", "Curator — consent calendar")
    counts = {"events": 0, "new": 0, "changed": 0, "unchanged": 0, "cancelled": 0}
    seen = set()
    for entry in entries:
        summary, todo = entry.text(names)
        description = f"{todo}\n\n{_ids(entry)}"
        old = before.get(entry.uid)
        if old is None:
            sequence, modified, state = 0, now, "new"
        elif (old.day, old.summary, old.description, old.cancelled) == \
                (entry.day, summary, description, False):
            sequence, modified, state = old.sequence, old.last_modified or now, "unchanged"
        else:
            sequence, modified, state = old.sequence + 1, now, "changed"
        counts[state] += 1
        counts["events"] += 1
        seen.add(entry.uid)
        cal.add_component(_event(entry.uid, entry.day, summary, description, sequence,
                                 modified, now, KINDS[entry.kind]))
    for uid, old in sorted(before.items()):
        if uid in seen or not start <= old.day <= end:
            continue
        if old.cancelled:
            sequence, modified = old.sequence, old.last_modified or now
        else:
            sequence, modified = old.sequence + 1, now
        event = _event(uid, old.day, old.summary, old.description, sequence, modified, now,
                       None)
        event.add("status", "CANCELLED")
        cal.add_component(event)
        counts["cancelled"] += 1
    _write_atomically(path, cal.to_ical())
    return counts


def _event(uid: str, day: date, summary: str, description: str, sequence: int,
           modified: datetime, now: datetime, category: str | None) -> Event:
    event = Event()
    event.add("uid", uid)
    event.add("dtstamp", now)
    event.add("dtstart", day)  # a DATE: an all-day event
    event.add("dtend", day + timedelta(days=1))
    event.add("summary", summary)
    event.add("description", description)
    event.add("sequence", sequence)
    event.add("last-modified", modified)
    event.add("transp", "TRANSPARENT")  # a reminder, not a busy day
    if category:
        event.add("categories", [category])
    for days in REMINDER_DAYS:
        alarm = Alarm()
        alarm.add("action", "DISPLAY")
        alarm.add("trigger", timedelta(days=-days))
        alarm.add("description", f"In {days} days: {summary}")
        event.add_component(alarm)
    return event


def _ids(entry: Entry) -> str:
    parts = [f"{name} {', '.join(f'#{i}' for i in ids)}" for name, ids in (
        ("Photos", entry.image_ids), ("Exhibitions", entry.exhibition_ids),
        ("Venues", entry.venue_ids), ("Partners", entry.partner_ids),
        ("Licences", entry.licence_ids), ("Consent forms", entry.consent_ids)) if ids]
    return "Curator: " + "; ".join(parts) if parts else "Curator"


def _published(path: Path) -> dict[str, _Published]:
    """The events of an earlier file at ``path`` (none if there is no file)."""
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        return {}
    except OSError as exc:
        raise InvalidInput(f"{path} cannot be read ({exc.strerror or exc}).") from None
    if not data.strip():
        return {}
    try:
        cal = Calendar.from_ical(data)
    except ValueError:
        raise InvalidInput(f"{path} exists and is not an iCalendar file: choose another "
                           "file name (it was left as it was).") from None
    if cal.get("prodid") != PRODID:
        raise InvalidInput(f"{path} is a calendar Curator did not write: choose another file "
                           "name (it was left as it was).")
    out = {}
    for event in cal.walk("VEVENT"):
        uid = str(event.get("uid", ""))
        try:
            day = event.decoded("dtstart")
        except KeyError:
            continue
        if isinstance(day, datetime):
            day = day.date()
        modified = event.decoded("last-modified") if "last-modified" in event else None
        out[uid] = _Published(day, str(event.get("summary", "")),
                              str(event.get("description", "")),
                              int(event.get("sequence", 0)), modified,
                              str(event.get("status", "")).upper() == "CANCELLED")
    return out


def _write_atomically(path: Path, data: bytes) -> None:
    tmp = path.with_name(f".{path.name}.part")
    try:
        tmp.write_bytes(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise InvalidInput(f"The calendar could not be written to {path} "
                           f"({exc.strerror or exc}).") from None
