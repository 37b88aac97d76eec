"""Building a licensed pack: pre-flight → renditions → documents → BagIt bag → ZIP → log.

Atomic: everything is built in a hidden temporary folder beside the destination
(``.curator-pack-<pid>-<random>.tmp``); the ZIP is written there and moved into place
with one rename inside the transaction that writes the export log, so a cancelled,
failed or killed export leaves no pack under the partner's name and no log row. Stale
temporary folders of dead processes are removed by the next export to the same folder.

Worked example::

    plan = preflight(db, [1, 2, 3], licence_id=4)
    result = build_pack(db, library, plan, Path("~/Desktop"), long_edge=2048,
                        progress=lambda done, total, current: ..., cancel=stop.is_set)
"""

from __future__ import annotations

import hashlib
import os
import re
import secrets
import shutil
import zipfile
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import bagit
import sqlite_utils

from curator.connection import transaction, utc_now
from curator.errors import Cancelled, CuratorError, InvalidInput
from curator.export import documents
from curator.export.contact_sheet import write_contact_sheet
from curator.export.documents import PackImage
from curator.export.embed import Rights, exif_bytes, xmp_packet
from curator.export.files import name_part, pack_file_name
from curator.export.log import ExportedFile, record_export
from curator.export.partners import Licence
from curator.export.preflight import Preflight
from curator.export.renditions import (
    CancelFn,
    ProgressFn,
    Rendition,
    RenditionTask,
    render_all,
)
from curator.library import Library
from curator.reads import image_rows, keywords_of, select_in

TEMP_PREFIX = ".curator-pack-"
MINOR_AGE_CODES = {**{n: f"AG-A{n}" for n in range(15, 25)}}


@dataclass
class PackResult:
    pack: Path | None
    pack_id: str
    included: list[int]
    excluded: list[dict]
    export_id: int | None = None
    files: list[dict] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"pack": str(self.pack) if self.pack else None, "pack_id": self.pack_id,
                "included": list(self.included), "excluded": list(self.excluded)}


def public_id_of(sha256: str) -> str:
    """An image's id outside the library: stable, and no internal number or path."""
    return sha256[:12]


def new_pack_id(today: date | None = None) -> str:
    return f"PK-{(today or date.today()).strftime('%Y%m%d')}-{secrets.token_hex(3).upper()}"


# --- what each image says -----------------------------------------------------------------------

def pack_rows(db: sqlite_utils.Database, ids: Sequence[int]) -> dict[int, dict]:
    """What a pack says about each image: the row, its keywords and its people."""
    rows = image_rows(db, ids, """i.id, i.sha256, i.original_path, i.title, i.caption,
        i.alt_text, i.credit, COALESCE(i.creator, s.photographer) AS creator, i.copyright,
        i.captured_at, i.year, i.identifiable, i.people_count, e.name AS event_name,
        COALESCE((SELECT c.name FROM campaigns c WHERE c.id = e.campaign_id), e.campaign)
            AS campaign, e.year AS event_year, e.occasion""", require=True)
    keywords = keywords_of(db, ids)
    for image_id, row in rows.items():
        row["keywords"] = keywords[image_id]
        row["people"] = []
    for image_id, label, is_minor, born_on in select_in(
        db, "SELECT ip.image_id, p.label, p.is_minor, p.born_on FROM image_people ip "
            "JOIN people p ON p.id = ip.person_id WHERE ip.image_id IN ({ids}) "
            "ORDER BY p.id", ids):
        rows[image_id]["people"].append((label, bool(is_minor), born_on))
    return rows


def names_pattern(db: sqlite_utils.Database) -> re.Pattern | None:
    """Every personal name the catalogue holds (people, guardians, contacts, signers,
    witnesses), as one case-insensitive pattern: what a pack withholds unless the licence
    allows naming."""
    names: set[str] = set()
    for row in db.execute("SELECT label, guardian, contact FROM people"):
        names.update(v.strip() for v in row if v and v.strip())
    for row in db.execute("SELECT signed_by, witness FROM consents"):
        names.update(v.strip() for v in row if v and v.strip())
    names = {n for n in names if len(n) >= 2}
    if not names:
        return None
    parts = []
    for name in sorted(names, key=len, reverse=True):
        head = r"\b" if name[0].isalnum() else ""
        tail = r"\b" if name[-1].isalnum() else ""
        parts.append(f"{head}{re.escape(name)}{tail}")
    return re.compile("|".join(parts), re.IGNORECASE)


