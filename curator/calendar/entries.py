"""The consent calendar: which pictures stop being usable, where, and when.

::

    from datetime import date
    from curator.calendar.entries import calendar_entries

    for e in calendar_entries(db, library, date(2025, 1, 1), date(2025, 12, 31)):
        print(e.day, e.kind, e.title)       # 2025-06-01 consent-ends-on-wall Take 2 photos …
        print("  ", e.todo)

Each :class:`Entry` is one dated event a curator must act on:

``consent-ends-on-wall``
    a consent (or group release) ends while its photos hang at a venue: they come off that
    wall by that day. Dated the day the consent stops counting.
``consent-ends-during-licence``
    a consent ends inside the licence window of a partner who holds the photos (the export
    log says who holds what): the partner must be told.
``licence-ends``
    a partner's licence reaches its last day.
``minor-turns-18``
    a person marked minor, whose date of birth is known, turns 18: a parent's or guardian's
    signature no longer speaks for them.
``venue-opens-with-blockers``
    a venue opens while :func:`curator.exhibitions.validation.validate` still reports
    blockers for its exhibition.
``consent-ends``
    a consent or group release with an end date ends (the photos it covers stop being
    cleared for its uses unless another consent covers them) — unless a wall or partner
    entry of that consent already names every photo it covers.

Whether a picture is usable is never decided here: the day a photo must come off a wall (or
a partner must be told) is the first day on which :func:`curator.consent.rule.cleared_image_ids`
no longer clears it over the window, searched among the end and withdrawal days of the
consents that speak for it (the only days on which the answer can change). Those consents are
then named as the cause.

Every entry has a stable ``uid`` built from its kind and the ids involved (never from row order
or wording), so re-exporting the calendar updates an event instead of adding a second one.
Entries that name a photographed person (``carries_names``) also carry a wording without the
name (``title_without_names``/``todo_without_names``), which the iCalendar export uses by
default: a calendar file may be synced to a server, the listing on this machine need not hide.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta

import sqlite_utils

from curator.consent import rule as consent
from curator.exhibitions import sets as exhibitions
from curator.exhibitions.validation import validate
from curator.export.partners import list_licences
from curator.library import Library
from curator.reads import select_in

KINDS: dict[str, str] = {
    "consent-ends-on-wall": "A consent ends while its photos hang at a venue",
    "consent-ends-during-licence": "A consent ends during a partner's licence",
    "licence-ends": "A partner's licence ends",
    "minor-turns-18": "A child in the photos turns 18",
    "venue-opens-with-blockers": "A venue opens while blockers stand",
    "consent-ends": "A consent ends",
}
ADULT_AGE = 18
DEFAULT_DAYS = 365  # the listing's default reach: today to a year ahead

# How near an entry is, in words (the GUI adds a colour, never instead of these).
PAST, THIS_WEEK, THIS_MONTH, LATER = "past", "within 7 days", "within 30 days", "later"
URGENCIES = (PAST, THIS_WEEK, THIS_MONTH, LATER)


@dataclass(frozen=True)
class Entry:
    """One dated event of the consent calendar."""

    kind: str
    day: date
    title: str
    todo: str
    key: tuple[tuple[str, int], ...]  # the ids that make the event what it is: the uid
    image_ids: tuple[int, ...] = ()
    exhibition_ids: tuple[int, ...] = ()
    venue_ids: tuple[int, ...] = ()
    partner_ids: tuple[int, ...] = ()
    licence_ids: tuple[int, ...] = ()
    person_ids: tuple[int, ...] = ()
    consent_ids: tuple[int, ...] = ()
    title_without_names: str = ""
    todo_without_names: str = ""
    carries_names: bool = False

    @property
    def uid(self) -> str:
        """``consent-ends-on-wall.consent-14.venue-3@curator``: the same event, the same uid."""
        return ".".join([self.kind, *(f"{name}-{value}" for name, value in self.key)]) + "@curator"

    def text(self, names: bool = True) -> tuple[str, str]:
        """(title, what to do), with or without the names of photographed people."""
        if names or not self.carries_names:
            return self.title, self.todo
        return self.title_without_names, self.todo_without_names

    def urgency(self, today: date) -> str:
        return urgency(self.day, today)

    def to_json(self, today: date | None = None) -> dict:
        out = {
            "uid": self.uid, "date": self.day.isoformat(), "kind": self.kind,
            "title": self.title, "todo": self.todo, "carries_names": self.carries_names,
            "image_ids": list(self.image_ids), "exhibition_ids": list(self.exhibition_ids),
            "venue_ids": list(self.venue_ids), "partner_ids": list(self.partner_ids),
            "licence_ids": list(self.licence_ids), "person_ids": list(self.person_ids),
            "consent_ids": list(self.consent_ids),
        }
        if today is not None:
            out["urgency"] = self.urgency(today)
        return out


def urgency(day: date, today: date) -> str:
    """:data:`PAST`, :data:`THIS_WEEK` (today included), :data:`THIS_MONTH` or :data:`LATER`."""
    days = (day - today).days
    if days < 0:
        return PAST
    if days <= 7:
        return THIS_WEEK
    return THIS_MONTH if days <= 30 else LATER


def due_soon(entries: Iterable[Entry], today: date, days: int = 30) -> list[Entry]:
    """The entries dated from ``today`` to ``days`` ahead (the window's badge)."""
    last = today + timedelta(days=days)
    return [e for e in entries if today <= e.day <= last]


def default_window(today: date) -> tuple[date, date]:
    return today, today + timedelta(days=DEFAULT_DAYS)


# --- building the calendar ----------------------------------------------------------------

@dataclass
class _Consent:
    id: int
    person_id: int | None
    shoot_id: int | None
    uses: int
    expires_on: date | None
    withdrawn_on: date | None
    person: str | None
    shoot: str | None

    def ends_on(self) -> date | None:
        """The first day this consent no longer counts: its end, or a withdrawal dated before."""
        days = [d for d in (self.expires_on, self.withdrawn_on) if d is not None]
        return min(days) if days else None

    def name(self, names: bool = True) -> str:
        if self.person_id is None:
            return f"the group release for '{self.shoot}' (form #{self.id})"
        if names:
            return f"{_possessive(self.person or '')} consent (form #{self.id})"
        return f"consent form #{self.id} (person #{self.person_id})"


@dataclass
class _Facts:
    db: sqlite_utils.Database
    consents: dict[int, _Consent] = field(default_factory=dict)
    # image id → ids of the consents that speak for it (its people's, else its group releases)
    subjects: dict[int, list[int]] = field(default_factory=dict)


def calendar_entries(db: sqlite_utils.Database, library: Library, start: date, end: date,
                     today: date | None = None) -> list[Entry]:
    """Every entry dated from ``start`` to ``end`` (both included), by date.

    ``today`` is the day validation runs for (the default: the real today).
    """
    consent.check_window(start, end)
    today = today or date.today()
    facts = _Facts(db, _all_consents(db))
    entries: list[Entry] = []
    entries += _on_the_wall(facts, start, end)
    entries += _partners_to_tell(facts, start, end)
    entries += _licences_ending(db, start, end)
    entries += _minors_turning_18(db, start, end)
    entries += _venues_opening_blocked(db, library, start, end, today)
    # A consent's own entry only when a wall or a partner entry does not already name
    # every photo it covers (one event, one entry).
    named: dict[int, set[int]] = defaultdict(set)
    for e in entries:
        if e.kind in ("consent-ends-on-wall", "consent-ends-during-licence"):
            named[e.consent_ids[0]].update(e.image_ids)
    entries += _consents_ending(facts, start, end, named)
    order = {kind: n for n, kind in enumerate(KINDS)}
    entries.sort(key=lambda e: (e.day, order[e.kind], e.uid))
    return entries


def _all_consents(db: sqlite_utils.Database) -> dict[int, _Consent]:
    out = {}
    for (cid, person_id, shoot_id, uses, expires, withdrawn, person, shoot) in db.execute(
        "SELECT c.id, c.person_id, c.shoot_id, c.uses, c.expires_on, c.withdrawn_on, "
        "p.label, s.title FROM consents c LEFT JOIN people p ON p.id = c.person_id "
        "LEFT JOIN shoots s ON s.id = c.shoot_id"
    ):
        out[cid] = _Consent(cid, person_id, shoot_id, uses, _day(expires), _day(withdrawn),
                            person, shoot)
    return out


def _load_subjects(facts: _Facts, image_ids: Iterable[int]) -> None:
    wanted = sorted({int(i) for i in image_ids} - set(facts.subjects))
    if not wanted:
        return
    for i in wanted:
        facts.subjects[i] = []
    for image_id, consent_id in select_in(
        facts.db, "SELECT ip.image_id, c.id FROM image_people ip JOIN consents c "
                  "ON c.person_id = ip.person_id WHERE ip.image_id IN ({ids})", wanted):
        facts.subjects[image_id].append(consent_id)
    day = consent.IMAGE_DAY_SQL.format(i="i")
    for image_id, consent_id in select_in(
        facts.db, "SELECT i.id, c.id FROM images i JOIN consents c ON c.shoot_id = i.shoot_id "
                  f"JOIN consent_days d ON d.consent_id = c.id AND d.day = {day} "
                  "WHERE i.people_count = 0 AND i.id IN ({ids})", wanted):
        facts.subjects[image_id].append(consent_id)


def _ending(facts: _Facts, image_ids: Sequence[int], uses: Sequence[str], start: date,
            end: date) -> dict[int, tuple[date, list[int]]]:
    """Image → (the first day in (start, end] it stops being cleared for every one of
    ``uses`` over [start, that day], the consents ending that day) — for the images cleared
    on ``start`` itself; the rule decides, the consents only name the cause."""
    ids = sorted(set(image_ids))
    if not ids or end <= start:
        return {}
    _load_subjects(facts, ids)
    cleared = _cleared(facts.db, ids, uses, start, start)
    by_day: dict[date, list[int]] = defaultdict(list)
    for i in cleared:
        days = {facts.consents[c].expires_on for c in facts.subjects[i]} | \
               {facts.consents[c].withdrawn_on for c in facts.subjects[i]}
        for d in days:
            if d is not None and start < d <= end:
                by_day[d].append(i)
    found: dict[int, tuple[date, list[int]]] = {}
    for d in sorted(by_day):
        testing = [i for i in by_day[d] if i not in found]
        still = _cleared(facts.db, testing, uses, start, d)
        for i in testing:
            if i not in still:
                causes = [c for c in facts.subjects[i]
                          if d in (facts.consents[c].expires_on, facts.consents[c].withdrawn_on)]
                found[i] = (d, sorted(causes))
    return found


def _cleared(db: sqlite_utils.Database, ids: list[int], uses: Sequence[str], start: date,
             end: date) -> set[int]:
    out = set(ids)
    for use in uses:
        if not out:
            break
        out &= consent.cleared_image_ids(db, sorted(out), use, start, end)
    return out


def _by_cause(ending: dict[int, tuple[date, list[int]]]) -> dict[tuple[int, date], list[int]]:
    """(consent id, day) → the images that stop being cleared because of it that day."""
    out: dict[tuple[int, date], list[int]] = defaultdict(list)
    for image_id, (d, causes) in ending.items():
        for c in causes:
            out[(c, d)].append(image_id)
    return out


def _on_the_wall(facts: _Facts, start: date, end: date) -> list[Entry]:
    db = facts.db
    venues = list(db.query(
        "SELECT v.id, v.exhibition_id, v.name, v.opens_on, v.closes_on, e.title "
        "FROM exhibition_venues v JOIN exhibitions e ON e.id = v.exhibition_id "
        "WHERE v.closes_on >= ? AND v.opens_on < ? ORDER BY v.opens_on, v.id",
        [start.isoformat(), end.isoformat()]))
    shown: dict[int, list[int]] = {}
    out = []
    for v in venues:
        exh_id = v["exhibition_id"]
        if exh_id not in shown:
            shown[exh_id] = sorted({r[0] for r in db.execute(
                "SELECT image_id FROM exhibition_items WHERE exhibition_id = ?", [exh_id])})
        opens, closes = date.fromisoformat(v["opens_on"]), date.fromisoformat(v["closes_on"])
        ending = _ending(facts, shown[exh_id], ["exhibition"], opens, min(closes, end))
        for (cid, d), images in sorted(_by_cause(ending).items()):
            if not start <= d <= end:
                continue
            c = facts.consents[cid]
            photos = _photos(images)

            def words(names: bool, c=c, d=d, photos=photos, v=v) -> tuple[str, str]:
                title = (f"Take {photos} off the wall at {v['name']} ('{v['title']}'): "
                         f"{c.name(names)} ends")
                todo = (f"{_capital(c.name(names))} no longer covers exhibition use from "
                        f"{d.isoformat()}, while '{v['title']}' is at {v['name']} until "
                        f"{v['closes_on']}: the last day these may hang is "
                        f"{(d - timedelta(days=1)).isoformat()}. Take {photos} down, or "
                        "record a renewed consent that covers the rest of the run.")
                return title, todo

            out.append(_entry("consent-ends-on-wall", d, words, c,
                              (("consent", cid), ("venue", v["id"])), image_ids=images,
                              exhibition_ids=(exh_id,), venue_ids=(v["id"],),
                              consent_ids=(cid,), person_ids=_person(c)))
    return out


def _licence_roots(db: sqlite_utils.Database) -> dict[int, int]:
    """Licence id → the id of its first version (an edit makes a new row; the event stays)."""
    parent = dict(db.execute("SELECT id, supersedes_id FROM licences").fetchall())
    roots = {}
    for lid in parent:
        root, seen = lid, set()
        while parent.get(root) is not None and root not in seen:
            seen.add(root)
            root = parent[root]
        roots[lid] = root
    return roots


def _held(db: sqlite_utils.Database, roots: dict[int, int]) -> dict[int, list[int]]:
    """Licence root → the images its partner holds under any version of it (export log)."""
    held: dict[int, set[int]] = defaultdict(set)
    for licence_id, image_id in db.execute(
        "SELECT e.licence_id, x.image_id FROM exports e JOIN export_items x "
        "ON x.export_id = e.id WHERE e.partner_id IS NOT NULL AND e.licence_id IS NOT NULL"
    ):
        held[roots.get(licence_id, licence_id)].add(image_id)
    return {root: sorted(ids) for root, ids in held.items()}


def _partners_to_tell(facts: _Facts, start: date, end: date) -> list[Entry]:
    db = facts.db
    roots = _licence_roots(db)
    held = _held(db, roots)
    out = []
    for lic in list_licences(db):
        root = roots[lic.id]
        images = held.get(root, [])
        if not images or lic.expires_on < start or lic.valid_from >= end:
            continue
        uses = [*lic.uses, "partners"]
        ending = _ending(facts, images, uses, lic.valid_from, min(lic.expires_on, end))
        for (cid, d), ids in sorted(_by_cause(ending).items()):
            if not start <= d <= end:
                continue
            c = facts.consents[cid]
            photos = _photos(ids)

            def words(names: bool, c=c, d=d, photos=photos, lic=lic) -> tuple[str, str]:
                title = f"Tell {lic.partner}: {c.name(names)} ends during their licence"
                todo = (f"{lic.partner} holds {photos} under licence #{lic.id} "
                        f"'{lic.name}' (to {lic.expires_on.isoformat()}); "
                        f"{c.name(names)} no longer covers them from {d.isoformat()}. "
                        f"Tell {lic.partner} to stop using them from that day, or record a "
                        "renewed consent first.")
                return title, todo

            out.append(_entry("consent-ends-during-licence", d, words, c,
                              (("consent", cid), ("licence", root)), image_ids=ids,
                              partner_ids=(lic.partner_id,), licence_ids=(lic.id,),
                              consent_ids=(cid,), person_ids=_person(c)))
    return out


def _licences_ending(db: sqlite_utils.Database, start: date, end: date) -> list[Entry]:
    roots = _licence_roots(db)
    held = _held(db, roots)
    out = []
    for lic in list_licences(db):
        if not start <= lic.expires_on <= end:
            continue
        images = held.get(roots[lic.id], [])
        holds = (f"they hold {_photos(images)} under it: after this day they may no longer "
                 "use them." if images else "no pack was sent under it.")
        title = f"{_possessive(lic.partner)} licence #{lic.id} ends (its last day)"
        todo = (f"Licence #{lic.id} '{lic.name}' for {lic.partner} runs to "
                f"{lic.expires_on.isoformat()}; "
                f"{holds} Renew it (a new version: `curator licence edit {lic.id} --expires "
                "…`) or remind them to take the photos down.")
        out.append(Entry("licence-ends", lic.expires_on, title, todo,
                         (("licence", roots[lic.id]),), image_ids=tuple(images),
                         partner_ids=(lic.partner_id,), licence_ids=(lic.id,),
                         title_without_names=title, todo_without_names=todo))
    return out


def coming_of_age(born: date, years: int = ADULT_AGE) -> date:
    """The birthday ``years`` on; someone born on 29 February comes of age on 1 March."""
    try:
        return born.replace(year=born.year + years)
    except ValueError:
        return date(born.year + years, 3, 1)


def _minors_turning_18(db: sqlite_utils.Database, start: date, end: date) -> list[Entry]:
    out = []
    for person_id, label, born_text in db.execute(
        "SELECT id, label, born_on FROM people WHERE is_minor = 1 AND born_on IS NOT NULL "
        "ORDER BY id"
    ):
        born = _day(born_text)
        if born is None:
            continue
        d = coming_of_age(born)
        if not start <= d <= end:
            continue
        images = sorted(r[0] for r in db.execute(
            "SELECT image_id FROM image_people WHERE person_id = ?", [person_id]))
        touring = []
        for exh_id in exhibitions.items_holding(db, images):
            title = exhibitions.get(db, exh_id)["title"]
            for v in exhibitions.venues(db, exh_id):
                if v["closes"] >= d.isoformat():
                    touring.append((exh_id, v, title))
        tour = "; ".join(f"'{t}' at {v['name']} ({v['opens']} to {v['closes']})"
                         for _, v, t in touring)
        still = f" Their photos are still on tour then: {tour}." if tour else ""

        def words(names: bool, label=label, person_id=person_id, d=d, images=images,
                  still=still) -> tuple[str, str]:
            who = label if names else f"Person #{person_id}"
            title = f"{who} turns {ADULT_AGE}: their own consent is now needed"
            todo = (f"From {d.isoformat()} a parent's or guardian's signature no longer speaks "
                    f"for {who}, who is in {_photos(images)}. Ask them to sign a release of their own, "
                    f"record it, and mark them adult (`curator person edit {person_id} "
                    f"--adult`).{still}")
            return title, todo

        title, todo = words(True)
        plain_title, plain_todo = words(False)
        out.append(Entry("minor-turns-18", d, title, todo, (("person", person_id),),
                         image_ids=tuple(images),
                         exhibition_ids=tuple(sorted({e for e, _, _ in touring})),
                         venue_ids=tuple(v["id"] for _, v, _ in touring),
                         person_ids=(person_id,), title_without_names=plain_title,
                         todo_without_names=plain_todo, carries_names=True))
    return out


def _venues_opening_blocked(db: sqlite_utils.Database, library: Library, start: date,
                            end: date, today: date) -> list[Entry]:
    opening: dict[int, list[dict]] = defaultdict(list)
    for row in db.query(
        "SELECT id, exhibition_id, name, opens_on, closes_on FROM exhibition_venues "
        "WHERE opens_on BETWEEN ? AND ? ORDER BY opens_on, id",
        [start.isoformat(), end.isoformat()]
    ):
        opening[row["exhibition_id"]].append(row)
    out = []
    for exh_id, venues in opening.items():
        report = validate(db, library, exh_id, today=today)
        blockers = report.blockers
        if not blockers:
            continue
        images = tuple(sorted({p.image_id for p in blockers if p.image_id is not None}))
        first = blockers[0]
        where = "Tour" if first.position is None else \
            f"Position {first.position} (image #{first.image_id})"
        more = f" (and {len(blockers) - 1} more)" if len(blockers) > 1 else ""
        # Clearance's reasons name the people; the wording without names gives the codes.
        codes = "; ".join(f"{'tour' if p.position is None else f'position {p.position}'}: "
                          f"{p.code}" for p in blockers[:8])
        codes += f" and {len(blockers) - 8} more" if len(blockers) > 8 else ""
        named = any(p.code == "not-cleared" for p in blockers)
        for v in venues:
            n = len(blockers)
            title = (f"'{report.title}' opens at {v['name']} with {n} blocker"
                     f"{'s' if n != 1 else ''} standing")
            how = (f"Resolve them before {v['opens_on']} (Exhibitions mode, or `curator "
                   f"exhibition validate {exh_id}`).")
            out.append(Entry("venue-opens-with-blockers", date.fromisoformat(v["opens_on"]),
                             title, f"{how} {where}: {first.message}{more}",
                             (("venue", v["id"]),), image_ids=images,
                             exhibition_ids=(exh_id,), venue_ids=(v["id"],),
                             title_without_names=title,
                             todo_without_names=f"{how} Blockers: {codes}.",
                             carries_names=named))
    return out


def _consents_ending(facts: _Facts, start: date, end: date,
                     named: dict[int, set[int]]) -> list[Entry]:
    ending = {cid: c for cid, c in facts.consents.items()
              if c.expires_on is not None and start <= c.expires_on <= end
              and (c.withdrawn_on is None or c.withdrawn_on > c.expires_on)}
    if not ending:
        return []
    covered: dict[int, list[int]] = defaultdict(list)
    ids = sorted(ending)
    for cid, image_id in select_in(
        facts.db, "SELECT c.id, ip.image_id FROM consents c JOIN image_people ip "
                  "ON ip.person_id = c.person_id WHERE c.id IN ({ids})", ids):
        covered[cid].append(image_id)
    day = consent.IMAGE_DAY_SQL.format(i="i")
    for cid, image_id in select_in(
        facts.db, "SELECT c.id, i.id FROM consents c JOIN consent_days d ON d.consent_id = c.id "
                  f"JOIN images i ON i.shoot_id = c.shoot_id AND {day} = d.day "
                  "WHERE i.people_count = 0 AND i.identifiable IS NOT 0 AND c.id IN ({ids})",
        ids):
        covered[cid].append(image_id)
    out = []
    for cid, c in ending.items():
        images = sorted(set(covered.get(cid, ())))
        if not images or set(images) <= named.get(cid, set()):
            continue
        uses = ", ".join(consent.uses_of(c.uses))

        def words(names: bool, c=c, images=images, uses=uses) -> tuple[str, str]:
            title = f"{_capital(c.name(names))} ends"
            todo = (f"From {c.expires_on.isoformat()} it no longer covers {_photos(images)} "
                    f"for {uses}. Ask for a renewal if they are still to be used; until one "
                    "is recorded they are not cleared by this consent.")
            return title, todo

        out.append(_entry("consent-ends", c.expires_on, words, c, (("consent", cid),),
                          image_ids=images, consent_ids=(cid,), person_ids=_person(c)))
    return out


# --- small helpers --------------------------------------------------------------------------

def _entry(kind: str, day: date, words, c: _Consent, key: tuple[tuple[str, int], ...],
           **ids: Sequence[int]) -> Entry:
    title, todo = words(True)
    plain_title, plain_todo = words(False)
    return Entry(kind, day, title, todo, key,
                 **{name: tuple(values) for name, values in ids.items()},
                 title_without_names=plain_title, todo_without_names=plain_todo,
                 carries_names=c.person_id is not None)


def _person(c: _Consent) -> tuple[int, ...]:
    return () if c.person_id is None else (c.person_id,)


def _photos(ids: Sequence[int]) -> str:
    shown = ", ".join(f"#{i}" for i in list(ids)[:8])
    more = f" and {len(ids) - 8} more" if len(ids) > 8 else ""
    return f"{len(ids)} photo{'s' if len(ids) != 1 else ''} ({shown}{more})"


def _day(text: str | None) -> date | None:
    try:
        return date.fromisoformat(text) if text else None
    except ValueError:
        return None


def _possessive(label: str) -> str:
    return f"{label}'" if label.endswith(("s", "S")) else f"{label}'s"


def _capital(text: str) -> str:
    return text[:1].upper() + text[1:]
