"""Removing images from the catalogue — never deleting an original silently.

::

    plan = plan_removal(db, library, [12, 13])    # what would happen; changes nothing
    plan.blocked_by                                # final exhibitions holding them (refused)
    report = remove_images(db, library, [12, 13])  # one transaction, then the cache
    report.removed[0]["moved_to"]                  # 'removed/2024/Launch day/IMG_0001.JPG'

What :func:`remove_images` does, all or nothing:

* refuses (:class:`RemovalRefused`) when an image is in a **final** exhibition, naming it —
  reopen the exhibition and take the image out first;
* deletes the image rows with their keyword and people links and derived consent rows,
  takes the images out of draft exhibitions (positions close up: 1, 2, … n) and writes one
  audit-log entry per image (what it was, where its original went) and per exhibition;
* moves each copied original from ``originals/<year>/<shoot>/`` to the same place under
  ``removed/`` (``removed/<year>/<shoot>/``), still read-only. The moves happen inside the
  transaction, just before it commits: if one fails, the files already moved go back and
  nothing is removed. An original imported with ``--reference`` is never touched; one that
  was already missing is reported;
* after the commit, deletes the images' cached thumbnail and preview (rebuildable).

People, keywords and consent records stay: they may describe other images, and a consent
record is evidence whatever happens to the photos.
"""

from __future__ import annotations

import logging
import sqlite3
from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path, PurePosixPath

import sqlite_utils

from curator import audit, journal
from curator.connection import id_chunks, marks, transaction
from curator.errors import CuratorError, InvalidInput
from curator.exhibitions import sets as exhibitions
from curator.export.log import exports_holding
from curator.library import Library
from curator.reads import image_rows, keywords_of, people_of, unique_ids

log = logging.getLogger("curator.removal")


class RemovalRefused(CuratorError):
    """The images cannot be removed as they are (a final exhibition holds one)."""


@dataclass
class RemovalPlan:
    """What removing some images would do (see :func:`plan_removal`)."""

    image_ids: list[int]
    to_move: int = 0  # originals copied into the library: moved to removed/
    referenced: int = 0  # originals imported with --reference: left where they are
    missing: int = 0  # copied originals that are already missing
    removed_dir: str = ""  # <library>/removed
    exhibitions: list[dict] = field(default_factory=list)  # {id, title, status, positions}
    blocked_by: list[dict] = field(default_factory=list)  # the final ones among them
    packs: list[dict] = field(default_factory=list)  # exports already sent (export log)

    @property
    def allowed(self) -> bool:
        return not self.blocked_by

    def to_json(self) -> dict:
        return {**asdict(self), "allowed": self.allowed}


@dataclass
class RemovalReport:
    """What :func:`remove_images` did."""

    removed: list[dict] = field(default_factory=list)
    # each: {id, file_name, sha256, original (as stored), moved_to (library-relative) or
    #        None, reference (bool), missing (bool)}
    exhibitions: list[dict] = field(default_factory=list)  # {id, title, positions}
    removed_dir: str = ""
    cache_problems: list[dict] = field(default_factory=list)  # {path, reason}
    packs: list[dict] = field(default_factory=list)  # exports already sent (export log)

    @property
    def moved(self) -> int:
        return sum(1 for r in self.removed if r["moved_to"])

    @property
    def referenced(self) -> int:
        return sum(1 for r in self.removed if r["reference"])

    @property
    def missing(self) -> int:
        return sum(1 for r in self.removed if r["missing"])

    def to_json(self) -> dict:
        return {**asdict(self), "moved": self.moved, "referenced": self.referenced,
                "missing": self.missing}

    def summary(self) -> str:
        """What happened, in lines a curator reads."""
        n = len(self.removed)
        lines = [f"Removed {n} image{'s' if n != 1 else ''} from the catalogue."]
        if self.moved:
            lines.append(f"{self.moved} original{'s' if self.moved != 1 else ''} moved to "
                         f"{self.removed_dir} (kept, read-only):")
            lines += [f"  #{r['id']} {r['file_name']} → {r['moved_to']}"
                      for r in self.removed if r["moved_to"]]
        if self.referenced:
            lines.append(f"{self.referenced} original{'s' if self.referenced != 1 else ''} "
                         "imported by reference left where they are:")
            lines += [f"  #{r['id']} {r['original']}" for r in self.removed if r["reference"]]
        if self.missing:
            lines.append(f"{self.missing} original{'s were' if self.missing != 1 else ' was'} "
                         "already missing:")
            lines += [f"  #{r['id']} {r['original']}" for r in self.removed if r["missing"]]
        for e in self.exhibitions:
            where = ", ".join(str(p) for p in e["positions"])
            lines.append(f"Taken out of draft exhibition #{e['id']} '{e['title']}' "
                         f"(position{'s' if len(e['positions']) != 1 else ''} {where}); "
                         "its positions closed up.")
        lines += partners_holding_lines(self.packs)
        return "\n".join(lines)


