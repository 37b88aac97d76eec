"""``calendar``: the dated events of consents, tours and licences (``--ics``: as a file)."""

from __future__ import annotations

from datetime import date
from itertools import groupby
from pathlib import Path

from curator.calendar.entries import (
    KINDS,
    calendar_entries,
    default_window,
    due_soon,
)
from curator.calendar.ics import write_ics
from curator.cli.context import Context, one_line
from curator.consent.rule import check_window
from curator.dates import parse_date
from curator.errors import InvalidInput


def register(sub) -> None:
    p = sub.add_parser(
        "calendar", help="what drops out, where and when: consents, tours, licences",
        description="Dated events: consents ending while photos hang or a partner holds them, "
                    "licences ending, children turning 18, venues opening with blockers. "
                    "Default: today to a year ahead.")
    p.add_argument("--from", dest="start", metavar="DATE", help="first day (default: today)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="last day (default: a year after the first)")
    p.add_argument("--ics", metavar="FILE",
                   help="write an iCalendar file (reminders 30 and 7 days ahead); writing "
                        "it again updates the same events")
    p.add_argument("--names", action="store_true",
                   help="with --ics: name the people photographed (default: form and person "
                        "numbers only, as the file may be synced to a calendar server)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_calendar)


def cmd_calendar(args, ctx: Context) -> int:
    today = date.today()
    start = parse_date(args.start, "start date") or today
    end = parse_date(args.end, "end date") or default_window(start)[1]
    check_window(start, end)
    if args.names and not args.ics:
        raise InvalidInput("--names applies to the iCalendar file: use it with --ics FILE.")
    db = ctx.db()
    entries = calendar_entries(db, ctx.library, start, end, today=today)
    if args.ics:
        path = Path(args.ics).expanduser()
        counts = write_ics(entries, path, start, end, names=args.names)
        who = "named" if args.names else "shown by form and person number only (--names to name them)"
        ctx.out({"path": str(path), "from": start.isoformat(), "to": end.isoformat(), **counts},
                f"Wrote {counts['events']} event(s) to {path} ({counts['new']} new, "
                f"{counts['changed']} changed, {counts['unchanged']} unchanged, "
                f"{counts['cancelled']} cancelled); people are {who}.")
        return 0
    ctx.out({"from": start.isoformat(), "to": end.isoformat(), "today": today.isoformat(),
             "entries": [e.to_json(today) for e in entries]},
            lambda: _listing(entries, start, end, today))
    return 0


def _listing(entries, start: date, end: date, today: date) -> str:
    soon = len(due_soon(entries, today))
    head = (f"Consent calendar {start.isoformat()} to {end.isoformat()}: {len(entries)} "
            f"entr{'y' if len(entries) == 1 else 'ies'}, {soon} within 30 days of today.")
    if not entries:
        return head + "\nNothing ends or opens in these dates."
    lines = [head]
    for (year, month), group in groupby(entries, key=lambda e: (e.day.year, e.day.month)):
        lines += ["", date(year, month, 1).strftime("%B %Y")]
        for e in group:
            lines.append(f"  {e.day.isoformat()}  [{e.urgency(today)}] {one_line(e.title)}")
            lines.append(f"              {KINDS[e.kind]}. {one_line(e.todo)}")
            ids = _ids(e)
            if ids:
                lines.append(f"              {ids}")
    return "\n".join(lines)


def _ids(e) -> str:
    parts = [f"{name} {', '.join(f'#{i}' for i in ids)}" for name, ids in (
        ("photos", e.image_ids), ("exhibition", e.exhibition_ids), ("venue", e.venue_ids),
        ("partner", e.partner_ids), ("licence", e.licence_ids), ("person", e.person_ids),
        ("consent", e.consent_ids)) if ids]
    return " · ".join(parts)
