"""Partners — the organisations that receive packs — and their licences.

A licence says what a partner may do with the images of a pack: the uses granted (the
shared vocabulary of :data:`curator.consent.rule.USES`, less ``partners`` itself), the
credit line, the window it holds, its terms in words, whether people may be named and
whether AI/ML training is allowed. A licence that a pack was sent under is never changed
in place: an edit makes a new version (``version + 1``, ``supersedes_id``), so every
pack keeps the exact terms it went out with.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

import sqlite_utils

from curator.connection import transaction, utc_now
from curator.consent.rule import USES, check_use
from curator.dates import parse_date
from curator.errors import InvalidInput, NotFound
from curator.resources import RESOURCES, resource_path

# What a licence can grant: passing images on is the licence itself, not one of its uses.
LICENCE_USES = tuple(u for u in USES if u != "partners")
DEFAULT_TEMPLATE = "standard"


# --- partners ---------------------------------------------------------------------------------

def add_partner(db: sqlite_utils.Database, name: str, *, contact: str | None = None,
                email: str | None = None, notes: str | None = None) -> int:
    name = _required(name, "A partner needs a name.")
    with transaction(db):
        if db.execute("SELECT 1 FROM partners WHERE name = ?", [name]).fetchone():
            raise InvalidInput(f"There is already a partner called '{name}'.")
        return db["partners"].insert({
            "name": name, "contact": _blank(contact), "email": _email(email),
            "notes": _blank(notes), "created_at": utc_now()}).last_pk


def edit_partner(db: sqlite_utils.Database, partner_id: int, **changes: str | None) -> dict:
    """Change a partner's name, contact, e-mail or notes (``None``: unchanged)."""
    partner_of(db, partner_id)
    values = {k: v for k, v in changes.items() if v is not None}
    if "name" in values:
        values["name"] = _required(values["name"], "A partner needs a name.")
        clash = db.execute("SELECT id FROM partners WHERE name = ? AND id != ?",
                           [values["name"], partner_id]).fetchone()
        if clash:
            raise InvalidInput(f"There is already a partner called '{values['name']}'.")
    if "email" in values:
        values["email"] = _email(values["email"])
    for key in ("contact", "notes"):
        if key in values:
            values[key] = _blank(values[key])
    if values:
        with transaction(db):
            db["partners"].update(partner_id, values)
    return partner_of(db, partner_id)


