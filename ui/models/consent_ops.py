"""Core calls the People & consent panel runs in a worker (no Qt; one connection each)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from curator import trace
from curator.catalogue import open_catalogue
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.library import Library


def _with_db(library: Library, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with closing(open_catalogue(library)) as db:
        return fn(db, *args, **kwargs)


@dataclass
class PeopleState:
    """Everyone, which of them the selection shows, and their consents."""

    people: list[dict] = field(default_factory=list)  # + "linked": how many selected show them
    consents: dict[int, list[dict]] = field(default_factory=dict)  # person id → consents
    group_releases: dict[str, list[dict]] = field(default_factory=dict)  # shoot → consents


def load_people(library: Library, selected: list[int], shoots: list[str]) -> PeopleState:
    def run(db) -> PeopleState:
        state = PeopleState(people=people.list_people(db))
        linked = people.linked_counts(db, selected)
        for p in state.people:
            p["linked"] = linked.get(p["id"], 0)
        for c in records.list_consents(db):
            if c["person_id"] is not None:
                state.consents.setdefault(c["person_id"], []).append(c)
        for shoot in shoots:
            state.group_releases[shoot] = records.list_consents(db, shoot=shoot)
        return state
    return _with_db(library, run)


def add_person(library: Library, **fields: Any) -> int:
    return _with_db(library, people.add_person, **fields)


def link(library: Library, ids: list[int], person_id: int) -> list[int]:
    return _with_db(library, people.link, ids, person_id)


def unlink(library: Library, ids: list[int], person_id: int) -> list[int]:
    return _with_db(library, people.unlink, ids, person_id)


def set_identifiable(library: Library, ids: list[int], identifiable: bool) -> list[int]:
    return _with_db(library, people.set_identifiable, ids, identifiable)


def add_consent(library: Library, *, uses: list[str], person_id: int | None = None,
                shoot: str | None = None, signed_on: date | None = None,
                expires_on: date | None = None, signed_by: str | None = None,
                witness: str | None = None, form: Path | None = None) -> int:
    def run(db) -> int:
        return records.add_consent(db, library, uses=uses_mask(uses), person_id=person_id,
                                    shoot=shoot, signed_on=signed_on, expires_on=expires_on,
                                    signed_by=signed_by, witness=witness, form=form)
    return _with_db(library, run)


def withdrawal_preview(library: Library, consent_id: int) -> dict:
    """What withdrawing would affect — before anything changes."""
    def run(db) -> dict:
        images = records.covered_images(db, consent_id)
        found = trace.trace_images(db, images)
        return {"consent": records.get_consent(db, consent_id), "images": images,
                "text": trace.format_trace(found), **found}
    return _with_db(library, run)


def withdraw(library: Library, consent_id: int, reason: str | None) -> dict:
    return _with_db(library, trace.withdraw_and_trace, consent_id, reason=reason)
