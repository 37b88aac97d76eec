"""Who holds an image: the exhibitions that show it and the packs already sent.

Withdrawal prints this trace for every affected image. Exhibitions come from
:func:`curator.exhibitions.sets.exhibitions_containing` (with the venues showing them today and
the clearance blockers re-run now); packs are added in :func:`packs_containing` once
exports are logged.
"""

from __future__ import annotations

from collections.abc import Iterable

import sqlite_utils

from curator.export.log import exports_holding
from curator.reads import require_images


def exhibitions_containing(db: sqlite_utils.Database, image_ids: Iterable[int]) -> list[dict]:
    """Every exhibition holding any of ``image_ids``, with its venues and dates."""
    from curator.exhibitions.sets import exhibitions_containing as find  # avoids an import cycle

    return find(db, list(image_ids))


def packs_containing(db: sqlite_utils.Database, image_ids: Iterable[int]) -> list[dict]:
    """Every pack or layout already made that holds any of ``image_ids`` (partner, date, files).

    The one place the export log joins the trace.
    """
    return exports_holding(db, image_ids)


def trace_images(db: sqlite_utils.Database, image_ids: Iterable[int]) -> dict:
    """``{"exhibitions": [...], "packs": [...]}`` for a set of images."""
    ids = sorted({int(i) for i in image_ids})
    if not ids:
        return {"exhibitions": [], "packs": []}
    return {"exhibitions": exhibitions_containing(db, ids), "packs": packs_containing(db, ids)}


def image_trace(db: sqlite_utils.Database, image_id: int) -> dict:
    """The ``trace IMAGE_ID`` object."""
    require_images(db, [image_id])
    return {"image_id": image_id, **trace_images(db, [image_id])}


def format_trace(trace: dict) -> str:
    """The trace in lines a curator reads."""
    lines = []
    for exh in trace["exhibitions"]:
        lines.append(f"Exhibition #{exh['id']} '{exh['title']}' ({exh['status']})")
        showing = {(v["name"], v["opens"]) for v in exh.get("showing_now") or []}
        upcoming = {(v["name"], v["opens"]) for v in exh.get("upcoming") or []}
        for v in exh.get("venues") or []:
            key = (v["name"], v["opens"])
            when = ("  ← SHOWING NOW" if key in showing
                    else "  (still to come)" if key in upcoming else "")
            lines.append(f"    {v['name']}: {v['opens']} – {v['closes']}{when}")
        if not exh.get("venues"):
            lines.append("    no venues yet")
        for b in exh.get("blockers") or []:
            lines.append(f"    blocker at position {b['position']}: {b['message']}")
    for pack in trace["packs"]:
        lines.append(f"Pack #{pack['id']} sent to {pack['partner']} on {pack['date']}: "
                     f"{', '.join(pack.get('files', []))}")
    if not lines:
        lines.append("No exhibition or pack holds these images.")
    return "\n".join(lines)
