"""Core calls of the Calendar view, run in a worker (each opens its own connection). No Qt."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

from curator.calendar.entries import Entry, calendar_entries, due_soon
from curator.calendar.ics import write_ics
from curator.catalogue import open_catalogue
from curator.library import Library


@dataclass
class CalendarData:
    """One load of the Calendar view: its entries, and those within 30 days (the badge)."""

    start: date
    end: date
    today: date
    entries: list[Entry] = field(default_factory=list)

    @property
    def soon(self) -> list[Entry]:
        return due_soon(self.entries, self.today)


def load_calendar(library: Library, days: int, today: date | None = None) -> CalendarData:
    """The entries from ``today`` to ``days`` ahead (an empty calendar before the library
    exists)."""
    today = today or date.today()
    end = today + timedelta(days=days)
    if not library.exists():
        return CalendarData(today, end, today)
    with closing(open_catalogue(library)) as db:
        return CalendarData(today, end, today,
                            calendar_entries(db, library, today, end, today=today))


def export_calendar(data: CalendarData, path: Path, names: bool) -> dict:
    """Write the view's entries as an iCalendar file (see :mod:`curator.calendar.ics`)."""
    return write_ics(data.entries, path, data.start, data.end, names=names)
