"""Writing a comms kit: the licensed pack (:mod:`curator.export.pack` — same clearance,
renditions, embedded rights, documents, BagIt, ZIP and export log, kind ``kit``) plus, in
the same bag::

    social/square-1080x1080/…-square.jpg     social/portrait-1080x1350/…-portrait.jpg
    social/story-1080x1920/…-story.jpg       social/landscape-1200x628/…-landscape.jpg
    posters/…-poster.pdf                     posts.csv   posts.md

Every crop and poster is logged with its image, so a withdrawal's trace and takedown
notice name them as they name the pack's renditions.
"""

from __future__ import annotations

import io
import secrets
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils
from PIL import Image

from curator.errors import Cancelled
from curator.export.files import name_part
from curator.export.kit import documents as kit_docs
from curator.export.kit.crops import BY_KEY
from curator.export.kit.plan import KitPlan
from curator.export.kit.poster import PosterText
from curator.export.kit.render import KitRendition, KitTask, render_kit_image
from curator.export.log import ExportedFile
from curator.export.pack import absorb, bag_work, finish
from curator.export.preflight import preflight
from curator.export.renditions import CancelFn, ProgressFn, render_all
from curator.ingest.imaging import decode_for, open_image, orientation_of, to_srgb, upright
from curator.library import Library

LOGO_EDGE = 900


@dataclass
class KitResult:
    kit: Path | None
    kit_id: str
    included: list[int]
    excluded: list[dict]
    crops: int = 0
    posts: int = 0
    posters: int = 0
    warnings: list[str] = field(default_factory=list)
    export_id: int | None = None
    files: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"kit": str(self.kit) if self.kit else None, "pack_id": self.kit_id,
                "included": list(self.included), "excluded": list(self.excluded),
                "crops": self.crops, "posts": self.posts, "warnings": list(self.warnings)}


def new_kit_id(today: date | None = None) -> str:
    return f"KT-{(today or date.today()).strftime('%Y%m%d')}-{secrets.token_hex(3).upper()}"


def write_kit(db: sqlite_utils.Database, library: Library, plan: KitPlan, out_dir: Path, *,
              workers: int | None = None, progress: ProgressFn | None = None,
              cancel: CancelFn | None = None, today: date | None = None) -> KitResult:
    """Write the kit ZIP into ``out_dir`` and log it. Clearance is checked again first: a
    consent withdrawn since the plan was made keeps its images out."""
    fresh = preflight(db, plan.preflight.selected, plan.licence.id, today)
    cleared = set(fresh.included)
    fresh.included = [i for i in plan.included if i in cleared]
    kit_id = new_kit_id(today)
    campaign, licence = plan.campaign, plan.licence
    label = "-".join(p for p in (name_part(licence.partner, 30), name_part(campaign.title, 30))
                     if p) or "kit"
    warnings = list(plan.warnings)
    with bag_work(db, library, fresh, out_dir, long_edge=plan.long_edge, public_id=kit_id,
                  label=label) as work:
        logo = _logo_png(db, library, plan, warnings) if plan.posters else None
        for key in plan.aspects:
            (work.bag / "social" / BY_KEY[key].folder).mkdir(parents=True)
        if plan.posters:
            (work.bag / "posters").mkdir()
        tasks = []
        for task in work.tasks:
            item = plan.image(task.image_id)
            stem = Path(work.items[task.image_id].file_name).stem
            crops = tuple((key, str(work.bag / "social" / BY_KEY[key].folder /
                                    f"{stem}-{key}.jpg")) for key in plan.aspects)
            poster = str(work.bag / "posters" / f"{stem}-poster.pdf") if item.poster else None
            words = _poster_words(plan, task.image_id, work.rights[task.image_id].credit,
                                  kit_id) if item.poster else None
            tasks.append(KitTask(task, item.focus, crops, poster, words, logo))
        rendered: dict[int, KitRendition] = {}
        for r in render_all(tasks, len(tasks), workers=workers, progress=progress,
                            cancel=cancel, work=render_kit_image):
            if absorb(work, r.rendition):
                rendered[r.image_id] = r
            warnings.extend(f"#{r.image_id}: {w}." for w in r.warnings)
        if cancel and cancel():
            raise Cancelled("The kit was cancelled; nothing was written or logged.")
        files = _files(work.bag, rendered)
        items = [plan.image(i) for i in fresh.included if i in rendered]
        warnings += [w for item in items for w in item.warnings]
        posts = [item.post for item in items if item.post is not None]
        docs = {}
        if posts:
            pictures = {i: f"images/{work.items[i].file_name}" for i in rendered}
            crop_names = {i: {c.aspect: _relative(work.bag, c.dest) for c in r.crops}
                          for i, r in rendered.items()}
            poster_names = {i: _relative(work.bag, r.poster[0]) for i, r in rendered.items()
                            if r.poster}
            public = {i: work.items[i].public_id for i in rendered}
            docs["posts.csv"] = kit_docs.posts_csv(posts, public, pictures, crop_names,
                                                   poster_names)
            docs["posts.md"] = kit_docs.posts_md(plan, posts, public, pictures, crop_names,
                                                 poster_names, kit_id)
        crops = sum(len(r.crops) for r in rendered.values())
        posters = sum(1 for r in rendered.values() if r.poster)
        export_id, ordered = finish(
            work, kind="kit", cancel=cancel, extra_docs=docs, extra_files=files,
            description=f"Comms kit for {campaign.title}: photographs for {licence.partner} "
                        f"under licence '{licence.name}' version {licence.version}",
            details={"campaign_id": campaign.id, "crops": crops, "posts": len(posts),
                     "posters": posters, "aspects": list(plan.aspects)})
        return KitResult(work.final, kit_id, [i.image_id for i in ordered], work.excluded,
                         crops, len(posts), posters, warnings, export_id,
                         [{"image_id": f.image_id, "file": f.file_name, "sha256": f.sha256}
                          for f in files])


