"""Consent statuses and clearance — the one rule every path out of the catalogue asks.

An image *i* is **cleared** for use *u* throughout the window [*a*, *b*] iff *i* is
``not-needed`` (no identifiable person), or every *subject* of *i* has a consent that

- grants *u*,
- was signed on or before *a*,
- expires after *b* (or never),
- was not withdrawn on or before *b*,
- and, for a person marked minor, records who signed it (a parent or guardian).

The subjects of an image are the people linked to it; when nobody is linked, they are the
group releases of its shoot that name the image's day — its capture date, else its import
date (each must hold). A shoot's picture of a day no release names stays ``pending`` until
the curator extends a release to that day. A person marked *do not publish*
makes every image they are linked to ``refused``: it never clears. An image with neither
people nor a group release never clears.

Worked example::

    from datetime import date
    from curator.consent import rule as consent

    c = consent.clearance(db, 42, "online", date(2025, 6, 1), date(2025, 6, 30))
    if not c.cleared:
        print("\\n".join(c.reasons))   # "Aisha's consent (form #14) does not include online use"

    ok = consent.cleared_image_ids(db, None, "exhibition", opens, closes)   # all, in SQL

:func:`clearance` explains one image in words; :func:`cleared_image_ids` answers for many
images in one SQL query (search, exhibition validation). Both implement the rule above and
are tested against each other and a reference. The *status* shown to curators
(:data:`STATUSES`) is the same facts seen on one day (:func:`status_sql`).
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from curator.errors import ImageNotFound, InvalidInput

USES = ("exhibition", "print", "online", "press", "partners")
USE_BITS = {use: 1 << n for n, use in enumerate(USES)}
STATUSES = ("unknown", "not-needed", "pending", "granted", "expired", "withdrawn", "refused")

# --- the states: one vocabulary for the SQL here and the Python of consent.cache ----------
#
# A subject (a linked person, or a shoot's group releases) stands in one of these on a day,
# numbered by severity: an image takes its worst subject's.
GRANTED, PENDING, EXPIRED, WITHDRAWN, REFUSED = 1, 2, 4, 5, 6
SEVERITY = {GRANTED: "granted", PENDING: "pending", EXPIRED: "expired",
            WITHDRAWN: "withdrawn", REFUSED: "refused"}
SEVERITY_OF = {name: sev for sev, name in SEVERITY.items()}
# What one consent makes of its subject on a day, in the order a person's consents are
# weighed: a person takes the first of these that any of their consents gives (one in force
# grants; else a withdrawal outweighs an expiry; else pending). A consent that cannot count
# (a minor's, unsigned) and no consent at all give PENDING; do-not-publish gives REFUSED.
# The group releases naming a picture's day must all hold, so that day takes the worst's.
CONSENT_STATES = (GRANTED, WITHDRAWN, EXPIRED, PENDING)

# The day a picture belongs to: its capture date (as the camera wrote it), else the day it
# was imported. A group release covers its shoot's pictures of the days it names; the SQL
# here, the Python of :func:`clearance` and the catalogue step that dated old releases all
# use this one expression (``{i}``: the images table's alias).
IMAGE_DAY_SQL = ("(CASE WHEN {i}.captured_at GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]*' "
                 "THEN substr({i}.captured_at, 1, 10) ELSE substr({i}.imported_at, 1, 10) END)")


@dataclass
class Clearance:
    """Whether an image is cleared for a use over a window; if not, why, in sentences."""

    cleared: bool
    reasons: list[str] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"cleared": self.cleared, "reasons": list(self.reasons)}


# --- the vocabulary -------------------------------------------------------------------------

def check_use(use: str) -> str:
    """``use`` if it is one of :data:`USES`, else InvalidInput naming the choices."""
    name = (use or "").strip().lower()
    if name not in USE_BITS:
        raise InvalidInput(f"'{use}' is not a use: choose from {', '.join(USES)}.")
    return name


def uses_mask(uses: Iterable[str]) -> int:
    """The bit set stored in ``consents.uses`` for the given use names."""
    mask = 0
    for use in uses:
        mask |= USE_BITS[check_use(use)]
    if not mask:
        raise InvalidInput(f"Name at least one use: {', '.join(USES)}.")
    return mask


def parse_uses(text: str) -> int:
    """``"exhibition,print"`` → bit set."""
    return uses_mask(u for u in text.split(",") if u.strip())


def uses_of(mask: int) -> list[str]:
    """Bit set → use names, in vocabulary order."""
    return [u for u in USES if mask & USE_BITS[u]]


def check_window(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(
            f"The window ends ({end.isoformat()}) before it starts ({start.isoformat()})."
        )


# --- one image, in words ----------------------------------------------------------------------

def clearance(db: sqlite_utils.Database, image_id: int, use: str, start: date,
              end: date) -> Clearance:
    """Is image ``image_id`` cleared for ``use`` throughout [``start``, ``end``]?"""
    use = check_use(use)
    check_window(start, end)
    row = db.execute(
        f"SELECT i.identifiable, i.shoot_id, s.title, {IMAGE_DAY_SQL.format(i='i')} "
        "FROM images i LEFT JOIN shoots s ON s.id = i.shoot_id WHERE i.id = ?", [image_id]
    ).fetchone()
    if row is None:
        raise ImageNotFound(image_id)
    identifiable, shoot_id, shoot_title, image_day = row
    people = db.execute(
        "SELECT p.id, p.label, p.is_minor, p.do_not_publish FROM image_people ip "
        "JOIN people p ON p.id = ip.person_id WHERE ip.image_id = ? ORDER BY p.id", [image_id]
    ).fetchall()
    if identifiable == 0 and not people:
        return Clearance(True)

    bit, a, b = USE_BITS[use], start.isoformat(), end.isoformat()
    reasons: list[str] = []
    if people:
        for person_id, label, is_minor, do_not_publish in people:
            if do_not_publish:
                reasons.append(f"{label} asked not to be published: no image of them is "
                               "ever cleared.")
                continue
            consents = _consents(db, "person_id", person_id)
            if not consents:
                reasons.append(f"{label} (person #{person_id}) has no consent on record.")
                continue
            problems = [(c, _problems(c, bit, a, b, bool(is_minor), label)) for c in consents]
            if not any(not p for _, p in problems):
                for c, p in problems:
                    name = f"{_possessive(label)} consent (form #{c['id']})"
                    reasons.extend(f"{name} {text}." for text in p)
        return Clearance(not reasons, reasons)

    releases = _consents(db, "shoot_id", shoot_id) if shoot_id is not None else []
    days = _release_days(db, [c["id"] for c in releases])
    covering = [c for c in releases if image_day in days.get(c["id"], ())]
    if releases and not covering:
        named = sorted({d for c in releases for d in days.get(c["id"], ())})
        forms = ", ".join(f"#{c['id']}" for c in releases)
        reasons.append(f"Image #{image_id} was taken on {image_day}, a day the group "
                       f"release(s) for '{shoot_title}' (form {forms}) do not name (they cover "
                       f"{', '.join(named) or 'no day'}): if a release was signed for that day "
                       "too, extend it with `curator consent extend`.")
        return Clearance(False, reasons)
    releases = covering
    if not releases:
        if identifiable == 1:
            where = f" its shoot '{shoot_title}'" if shoot_title else " it"
            reasons.append(f"Image #{image_id} shows people, but nobody is linked to it and "
                           f"no group release covers{where}.")
        else:
            reasons.append(f"Image #{image_id} has no consent information: link the people in "
                           "it, mark it not-needed, or record a group release for its shoot.")
        return Clearance(False, reasons)
    for c in releases:
        name = f"the group release for '{shoot_title}' (form #{c['id']})"
        reasons.extend(f"{_capital(name)} {text}." for text in _problems(c, bit, a, b))
    return Clearance(not reasons, reasons)


def _consents(db: sqlite_utils.Database, column: str, value: int) -> list[dict]:
    return list(db.query(
        f"SELECT id, uses, signed_on, signed_by, expires_on, withdrawn_on, withdrawal_reason "
        f"FROM consents WHERE {column} = ? ORDER BY signed_on, id", [value]
    ))


def _release_days(db: sqlite_utils.Database, consent_ids: list[int]) -> dict[int, set[str]]:
    out: dict[int, set[str]] = {}
    if consent_ids:
        for consent_id, day in db.execute(
            "SELECT consent_id, day FROM consent_days WHERE consent_id IN "
            f"({','.join('?' * len(consent_ids))})", consent_ids
        ):
            out.setdefault(consent_id, set()).add(day)
    return out


def _problems(c: dict, bit: int, a: str, b: str, minor: bool = False,
              label: str = "") -> list[str]:
    """What keeps one consent from covering the window, as clauses after its name."""
    out = []
    if not c["uses"] & bit:
        use = next(u for u, v in USE_BITS.items() if v == bit)
        granted = ", ".join(uses_of(c["uses"]))
        out.append(f"does not include {use} use (it grants {granted})")
    if c["signed_on"] > a:
        out.append(f"was signed on {c['signed_on']}, after the window starts ({a})")
    if c["expires_on"] is not None and c["expires_on"] <= b:
        when = "the day the window ends" if c["expires_on"] == b else \
            f"before the window ends ({b})"
        out.append(f"expires {c['expires_on']}, {when}")
    if c["withdrawn_on"] is not None and c["withdrawn_on"] <= b:
        why = f" ({c['withdrawal_reason']})" if c["withdrawal_reason"] else ""
        out.append(f"was withdrawn on {c['withdrawn_on']}{why}")
    if minor and not c["signed_by"]:
        out.append(f"does not record who signed it, and {label} is a minor: a parent or "
                   "guardian must sign")
    return out


def _possessive(label: str) -> str:
    return f"{label}'" if label.endswith(("s", "S")) else f"{label}'s"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]


def covers(signed: str, expires: str | None, withdrawn: str | None, start: str,
           end: str) -> bool:
    """A consent (ISO days) holds throughout [start, end]; :func:`_live` in SQL."""
    return (signed <= start and (expires is None or expires > end)
            and (withdrawn is None or withdrawn > end))


def consent_state(signed: str, expires: str | None, withdrawn: str | None, day: str) -> int:
    """What one consent makes of its subject on ``day`` (see :data:`CONSENT_STATES`)."""
    given = {GRANTED: covers(signed, expires, withdrawn, day, day),
             WITHDRAWN: withdrawn is not None and withdrawn <= day,
             EXPIRED: expires is not None and expires <= day}
    return next(state for state in CONSENT_STATES if given.get(state, True))


def person_state(do_not_publish: bool, states: Iterable[int]) -> int:
    """A person's severity from the states their (countable) consents give."""
    if do_not_publish:
        return REFUSED
    given = set(states)
    return next(state for state in CONSENT_STATES if state in given or state == PENDING)