def _withhold(text: str | None, pattern: re.Pattern | None) -> str | None:
    if not text or pattern is None:
        return text
    return pattern.sub("[name withheld]", text)


def _minor_age(people: list[tuple[str, bool, str | None]], captured: str | None) -> str | None:
    """PLUS Minor Model Age Disclosure of the youngest minor shown, or None if no minor."""
    ages = []
    for _, is_minor, born_on in people:
        if not is_minor:
            continue
        if not born_on or not captured:
            return "AG-UNK"
        try:
            born, shot = date.fromisoformat(born_on[:10]), date.fromisoformat(captured[:10])
        except ValueError:
            return "AG-UNK"
        ages.append(shot.year - born.year - ((shot.month, shot.day) < (born.month, born.day)))
    if not ages:
        return None
    youngest = min(ages)
    return "AG-U14" if youngest <= 14 else MINOR_AGE_CODES.get(youngest, "AG-A25")


def rights_for(row: dict, licence: Licence, usage: str,
               names: re.Pattern | None = None) -> tuple[Rights, PackImage]:
    """What the rendition embeds and what the pack's documents say about one image.

    ``names``: the pattern of :func:`names_pattern`, withheld from every text unless the
    licence allows naming."""
    labels = [p[0] for p in row["people"]]
    hide = (lambda t: t) if licence.allow_names else (lambda t: _withhold(t, names))
    keywords = [k for k in row["keywords"]
                if licence.allow_names or hide(k) == k]
    creator = row["creator"]
    credit = licence.attribution or row["credit"] or creator
    copyright_ = row["copyright"] or (f"© {row['year']} {creator}" if creator else None)
    event = row["event_name"]
    licensor = licence.licensor or row["campaign"] or licence.attribution
    not_needed = row["identifiable"] == 0 and not row["people_count"]
    rights = Rights(
        title=hide(row["title"]), caption=hide(row["caption"]), alt_text=hide(row["alt_text"]),
        creator=creator, credit=credit, copyright=copyright_, keywords=keywords, event=event,
        usage_terms=usage, web_statement=licence.licensor_url, licensor_name=licensor,
        licensor_email=licence.licensor_email, licensor_url=licence.licensor_url,
        model_release="MR-NAP" if not_needed else "MR-LMR",
        minor_age=_minor_age(row["people"], row["captured_at"]),
        data_mining="DMI-ALLOWED" if licence.allow_ai_training
        else "DMI-PROHIBITED-AIMLTRAINING",
        people=labels if licence.allow_names else (),
        captured=row["captured_at"],
    )
    item = PackImage(image_id=row["id"], public_id=public_id_of(row["sha256"]), file_name="",
                     title=rights.title, caption=rights.caption, alt_text=rights.alt_text,
                     credit=credit, year=row["event_year"] or row["year"], event=event)
    return rights, item


# --- building -----------------------------------------------------------------------------------

@dataclass
class BagWork:
    """A pack (or kit) being built in its temporary folder: what goes in, what was left out.

    :func:`build_pack` and the comms kit (:mod:`curator.export.kit.build`) share it: the
    same renditions with the same rights embedded, the same documents, BagIt, ZIP and log.
    """

    db: sqlite_utils.Database
    library: Library
    plan: Preflight
    temp: Path
    bag_name: str
    final: Path
    public_id: str
    created: str
    long_edge: int
    rows: dict[int, dict] = field(default_factory=dict)
    items: dict[int, PackImage] = field(default_factory=dict)
    tasks: list[RenditionTask] = field(default_factory=list)
    excluded: list[dict] = field(default_factory=list)
    thumbs: dict[int, tuple[Path, tuple[int, int]]] = field(default_factory=dict)
    rights: dict[int, Rights] = field(default_factory=dict)

    @property
    def bag(self) -> Path:
        return self.temp / self.bag_name

    def ordered(self) -> list[PackImage]:
        """The images rendered, in the plan's order."""
        return [self.items[i] for i in self.plan.included
                if i in self.items and self.items[i].sha256]


