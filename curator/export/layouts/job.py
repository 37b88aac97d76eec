"""Print-ready PDFs of an exhibition: panels, wall labels, a catalogue.

How one layout runs::

    result = export_layout(db, library, exh_id, "panels", Path("panels.pdf"),
                           LayoutOptions(bleed_mm=3, fit="crop"),
                           progress=lambda done, total, what: ..., cancel=stop.is_set)
    result.to_json()   # {"pdf": "...", "pages": 40, "warnings": [...]}

1. A **final** exhibition with blockers is refused (``validation.ensure_exportable``); a
   draft is laid out as a proof, its problems listed as warnings.
2. Only images cleared by the one rule (:mod:`curator.consent.rule`) go in: for
   ``exhibition`` use (panels, labels) or ``print`` use (catalogue), over the tour's
   window. Each image left out is named in the warnings with clearance's reasons.
3. The PDF is written to a temporary file beside ``out``; in one transaction the export
   log records the layout and its images (so a withdrawn consent traces to the printed
   panels) and the file is renamed into place.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path

import sqlite_utils

from curator.connection import transaction
from curator.consent import rule as consent  # the one rule, asked, never restated
from curator.errors import Cancelled, CuratorError, InvalidInput
from curator.exhibitions import sets as exhibitions
from curator.exhibitions import validation
from curator.exhibitions.print_sizes import PrintSize, parse_print_size
from curator.export.layouts import FITS, KINDS, catalogue, labels, panels
from curator.export.layouts.common import atomic_output
from curator.export.log import ExportedFile, record_export
from curator.library import Library
from curator.reads import image_rows

USE_OF_KIND = {"panels": "exhibition", "labels": "exhibition", "catalogue": "print"}
DEFAULT_PAPER = {"panels": "A3", "labels": "A4", "catalogue": "A4"}
MAX_BLEED_MM = 20.0

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]


@dataclass(frozen=True)
class LayoutOptions:
    """``paper``: panels without a print size of their own (default A3), the label sheet
    (A4) or the catalogue page (A4). ``landscape`` turns it. ``bleed_mm``: panels only.
    ``fit``: ``crop`` fills the picture area, ``fit`` shows the whole picture."""

    paper: str | None = None
    landscape: bool = False
    bleed_mm: float = 3.0
    fit: str = "crop"
    label_mm: tuple[float, float] = (148.0, 105.0)
    logo_image_id: int | None = None  # panels: a campaign logo from the library


@dataclass
class LayoutResult:
    pdf: Path
    pages: int
    warnings: list[str]
    export_id: int
    public_id: str
    image_ids: list[int] = field(default_factory=list)

    def to_json(self) -> dict:
        return {"pdf": str(self.pdf), "pages": self.pages, "warnings": list(self.warnings)}


@dataclass
class Job:
    """What a layout module gets: the items to place and where to say what happened."""

    exhibition: dict
    venues: list[dict]
    items: list[dict]  # exhibition items (cleared, with a readable original), in order
    options: LayoutOptions
    library: Library
    warnings: list[str]
    progress: ProgressFn | None = None
    cancel: CancelFn | None = None
    placed: list[tuple[int, int]] = field(default_factory=list)  # (image id, page)
    logo: dict | None = None  # the logo image's row (original_path, width, height)

    def step(self, done: int, what: str) -> None:
        if self.cancel and self.cancel():
            raise Cancelled("The layout was cancelled; nothing was written.")
        if self.progress:
            self.progress(done, len(self.items), what)

    def warn(self, item: dict | None, message: str) -> None:
        where = "" if item is None else f"Position {item['position']} (image #{item['image_id']}): "
        self.warnings.append(where + message)

    def paper(self, kind: str) -> PrintSize:
        text = self.options.paper or DEFAULT_PAPER[kind]
        size = parse_print_size(text, "landscape" if self.options.landscape else "portrait")
        return size


def export_layout(db: sqlite_utils.Database, library: Library, exh_id: int, kind: str,
                  out: Path, options: LayoutOptions | None = None, *,
                  progress: ProgressFn | None = None, cancel: CancelFn | None = None,
                  today: date | None = None) -> LayoutResult:
    """Lay out exhibition ``exh_id`` as ``kind`` into ``out`` (see the module docstring)."""
    options = options or LayoutOptions()
    _check(kind, options, out)
    exh = exhibitions.get(db, exh_id)
    if exh["status"] == "final":
        report = validation.ensure_exportable(db, library, exh_id, today=today)
    else:
        report = validation.validate(db, library, exh_id, today=today)
    warnings: list[str] = []
    for p in report.problems:
        if p.code in ("not-cleared", "missing-original"):
            continue  # said below, as "left out"
        if kind != "panels" and p.code in ("low-ppi", "no-print-size"):
            continue  # about the panels' print size, not labels or a catalogue
        where = "Tour" if p.position is None else f"Position {p.position} (image #{p.image_id})"
        warnings.append(f"{where}: {p.message}")

    use = USE_OF_KIND[kind]
    start, end = report.checked_window
    rows = exhibitions.items(db, exh_id)
    cleared = consent.cleared_image_ids(db, [r["image_id"] for r in rows], use, start, end)
    extra = image_rows(db, sorted({r["image_id"] for r in rows}),
                       "i.id, i.credit, i.creator, i.copyright, i.year, i.title, "
                       "e.name AS event_name, e.year AS event_year, s.photographer")
    items: list[dict] = []
    for r in rows:
        where = f"Position {r['position']} (image #{r['image_id']}): "
        if r["image_id"] not in cleared:
            reasons = consent.clearance(db, r["image_id"], use, start, end).reasons
            why = "; ".join(x.strip().rstrip(".") for x in reasons) or "no reason given"
            warnings.append(f"{where}left out: not cleared for {use} use over {start} to "
                            f"{end} ({why}).")
            continue
        if not library.resolve_original(r["original_path"]).is_file():
            warnings.append(f"{where}left out: its original file is missing from the library.")
            continue
        items.append({**r, **_texts(extra.get(r["image_id"], {}))})
    if not items:
        raise CuratorError(
            f"Nothing to lay out: no image of exhibition #{exh_id} '{exh['title']}' is "
            f"cleared for {use} use over {start} to {end} with its original in the library.")

    job = Job(exh, exhibitions.venues(db, exh_id), items, options, library, warnings,
              progress, cancel, logo=_logo(db, library, options.logo_image_id))
    public_id = (f"layout-{exh_id}-{kind}-"
                 f"{datetime.now(UTC):%Y%m%dT%H%M%SZ}-{secrets.token_hex(3)}")
    builder = _builder(kind)
    with atomic_output(out) as tmp:
        pages = builder(job, tmp, public_id)
        with transaction(db):
            export_id = record_export(
                db, kind="layout", public_id=public_id, exhibition_id=exh_id,
                path=str(out.resolve()),
                files=[ExportedFile(image_id, file_name=f"{out.name} page {page}")
                       for image_id, page in job.placed],
                details={"layout": kind, "pages": pages, "use": use,
                         "window": [start.isoformat(), end.isoformat()]})
            os.replace(tmp, out)
    return LayoutResult(out, pages, warnings, export_id, public_id,
                        sorted({i for i, _ in job.placed}))


def _builder(kind: str):
    return {"panels": panels.build, "labels": labels.build}.get(kind, catalogue.build)


def _check(kind: str, options: LayoutOptions, out: Path) -> None:
    if kind not in KINDS:
        raise InvalidInput(f"'{kind}' is not a layout: choose from {', '.join(KINDS)}.")
    if options.fit not in FITS:
        raise InvalidInput(f"'{options.fit}' is not a way to fit pictures: use crop or fit.")
    if not 0 <= options.bleed_mm <= MAX_BLEED_MM:
        raise InvalidInput(f"A bleed of {options.bleed_mm:g} mm is not usable: give 0 to "
                           f"{MAX_BLEED_MM:g} mm (3 is usual).")
    if options.paper is not None:
        parse_print_size(options.paper)  # a clear error before any work
    if out.is_dir():
        raise InvalidInput(f"{out} is a folder: give the PDF's file name, e.g. panels.pdf.")


def _logo(db: sqlite_utils.Database, library: Library, image_id: int | None) -> dict | None:
    if image_id is None:
        return None
    row = image_rows(db, [image_id], "i.id, i.original_path, i.width, i.height, "
                                     "i.file_name", require=True)[image_id]
    if not library.resolve_original(row["original_path"]).is_file():
        raise InvalidInput(f"The logo, image #{image_id}, has no original file in the library.")
    return {**row, "crop": None}


def _texts(row: dict) -> dict:
    """The words a layout prints beside the caption: credit line, event and year."""
    credit = (row.get("credit") or "").strip()
    person = (row.get("creator") or row.get("photographer") or "").strip()
    if not credit and person:
        credit = f"Photo: {person}"
    event = (row.get("event_name") or "").strip()
    year = row.get("year") or row.get("event_year")
    if event and year and str(year) not in event:
        event_line = f"{event}, {year}"
    else:
        event_line = event or (str(year) if year else "")
    return {"credit_line": credit, "event_line": event_line}