# --- many images, in SQL ----------------------------------------------------------------------

def _live(alias: str, use: str | None, start: str, end: str) -> str:
    """SQL: consent ``alias`` covers [start, end] (for ``use`` if given). Named params.

    :func:`covers` in Python."""
    grants = f"({alias}.uses & :{use}) != 0 AND " if use else ""
    return (f"({grants}{alias}.signed_on <= :{start} "
            f"AND ({alias}.expires_on IS NULL OR {alias}.expires_on > :{end}) "
            f"AND ({alias}.withdrawn_on IS NULL OR {alias}.withdrawn_on > :{end}))")


def _wanted(ids: Iterable[int] | None) -> tuple[str, dict]:
    if ids is None:
        return "", {}
    return "wanted(id) AS MATERIALIZED (SELECT DISTINCT value FROM json_each(:ids)),", {
        "ids": json.dumps([int(i) for i in ids])}


def cleared_sql(use: str, start: date, end: date,
                ids: Iterable[int] | None = None) -> tuple[str, dict]:
    """``(sql, params)`` selecting ``id`` of every image cleared for ``use`` over the window.

    Set-based (no per-image Python), for search filters and bulk validation; the result
    may be used as a subquery: ``i.id IN (sql)`` (an id may come more than once).
    Images with people are read from the derived ``consent_windows``
    (:mod:`curator.consent.cache`), except those marked dirty, which are evaluated live
    like the rest. Restricted to ``ids``, the query is driven by those images.
    """
    use = check_use(use)
    check_window(start, end)
    wanted, params = _wanted(ids)
    params.update(cbit=USE_BITS[use], ca=start.isoformat(), cb=end.isoformat())
    subjects = f"""
    ok_person(id) AS MATERIALIZED (
        SELECT DISTINCT c.person_id FROM consents c JOIN people p ON p.id = c.person_id
        WHERE p.do_not_publish = 0 AND {_live('c', 'cbit', 'ca', 'cb')}
          AND (p.is_minor = 0 OR c.signed_by IS NOT NULL)),
    ok_shoot_day(shoot_id, day) AS MATERIALIZED (
        SELECT g.shoot_id, d.day FROM consents g JOIN consent_days d ON d.consent_id = g.id
        WHERE g.shoot_id IS NOT NULL
        GROUP BY g.shoot_id, d.day HAVING MIN({_live('g', 'cbit', 'ca', 'cb')}) = 1)"""
    people_live = """NOT EXISTS (
                   SELECT 1 FROM image_people ip WHERE ip.image_id = i.id
                   AND ip.person_id NOT IN ok_person)"""
    if ids is not None:
        return f"""
    WITH {wanted} {subjects}
    SELECT i.id FROM wanted w JOIN images i ON i.id = w.id
    WHERE CASE WHEN i.people_count > 0 AND i.id NOT IN (SELECT image_id FROM consent_dirty)
               THEN EXISTS (
                   SELECT 1 FROM consent_windows cw INDEXED BY consent_windows_image
                   WHERE cw.image_id = i.id
                   AND cw.use_bit = :cbit AND cw.from_day <= :ca AND cw.until_day > :cb)
               WHEN i.people_count > 0 THEN {people_live}
               WHEN i.identifiable = 0 THEN 1
               ELSE EXISTS (SELECT 1 FROM ok_shoot_day o
                            WHERE o.shoot_id = i.shoot_id AND o.day = {_day('i')}) END
    """, params
    return f"""
    WITH {subjects}
    SELECT i.id FROM images i WHERE i.identifiable = 0 AND i.people_count = 0
    UNION ALL
    SELECT i.id FROM ok_shoot_day o JOIN images i ON i.shoot_id = o.shoot_id
    WHERE {_day('i')} = o.day AND i.people_count = 0 AND i.identifiable IS NOT 0
    UNION ALL
    SELECT w.image_id FROM consent_windows w
    WHERE w.use_bit = :cbit AND w.until_day > :cb AND w.from_day <= :ca
      AND w.image_id NOT IN (SELECT image_id FROM consent_dirty)
    UNION ALL
    SELECT i.id FROM consent_dirty d CROSS JOIN images i ON i.id = d.image_id
    WHERE i.people_count > 0 AND {people_live}
    """, params