def partners_holding_lines(packs: list[dict]) -> list[str]:
    """Which partners already hold copies (the export log): removing the images here does
    not take them back; a takedown notice does."""
    lines = []
    for p in packs:
        if not p.get("partner"):
            continue
        lines.append(f"{p['partner']} holds copies (pack {p['public_id']}, {p['date']}: "
                     f"{', '.join(p['files'])}); removing the images here does not take "
                     "them back — send a takedown notice (`curator export notice`).")
    return lines


def plan_removal(db: sqlite_utils.Database, library: Library,
                 image_ids: Iterable[int]) -> RemovalPlan:
    """What :func:`remove_images` would do to these images; changes nothing.

    Unknown ids raise :class:`~curator.errors.NotFound`.
    """
    ids = _unique(image_ids)
    rows = _image_rows(db, ids)
    plan = RemovalPlan(image_ids=ids, removed_dir=str(library.removed))
    for row in rows.values():
        if row["is_reference"]:
            plan.referenced += 1
        elif library.resolve_original(row["original_path"]).exists():
            plan.to_move += 1
        else:
            plan.missing += 1
    plan.exhibitions = _exhibitions_holding(db, ids)
    plan.blocked_by = [e for e in plan.exhibitions if e["status"] == "final"]
    plan.packs = exports_holding(db, ids)
    return plan


def remove_images(db: sqlite_utils.Database, library: Library,
                  image_ids: Iterable[int]) -> RemovalReport:
    """Remove images from the catalogue; their copied originals go to ``removed/``.

    One transaction (see the module docstring). Raises :class:`RemovalRefused` when a
    final exhibition holds one of them, :class:`~curator.errors.NotFound` for an unknown
    id, and a :class:`~curator.errors.CuratorError` when an original cannot be moved (then
    nothing changed).
    """
    if db.conn.in_transaction:  # the files move just before *our* commit
        raise RuntimeError("remove_images commits its own transaction: call it outside one")
    ids = _unique(image_ids)
    report = RemovalReport(removed_dir=str(library.removed))
    moved: list[tuple[Path, Path]] = []
    try:
        with transaction(db):
            _remove(db, library, ids, report, moved)
    except BaseException:
        if _put_back(moved):  # the transaction rolled back: the files go back too
            journal.clear(library)
        raise
    # The cache goes before the journal: a kill in between leaves the journal, and its
    # recovery on the next open deletes the same files (journal.drop_cache).
    report.cache_problems = _delete_cache(library, [r["sha256"] for r in report.removed])
    journal.clear(library)
    for entry in report.removed:
        if entry["moved_to"]:
            _drop_empty_dirs(library, library.resolve_original(entry["original"]).parent)
    report.packs = exports_holding(db, ids)  # the log outlives the rows
    return report


def _remove(db: sqlite_utils.Database, library: Library, ids: list[int],
            report: RemovalReport, moved: list[tuple[Path, Path]]) -> None:
    """The transaction's work: checks, audit, rows, then the moves (listed in ``moved``)."""
    rows = _image_rows(db, ids)
    held = _exhibitions_holding(db, ids)
    final = [e for e in held if e["status"] == "final"]
    if final:
        raise RemovalRefused(_refusal(final, rows))
    extras = _links(db, ids)
    claimed: set[Path] = set()
    for image_id in ids:
        row = rows[image_id]
        entry = {"id": image_id, "file_name": row["file_name"], "sha256": row["sha256"],
                 "original": row["original_path"], "moved_to": None,
                 "reference": bool(row["is_reference"]), "missing": False}
        if not row["is_reference"]:
            if library.resolve_original(row["original_path"]).exists():
                target = _free_target(library, row, claimed)
                claimed.add(target)
                entry["moved_to"] = target.relative_to(library.root).as_posix()
            else:
                entry["missing"] = True
        report.removed.append(entry)
        after = (entry["moved_to"] if entry["moved_to"]
                 else "left in place (imported by reference)" if entry["reference"]
                 else "already missing")
        audit.record(db, "image.remove", "image", image_id, "original",
                     {**_describe(row), **extras[image_id]}, after)
    for exh in held:
        audit.record(db, "image.remove", "exhibition", exh["id"], "items", exh["items"], None)
        report.exhibitions.append({"id": exh["id"], "title": exh["title"],
                                   "positions": exh["positions"]})
    _delete_rows(db, ids, [e["id"] for e in held])
    # Last, just before the commit: the files (the caller puts them back on any failure;
    # after a kill, the journal lets the next open of the library finish or undo them).
    planned = [(library.resolve_original(e["original"]), library.root / e["moved_to"])
               for e in report.removed if e["moved_to"]]
    if planned:
        journal.write(library, planned, [(e["id"], e["sha256"]) for e in report.removed],
                      committed_when="absent")
    for source, target in planned:
        try:
            _move_read_only(source, target)
        except OSError as exc:
            raise CuratorError(
                f"The original {source} could not be moved to {target} "
                f"({exc.strerror or exc}); nothing was removed."
            ) from exc
        moved.append((source, target))


