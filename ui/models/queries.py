"""Core calls the grid and the sidebar run in a worker (each opens its own connection).

No Qt here: these compose core functions and return plain data.
"""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass, field

from curator.catalogue import open_catalogue
from curator.library import Library
from curator.removal import RemovalPlan, RemovalReport, plan_removal, remove_images
from curator.search.facets import Facet, facet_counts, total_images
from curator.search.query import ImageFilter, find_image_ids
from curator.search.rows import grid_rows
from curator.tagging.edits import TagEdit
from curator.tagging.undo import revert_tags, tag_edit

FIRST_PAGE = 600  # rows shown at once; the rest follow (a screen holds far fewer)


@dataclass
class GridData:
    """What one refresh of the main window shows.

    ``ids`` is the whole result in grid order; ``rows`` the summaries of its first
    :data:`FIRST_PAGE` images (the rest come from :func:`load_rows`); ``facets`` the sidebar
    counts (from :func:`load_facets`, filled in afterwards).
    """

    rows: list[dict]
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    total: int = 0  # images in the whole library
    ids: list[int] = field(default_factory=list)


def load_grid(library: Library, flt: ImageFilter, first: int | None = None) -> GridData:
    """The matching images' ids, the first ``first`` summaries and the library's size."""
    first = FIRST_PAGE if first is None else first
    if not library.exists():
        return GridData(rows=[])
    with closing(open_catalogue(library)) as db:
        ids = find_image_ids(db, flt)
        return GridData(rows=grid_rows(db, ids[:first]), total=total_images(db), ids=ids)


def load_facets(library: Library, flt: ImageFilter) -> dict[str, list[Facet]]:
    """The sidebar counts for ``flt``."""
    if not library.exists():
        return {}
    with closing(open_catalogue(library)) as db:
        return facet_counts(db, flt)


def load_rows(library: Library, ids: list[int]) -> list[dict]:
    """Fresh grid rows of some images (after an edit)."""
    with closing(open_catalogue(library)) as db:
        return grid_rows(db, ids)


def apply_tags(library: Library, ids: list[int], edit: TagEdit, state: dict) -> list[dict]:
    """Tag the images (one batch); keeps what they were in ``state`` for undo."""
    with closing(open_catalogue(library)) as db:
        state["before"] = tag_edit(db, ids, edit)
        return grid_rows(db, ids)


def revert_tag_edit(library: Library, ids: list[int], edit: TagEdit, state: dict) -> list[dict]:
    """Undo :func:`apply_tags` (nothing if it never ran)."""
    with closing(open_catalogue(library)) as db:
        if state.get("before"):
            revert_tags(db, state["before"], edit)
        return grid_rows(db, ids)


def removal_plan(library: Library, ids: list[int]) -> RemovalPlan:
    """What removing the images would do (asked before the confirmation dialog)."""
    with closing(open_catalogue(library)) as db:
        return plan_removal(db, library, ids)


def remove_photos(library: Library, ids: list[int]) -> RemovalReport:
    """Remove the images from the catalogue (originals moved to ``removed/``)."""
    with closing(open_catalogue(library)) as db:
        return remove_images(db, library, ids)
