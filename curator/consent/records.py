"""Consent records: a person's signed release, or a group release attached to a shoot.

A record holds the uses granted (:data:`curator.consent.rule.USES`), when it was signed and by
whom, when it expires, and — once withdrawn — when and why. The scan of the signed form
is copied into ``<library>/consent-forms/`` (personal data: never exported) and its
sha256 kept, so a scan's bytes can be checked against every export.

A group release covers the images of its shoot taken on the event day(s) it names
(``consent_days``; an image's day is its capture date, else its import date): pictures
filed under the shoot later, from other days, stay pending until :func:`extend_release`
names their day too.

Rules enforced here: a minor's consent records who signed it (a parent or guardian);
a release expires after it is signed; a withdrawal is dated on or after the signing and
not in the future, and takes effect for every window that ends on or after that day.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import stat
from collections.abc import Iterable
from datetime import date
from pathlib import Path

import sqlite_utils

from curator import audit
from curator.connection import transaction, utc_now
from curator.consent import cache as consent_cache
from curator.consent import rule as consent
from curator.consent.people import get_person
from curator.consent.rule import IMAGE_DAY_SQL
from curator.errors import InvalidInput, NotFound
from curator.library import Library
from curator.reads import shoot_id as shoot_id_of

FORM_SUFFIXES = {".pdf", ".jpg", ".jpeg", ".png", ".tif", ".tiff", ".heic", ".webp"}


def add_consent(db: sqlite_utils.Database, library: Library, *, uses: int,
                person_id: int | None = None, shoot: str | None = None,
                signed_on: date | None = None, expires_on: date | None = None,
                signed_by: str | None = None, witness: str | None = None,
                form: Path | None = None, form_version: str | None = None,
                notes: str | None = None, days: Iterable[date] | None = None) -> int:
    """Record a release for a person or (``shoot`` title) a group release; returns its id.

    :param days: a group release's event days; default: the days of the shoot's pictures
        as it stands (the release covers what was taken then, not what is filed later).
    """
    if (person_id is None) == (shoot is None):
        raise InvalidInput("A consent is for one person (--person ID) or one shoot's group "
                           "release (--shoot TITLE).")
    if not 0 < uses < 1 << len(consent.USES):
        raise InvalidInput(f"Name at least one use: {', '.join(consent.USES)}.")
    signed_on = signed_on or date.today()
    if expires_on is not None and expires_on <= signed_on:
        raise InvalidInput(f"The consent expires ({expires_on.isoformat()}) on or before the "
                           f"day it is signed ({signed_on.isoformat()}).")
    signed_by = (signed_by or "").strip() or None
    shoot_id = None
    release_days = sorted({d.isoformat() for d in days}) if days is not None else None
    if person_id is not None and release_days is not None:
        raise InvalidInput("Event days (--days) belong to a group release (--shoot), not to "
                           "a person's consent.")
    if person_id is not None:
        person = get_person(db, person_id)
        if person["is_minor"] and not signed_by:
            signed_by = person["guardian"]
        if person["is_minor"] and not signed_by:
            raise InvalidInput(
                f"{person['label']} (person #{person_id}) is a minor: their consent must be "
                "signed by a parent or guardian — give --signed-by NAME (or record the "
                "guardian on the person).")
    else:
        shoot_id = shoot_id_of(db, shoot)
        if release_days is None:
            release_days = [r[0] for r in db.execute(
                f"SELECT DISTINCT {IMAGE_DAY_SQL.format(i='i')} AS day FROM images i "
                "WHERE i.shoot_id = ? ORDER BY day", [shoot_id])]
        if not release_days:
            raise InvalidInput(f"The shoot '{shoot}' has no pictures yet: name the event "
                               "day(s) the release was signed for with --days YYYY-MM-DD.")
    if form is not None:
        form = Path(form)
        _check_form(form)
        if form.suffix.lower() not in FORM_SUFFIXES:
            raise InvalidInput(f"{form.name} is not a scan Curator keeps: use one of "
                               f"{', '.join(sorted(FORM_SUFFIXES))}.")
    record = {
        "person_id": person_id, "shoot_id": shoot_id, "uses": uses,
        "signed_on": signed_on.isoformat(), "signed_by": signed_by,
        "witness": (witness or "").strip() or None,
        "expires_on": expires_on.isoformat() if expires_on else None,
        "form_version": form_version, "notes": notes,
    }
    stored: Path | None = None
    try:
        with transaction(db):
            consent_id = db["consents"].insert({**record, "created_at": utc_now()}).last_pk
            if form is not None:
                stored, digest = _store_form(library, form, consent_id)
                db["consents"].update(consent_id, {
                    "form_path": stored.relative_to(library.root).as_posix(),
                    "form_sha256": digest})
            if release_days:
                db["consent_days"].insert_all(
                    {"consent_id": consent_id, "day": d} for d in release_days)
            logged = {**record, "uses": consent.uses_of(uses),
                      "form": stored.name if stored else None}
            if release_days:
                logged["days"] = release_days
            audit.record_changes(db, "consent.add", "consent", consent_id, {}, logged)
            consent_cache.refresh(db)
    except BaseException:
        if stored is not None:
            stored.unlink(missing_ok=True)
        raise
    return consent_id


def _check_form(form: Path) -> None:
    """A scan must be a regular file with something in it (never open a pipe or device)."""
    try:
        st = form.stat()
    except FileNotFoundError:
        raise NotFound(f"The form scan {form} does not exist.") from None
    except OSError as exc:
        raise InvalidInput(f"The form scan {form} cannot be read "
                           f"({exc.strerror or exc}).") from None
    if stat.S_ISDIR(st.st_mode):
        raise InvalidInput(f"The form scan {form} is a folder, not a file: give the scan "
                           "itself.")
    if not stat.S_ISREG(st.st_mode):
        raise InvalidInput(f"The form scan {form} is not a regular file (a device, pipe or "
                           "socket): give the scan's file.")
    if st.st_size == 0:
        raise InvalidInput(f"The form scan {form} is empty (0 bytes): scan the form again.")


def _store_form(library: Library, source: Path, consent_id: int) -> tuple[Path, str]:
    """Copy a scan into consent-forms/ (read-only); returns (path, sha256)."""
    digest = hashlib.sha256(source.read_bytes()).hexdigest()
    library.consent_forms.mkdir(parents=True, exist_ok=True)
    final = library.consent_forms / f"consent-{consent_id}-{digest[:12]}{source.suffix.lower()}"
    tmp = final.with_name(final.name + ".part")
    shutil.copyfile(source, tmp)
    os.chmod(tmp, 0o444)
    os.replace(tmp, final)
    return final, digest


def extend_release(db: sqlite_utils.Database, consent_id: int,
                   days: Iterable[date]) -> list[str]:
    """Name more event days in a group release (its shoot's pictures of those days become
    covered); returns all its days. Audit-logged."""
    wanted = sorted({d.isoformat() for d in days})
    if not wanted:
        raise InvalidInput("Name at least one day to extend the release to (--days).")
    with transaction(db):
        row = get_consent(db, consent_id)
        if row["shoot_id"] is None:
            raise InvalidInput(f"Consent #{consent_id} is a person's consent, not a group "
                               "release: only a group release names event days.")
        if row["withdrawn_on"]:
            raise InvalidInput(f"Consent #{consent_id} was withdrawn on {row['withdrawn_on']}: "
                               "it cannot be extended.")
        before = release_days(db, consent_id)
        db.conn.executemany("INSERT OR IGNORE INTO consent_days (consent_id, day) VALUES (?, ?)",
                       [(consent_id, d) for d in wanted])
        after = release_days(db, consent_id)
        if after != before:
            audit.record(db, "consent.extend", "consent", consent_id, "days", before, after)
        consent_cache.refresh(db)
    return after


def release_days(db: sqlite_utils.Database, consent_id: int) -> list[str]:
    """The event days a group release names (empty for a person's consent)."""
    return [r[0] for r in db.execute(
        "SELECT day FROM consent_days WHERE consent_id = ? ORDER BY day", [consent_id])]


def get_consent(db: sqlite_utils.Database, consent_id: int) -> dict:
    row = next(db.query(
        "SELECT c.*, p.label AS person, s.title AS shoot FROM consents c "
        "LEFT JOIN people p ON p.id = c.person_id LEFT JOIN shoots s ON s.id = c.shoot_id "
        "WHERE c.id = ?", [consent_id]), None)
    if row is None:
        raise NotFound(f"There is no consent #{consent_id} in this library.")
    row["uses"] = consent.uses_of(row["uses"])
    return row


def list_consents(db: sqlite_utils.Database, person_id: int | None = None,
                  shoot: str | None = None) -> list[dict]:
    where, params = "1", []
    if person_id is not None:
        where, params = "c.person_id = ?", [person_id]
    elif shoot is not None:
        where, params = "s.title = ?", [shoot]
    out = []
    for row in db.query(
        "SELECT c.*, p.label AS person, s.title AS shoot FROM consents c "
        "LEFT JOIN people p ON p.id = c.person_id LEFT JOIN shoots s ON s.id = c.shoot_id "
        f"WHERE {where} ORDER BY c.id", params
    ):
        row["uses"] = consent.uses_of(row["uses"])
        row["days"] = release_days(db, row["id"]) if row["shoot_id"] is not None else None
        out.append(row)
    return out


def covered_images(db: sqlite_utils.Database, consent_id: int) -> list[int]:
    """The images a consent speaks for: its person's, or (group release) the images of
    its shoot taken on its days that have nobody linked."""
    row = get_consent(db, consent_id)
    if row["person_id"] is not None:
        sql, arg = "SELECT image_id FROM image_people WHERE person_id = ?", row["person_id"]
    else:
        return sorted(r[0] for r in db.execute(
            "SELECT i.id FROM images i WHERE i.shoot_id = ? AND i.people_count = 0 "
            f"AND i.identifiable IS NOT 0 AND {IMAGE_DAY_SQL.format(i='i')} IN "
            "(SELECT day FROM consent_days WHERE consent_id = ?)",
            [row["shoot_id"], consent_id]))
    return sorted(r[0] for r in db.execute(sql, [arg]))


def withdraw(db: sqlite_utils.Database, consent_id: int, on: date | None = None,
             reason: str | None = None, today: date | None = None) -> dict:
    """Withdraw a consent from ``on`` (default today).

    Returns ``{"consent_id", "withdrawn_on", "images": [ids the consent covered]}``;
    :func:`curator.trace.withdraw_and_trace` adds who holds those images.
    """
    today = today or date.today()
    on = on or today
    with transaction(db):
        row = get_consent(db, consent_id)
        if row["withdrawn_on"]:
            raise InvalidInput(f"Consent #{consent_id} was already withdrawn on "
                               f"{row['withdrawn_on']}.")
        if on > today:
            raise InvalidInput(f"A withdrawal takes effect now: it cannot be dated in the "
                               f"future ({on.isoformat()}).")
        if on.isoformat() < row["signed_on"]:
            raise InvalidInput(f"Consent #{consent_id} was signed on {row['signed_on']}: it "
                               f"cannot be withdrawn before that ({on.isoformat()}).")
        reason = (reason or "").strip() or None
        db["consents"].update(consent_id, {"withdrawn_on": on.isoformat(),
                                           "withdrawal_reason": reason})
        audit.record(db, "consent.withdraw", "consent", consent_id, "withdrawn_on", None,
                     on.isoformat())
        if reason:
            audit.record(db, "consent.withdraw", "consent", consent_id, "withdrawal_reason",
                         None, reason)
        consent_cache.refresh(db)
        images = covered_images(db, consent_id)
    return {"consent_id": consent_id, "withdrawn_on": on.isoformat(), "images": images}