def cleared_image_ids(db: sqlite_utils.Database, image_ids: Iterable[int] | None, use: str,
                      start: date, end: date) -> set[int]:
    """The images among ``image_ids`` (``None``: all) cleared for ``use`` over the window."""
    if image_ids is not None:
        image_ids = list(image_ids)
        if not image_ids:
            check_use(use)
            check_window(start, end)
            return set()
    sql, params = cleared_sql(use, start, end, image_ids)
    return {r[0] for r in db.execute(sql, params)}


# CONSENT_STATES as ranks, best (first) highest, so that SQL can take a person's best with MAX.
_RANK = {state: len(CONSENT_STATES) - n for n, state in enumerate(CONSENT_STATES)}


def _consent_rank(alias: str, p: str) -> str:
    """SQL: the rank of what consent ``alias`` gives on day ``:p`` (:func:`consent_state`)."""
    given = {GRANTED: _live(alias, None, p, p), WITHDRAWN: f"{alias}.withdrawn_on <= :{p}",
             EXPIRED: f"{alias}.expires_on <= :{p}"}
    whens = " ".join(f"WHEN {given[s]} THEN {_RANK[s]}" for s in CONSENT_STATES if s in given)
    return f"CASE {whens} ELSE {_RANK[PENDING]} END"


def _rank_severity(rank: str) -> str:
    """SQL: a rank back to the severity it stands for."""
    return f"CASE {rank} " + " ".join(f"WHEN {r} THEN {s}" for s, r in _RANK.items()) + " END"


