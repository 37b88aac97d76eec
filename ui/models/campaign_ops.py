"""Core calls the Campaigns view runs in a worker (no Qt here)."""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from curator.campaigns import records
from curator.campaigns.records import Campaign
from curator.catalogue import open_catalogue
from curator.library import Library
from curator.tagging.events import list_events


def _with_db(library: Library, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with closing(open_catalogue(library)) as db:
        return fn(db, *args, **kwargs)


@dataclass
class CampaignsView:
    campaigns: list[Campaign]
    events: list[dict]  # every event: id, name, campaign_id


def campaigns_view(library: Library) -> CampaignsView:
    def run(db) -> CampaignsView:
        events = [{"id": e["id"], "name": e["name"], "campaign_id": e.get("campaign_id")}
                  for e in list_events(db)]
        return CampaignsView(records.list_campaigns(db), events)
    return _with_db(library, run)


@dataclass
class CampaignForm:
    """What the form holds; :func:`save_campaign` turns it into the core's arguments."""

    name: str
    year: int | None
    theme: str
    starts_on: date | None
    ends_on: date | None
    days: dict[int, str]           # day number → topic ("" : none)
    hashtags: list[str]
    description: str
    url: str
    logo: tuple[str, Any] | None   # ("image", id) | ("file", path) | ("keep", None) | None
    events: list[str]              # the names of the events linked to it


def save_campaign(library: Library, campaign_id: int | None, form: CampaignForm) -> Campaign:
    """Add (``campaign_id=None``) or change a campaign to what the form says."""
    logo: dict[str, Any] = {}
    kind, value = form.logo if form.logo else ("none", None)
    if kind == "image":
        logo["logo_image_id"] = int(value)
    elif kind == "file":
        logo["logo_file"] = Path(value)

    def run(db) -> Campaign:
        if campaign_id is None:
            return records.add_campaign(
                db, library, form.name, year=form.year, theme=form.theme or None,
                starts_on=form.starts_on, ends_on=form.ends_on,
                days={d: t for d, t in form.days.items() if t.strip()},
                hashtags=form.hashtags, description=form.description or None,
                url=form.url or None, events=form.events, **logo)
        current = records.get_campaign(db, campaign_id)
        linked = {e["name"] for e in current.events}
        return records.edit_campaign(
            db, library, campaign_id, name=form.name, year=form.year, theme=form.theme,
            starts_on=form.starts_on, ends_on=form.ends_on,
            days={d: t for d, t in form.days.items() if t.strip()}, replace_days=True,
            hashtags=form.hashtags, description=form.description, url=form.url,
            clear_logo=kind == "none", add_events=sorted(set(form.events) - linked),
            remove_events=sorted(linked - set(form.events)), **logo)
    return _with_db(library, run)
