"""Core calls the exhibition editor and the export dialogs run in a worker.

No Qt here: each opens its own connection, composes core functions
(:mod:`curator.exhibitions`, :mod:`curator.export`, :mod:`curator.trace`) and returns
plain data.
"""

from __future__ import annotations

from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from curator import trace
from curator.catalogue import open_catalogue
from curator.coverage.report import CoverageReport, coverage
from curator.coverage.scope import exhibition_scope
from curator.errors import InvalidInput
from curator.exhibitions import sets as exhibitions
from curator.exhibitions import validation
from curator.exhibitions.validation import ValidationReport
from curator.export import partners as partners_core
from curator.export import preflight as pf
from curator.library import Library
from curator.reads import image_rows


def _with_db(library: Library, fn: Callable[..., Any], *args: Any, **kwargs: Any) -> Any:
    with closing(open_catalogue(library)) as db:
        return fn(db, *args, **kwargs)


# ---------------------------------------------------------------- exhibitions


def catalogue_stamp(library: Library) -> tuple[int, ...]:
    """Changes whenever anything writes the catalogue (this window, another one, the
    command line): the modification times and sizes of the database and its write-ahead
    log. Two ``stat`` calls, so the editor can ask every second on the GUI thread."""
    stamp: list[int] = []
    for path in (library.catalogue_path,
                 library.catalogue_path.with_name(library.catalogue_path.name + "-wal")):
        try:
            st = path.stat()
        except OSError:
            stamp += [0, 0]
        else:
            stamp += [st.st_mtime_ns, st.st_size]
    return tuple(stamp)


def list_exhibitions(library: Library) -> list[dict]:
    if not library.exists():
        return []
    return _with_db(library, exhibitions.list_exhibitions)


def create(library: Library, title: str) -> int:
    return _with_db(library, exhibitions.create, title)


def rename(library: Library, exh_id: int, title: str) -> None:
    _with_db(library, exhibitions.rename, exh_id, title)


def duplicate(library: Library, exh_id: int) -> int:
    return _with_db(library, exhibitions.duplicate, exh_id)


def delete(library: Library, exh_id: int) -> None:
    _with_db(library, exhibitions.delete, exh_id)


def set_status(library: Library, exh_id: int, status: str) -> ValidationReport:
    """Finalise or reopen; returns the validation that stands afterwards."""
    def run(db) -> ValidationReport:
        exhibitions.set_status(db, exh_id, status)
        return validation.validate(db, library, exh_id)
    return _with_db(library, run)


@dataclass
class ExhibitionState:
    """One exhibition as the editor shows it: items (with sha256), venues, validation."""

    exhibition: dict
    items: list[dict] = field(default_factory=list)
    venues: list[dict] = field(default_factory=list)
    report: ValidationReport | None = None


def load_exhibition(library: Library, exh_id: int) -> ExhibitionState:
    def run(db) -> ExhibitionState:
        rows = exhibitions.items(db, exh_id)
        shas = image_rows(db, sorted({r["image_id"] for r in rows}), "i.id, i.sha256")
        for r in rows:
            r["sha256"] = shas[r["image_id"]]["sha256"]
            r["print_label"] = exhibitions.print_size_label(r["print"])
        return ExhibitionState(exhibitions.get(db, exh_id), rows,
                               exhibitions.venues(db, exh_id),
                               validation.validate(db, library, exh_id))
    return _with_db(library, run)


def exhibition_coverage(library: Library, exh_id: int, by: str) -> CoverageReport:
    """The exhibition's coverage along ``by`` against the archive cleared for its tour."""
    return _with_db(library, lambda db: coverage(db, exhibition_scope(db, exh_id), by))


def add_items(library: Library, exh_id: int, image_ids: list[int],
              at: int | None = None) -> list[int]:
    return _with_db(library, exhibitions.add_items, exh_id, image_ids, at=at)


def move_items(library: Library, exh_id: int, positions: list[int], to: int) -> list[int]:
    """Move the items at ``positions`` (1-based) so that they stand together, in their
    order, from the slot before position ``to`` (``n + 1``: the end). Returns their new
    positions."""
    def run(db) -> list[int]:
        rows = exhibitions.items(db, exh_id)
        n = len(rows)
        wanted = sorted(set(positions))
        if not wanted or not all(1 <= p <= n for p in wanted) or not 1 <= to <= n + 1:
            raise InvalidInput(f"Positions {wanted} are out of range: use 1 to {n}.")
        moving = [rows[p - 1] for p in wanted]
        staying = [r for r in rows if r["position"] not in wanted]
        start = to - sum(1 for p in wanted if p < to)  # the slot, once the moving ones left
        target = staying[:start - 1] + moving + staying[start - 1:]
        current = [r["item_id"] for r in rows]
        for k, r in enumerate(target, start=1):  # each move fixes position k for good
            if current[k - 1] != r["item_id"]:
                exhibitions.move_item(db, exh_id, r["image_id"], k,
                                      at=current.index(r["item_id"]) + 1)
                current.remove(r["item_id"])
                current.insert(k - 1, r["item_id"])
        return list(range(start, start + len(moving)))
    return _with_db(library, run)