def _day(alias: str) -> str:
    """SQL: the day image ``alias`` belongs to (what a group release's days name)."""
    return IMAGE_DAY_SQL.format(i=alias)


def _subject_states(p: str) -> str:
    """CTEs ``person_sev``, ``shoot_day_sev`` (the group releases naming a day of a shoot)
    and ``released_shoot`` (shoots with any group release): severities on day ``:p``.

    A person takes their best consent (:func:`person_state`); a shoot's group releases
    naming a day must all hold, so that day takes the worst."""
    rank = _consent_rank("c", p)
    person_best = _rank_severity(
        f"MAX(CASE WHEN c.id IS NULL THEN {_RANK[PENDING]} "
        f"WHEN p.is_minor AND c.signed_by IS NULL THEN {_RANK[PENDING]} ELSE {rank} END)")
    return f"""
    person_sev(id, sev) AS MATERIALIZED (
        SELECT p.id, CASE WHEN p.do_not_publish THEN {REFUSED} ELSE {person_best} END
        FROM people p LEFT JOIN consents c ON c.person_id = p.id GROUP BY p.id),
    shoot_day_sev(shoot_id, day, sev) AS MATERIALIZED (
        SELECT c.shoot_id, d.day, MAX({_rank_severity(rank)})
        FROM consents c JOIN consent_days d ON d.consent_id = c.id
        WHERE c.shoot_id IS NOT NULL GROUP BY c.shoot_id, d.day),
    released_shoot(id) AS MATERIALIZED (
        SELECT DISTINCT shoot_id FROM consents WHERE shoot_id IS NOT NULL)"""


