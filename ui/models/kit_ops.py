"""Core calls the Kit dialog runs in a worker (no Qt here): what to choose from, the plan
of a kit (:func:`curator.export.kit.plan.plan_kit`) and writing it
(:func:`curator.export.kit.build.write_kit`)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from curator.campaigns.records import Campaign, list_campaigns
from curator.catalogue import open_catalogue
from curator.exhibitions import sets as exhibitions
from curator.export import partners
from curator.export.kit.build import KitResult, write_kit
from curator.export.kit.plan import KitPlan, plan_kit
from curator.library import Library
from curator.reads import image_rows
from curator.tagging.focus import set_focus


def _with_db(library: Library, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with closing(open_catalogue(library)) as db:
        return fn(db, *args, **kwargs)


@dataclass
class KitChoices:
    campaigns: list[Campaign]
    licences: list[partners.Licence]   # the latest version of each


def kit_choices(library: Library) -> KitChoices:
    def run(db) -> KitChoices:
        return KitChoices(list_campaigns(db), partners.list_licences(db))
    return _with_db(library, run)


@dataclass
class PlannedKit:
    plan: KitPlan
    sha256: dict[int, str]   # image id → sha256, for the previews


def plan(library: Library, campaign_id: int, licence_id: int, image_ids: list[int] | None,
         exhibition_id: int | None = None, days: bool = False) -> PlannedKit:
    """The kit of ``image_ids`` (or of the exhibition's sequence, in order)."""
    def run(db) -> PlannedKit:
        ids = ([r["image_id"] for r in exhibitions.items(db, exhibition_id)]
               if exhibition_id is not None else list(image_ids or []))
        kit = plan_kit(db, library, campaign_id, licence_id, ids, days=days)
        rows = image_rows(db, kit.included, "i.id, i.sha256") if kit.included else {}
        return PlannedKit(kit, {i: rows[i]["sha256"] for i in kit.included})
    return _with_db(library, run)


def write(library: Library, kit: KitPlan, out_dir: Path, focus: dict[int, tuple[float, float]],
          *, progress=None, cancel=None) -> KitResult:
    """Keep the focus points the curator moved (the catalogue remembers them for the next
    kit), then write the kit."""
    def run(db) -> KitResult:
        for image_id, point in focus.items():
            set_focus(db, [image_id], point)
        return write_kit(db, library, kit, out_dir, progress=progress, cancel=cancel)
    return _with_db(library, run)