def partner_of(db: sqlite_utils.Database, partner_id: int) -> dict:
    row = db.execute("SELECT id, name, contact, email, notes, created_at FROM partners "
                     "WHERE id = ?", [partner_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no partner #{partner_id} in this library.")
    return dict(zip(("id", "name", "contact", "email", "notes", "created_at"), row,
                    strict=True))


def list_partners(db: sqlite_utils.Database) -> list[dict]:
    return list(db.query(
        "SELECT p.id, p.name, p.contact, p.email, p.notes, p.created_at, "
        "(SELECT COUNT(*) FROM licences l WHERE l.partner_id = p.id AND NOT EXISTS "
        " (SELECT 1 FROM licences n WHERE n.supersedes_id = l.id)) AS licences, "
        "(SELECT COUNT(*) FROM exports e WHERE e.partner_id = p.id AND e.kind IN ('pack', 'kit')) "
        "AS packs "
        "FROM partners p ORDER BY p.name COLLATE NOCASE"))


# --- licences ---------------------------------------------------------------------------------

@dataclass(frozen=True)
class Licence:
    id: int
    partner_id: int
    partner: str
    partner_contact: str | None
    partner_email: str | None
    name: str
    version: int
    supersedes_id: int | None
    superseded_by: int | None
    uses: tuple[str, ...]
    attribution: str | None
    valid_from: date
    expires_on: date
    terms: str
    allow_names: bool
    allow_ai_training: bool
    licensor: str | None
    licensor_email: str | None
    licensor_url: str | None
    created_at: str
    used: bool

    def to_json(self) -> dict:
        return {
            "id": self.id, "partner_id": self.partner_id, "partner": self.partner,
            "name": self.name, "version": self.version, "supersedes_id": self.supersedes_id,
            "superseded_by": self.superseded_by, "uses": list(self.uses),
            "attribution": self.attribution, "valid_from": self.valid_from.isoformat(),
            "expires_on": self.expires_on.isoformat(), "terms": self.terms,
            "allow_names": self.allow_names, "allow_ai_training": self.allow_ai_training,
            "licensor": self.licensor, "licensor_email": self.licensor_email,
            "licensor_url": self.licensor_url,
            "created_at": self.created_at, "used": self.used,
        }


def parse_licence_uses(text: str | None) -> tuple[str, ...]:
    """``"online,print"`` → ``("online", "print")`` in vocabulary order; InvalidInput if empty."""
    names = {check_use(u) for u in (text or "").split(",") if u.strip()}
    if "partners" in names:
        raise InvalidInput("A licence grants uses to a partner: choose from "
                           f"{', '.join(LICENCE_USES)} ('partners' is implied).")
    if not names:
        raise InvalidInput(f"A licence must grant at least one use: {', '.join(LICENCE_USES)}.")
    return tuple(u for u in LICENCE_USES if u in names)


def template_text(name: str = DEFAULT_TEMPLATE) -> str:
    """The editable terms template ``resources/licences/<name>.txt``."""
    safe = "".join(c for c in name if c.isalnum() or c in "-_")
    if not safe:
        raise InvalidInput(f"'{name}' is not a licence template name.")
    if not (RESOURCES / "licences" / f"{safe}.txt").is_file():
        raise InvalidInput(f"There is no licence template '{name}': choose from "
                           f"{', '.join(templates())}.")
    return resource_path("licences", f"{safe}.txt").read_text(encoding="utf-8")


def templates() -> list[str]:
    folder = resource_path("licences")
    return sorted(p.stem for p in folder.glob("*.txt"))


def add_licence(db: sqlite_utils.Database, partner_id: int, *, uses: str | tuple[str, ...],
                expires_on: str | date, valid_from: str | date | None = None,
                name: str | None = None, attribution: str | None = None,
                terms: str | None = None, template: str | None = None,
                allow_names: bool = False, allow_ai_training: bool = False,
                licensor: str | None = None, licensor_email: str | None = None,
                licensor_url: str | None = None) -> int:
    partner = partner_of(db, partner_id)
    granted = parse_licence_uses(uses if isinstance(uses, str) else ",".join(uses))
    start = _day(valid_from, "start date") or date.today()
    end = _day(expires_on, "expiry date")
    if end is None:
        raise InvalidInput("A licence needs an expiry date (--expires YYYY-MM-DD).")
    _check_window(start, end)
    if terms is None:
        terms = template_text(template or DEFAULT_TEMPLATE)
    with transaction(db):
        return db["licences"].insert({
            "partner_id": partner_id,
            "name": _blank(name) or f"Licence for {partner['name']}",
            "version": 1, "supersedes_id": None, "uses": ",".join(granted),
            "attribution": _blank(attribution), "valid_from": start.isoformat(),
            "expires_on": end.isoformat(), "terms": terms,
            "allow_names": int(bool(allow_names)),
            "allow_ai_training": int(bool(allow_ai_training)),
            "licensor": _blank(licensor), "licensor_email": _email(licensor_email),
            "licensor_url": _url(licensor_url), "created_at": utc_now(),
        }).last_pk


_EDITABLE = ("name", "uses", "attribution", "valid_from", "expires_on", "terms",
             "allow_names", "allow_ai_training", "licensor", "licensor_email", "licensor_url")


def edit_licence(db: sqlite_utils.Database, licence_id: int, **changes) -> int:
    """Change a licence; returns the id that now holds the terms.

    A licence no pack was sent under is changed in place. One that a pack used stays
    as it is and a new version is made (the same partner, ``version + 1``,
    ``supersedes_id`` pointing back); later packs use the new one.
    """
    current = licence_of(db, licence_id)
    if current.superseded_by is not None:
        raise InvalidInput(f"Licence #{licence_id} was replaced by #{current.superseded_by}: "
                           "edit the latest version.")
    unknown = set(changes) - set(_EDITABLE)
    if unknown:
        raise InvalidInput(f"A licence has no field {', '.join(sorted(unknown))}.")
    row = {
        "name": current.name, "uses": ",".join(current.uses),
        "attribution": current.attribution, "valid_from": current.valid_from.isoformat(),
        "expires_on": current.expires_on.isoformat(), "terms": current.terms,
        "allow_names": int(current.allow_names),
        "allow_ai_training": int(current.allow_ai_training),
        "licensor": current.licensor, "licensor_email": current.licensor_email,
        "licensor_url": current.licensor_url,
    }
    for key, value in changes.items():
        if value is None:
            continue
        if key == "uses":
            value = ",".join(parse_licence_uses(value if isinstance(value, str)
                                                else ",".join(value)))
        elif key in ("valid_from", "expires_on"):
            value = _day(value, "date").isoformat()
        elif key in ("allow_names", "allow_ai_training"):
            value = int(bool(value))
        elif key == "name":
            value = _required(value, "A licence needs a name.")
        elif key in ("attribution", "licensor"):
            value = _blank(value)
        elif key == "licensor_email":
            value = _email(value)
        elif key == "licensor_url":
            value = _url(value)
        row[key] = value
    _check_window(date.fromisoformat(row["valid_from"]), date.fromisoformat(row["expires_on"]))
    with transaction(db):
        if not current.used:
            db["licences"].update(licence_id, row)
            return licence_id
        return db["licences"].insert({
            **row, "partner_id": current.partner_id, "version": current.version + 1,
            "supersedes_id": licence_id, "created_at": utc_now()}).last_pk


_LICENCE_SQL = """
SELECT l.id, l.partner_id, p.name, p.contact, p.email, l.name, l.version, l.supersedes_id,
       (SELECT n.id FROM licences n WHERE n.supersedes_id = l.id ORDER BY n.id LIMIT 1),
       l.uses, l.attribution, l.valid_from, l.expires_on, COALESCE(l.terms, ''),
       l.allow_names, l.allow_ai_training, l.licensor, l.licensor_email, l.licensor_url,
       l.created_at,
       EXISTS (SELECT 1 FROM exports e WHERE e.licence_id = l.id)
FROM licences l JOIN partners p ON p.id = l.partner_id
"""


def _licence(row) -> Licence:
    (lid, pid, partner, contact, email, name, version, supersedes, superseded, uses, attribution,
     valid_from, expires_on, terms, allow_names, allow_ai, licensor, licensor_email,
     licensor_url, created, used) = row
    return Licence(lid, pid, partner, contact, email, name, version, supersedes, superseded,
                   tuple(u for u in uses.split(",") if u), attribution,
                   date.fromisoformat(valid_from), date.fromisoformat(expires_on), terms,
                   bool(allow_names), bool(allow_ai), licensor, licensor_email, licensor_url,
                   created, bool(used))


def licence_of(db: sqlite_utils.Database, licence_id: int) -> Licence:
    row = db.execute(_LICENCE_SQL + " WHERE l.id = ?", [licence_id]).fetchone()
    if row is None:
        raise NotFound(f"There is no licence #{licence_id} in this library.")
    return _licence(row)


def list_licences(db: sqlite_utils.Database, partner_id: int | None = None, *,
                  all_versions: bool = False) -> list[Licence]:
    where, params = [], []
    if partner_id is not None:
        partner_of(db, partner_id)
        where.append("l.partner_id = ?")
        params.append(partner_id)
    if not all_versions:
        where.append("NOT EXISTS (SELECT 1 FROM licences n WHERE n.supersedes_id = l.id)")
    sql = _LICENCE_SQL + (" WHERE " + " AND ".join(where) if where else "") + \
        " ORDER BY p.name COLLATE NOCASE, l.id"
    return [_licence(r) for r in db.execute(sql, params)]


# --- small helpers ----------------------------------------------------------------------------

def _blank(text: str | None) -> str | None:
    text = (text or "").strip()
    return text or None


def _required(text: str | None, message: str) -> str:
    value = _blank(text)
    if value is None:
        raise InvalidInput(message)
    return value


def _email(text: str | None) -> str | None:
    value = _blank(text)
    if value is not None and ("@" not in value or any(c.isspace() for c in value)):
        raise InvalidInput(f"'{value}' does not look like an e-mail address.")
    return value


def _url(text: str | None) -> str | None:
    value = _blank(text)
    if value is not None and (not value.lower().startswith(("https://", "http://"))
                              or any(c.isspace() or ord(c) < 0x20 for c in value)):
        raise InvalidInput(f"'{value}' is not a web address (https://…).")
    return value


def _day(value: str | date | None, what: str) -> date | None:
    if value is None or isinstance(value, date):
        return value
    return parse_date(value, what)


def _check_window(start: date, end: date) -> None:
    if end < start:
        raise InvalidInput(f"The licence expires ({end.isoformat()}) before it starts "
                           f"({start.isoformat()}).")
