"""Finding images: filters that combine (AND), compiled to one SQL query.

Every filter becomes a condition on ``images i``; the consent filters reuse the set-based
SQL of :mod:`curator.consent.rule`, and text search goes through the FTS5 index
``images_fts`` (file name, title, caption, alt text, keywords).
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from curator.consent import rule as consent
from curator.errors import InvalidInput
from curator.reads import pick_value


@dataclass
class ImageFilter:
    """Filters that combine (AND). ``None`` (or empty) means "any".

    ``keywords``: every one must be on the image (``Places`` also matches ``Places|Liverpool``).
    ``consent``: any of these statuses (today). ``cleared_for``: a use, cleared over
    [``start``, ``end``] (missing dates: ``today``). ``rating``: at least this many stars.
    ``expiring_within``: granted today, but expired that many days from today.
    ``image_ids``: only these images (a set chosen elsewhere, e.g. a coverage bucket's
    cleared photos).
    """

    year: int | None = None
    event: str | None = None
    shoot: str | None = None
    keywords: list[str] = field(default_factory=list)
    consent: list[str] = field(default_factory=list)
    cleared_for: str | None = None
    start: date | None = None
    end: date | None = None
    text: str | None = None
    rating: int | None = None
    pick: str | None = None
    has_caption: bool | None = None
    has_alt_text: bool | None = None
    person: int | None = None
    expiring_within: int | None = None
    image_ids: list[int] = field(default_factory=list)
    today: date | None = None


def window(start: date | None, end: date | None, today: date | None = None) -> tuple[date, date]:
    """A use window from optional dates: none → today; one → that day; end before start → error."""
    today = today or date.today()
    a = start or end or today
    b = end or a
    consent.check_window(a, b)
    return a, b


def fts_query(text: str) -> str | None:
    """User words → an FTS5 query: every word must occur (as a word or a word's prefix)."""
    words = [w for w in re.split(r"\s+", text.strip()) if w]
    terms = []
    for w in words:
        if not re.search(r"\w", w):
            continue
        terms.append('"' + w.replace('"', '""') + '"*')
    return " AND ".join(terms) or None


def filter_sql(flt: ImageFilter) -> tuple[str, dict]:
    """``(where, params)`` — a condition on ``images i`` with named parameters."""
    where, params = _plain_conditions(flt)
    more, more_params = _consent_conditions(flt, None)
    return " AND ".join(where + more) or "1", {**params, **more_params}


def _plain_conditions(flt: ImageFilter) -> tuple[list[str], dict]:
    """Conditions on the image's own fields, tags and links (no consent rule)."""
    where: list[str] = []
    params: dict = {}
    if flt.image_ids:
        where.append("i.id IN (SELECT value FROM json_each(:image_ids))")
        params["image_ids"] = json.dumps([int(i) for i in flt.image_ids])
    if flt.year is not None:
        where.append("i.year = :year")
        params["year"] = flt.year
    if flt.event:
        where.append("i.event_id IN (SELECT id FROM events WHERE name = :event)")
        params["event"] = flt.event
    if flt.shoot:
        where.append("i.shoot_id IN (SELECT id FROM shoots WHERE title = :shoot)")
        params["shoot"] = flt.shoot
    for n, kw in enumerate(k.strip() for k in flt.keywords if k and k.strip()):
        where.append(
            f"i.id IN (SELECT ik.image_id FROM image_keywords ik WHERE ik.keyword_id IN ("
            f"SELECT id FROM keywords WHERE lower(name) = lower(:kw{n}) "
            f"OR lower(substr(name, 1, length(:kw{n}) + 1)) = lower(:kw{n}) || '|'))")
        params[f"kw{n}"] = kw
    if flt.person is not None:
        where.append("i.id IN (SELECT image_id FROM image_people WHERE person_id = :person)")
        params["person"] = flt.person
    if flt.rating is not None:
        if not 0 <= flt.rating <= 5:
            raise InvalidInput(f"A rating is 0 to 5 stars, not {flt.rating}.")
        where.append("i.rating >= :rating")
        params["rating"] = flt.rating
    if flt.pick is not None:
        where.append("i.pick = :pick")
        params["pick"] = pick_value(flt.pick)
    for column, wanted in (("caption", flt.has_caption), ("alt_text", flt.has_alt_text)):
        if wanted is not None:
            has = f"(i.{column} IS NOT NULL AND trim(i.{column}) <> '')"
            where.append(has if wanted else f"NOT {has}")
    if flt.text and flt.text.strip():
        query = fts_query(flt.text)
        if query is None:
            where.append("0")
        else:
            where.append("i.id IN (SELECT rowid FROM images_fts WHERE images_fts MATCH :text)")
            params["text"] = query
    return where, params


def _consent_conditions(flt: ImageFilter, ids: list[int] | None) -> tuple[list[str], dict]:
    """The consent filters, as ``i.id IN (…)`` conditions; over ``ids`` only if given."""
    where: list[str] = []
    params: dict = {}
    today = flt.today or date.today()

    def add(sql: str, p: dict, status: str | None = None) -> None:
        # Each subquery binds its own copy of the candidate list.
        n = len(where)
        for key in [k for k in p if k == "ids"]:
            p[f"ids{n}"] = p.pop(key)
            sql = sql.replace(":ids)", f":ids{n})")
        where.append(f"i.id IN (SELECT id FROM ({sql}) WHERE status IN ({status}))"
                     if status else f"i.id IN ({sql})")
        params.update(p)

    if flt.consent:
        names = sorted({consent.check_status(s) for s in flt.consent})
        if ids is None:
            add(*consent.status_filter_sql(names, today))
        else:
            add(*consent.status_sql(today, ids), status=", ".join(f"'{s}'" for s in names))
    if flt.cleared_for:
        a, b = window(flt.start, flt.end, today)
        add(*consent.cleared_sql(flt.cleared_for, a, b, ids))
    elif flt.start or flt.end:
        raise InvalidInput("--from and --to give the window of --cleared-for USE; name the use.")
    if flt.expiring_within is not None:
        if flt.expiring_within < 0:
            raise InvalidInput("--expiring-within takes a number of days, 0 or more.")
        later = today + timedelta(days=flt.expiring_within)
        if ids is None:
            add(*consent.status_filter_sql(["granted"], today, param="sf_now"))
            add(*consent.status_filter_sql(["expired"], later, param="sf_later"))
        else:
            add(*consent.status_sql(today, ids, param="sf_now"), status="'granted'")
            add(*consent.status_sql(later, ids, param="sf_later"), status="'expired'")
    return where, params


# Below this many candidates from the plain filters, the consent rule is evaluated for
# the candidates only (driven by image) instead of over the whole catalogue.
NARROW = 5_000

_ORDER = " ORDER BY COALESCE(i.captured_at, ''), i.id"


def find_image_ids(db: sqlite_utils.Database, flt: ImageFilter) -> list[int]:
    """Ids of the images matching ``flt``, in capture order."""
    plain, params = _plain_conditions(flt)
    checks, _ = _consent_conditions(flt, None)       # validates the consent filters
    if checks and plain:
        candidates = [r[0] for r in db.execute(
            f"SELECT i.id FROM images i WHERE {' AND '.join(plain)}", params)]
        if len(candidates) <= NARROW:
            if not candidates:
                return []
            where, p = _consent_conditions(flt, candidates)
            return [r[0] for r in db.execute(
                f"SELECT i.id FROM images i WHERE {' AND '.join(where)}{_ORDER}", p)]
    where, params = filter_sql(flt)
    return [r[0] for r in db.execute(f"SELECT i.id FROM images i WHERE {where}{_ORDER}", params)]
