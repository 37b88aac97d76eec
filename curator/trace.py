"""Who holds an image: the exhibitions that show it and the packs already sent.

Withdrawing a consent prints this trace for every affected image
(:func:`withdraw_and_trace`; ``curator consent withdraw`` and the GUI's withdraw dialog),
and ``curator trace IMAGE_ID`` prints it for one image. It sits at the root, above the
consent, exhibitions and export rooms, because it reads all three: the images a consent
covers (:mod:`curator.consent.records`), the exhibitions holding them with the clearance
blockers re-run now (:mod:`curator.exhibitions.validation`), and the export log
(:mod:`curator.export.log`). None of those rooms imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict
from datetime import date

import sqlite_utils

from curator.consent import records
from curator.exhibitions import sets as exhibitions
from curator.exhibitions.validation import clearance_blockers
from curator.export.log import exports_holding
from curator.reads import require_images


def exhibitions_containing(db: sqlite_utils.Database, image_ids: Iterable[int],
                           today: date | None = None) -> list[dict]:
    """Every exhibition holding any of ``image_ids`` — for the withdrawal trace.

    Each: id, title, status, window, venues, ``showing_now`` (for a final exhibition, the
    venues open today: opens ≤ today ≤ closes), ``upcoming`` (final, not yet open),
    ``image_ids`` (the affected ones it holds), ``items`` ({image_id, position}) and
    ``blockers``: validation's clearance blockers for those images, re-run now (so a trace
    taken after a withdrawal shows what the withdrawal broke).
    """
    today = today or date.today()
    out = []
    for exh_id, hits in exhibitions.items_holding(db, image_ids).items():
        exh = exhibitions.get(db, exh_id)
        tour = exhibitions.venues(db, exh_id)
        final = exh["status"] == "final"
        now = today.isoformat()
        window = exhibitions.tour_window(db, exh_id)
        out.append({
            "id": exh_id, "title": exh["title"], "status": exh["status"],
            "window": [window[0].isoformat(), window[1].isoformat()] if window else None,
            "venues": tour,
            "showing_now": [v for v in tour if final and v["opens"] <= now <= v["closes"]],
            "upcoming": [v for v in tour if final and v["opens"] > now],
            "image_ids": sorted({h["image_id"] for h in hits}),
            "items": hits,
            "blockers": [asdict(b) for b in clearance_blockers(
                db, exh_id, {h["image_id"] for h in hits}, today=today)],
        })
    return out


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


def withdraw_and_trace(db: sqlite_utils.Database, consent_id: int, on: date | None = None,
                       reason: str | None = None, today: date | None = None) -> dict:
    """Withdraw a consent (:func:`curator.consent.records.withdraw`) and trace its images.

    ``{"consent_id", "withdrawn_on", "images": [ids], "exhibitions": [...], "packs": [...]}``
    """
    done = records.withdraw(db, consent_id, on, reason, today=today)
    return {**done, **trace_images(db, done["images"])}


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
