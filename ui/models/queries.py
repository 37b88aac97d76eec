"""Core calls the grid and the sidebar run in a worker (each opens its own connection).

No Qt here: these compose core functions and return plain data.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from curator.catalogue import open_catalogue
from curator.facets import Facet, facet_counts, total_images
from curator.images import ImageFilter, detail, find_image_ids, summaries
from curator.library import Library


@dataclass
class GridData:
    """What one refresh of the main window shows."""

    rows: list[dict]
    facets: dict[str, list[Facet]] = field(default_factory=dict)
    total: int = 0  # images in the whole library


def load_grid(library: Library, flt: ImageFilter) -> GridData:
    """The matching images' summaries, the sidebar counts and the library's size."""
    if not library.exists():
        return GridData(rows=[])
    db = open_catalogue(library)
    try:
        ids = find_image_ids(db, flt)
        rows = summaries(db, ids)
        return GridData(rows=rows, facets=facet_counts(db, flt), total=total_images(db))
    finally:
        db.close()


def load_summaries(library: Library, ids: list[int]) -> list[dict]:
    """Fresh summaries of some images (after an edit)."""
    db = open_catalogue(library)
    try:
        return summaries(db, ids)
    finally:
        db.close()


def load_detail(library: Library, image_id: int) -> dict:
    """The inspector's view of one image."""
    db = open_catalogue(library)
    try:
        return detail(db, library, image_id)
    finally:
        db.close()