def _relative(bag: Path, dest: str) -> str:
    return Path(dest).relative_to(bag).as_posix()


def _files(bag: Path, rendered: dict[int, KitRendition]) -> list[ExportedFile]:
    files = []
    for image_id, r in rendered.items():
        files += [ExportedFile(image_id, _relative(bag, c.dest), c.sha256) for c in r.crops]
        if r.poster:
            files.append(ExportedFile(image_id, _relative(bag, r.poster[0]), r.poster[1]))
    return files


def _poster_words(plan: KitPlan, image_id: int, credit: str | None, kit_id: str) -> PosterText:
    campaign, item = plan.campaign, plan.image(image_id)
    day = item.post.day if item.post else None
    topic = ""
    if day:
        on = campaign.date_of(day)
        when = f"{on:%A} {on.day} {on:%B}" if on else f"Day {day}"
        topic = " · ".join(p for p in (when, campaign.topic_of(day)) if p)
    dates = campaign.dates_text()
    footer = " ".join(p for p in (campaign.url or "", " ".join(campaign.hashtags)) if p)
    return PosterText(
        theme=campaign.theme or campaign.title,
        campaign=" · ".join(p for p in (campaign.title, dates) if p),
        topic=topic, credit=credit or "", partner=f"Shared by {plan.licence.partner}",
        footer=footer, public_id=f"{kit_id} {item.public_id}")


def _logo_png(db: sqlite_utils.Database, library: Library, plan: KitPlan,
              warnings: list[str]) -> bytes | None:
    """The campaign's logo as a small PNG (transparency kept), or None with a warning."""
    campaign = plan.campaign
    try:
        if campaign.logo_image_id:
            row = db.execute("SELECT original_path FROM images WHERE id = ?",
                             [campaign.logo_image_id]).fetchone()
            if row is None:
                raise FileNotFoundError(campaign.logo_image_id)
            data = library.resolve_original(row[0]).read_bytes()
        elif campaign.logo_path:
            data = (library.root / campaign.logo_path).read_bytes()
        else:
            return None
        im = open_image(data)
        orientation = orientation_of(im)
        decode_for(im, LOGO_EDGE)
        alpha = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
        logo = im.convert("RGBA") if alpha else to_srgb(im)
        logo = upright(logo, orientation)
        logo.thumbnail((LOGO_EDGE, LOGO_EDGE), Image.Resampling.LANCZOS)
        out = io.BytesIO()
        logo.save(out, "PNG")  # no metadata of the logo's file goes with it
        return out.getvalue()
    except Exception as exc:
        warnings.append(f"The campaign's logo could not be read ({type(exc).__name__}): the "
                        "posters have none.")
        return None
