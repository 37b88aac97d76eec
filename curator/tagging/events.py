"""Events: a campaign's occasion ("Baby Week 2024 — launch day"), with theme, dates, place."""

from __future__ import annotations

from datetime import date

import sqlite_utils

from curator import audit
from curator.connection import transaction, utc_now
from curator.dates import check_day, check_year
from curator.errors import InvalidInput
from curator.reads import row_by_id

EVENT_FIELDS = ("campaign", "year", "occasion", "starts_on", "ends_on", "place", "theme")


def save_event(db: sqlite_utils.Database, name: str, **fields) -> dict:
    """Create the event ``name`` or update the fields given (``None`` leaves one as it is)."""
    name = (name or "").strip()
    if not name:
        raise InvalidInput("An event needs a name, e.g. 'Baby Week 2024 — launch day'.")
    unknown = set(fields) - set(EVENT_FIELDS)
    if unknown:
        raise InvalidInput(f"Unknown event field(s): {', '.join(sorted(unknown))}.")
    if fields.get("year") is not None:
        check_year(fields["year"])
    for key in ("starts_on", "ends_on"):
        if isinstance(fields.get(key), date):
            check_day(fields[key], "event date")
    values = {k: (v.isoformat() if isinstance(v, date) else v)
              for k, v in fields.items() if v is not None}
    with transaction(db):
        row = next(db.query("SELECT * FROM events WHERE name = ?", [name]), None)
        merged = {**(row or {}), **values}
        if merged.get("starts_on") and merged.get("ends_on") and \
                merged["ends_on"] < merged["starts_on"]:
            raise InvalidInput(f"The event ends ({merged['ends_on']}) before it starts "
                               f"({merged['starts_on']}).")
        if row is None:
            event_id = db["events"].insert({"name": name, **values,
                                            "created_at": utc_now()}).last_pk
            audit.record_changes(db, "event.add", "event", event_id, {}, {"name": name,
                                                                          **values})
        else:
            event_id = row["id"]
            if values:
                db["events"].update(event_id, values)
                audit.record_changes(db, "event.edit", "event", event_id, row, values)
        if "campaign" in values or "year" in values:
            _link_campaign(db, event_id)
    return get_event(db, event_id)


def _link_campaign(db: sqlite_utils.Database, event_id: int) -> None:
    """An event whose campaign is typed as text belongs to the campaign of that name (case
    and spaces ignored) and the event's year, when there is exactly one."""
    name, year, current = db.execute("SELECT trim(campaign), year, campaign_id FROM events "
                                     "WHERE id = ?", [event_id]).fetchone()
    if not name:
        return
    found = [r[0] for r in db.execute(
        "SELECT id FROM campaigns WHERE lower(trim(name)) = lower(?) AND "
        "(year IS ? OR ? IS NULL OR year IS NULL)", [name, year, year])]
    if len(found) == 1 and found[0] != current:
        db.execute("UPDATE events SET campaign_id = ? WHERE id = ?", [found[0], event_id])
        audit.record(db, "campaign.link", "event", event_id, "campaign_id", current, found[0])


def get_event(db: sqlite_utils.Database, event_id: int) -> dict:
    return row_by_id(db, "events", event_id, "event")


def list_events(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT e.*, (SELECT COUNT(*) FROM images i WHERE i.event_id = e.id) AS images "
        "FROM events e ORDER BY COALESCE(e.starts_on, ''), e.name"))
