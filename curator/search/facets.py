"""Counts for the library sidebar: how many images each filter value would show.

::

    counts = facet_counts(db, ImageFilter(year=2024))
    counts["year"]      # [Facet(value=2024, label="2024", count=16), Facet(2023, "2023", 8)]
    counts["consent"]   # statuses of the 2024 images today, each with its count

Counts are *faceted*: the counts of one facet apply every active filter except that
facet's own, so a curator sees what choosing another value would give. Matching is
:func:`curator.search.query.find_image_ids` — the same filter the grid shows — and consent
counts come from :mod:`curator.consent.rule` (the one rule), never from a rule of our own.

A facet is listed only when :class:`~curator.search.query.ImageFilter` has its field, so the
sidebar grows with the core.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, fields, replace
from datetime import date

import sqlite_utils

from curator.consent import rule as consent
from curator.search.query import ImageFilter, find_image_ids

_IN_IDS = "{scope}"  # the images a facet counts: see facet_counts
_SOME = "(SELECT id FROM temp.facet_ids)"
_ALL = "(SELECT id FROM images)"


@dataclass(frozen=True)
class Facet:
    """One value of a facet with the number of images it would show."""

    value: object
    label: str
    count: int


Counter = Callable[[sqlite_utils.Database, date, str], list[Facet]]


def _rows(sql: str) -> Counter:
    def count(db: sqlite_utils.Database, _today: date, scope: str) -> list[Facet]:
        return [Facet(v, str(label), n) for v, label, n in db.execute(sql.format(scope=scope))]
    return count


def _consent(db: sqlite_utils.Database, today: date, scope: str) -> list[Facet]:
    sql, params = consent.status_sql(today)
    found = dict(db.execute(f"SELECT status, COUNT(*) FROM ({sql}) "
                            f"WHERE id IN {scope} GROUP BY status", params).fetchall())
    return [Facet(s, s, found[s]) for s in consent.STATUSES if found.get(s)]


def _cleared(db: sqlite_utils.Database, today: date, scope: str) -> list[Facet]:
    out = []
    for use in consent.USES:
        sql, params = consent.cleared_sql(use, today, today)
        n = db.execute(f"SELECT COUNT(DISTINCT id) FROM ({sql}) WHERE id IN {scope}",
                       params).fetchone()[0]
        out.append(Facet(use, use, n))
    return out


# facet → (ImageFilter field, how to count, whether the field holds a list of choices)
FACETS: dict[str, tuple[str, Counter, bool]] = {
    "year": ("year", _rows(
        f"SELECT i.year, CAST(i.year AS TEXT), COUNT(*) FROM images i WHERE i.id IN {_IN_IDS} "
        "GROUP BY i.year ORDER BY i.year DESC"), False),
    "event": ("event", _rows(
        f"SELECT e.name, e.name, COUNT(*) FROM images i JOIN events e ON e.id = i.event_id "
        f"WHERE i.id IN {_IN_IDS} GROUP BY e.id ORDER BY e.name"), False),
    "shoot": ("shoot", _rows(
        f"SELECT s.title, s.title, COUNT(*) FROM images i JOIN shoots s ON s.id = i.shoot_id "
        f"WHERE i.id IN {_IN_IDS} GROUP BY s.id ORDER BY s.title"), False),
    "consent": ("consent", _consent, True),
    "cleared_for": ("cleared_for", _cleared, False),
    "keywords": ("keywords", _rows(
        f"SELECT k.name, k.name, COUNT(*) FROM image_keywords ik JOIN keywords k "
        f"ON k.id = ik.keyword_id WHERE ik.image_id IN {_IN_IDS} "
        "GROUP BY k.id ORDER BY COUNT(*) DESC, k.name LIMIT 200"), True),
}


def facet_names() -> list[str]:
    """The facets this catalogue can count (those :class:`ImageFilter` can filter by)."""
    names = {f.name for f in fields(ImageFilter)}
    return [n for n, (field_name, _, _) in FACETS.items() if field_name in names]


def is_multi(name: str) -> bool:
    """Whether the facet's filter holds several choices (a list) rather than one value."""
    return FACETS[name][2]


def _without(flt: ImageFilter, name: str) -> ImageFilter:
    field_name, _, multi = FACETS[name]
    return replace(flt, **{field_name: [] if multi else None})


def facet_counts(db: sqlite_utils.Database, flt: ImageFilter,
                 today: date | None = None) -> dict[str, list[Facet]]:
    """For each facet, its values with counts under every *other* active filter.

    Facets whose own filter is not active share one set of images (the filter itself),
    so there are at most 1 + (active facet filters) sets to find; with no filter at all
    the counts run straight over ``images``.
    """
    today = today or date.today()
    groups: list[tuple[ImageFilter, list[str]]] = []
    for name in facet_names():
        sub = _without(flt, name)
        for seen, names in groups:
            if seen == sub:
                names.append(name)
                break
        else:
            groups.append((sub, [name]))
    counts: dict[str, list[Facet]] = {}
    db.execute("CREATE TEMP TABLE IF NOT EXISTS facet_ids (id INTEGER PRIMARY KEY)")
    try:
        for sub, names in groups:
            if replace(sub, today=None) == ImageFilter():
                scope = _ALL
            else:
                scope = _SOME
                _fill(db, find_image_ids(db, sub))
            for name in names:
                counts[name] = FACETS[name][1](db, today, scope)
    finally:
        db.execute("DROP TABLE IF EXISTS temp.facet_ids")
    return {name: counts[name] for name in facet_names()}


def _fill(db: sqlite_utils.Database, ids: list[int]) -> None:
    """Put ``ids`` in ``temp.facet_ids`` (in one transaction: row by row is 10× slower)."""
    own = not db.conn.in_transaction
    if own:
        db.execute("BEGIN")  # deferred: only the temp database is written
    try:
        db.execute("DELETE FROM temp.facet_ids")
        db.conn.executemany("INSERT INTO temp.facet_ids (id) VALUES (?)", ((i,) for i in ids))
    except BaseException:
        if own:
            db.execute("ROLLBACK")
        raise
    if own:
        db.execute("COMMIT")


def total_images(db: sqlite_utils.Database) -> int:
    """How many images the library holds."""
    return db.execute("SELECT COUNT(*) FROM images").fetchone()[0]
