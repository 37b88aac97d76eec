"""Validating an exhibition: one report of blockers and warnings a curator can act on.

Blockers (an exhibition cannot be exported while one stands):
  an image not cleared for ``exhibition`` over the tour's window (clearance's reasons);
  an original missing from the library, changed since it was imported (size and mtime,
  then sha256) or unreadable; a print below 150 ppi.
Warnings: a print below 240 ppi; no print size yet; a missing caption or alt text; the same
image twice; venues whose dates overlap; a consent that ends within
``EXPIRY_MARGIN_DAYS`` of the last closing (an extended tour would need a renewal);
a tour with no venues (clearance is then checked for today only); no images at all.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta

import sqlite_utils

from curator.connection import transaction
from curator.consent import rule as consent
from curator.errors import CuratorError
from curator.exhibitions import sets as exhibitions
from curator.exhibitions.print_sizes import (
    BLOCKER_PPI,
    TARGET_PPI,
    largest_a_size,
    max_mm_at,
    ppi,
)
from curator.library import Library
from curator.originals import verify_original

BLOCKER = "blocker"
WARNING = "warning"
USE = "exhibition"
EXPIRY_MARGIN_DAYS = 30


class ExhibitionBlocked(CuratorError):
    """An export was asked for while blockers stand."""


@dataclass
class Problem:
    severity: str  # "blocker" | "warning"
    position: int | None  # None: about the tour, not one item
    image_id: int | None
    message: str
    code: str  # stable: not-cleared, missing-original, low-ppi, …


@dataclass
class ValidationReport:
    exhibition_id: int
    title: str
    status: str
    window: tuple[date, date] | None  # the tour's; None when it has no venues
    checked_window: tuple[date, date]  # the window clearance was checked over
    problems: list[Problem] = field(default_factory=list)

    @property
    def blockers(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == BLOCKER]

    @property
    def warnings(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == WARNING]

    @property
    def ok(self) -> bool:
        """No blocker stands (warnings may)."""
        return not self.blockers

    def to_json(self) -> dict:
        return {
            "ok": self.ok,
            "exhibition_id": self.exhibition_id,
            "status": self.status,
            "window": [d.isoformat() for d in self.window] if self.window else None,
            "checked_window": [d.isoformat() for d in self.checked_window],
            "blockers": len(self.blockers),
            "warnings": len(self.warnings),
            "problems": [asdict(p) for p in self.problems],
        }

    def summary(self) -> str:
        head = (f"Exhibition #{self.exhibition_id} '{self.title}' ({self.status}): "
                f"{len(self.blockers)} blocker(s), {len(self.warnings)} warning(s).")
        lines = [head]
        for p in self.problems:
            where = "tour" if p.position is None else f"#{p.position} (image {p.image_id})"
            lines.append(f"  {p.severity.upper():8} {where}: {p.message}")
        return "\n".join(lines)


def validate(db: sqlite_utils.Database, library: Library, exh_id: int,
             today: date | None = None) -> ValidationReport:
    """Check an exhibition (see the module docstring); never raises for a problem found."""
    today = today or date.today()
    exh = exhibitions.get(db, exh_id)
    rows = exhibitions.items(db, exh_id)
    tour = exhibitions.venues(db, exh_id)
    window = exhibitions.tour_window(db, exh_id)
    start, end = window or (today, today)
    report = ValidationReport(exh_id, exh["title"], exh["status"], window, (start, end))
    tour_problems: list[Problem] = []
    item_problems: list[Problem] = []

    if not rows:
        tour_problems.append(Problem(WARNING, None, None, "The exhibition has no images yet.",
                                     "empty"))
    if window is None:
        tour_problems.append(Problem(
            WARNING, None, None,
            f"The tour has no venues yet, so clearance was checked for today ({today}) only.",
            "no-venues"))
    tour_problems.extend(_overlaps(tour))

    image_ids = sorted({r["image_id"] for r in rows})
    not_cleared = _not_cleared(db, image_ids, start, end)
    cleared = [i for i in image_ids if i not in not_cleared]
    # A catalogue from before dates were bounded may hold a venue closing in 9999.
    later = min(end, date.max - timedelta(days=EXPIRY_MARGIN_DAYS)) + \
        timedelta(days=EXPIRY_MARGIN_DAYS)
    lasting = consent.cleared_image_ids(db, cleared, USE, start, later)
    ending = {i: consent.clearance(db, i, USE, start, later).reasons
              for i in cleared if i not in lasting}

    first_at: dict[int, int] = {}
    for r in rows:
        pos, image_id = r["position"], r["image_id"]

        def add(severity: str, message: str, code: str, pos=pos, image_id=image_id) -> None:
            item_problems.append(Problem(severity, pos, image_id, message, code))

        if image_id in not_cleared:
            add(BLOCKER, not_cleared[image_id], "not-cleared")
        elif image_id in ending:
            why = _sentences(ending[image_id])
            add(WARNING, f"Cleared for the tour, but not for {EXPIRY_MARGIN_DAYS} days beyond "
                         f"the last closing ({later}): extending the tour would need a new "
                         f"consent ({why}).", "consent-ending")
        original = verify_original(library, r)  # missing, changed or unreadable
        if original:
            add(BLOCKER, original.message, original.code)
        resolution = _resolution(r)
        if resolution:
            add(*resolution)
        if not (r["caption"] or "").strip():
            add(WARNING, "Has no caption (none in the catalogue and none written for this "
                         "exhibition).", "missing-caption")
        if not (r["alt_text"] or "").strip():
            add(WARNING, "Has no alt text (needed for screen readers in the exhibition's "
                         "online and accessible versions).", "missing-alt-text")
        if image_id in first_at:
            add(WARNING, f"The same image is already at position {first_at[image_id]}.",
                "duplicate")
        else:
            first_at[image_id] = pos

    rank = {BLOCKER: 0, WARNING: 1}
    item_problems.sort(key=lambda p: (p.position, rank[p.severity]))
    report.problems = tour_problems + item_problems
    return report


def finalize(db: sqlite_utils.Database, library: Library, exh_id: int,
             today: date | None = None) -> ValidationReport:
    """Validate and mark final, in one transaction: if validation fails, nothing changed.

    The report's blockers are returned, not raised: a final exhibition with blockers stands
    (its export is refused until they are resolved).
    """
    with transaction(db):
        report = validate(db, library, exh_id, today=today)
        exhibitions.set_status(db, exh_id, "final")
    report.status = "final"
    return report


def clearance_blockers(db: sqlite_utils.Database, exh_id: int,
                       image_ids: Iterable[int] | None = None,
                       today: date | None = None) -> list[Problem]:
    """Validation's ``not-cleared`` blockers alone (only for ``image_ids`` if given).

    Cheap enough to re-run after every consent change: the withdrawal trace shows them
    for each exhibition it reports.
    """
    today = today or date.today()
    window = exhibitions.tour_window(db, exh_id)
    start, end = window or (today, today)
    wanted = None if image_ids is None else set(image_ids)
    rows = [r for r in exhibitions.items(db, exh_id)
            if wanted is None or r["image_id"] in wanted]
    messages = _not_cleared(db, sorted({r["image_id"] for r in rows}), start, end)
    return [Problem(BLOCKER, r["position"], r["image_id"], messages[r["image_id"]],
                    "not-cleared") for r in rows if r["image_id"] in messages]


def _not_cleared(db: sqlite_utils.Database, image_ids: list[int], start: date,
                 end: date) -> dict[int, str]:
    """For each image not cleared for exhibition use over [start, end]: the message."""
    cleared = consent.cleared_image_ids(db, image_ids, USE, start, end)
    out = {}
    for i in image_ids:
        if i not in cleared:
            why = _sentences(consent.clearance(db, i, USE, start, end).reasons)
            out[i] = (f"Not cleared for exhibition use over the tour ({start} to {end}): "
                      f"{why or 'clearance gave no reason'}.")
    return out


def ensure_exportable(db: sqlite_utils.Database, library: Library, exh_id: int, *,
                      require_final: bool = False,
                      today: date | None = None) -> ValidationReport:
    """Validate, and raise :class:`ExhibitionBlocked` naming every blocker that stands.

    Export code (layouts) calls this before writing anything; with ``require_final`` a
    draft is refused too. Returns the report (its warnings are worth showing).
    """
    report = validate(db, library, exh_id, today=today)
    if require_final and report.status != "final":
        raise ExhibitionBlocked(
            f"Exhibition #{exh_id} '{report.title}' is still a draft: finalize it before "
            "exporting."
        )
    if report.blockers:
        raise ExhibitionBlocked(
            f"Exhibition #{exh_id} '{report.title}' cannot be exported while "
            f"{len(report.blockers)} blocker(s) stand. " + blocker_list(report)
        )
    return report


def blocker_list(report: ValidationReport) -> str:
    """The blockers on one line: ``Position 3 (image #12): …. Tour: ….``"""
    parts = []
    for p in report.blockers:
        where = "Tour" if p.position is None else f"Position {p.position} (image #{p.image_id})"
        parts.append(f"{where}: {p.message}")
    return " ".join(parts)


def _sentences(reasons: list[str]) -> str:
    """Clearance's reasons as one clause list: ``a; b`` (no stray full stops)."""
    return "; ".join(r.strip().rstrip(".") for r in reasons if r.strip())


def _resolution(r: dict) -> tuple[str, str, str] | None:
    size = r["print"]
    if size is None:
        return (WARNING, "No print size chosen yet, so its resolution cannot be checked.",
                "no-print-size")
    w, h = (r["crop_w"], r["crop_h"]) if r["crop"] else (r["width"], r["height"])
    value = ppi(w, h, size)
    if value >= TARGET_PPI:
        return None
    severity = BLOCKER if value < BLOCKER_PPI else WARNING
    floor = f"the {BLOCKER_PPI:g} ppi minimum" if severity == BLOCKER \
        else f"the {TARGET_PPI:g} ppi a panel needs to look sharp"
    source = f"its {w}×{h} px crop" if r["crop"] else f"its {w}×{h} px"
    best = largest_a_size(w, h, size.orientation)
    if best is not None:
        advice = f"the largest size that reaches {TARGET_PPI:g} ppi is {best.describe()}"
    else:
        mw, mh = max_mm_at(w, h)
        advice = (f"no A size reaches {TARGET_PPI:g} ppi — at {TARGET_PPI:g} ppi it prints "
                  f"at most {mw}×{mh} mm, smaller than A4")
    message = (f"Would print at {int(value)} ppi on {size.describe()} from {source}, below "
               f"{floor}; {advice}.")
    return severity, message, "low-ppi"


def _overlaps(tour: list[dict]) -> list[Problem]:
    """A warning for each pair of venues whose dates (both days included) overlap."""
    out = []
    for i, a in enumerate(tour):
        for b in tour[i + 1:]:
            if a["opens"] <= b["closes"] and b["opens"] <= a["closes"]:
                out.append(Problem(
                    WARNING, None, None,
                    f"The dates of '{a['name']}' ({a['opens']} to {a['closes']}) overlap "
                    f"those of '{b['name']}' ({b['opens']} to {b['closes']}): one set of "
                    "panels cannot be in both places.", "venue-overlap"))
    return out
