"""Undoable tag edits: apply a :class:`~curator.tagging.edits.TagEdit` and know how to revert it.

::

    before = tag_edit(db, [3, 4, 5], TagEdit(caption="Launch day"))   # one transaction
    revert_tags(db, before, TagEdit(caption="Launch day"))            # puts back each old caption

:func:`tag_edit` snapshots what the edit touches and applies it with
:func:`curator.tagging.edits.apply` (one batch call). :func:`revert_tags` groups the images by
their old value and puts each group back with ``tagging.apply``, all in one transaction;
both go through the audit log like any other edit. (A reverted year is recorded as set
by hand, and a cleared rating becomes 0 stars: the catalogue's own way of saying unrated.)
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

import sqlite_utils

from curator.connection import transaction
from curator.tagging import edits as tagging
from curator.tagging.edits import TEXT_FIELDS, TagEdit

_SCALARS = ("year", "event", "shoot", "rating", "pick", *TEXT_FIELDS)


def touched(edit: TagEdit) -> list[str]:
    """The fields ``edit`` changes (``keywords`` for any keyword change)."""
    names = [f for f in _SCALARS if getattr(edit, f) is not None]
    if edit.add_keywords or edit.remove_keywords:
        names.append("keywords")
    return names


def snapshot(db: sqlite_utils.Database, ids: Iterable[int], fields: list[str]) -> dict[int, dict]:
    """The current values of ``fields`` for each image."""
    return {image_id: {f: tags[f] for f in fields}
            for image_id, tags in tagging.tags_of_many(db, ids).items()}


def tag_edit(db: sqlite_utils.Database, ids: Iterable[int], edit: TagEdit) -> dict[int, dict]:
    """Apply ``edit`` to the images; return their values before (for :func:`revert_tags`)."""
    ids = list(ids)
    with transaction(db):
        before = snapshot(db, ids, touched(edit))
        tagging.apply(db, ids, edit)
    return before


def revert_tags(db: sqlite_utils.Database, before: dict[int, dict], edit: TagEdit) -> None:
    """Undo ``edit`` on the images whose earlier values are ``before``."""
    groups: dict[tuple, list[int]] = defaultdict(list)
    for image_id, values in before.items():
        for name, value in values.items():
            if name == "keywords":
                had = set(value)
                for k in edit.add_keywords:
                    k = tagging.normalise_keyword(k)
                    if k not in had:
                        groups[("remove_keywords", k)].append(image_id)
                for k in edit.remove_keywords:
                    k = tagging.normalise_keyword(k)
                    if k in had:
                        groups[("add_keywords", k)].append(image_id)
            else:
                groups[(name, _restorable(name, value))].append(image_id)
    with transaction(db):
        for (name, value), ids in groups.items():
            if name in ("add_keywords", "remove_keywords"):
                tagging.apply(db, ids, TagEdit(**{name: [value]}))
            else:
                tagging.apply(db, ids, TagEdit(**{name: value}))


def _restorable(name: str, value: object) -> object:
    if value is None:
        return {"rating": 0, "pick": "unflagged"}.get(name, "")
    return value