def _severity_name(col: str) -> str:
    return f"CASE {col} " + " ".join(f"WHEN {n} THEN '{s}'" for n, s in SEVERITY.items()) + \
        " END"


def status_sql(day: date, ids: Iterable[int] | None = None,
               param: str = "sd") -> tuple[str, dict]:
    """``(sql, params)`` selecting ``(id, status)`` for every image, as things stand on ``day``.

    ``granted``: every subject has a consent in force that day (any use);
    otherwise the worst subject decides: ``refused`` (do not publish) > ``withdrawn`` >
    ``expired`` > ``pending`` (no consent in force yet, or people shown but none linked).
    For a list of images; to filter by status use :func:`status_filter_sql`.
    """
    wanted, params = _wanted(ids)
    only = " AND i.id IN wanted" if ids is not None else ""
    params[param] = day.isoformat()
    sql = f"""
    WITH {wanted} {_subject_states(param)}
    SELECT i.id, CASE
        WHEN i.people_count > 0 AND i.id NOT IN (SELECT image_id FROM consent_dirty) THEN (
            SELECT cp.status FROM consent_periods cp INDEXED BY consent_periods_image
            WHERE cp.image_id = i.id
            AND cp.from_day <= :{param} AND cp.until_day > :{param})
        WHEN i.people_count > 0 THEN (
            SELECT {_severity_name('MAX(ps.sev)')} FROM image_people ip
            JOIN person_sev ps ON ps.id = ip.person_id WHERE ip.image_id = i.id)
        WHEN i.identifiable = 0 THEN 'not-needed'
        WHEN ss.sev IS NOT NULL THEN {_severity_name('ss.sev')}
        WHEN i.identifiable = 1 OR i.shoot_id IN released_shoot THEN 'pending'
        ELSE 'unknown' END AS status
    FROM images i LEFT JOIN shoot_day_sev ss
        ON ss.shoot_id = i.shoot_id AND ss.day = {_day('i')}
    WHERE 1{only}
    """
    return sql, params