# ---------------------------------------------------------------- helpers


def _unique(image_ids: Iterable[int]) -> list[int]:
    ids = unique_ids(image_ids)
    if not ids:
        raise InvalidInput("Give at least one image to remove.")
    return ids


def _image_rows(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    return image_rows(
        db, ids, "i.id, i.sha256, i.file_name, i.original_path, i.is_reference, i.year, "
                 "i.caption, s.title AS shoot, s.folder AS shoot_folder, e.name AS event",
        require=True)


def _exhibitions_holding(db: sqlite_utils.Database, ids: list[int]) -> list[dict]:
    out = []
    for exh_id, hits in exhibitions.items_holding(db, ids).items():
        exh = exhibitions.get(db, exh_id)
        out.append({"id": exh_id, "title": exh["title"], "status": exh["status"],
                    "image_ids": sorted({h["image_id"] for h in hits}),
                    "positions": [h["position"] for h in hits], "items": hits})
    return out


def _refusal(final: list[dict], rows: dict[int, dict]) -> str:
    parts = []
    for e in final:
        images = ", ".join(f"#{i} {rows[i]['file_name']}" for i in e["image_ids"])
        parts.append(f"final exhibition #{e['id']} '{e['title']}' holds {images}")
    return ("Cannot remove these images: " + "; ".join(parts) + ". Reopen the exhibition as "
            "a draft and take the images out first (or leave them in the library); "
            "nothing was removed.")


def _links(db: sqlite_utils.Database, ids: list[int]) -> dict[int, dict]:
    """Keywords and people of each image, for the audit entry."""
    keywords, people = keywords_of(db, ids), people_of(db, ids)
    return {i: {"keywords": keywords[i], "people": people[i]} for i in ids}


def _describe(row: dict) -> dict:
    return {k: row[k] for k in ("file_name", "sha256", "original_path", "year", "shoot",
                                "event", "caption")} | {"reference": bool(row["is_reference"])}


def _delete_rows(db: sqlite_utils.Database, ids: list[int], exh_ids: list[int]) -> None:
    try:
        for chunk in id_chunks(ids):
            in_ = marks(chunk)
            db.execute(f"DELETE FROM exhibition_items WHERE image_id IN ({in_})", chunk)
            # Links first, while the images exist (their triggers touch the image rows).
            db.execute(f"DELETE FROM image_people WHERE image_id IN ({in_})", chunk)
            db.execute(f"DELETE FROM image_keywords WHERE image_id IN ({in_})", chunk)
            db.execute(f"DELETE FROM images WHERE id IN ({in_})", chunk)
    except sqlite3.IntegrityError as exc:  # a table added later that keeps image rows
        raise CuratorError(
            f"These images are still referred to elsewhere in the catalogue ({exc}); "
            "nothing was removed."
        ) from exc
    for exh_id in exh_ids:
        exhibitions.close_up(db, exh_id)


def _free_target(library: Library, row: dict, claimed: set[Path]) -> Path:
    """``removed/<year>/<shoot>/<name>``: the original's place under ``removed/``."""
    rel = PurePosixPath(row["original_path"])
    if not rel.is_absolute() and rel.parts[:1] == ("originals",) and len(rel.parts) > 1:
        target = library.removed.joinpath(*rel.parts[1:])
    else:
        target = library.removed / str(row["year"]) / (row["shoot_folder"] or "no shoot") / \
            rel.name
    if target not in claimed and not target.exists():
        return target
    stem, suffix = target.stem, target.suffix
    n = 1
    while True:
        tag = row["sha256"][:8] + (f"-{n}" if n > 1 else "")
        candidate = target.with_name(f"{stem}-{tag}{suffix}")
        if candidate not in claimed and not candidate.exists():
            return candidate
        n += 1


def _move_read_only(source: Path, target: Path) -> None:
    journal.move_read_only(source, target)


def _put_back(moved: list[tuple[Path, Path]]) -> bool:
    """Move files back where they were; False if one could not be (the journal stays)."""
    ok = True
    for source, target in reversed(moved):
        try:
            _move_read_only(target, source)
        except OSError:
            log.exception("could not put %s back at %s", target, source)
            ok = False
    return ok


def _drop_empty_dirs(library: Library, folder: Path) -> None:
    """Remove the original's shoot and year folders once they are empty."""
    stop = library.originals.resolve()
    try:
        folder = folder.resolve()
    except OSError:
        return
    while folder != stop and stop in folder.parents:
        try:
            folder.rmdir()
        except OSError:  # not empty (or not ours to remove)
            return
        folder = folder.parent


def _delete_cache(library: Library, shas: list[str]) -> list[dict]:
    return [{"path": str(path), "reason": reason}
            for path, reason in journal.drop_cache(library, shas)]
