"""Derived tables that make consent filters fast for images with people linked.

For an image with people, clearance and status depend only on those people and their
consents, so they can be worked out ahead of time for every window and day:

- ``consent_windows(image_id, use_bit, from_day, until_day)``: the image is cleared for
  the use over [a, b] iff some row has ``from_day <= a`` and ``b < until_day``
  (a "staircase": one row per Pareto-best combination of the people's consents);
- ``consent_periods(image_id, status, from_day, until_day)``: the image's status on day
  d is the row's status for ``from_day <= d < until_day``.

Triggers put an image into ``consent_dirty`` whenever anything it depends on changes
(links, consents, a person's minor / do-not-publish flags), whoever makes the change.
:func:`refresh` rebuilds the rows of dirty images; the write functions of
:mod:`curator.consent.people` and :mod:`curator.consent.records` call it in their own transaction.
Queries in :mod:`curator.consent.rule` use these rows for clean images and evaluate dirty
ones live, so a stale row is never believed. Images without people are always
evaluated live (that is cheap: it goes by shoot and flag).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta

import sqlite_utils

from curator.connection import id_chunks, marks, transaction
from curator.consent.rule import SEVERITY, consent_state, person_state
from curator.reads import people_of, select_in

ALWAYS, NEVER = "0000-01-01", "9999-12-31"
_BITS = (1, 2, 4, 8, 16)


@dataclass(frozen=True)
class _Consent:
    uses: int
    signed: str
    expires: str | None
    withdrawn: str | None
    valid: bool          # a minor's consent without a signature never counts


@dataclass
class _Person:
    dnp: bool
    consents: list[_Consent]


def refresh(db: sqlite_utils.Database, image_ids: Iterable[int] | None = None) -> int:
    """Rebuild the rows of the dirty images (or of ``image_ids``); returns how many."""
    with transaction(db):
        if image_ids is None:
            ids = [r[0] for r in db.execute("SELECT image_id FROM consent_dirty")]
        else:
            ids = list(dict.fromkeys(int(i) for i in image_ids))
        for chunk in id_chunks(ids, 500):
            _refresh_chunk(db, chunk)
    return len(ids)


def _refresh_chunk(db: sqlite_utils.Database, ids: list[int]) -> None:
    in_ = marks(ids)
    links = people_of(db, ids)
    person_ids = sorted({p for ps in links.values() for p in ps})
    persons = _load_people(db, person_ids)
    db.execute(f"DELETE FROM consent_windows WHERE image_id IN ({in_})", ids)
    db.execute(f"DELETE FROM consent_periods WHERE image_id IN ({in_})", ids)
    windows, periods = [], []
    for image_id, linked in links.items():
        if not linked:
            continue                      # no people: evaluated live
        group = [persons[p] for p in linked]
        for bit in _BITS:
            windows.extend((image_id, bit, f, u) for f, u in staircase(group, bit))
        periods.extend((image_id, s, f, u) for s, f, u in timeline(group))
    db.conn.executemany("INSERT INTO consent_windows (image_id, use_bit, from_day, until_day) "
                        "VALUES (?, ?, ?, ?)", windows)
    db.conn.executemany("INSERT INTO consent_periods (image_id, status, from_day, until_day) "
                        "VALUES (?, ?, ?, ?)", periods)
    db.execute(f"DELETE FROM consent_dirty WHERE image_id IN ({in_})", ids)


def _load_people(db: sqlite_utils.Database, person_ids: list[int]) -> dict[int, _Person]:
    out: dict[int, _Person] = {}
    minors: dict[int, bool] = {}
    for pid, minor, dnp in select_in(
        db, "SELECT id, is_minor, do_not_publish FROM people WHERE id IN ({ids})", person_ids
    ):
        out[pid] = _Person(bool(dnp), [])
        minors[pid] = bool(minor)
    for pid, uses, signed, expires, withdrawn, signed_by in select_in(
        db, "SELECT person_id, uses, signed_on, expires_on, withdrawn_on, signed_by "
            "FROM consents WHERE person_id IN ({ids})", person_ids
    ):
        out[pid].consents.append(_Consent(uses, signed, expires, withdrawn,
                                          not (minors[pid] and not signed_by)))
    return out


def staircase(people: list[_Person], bit: int) -> list[tuple[str, str]]:
    """``(from_day, until_day)`` rows: cleared for [a, b] iff from <= a and b < until."""
    combos = [(ALWAYS, NEVER)]
    for person in people:
        if person.dnp:
            return []
        own = _pareto([(c.signed, min(c.expires or NEVER, c.withdrawn or NEVER))
                       for c in person.consents if c.valid and c.uses & bit])
        combos = _pareto([(max(f1, f2), min(u1, u2)) for f1, u1 in combos for f2, u2 in own])
        if not combos:
            return []
    return combos


def _pareto(rows: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Drop empty spans and the spans another one covers (earlier from, later until)."""
    best: list[tuple[str, str]] = []
    spans = sorted({r for r in rows if r[0] < r[1]}, key=lambda r: r[1], reverse=True)
    for f, u in sorted(spans, key=lambda r: r[0]):   # by start; longest first on a tie
        if best and best[-1][1] >= u:
            continue                      # an earlier-starting row lasts at least as long
        best.append((f, u))
    return best


def timeline(people: list[_Person]) -> list[tuple[str, str, str]]:
    """``(status, from_day, until_day)`` covering every day, adjacent equal ones merged."""
    days = sorted({d for p in people for c in p.consents
                   for d in (c.signed, c.expires, c.withdrawn) if d})
    starts = [ALWAYS, *days]
    out: list[list[str]] = []
    for n, start in enumerate(starts):
        until = starts[n + 1] if n + 1 < len(starts) else NEVER
        probe = start if start != ALWAYS else _day_before(days[0]) if days else start
        status = SEVERITY[max(_severity(p, probe) for p in people)]
        if out and out[-1][0] == status:
            out[-1][2] = until
        else:
            out.append([status, start, until])
    return [tuple(r) for r in out]  # type: ignore[misc]


def _severity(person: _Person, day: str) -> int:
    return person_state(person.dnp, (consent_state(c.signed, c.expires, c.withdrawn, day)
                                     for c in person.consents if c.valid))


def _day_before(iso: str) -> str:
    return (date.fromisoformat(iso) - timedelta(days=1)).isoformat()