def remove_items(library: Library, exh_id: int, positions: list[int]) -> None:
    """Take out the items at ``positions`` (highest first, so the others keep theirs)."""
    def run(db) -> None:
        rows = {r["position"]: r for r in exhibitions.items(db, exh_id)}
        for p in sorted(set(positions), reverse=True):
            if p in rows:
                exhibitions.remove_item(db, exh_id, rows[p]["image_id"], at=p)
    _with_db(library, run)


def update_item(library: Library, exh_id: int, image_id: int, position: int,
                **changes: Any) -> int:
    return _with_db(library, exhibitions.update_item, exh_id, image_id, at=position, **changes)


def add_venue(library: Library, exh_id: int, name: str, opens: date, closes: date,
              address: str | None = None, contact: str | None = None,
              notes: str | None = None) -> int:
    return _with_db(library, exhibitions.add_venue, exh_id, name, opens, closes,
                    address=address, contact=contact, notes=notes)


def edit_venue(library: Library, exh_id: int, venue_id: int, **changes: Any) -> None:
    _with_db(library, exhibitions.edit_venue, exh_id, venue_id, **changes)


def remove_venue(library: Library, exh_id: int, venue_id: int) -> None:
    _with_db(library, exhibitions.remove_venue, exh_id, venue_id)


def edit_texts(library: Library, exh_id: int, **changes: str | None) -> None:
    """The exhibition's title, subtitle or statement."""
    _with_db(library, exhibitions.edit, exh_id, **changes)


def _snapshot_texts(db, exh_id: int) -> dict:
    row = exhibitions.get(db, exh_id)
    return {k: row[k] for k in ("title", "subtitle", "statement")}


# What an undoable change keeps before and after it: the sequence, the tour, the texts.
_SNAPSHOTS: dict[str, tuple[Callable[..., Any], Callable[..., Any]]] = {
    "items": (exhibitions.snapshot_items, exhibitions.restore_items),
    "tour": (exhibitions.snapshot_venues, exhibitions.restore_venues),
    "texts": (_snapshot_texts, lambda db, exh_id, texts: exhibitions.edit(db, exh_id, **texts)),
}


def apply_recorded(library: Library, exh_id: int, fn: Callable[..., Any], args: tuple,
                   kwargs: dict, state: dict, what: str = "items") -> Any:
    """``fn(library, exh_id, *args, **kwargs)``, keeping ``what`` (the sequence, the tour or
    the texts) before and after it in ``state`` for undo and redo (:func:`restore`)."""
    take = _SNAPSHOTS[what][0]
    state["before"] = (what, _with_db(library, take, exh_id))
    result = fn(library, exh_id, *args, **kwargs)
    state["after"] = (what, _with_db(library, take, exh_id))
    return result


def restore(library: Library, exh_id: int, snapshot: tuple[str, Any]) -> None:
    what, data = snapshot
    _with_db(library, _SNAPSHOTS[what][1], exh_id, data)


# ---------------------------------------------------------------- packs


def load_partners(library: Library) -> tuple[list[dict], list[partners_core.Licence]]:
    """Every partner and the latest version of each licence."""
    def run(db):
        return partners_core.list_partners(db), partners_core.list_licences(db)
    return _with_db(library, run)


@dataclass
class PartnersView:
    """Every partner, every licence version in force or not, every pack sent."""

    partners: list[dict]
    licences: list[partners_core.Licence]
    packs: list[dict]


def partners_view(library: Library) -> PartnersView:
    from curator.export.log import packs_sent

    def run(db) -> PartnersView:
        return PartnersView(partners_core.list_partners(db),
                            partners_core.list_licences(db, all_versions=True),
                            packs_sent(db))
    return _with_db(library, run)


def add_partner(library: Library, name: str, email: str | None = None) -> int:
    return _with_db(library, partners_core.add_partner, name, email=email)