@contextmanager
def bag_work(db: sqlite_utils.Database, library: Library, plan: Preflight, out_dir: Path,
             *, long_edge: int, public_id: str, label: str) -> Iterator[BagWork]:
    """A temporary folder beside ``out_dir`` with the bag's ``images/`` and every included
    image's rendition task prepared; the folder is removed however the work ends."""
    if not plan.included:
        raise InvalidInput("Every selected image was excluded: nothing to send.")
    out_dir = Path(out_dir).expanduser().absolute()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CuratorError(f"The folder {out_dir} cannot be created ({exc.strerror}).") from None
    remove_stale_temp(out_dir)
    created = utc_now()
    bag_name = f"{label}-{created[:10]}-{public_id}"
    temp = out_dir / f"{TEMP_PREFIX}{os.getpid()}-{secrets.token_hex(4)}.tmp"
    temp.mkdir()
    try:
        work = BagWork(db, library, plan, temp, bag_name, out_dir / f"{bag_name}.zip",
                       public_id, created, long_edge, excluded=list(plan.excluded))
        _prepare(work)
        yield work
    finally:
        shutil.rmtree(temp, ignore_errors=True)


def _prepare(work: BagWork) -> None:
    licence = work.plan.licence
    images_dir = work.bag / "images"
    images_dir.mkdir(parents=True)
    (work.temp / "thumbs").mkdir()  # beside the bag, not in it
    work.rows = pack_rows(work.db, work.plan.included)
    usage = documents.usage_terms(licence)
    names = None if licence.allow_names else names_pattern(work.db)
    taken: set[str] = set()
    for image_id in work.plan.included:
        row = work.rows[image_id]
        rights, item = rights_for(row, licence, usage, names)
        item.file_name = pack_file_name(row["campaign"], row["event_year"] or row["year"],
                                        row["occasion"] or row["event_name"], item.public_id,
                                        taken)
        try:
            xmp = xmp_packet(rights)
        except ValueError as exc:
            work.excluded.append({"image_id": image_id, "reasons": [f"Not sent: {exc}."]})
            continue
        work.items[image_id] = item
        work.rights[image_id] = rights
        work.tasks.append(RenditionTask(
            image_id, str(work.library.resolve_original(row["original_path"])),
            str(images_dir / item.file_name), work.long_edge, exif_bytes(rights), xmp))


def absorb(work: BagWork, r: Rendition) -> bool:
    """Take one rendition's result into the bag; False when the image was left out."""
    if r.thumb and r.thumb_size:
        thumb = work.temp / "thumbs" / f"{r.image_id}.jpg"
        thumb.write_bytes(r.thumb)
        work.thumbs[r.image_id] = (thumb, r.thumb_size)
    if r.error:
        work.excluded.append({"image_id": r.image_id, "reasons": [f"Not sent: {r.error}."]})
        work.items.pop(r.image_id, None)
        return False
    item = work.items[r.image_id]
    item.sha256 = r.sha256
    item.width, item.height = r.size or (None, None)
    return True