def status_filter_sql(wanted: Iterable[str], day: date,
                      param: str = "sf") -> tuple[str, dict]:
    """``(sql, params)`` selecting ``id`` of every image whose status on ``day`` is in ``wanted``.

    Set-based, one branch per status, so that a filter at 100,000 images stays fast:
    images with people are read from the derived ``consent_periods`` unless dirty.
    """
    names = sorted({check_status(s) for s in wanted})
    params = {param: day.isoformat()}
    branches = []
    no_people = "i.people_count = 0"
    for name in names:
        if name == "not-needed":
            branches.append(f"SELECT i.id FROM images i WHERE i.identifiable = 0 AND {no_people}")
        elif name == "unknown":
            branches.append(
                f"SELECT i.id FROM images i WHERE i.identifiable IS NULL AND {no_people} "
                "AND (i.shoot_id IS NULL OR i.shoot_id NOT IN released_shoot)")
        else:
            sev = SEVERITY_OF[name]
            branches.append(
                f"SELECT cp.image_id FROM consent_periods cp WHERE cp.status = '{name}' "
                f"AND cp.until_day > :{param} AND cp.from_day <= :{param} "
                "AND cp.image_id NOT IN (SELECT image_id FROM consent_dirty)")
            branches.append(
                "SELECT i.id FROM consent_dirty d CROSS JOIN images i ON i.id = d.image_id "
                "WHERE i.people_count > 0 AND (SELECT MAX(ps.sev) FROM image_people ip "
                f"JOIN person_sev ps ON ps.id = ip.person_id WHERE ip.image_id = i.id) = {sev}")
            branches.append(
                "SELECT i.id FROM shoot_day_sev ss JOIN images i ON i.shoot_id = ss.shoot_id "
                f"WHERE ss.sev = {sev} AND {_day('i')} = ss.day "
                f"AND {no_people} AND i.identifiable IS NOT 0")
            if name == "pending":  # shows people (or its shoot has releases), none covers it
                branches.append(
                    f"SELECT i.id FROM images i WHERE i.identifiable IS NOT 0 AND {no_people} "
                    "AND (i.identifiable = 1 OR i.shoot_id IN released_shoot) "
                    "AND NOT EXISTS (SELECT 1 FROM shoot_day_sev ss WHERE "
                    f"ss.shoot_id = i.shoot_id AND ss.day = {_day('i')})")
    sql = f"WITH {_subject_states(param)}\n" + "\nUNION ALL\n".join(branches)
    return sql, params


def statuses(db: sqlite_utils.Database, image_ids: Iterable[int],
             day: date | None = None) -> dict[int, str]:
    """Status of each of ``image_ids`` on ``day`` (default today)."""
    ids = list(image_ids)
    if not ids:
        return {}
    sql, params = status_sql(day or date.today(), ids)
    return dict(db.execute(sql, params).fetchall())


def check_status(status: str) -> str:
    name = (status or "").strip().lower()
    if name not in STATUSES:
        raise InvalidInput(f"'{status}' is not a consent status: choose from "
                           f"{', '.join(STATUSES)}.")
    return name