def add_licence(library: Library, partner_id: int, uses: list[str], expires_on: date,
                allow_names: bool = False, licensor: str | None = None,
                valid_from: date | None = None, attribution: str | None = None,
                name: str | None = None) -> int:
    return _with_db(library, partners_core.add_licence, partner_id, uses=tuple(uses),
                    expires_on=expires_on, allow_names=allow_names, licensor=licensor,
                    valid_from=valid_from, attribution=attribution, name=name)


def edit_partner(library: Library, partner_id: int, **changes: str | None) -> dict:
    return _with_db(library, partners_core.edit_partner, partner_id, **changes)


def edit_licence(library: Library, licence_id: int, **changes: Any) -> int:
    """The id holding the terms now: the same licence, or its new version once a pack was
    sent under it. A field cleared in the form (attribution, licensor) is cleared."""
    if "uses" in changes:
        changes["uses"] = tuple(changes["uses"])
    for key in ("attribution", "licensor"):
        if key in changes and changes[key] is None:
            changes[key] = ""
    return _with_db(library, partners_core.edit_licence, licence_id, **changes)


def pack_preflight(library: Library, image_ids: list[int] | None, licence_id: int,
                   exhibition_id: int | None = None) -> pf.Preflight:
    """What a pack would hold and what it would leave out (reasons name no person)."""
    def run(db) -> pf.Preflight:
        ids = pf.exhibition_image_ids(db, exhibition_id) if exhibition_id is not None \
            else list(image_ids or [])
        return pf.preflight(db, ids, licence_id)
    return _with_db(library, run)


def build_pack(library: Library, plan: pf.Preflight, out_dir: Path, long_edge: int, *,
               progress=None, cancel=None):
    from curator.export.pack import build_pack as build

    with closing(open_catalogue(library)) as db:
        return build(db, library, plan, out_dir, long_edge=long_edge, progress=progress,
                     cancel=cancel)


# ---------------------------------------------------------------- layouts


def export_layout(library: Library, exh_id: int, kind: str, out: Path, options, *,
                  progress=None, cancel=None):
    from curator.export.layouts.job import export_layout as export

    with closing(open_catalogue(library)) as db:
        return export(db, library, exh_id, kind, out, options, progress=progress,
                      cancel=cancel)


def render_pages(pdf: Path, pages: int = 3, width_px: int = 260) -> list[tuple[int, int, bytes]]:
    """The first ``pages`` pages of ``pdf`` as RGB pixels ``(width, height, bytes)``,
    ``width_px`` wide, for the print dialog's preview (PDFium via pypdfium2)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(str(pdf))
    try:
        out = []
        for n in range(min(pages, len(document))):
            page = document[n]
            try:
                bitmap = page.render(scale=width_px / page.get_width())
                image = bitmap.to_pil().convert("RGB")
                out.append((image.width, image.height, image.tobytes()))
            finally:
                page.close()
        return out
    finally:
        document.close()


# ---------------------------------------------------------------- trace


def image_trace(library: Library, image_ids: list[int]) -> dict:
    """Exhibitions (venues now / to come) and packs holding the images, with the lines
    the CLI prints, and the withdrawn consents covering them (for takedown notices)."""
    def run(db) -> dict:
        found = trace.trace_images(db, image_ids)
        withdrawn = _withdrawn_consents(db, image_ids)
        return {**found, "text": trace.format_trace(found), "withdrawn": withdrawn}
    return _with_db(library, run)


def _withdrawn_consents(db, image_ids: list[int]) -> list[dict]:
    from curator.consent import records

    out = []
    for c in records.list_consents(db):
        if c.get("withdrawn_on") and set(records.covered_images(db, c["id"])) & set(image_ids):
            out.append(c)
    return out


def consent_trace(library: Library, consent_id: int) -> dict:
    """The trace of every image a consent covers."""
    def run(db) -> dict:
        from curator.consent import records

        images = records.covered_images(db, consent_id)
        found = trace.trace_images(db, images)
        return {**found, "images": images, "text": trace.format_trace(found),
                "withdrawn": [records.get_consent(db, consent_id)]}
    return _with_db(library, run)


def person_trace(library: Library, person_id: int) -> dict:
    """The trace of every image a person is linked to, with the person's label and the
    withdrawn consents covering those images (for takedown notices)."""
    def run(db) -> dict:
        from curator.consent import people

        person = people.get_person(db, person_id)
        images = people.images_of(db, person_id)
        found = trace.trace_images(db, images)
        return {**found, "images": images, "person": person["label"],
                "text": trace.format_trace(found),
                "withdrawn": _withdrawn_consents(db, images)}
    return _with_db(library, run)


def write_notices(library: Library, consent_id: int, out_dir: Path) -> list:
    from curator.export.notices import write_notices as write

    return _with_db(library, write, consent_id, out_dir)