def finish(work: BagWork, *, kind: str, cancel: CancelFn | None = None,
           extra_docs: dict[str, bytes] | None = None,
           extra_files: Sequence[ExportedFile] = (), description: str | None = None,
           details: dict | None = None) -> tuple[int, list[PackImage]]:
    """The documents, the BagIt bag, the ZIP, and the log row (``kind``) in one transaction
    with the ZIP's rename into place. ``extra_docs`` are written into the bag beside the
    pack's own; ``extra_files`` (already in the bag) are logged with their images, so a
    withdrawal's trace and takedown notice name them too. Returns (export id, images)."""
    licence, bag = work.plan.licence, work.bag
    if cancel and cancel():
        raise Cancelled(f"The {kind} was cancelled; nothing was written or logged.")
    ordered = work.ordered()
    if not ordered:
        raise InvalidInput("No image could be rendered: " + "; ".join(
            f"#{e['image_id']}: {' '.join(e['reasons'])}" for e in work.excluded[-5:]))
    contact = ", ".join(v for v in (licence.licensor, licence.licensor_email,
                                    licence.licensor_url) if v) or None
    docs = {
        "LICENCE.txt": documents.licence_text(licence, work.public_id, work.created,
                                              len(ordered), contact).encode("utf-8"),
        "captions.csv": documents.captions_csv(ordered, licence),
        "index.html": documents.index_html(ordered, licence, work.public_id),
        **(extra_docs or {}),
    }
    sheet = bag / "contact-sheet.pdf"
    write_contact_sheet(sheet, ordered, licence, work.public_id, work.thumbs)
    docs[sheet.name] = sheet.read_bytes()
    for name, data in docs.items():
        (bag / name).write_bytes(data)
    digests = {name: hashlib.sha256(data).hexdigest() for name, data in docs.items()}
    digests.update({f.file_name: f.sha256 for f in extra_files if f.file_name and f.sha256})
    (bag / "manifest.json").write_bytes(
        documents.manifest_json(work.public_id, licence, work.created, work.long_edge,
                                ordered, digests))
    if cancel and cancel():
        raise Cancelled(f"The {kind} was cancelled; nothing was written or logged.")
    bagit.make_bag(str(bag), {
        "Source-Organization": licence.licensor or licence.attribution or "Curator",
        "External-Identifier": work.public_id,
        "External-Description": description or (
            f"Photographs for {licence.partner} under licence '{licence.name}' version "
            f"{licence.version}"),
        "Bagging-Date": work.created[:10],
    }, checksums=["sha256"])
    part = work.temp / f"{work.bag_name}.zip"
    _zip(bag, part, work.bag_name)
    export_files = [ExportedFile(i.image_id, f"images/{i.file_name}", i.sha256,
                                 work.rows[i.image_id]["sha256"]) for i in ordered]
    export_files += [ExportedFile(f.image_id, f.file_name, f.sha256,
                                  work.rows[f.image_id]["sha256"]) for f in extra_files]
    with transaction(work.db):
        export_id = record_export(
            work.db, kind=kind, public_id=work.public_id, files=export_files,
            partner_id=licence.partner_id, licence_id=licence.id, path=str(work.final),
            details={"long_edge": work.long_edge, "licence_version": licence.version,
                     "zip_sha256": _sha256_file(part), "excluded": len(work.excluded),
                     **(details or {})})
        # The rename is the last step inside the transaction: if it fails nothing is
        # logged; a kill after it and before the commit is the one narrow window.
        os.replace(part, work.final)
    return export_id, ordered


def build_pack(db: sqlite_utils.Database, library: Library, plan: Preflight, out_dir: Path,
               *, long_edge: int, workers: int | None = None,
               progress: ProgressFn | None = None, cancel: CancelFn | None = None,
               today: date | None = None) -> PackResult:
    """Write the pack ZIP into ``out_dir`` and log it; see the module docstring."""
    pack_id = new_pack_id(today)
    label = name_part(plan.licence.partner, 40) or "partner"
    with bag_work(db, library, plan, out_dir, long_edge=long_edge, public_id=pack_id,
                  label=label) as work:
        for r in render_all(work.tasks, len(work.tasks), workers=workers, progress=progress,
                            cancel=cancel):
            absorb(work, r)
        if cancel and cancel():
            raise Cancelled("The pack was cancelled; nothing was written or logged.")
        export_id, ordered = finish(work, kind="pack", cancel=cancel)
        return PackResult(work.final, pack_id, [i.image_id for i in ordered], work.excluded,
                          export_id, [{"image_id": i.image_id, "file": f"images/{i.file_name}",
                                       "sha256": i.sha256} for i in ordered])


def _zip(bag: Path, dest: Path, root: str) -> None:
    with zipfile.ZipFile(dest, "w", allowZip64=True) as zf:
        for path in sorted(p for p in bag.rglob("*") if p.is_file()):
            arc = f"{root}/{path.relative_to(bag).as_posix()}"
            # JPEGs do not shrink: store them (faster to write and to open).
            method = zipfile.ZIP_STORED if path.suffix.lower() == ".jpg" \
                else zipfile.ZIP_DEFLATED
            zf.write(path, arc, compress_type=method)


def _sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def remove_stale_temp(out_dir: Path) -> None:
    """Delete temporary folders that killed exports left in ``out_dir``."""
    for entry in out_dir.glob(f"{TEMP_PREFIX}*.tmp"):
        m = re.match(re.escape(TEMP_PREFIX) + r"(\d+)-", entry.name)
        if m and _alive(int(m.group(1))):
            continue  # an export still running (perhaps in this very process)
        shutil.rmtree(entry, ignore_errors=True)


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True
