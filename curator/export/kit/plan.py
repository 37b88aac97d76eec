"""Planning a comms kit before anything is written: the pack's pre-flight, the crops of
each image, its day, its post texts — what the Kit dialog shows and lets the curator
change (focus points, post texts) before :func:`curator.export.kit.build.write_kit`.

Worked example (a worker thread in the GUI, the CLI in one go)::

    plan = plan_kit(db, library, campaign_id=3, licence_id=4, image_ids=[1, 2, 3],
                    days=True)
    plan.move_focus(2, (0.4, 0.3))              # the crops of image 2 follow
    plan.edit_post(1, "x", "Our own words … #IMHAW")
    result = write_kit(db, library, plan, Path("~/Desktop"), progress=..., cancel=...)
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date

import sqlite_utils

from curator.campaigns.records import Campaign, get_campaign
from curator.errors import InvalidInput
from curator.export import documents
from curator.export.kit import platforms as pf
from curator.export.kit.crops import ASPECTS, BY_KEY, CropBox, crop_box, too_small
from curator.export.kit.posts import (
    DEFAULT_TEMPLATE,
    Post,
    PostFields,
    PostText,
    build_post,
    check_template,
    checked,
)
from curator.export.pack import names_pattern, pack_rows, public_id_of, rights_for
from curator.export.preflight import Preflight, preflight
from curator.export.renditions import DEFAULT_LONG_EDGE
from curator.library import Library
from curator.tagging.focus import check_focus, focus_of

# What each part of a kit is for, in the licence's vocabulary of uses.
SOCIAL_USE, POSTER_USE = "online", "print"


@dataclass
class KitImage:
    """One included image as the kit will make it."""

    image_id: int
    public_id: str
    size: tuple[int, int]                     # displayed pixels (catalogue)
    focus: tuple[float, float]
    crops: dict[str, CropBox | None]          # aspect key → crop; None: too small
    post: Post | None
    poster: bool
    warnings: list[str] = field(default_factory=list)   # besides crops too small

    def crop_warnings(self) -> list[str]:
        """The sizes this image is too small for, in words."""
        small = [BY_KEY[k] for k, b in self.crops.items() if b is None]
        return [f"#{self.image_id}: {too_small(self.size, small)}."] if small else []

    def to_json(self) -> dict:
        return {"image_id": self.image_id, "public_id": self.public_id,
                "width": self.size[0], "height": self.size[1], "focus": list(self.focus),
                "crops": {k: (b.to_json() if b else None) for k, b in self.crops.items()},
                "post": self.post.to_json() if self.post else None, "poster": self.poster,
                "warnings": [*self.crop_warnings(), *self.warnings]}


@dataclass
class KitPlan:
    campaign: Campaign
    preflight: Preflight
    images: list[KitImage]
    template: str
    long_edge: int
    aspects: tuple[str, ...]
    posters: bool
    warnings: list[str] = field(default_factory=list)

    @property
    def licence(self):
        return self.preflight.licence

    @property
    def included(self) -> list[int]:
        return [i.image_id for i in self.images]

    @property
    def excluded(self) -> list[dict]:
        return list(self.preflight.excluded)

    def image(self, image_id: int) -> KitImage:
        for item in self.images:
            if item.image_id == image_id:
                return item
        raise InvalidInput(f"Image #{image_id} is not in this kit.")

    def move_focus(self, image_id: int, point: tuple[float, float] | None) -> KitImage:
        """Place the crops of one image around ``point`` (``None``: the centre). The plan
        only: :func:`curator.tagging.focus.set_focus` keeps it in the catalogue."""
        item = self.image(image_id)
        item.focus = (0.5, 0.5) if point is None else check_focus(*point)
        item.crops = {key: crop_box(item.size, BY_KEY[key], item.focus)
                      for key in self.aspects}
        return item

    def edit_post(self, image_id: int, platform: str, text: str, *,
                  alt: bool = False) -> PostText:
        """The curator's own words for one platform (or its alt text), counted and, when
        over the limit, shortened at a word boundary (the result says so)."""
        item = self.image(image_id)
        if item.post is None:
            raise InvalidInput("This kit makes no posts (the licence does not grant online "
                               "use).")
        result = checked(platform, text, alt=alt)
        (item.post.alts if alt else item.post.texts)[platform] = result
        return result

    def to_json(self) -> dict:
        return {"campaign_id": self.campaign.id, "licence_id": self.licence.id,
                "included": self.included, "excluded": self.excluded,
                "aspects": list(self.aspects), "posters": self.posters,
                "long_edge": self.long_edge, "images": [i.to_json() for i in self.images],
                "warnings": self.all_warnings()}

    def all_warnings(self) -> list[str]:
        return [*self.warnings, *(w for i in self.images
                                  for w in (*i.crop_warnings(), *i.warnings))]


def campaign_day_numbers(campaign: Campaign) -> list[int]:
    """The days images are dealt to: every day of the campaign when its dates are set,
    else the days that have a topic."""
    if campaign.length:
        return list(range(1, campaign.length + 1))
    return [d.day for d in campaign.days]


def assign_days(campaign: Campaign, image_ids: list[int],
                days: bool | Mapping[int, int]) -> tuple[dict[int, int | None], list[str]]:
    """image id → day number. ``True``: round-robin in order (the first image on day 1,
    the second on day 2 …, starting again at day 1 after the last day); a mapping: as
    given; ``False``: no day."""
    if days is False:
        return {i: None for i in image_ids}, []
    numbers = campaign_day_numbers(campaign)
    if not numbers:
        raise InvalidInput(f"Campaign #{campaign.id} has no dates and no day topics: give it "
                           "--starts/--ends or --topic before assigning images to days.")
    if days is True:
        chosen = {image_id: numbers[n % len(numbers)] for n, image_id in enumerate(image_ids)}
    else:
        chosen = {i: None for i in image_ids}
        for image_id, day in days.items():
            if image_id in chosen:
                if day is not None and not 1 <= int(day) <= (campaign.length or 366):
                    raise InvalidInput(f"Day {day} is not a day of campaign #{campaign.id}.")
                chosen[image_id] = None if day is None else int(day)
    empty = [d for d in numbers if d not in set(chosen.values())]
    warnings = []
    if empty and image_ids:
        warnings.append("No picture for day(s) " + ", ".join(map(str, empty))
                        + f": {len(image_ids)} picture(s) for {len(numbers)} day(s).")
    return chosen, warnings


def plan_kit(db: sqlite_utils.Database, library: Library, campaign_id: int, licence_id: int,
             image_ids: Iterable[int], *, days: bool | Mapping[int, int] = False,
             template: str | None = None, long_edge: int = DEFAULT_LONG_EDGE,
             aspects: Iterable[str] | None = None, posters: bool = True,
             focus: Mapping[int, tuple[float, float]] | None = None,
             today: date | None = None) -> KitPlan:
    """Pre-flight a kit: clearance as for a pack (every use of the licence plus
    ``partners``), then crops (``online`` granted) and posters (``print`` granted), the
    day of each image and its post texts."""
    campaign = get_campaign(db, campaign_id)
    plan = preflight(db, list(image_ids), licence_id, today)
    licence = plan.licence
    keys = tuple(aspects) if aspects is not None else tuple(a.key for a in ASPECTS)
    for key in keys:
        if key not in BY_KEY:
            raise InvalidInput(f"'{key}' is not a crop: {', '.join(BY_KEY)}.")
    template = check_template(template if template is not None else DEFAULT_TEMPLATE)
    warnings: list[str] = []
    social = SOCIAL_USE in licence.uses
    if not social:
        keys = ()
        warnings.append(f"Licence #{licence.id} does not grant online use: no social crops "
                        "and no posts.")
    make_posters = posters and POSTER_USE in licence.uses
    if posters and not make_posters:
        warnings.append(f"Licence #{licence.id} does not grant print use: no posters.")
    if not social and not make_posters:
        raise InvalidInput(f"A comms kit is for online and print use, and licence "
                           f"#{licence.id} grants neither ({', '.join(licence.uses)}); send a "
                           "pack instead.")
    ids = plan.included
    day_of, day_warnings = assign_days(campaign, ids, days)
    warnings += day_warnings
    rows = pack_rows(db, ids) if ids else {}
    sizes = {r[0]: (r[1], r[2]) for r in db.execute(
        f"SELECT id, width, height FROM images WHERE id IN ({','.join('?' * len(ids))})",
        ids)} if ids else {}
    points = focus_of(db, ids) if ids else {}
    for image_id, point in (focus or {}).items():
        if image_id in points:
            points[image_id] = check_focus(*point)
    usage = documents.usage_terms(licence)
    names = None if licence.allow_names else names_pattern(db)
    images: list[KitImage] = []
    for image_id in ids:
        rights, _ = rights_for(rows[image_id], licence, usage, names)
        size = sizes[image_id]
        crops = {key: crop_box(size, BY_KEY[key], points[image_id]) for key in keys}
        item_warnings: list[str] = []
        post = None
        if social:
            day = day_of[image_id]
            fields = PostFields(
                campaign=campaign.title, theme=campaign.theme or "",
                topic=(campaign.topic_of(day) or "") if day else "", day=day,
                on=campaign.date_of(day) if day else None, caption=rights.caption or "",
                credit=rights.credit or "", hashtags=campaign.hashtags,
                link=campaign.url or "", partner=licence.partner,
                alt_text=rights.alt_text or "")
            post = build_post(image_id, fields, template)
            if not (rights.alt_text or "").strip():
                item_warnings.append(f"#{image_id} has no alt text: write one before it is "
                                     "posted (the photo's Alt text in the window's "
                                     "inspector, or curator tag --alt-text).")
        images.append(KitImage(image_id, public_id_of(rows[image_id]["sha256"]), size,
                               points[image_id], crops, post, make_posters, item_warnings))
    return KitPlan(campaign, plan, images, template, long_edge, keys, make_posters, warnings)


def platform_names() -> dict[str, str]:
    return {p.key: p.name for p in pf.PLATFORMS}
