"""Takedown notices: after a consent is withdrawn, one letter per partner holding copies.

The export log says which packs hold which images as which files (with their hashes), so
a notice names exactly what to delete and the pack it came in. A notice leaves the
library: it names no person and gives no consent detail — only files, packs and what to
do. Each is written as plain text and as a PDF (embedded fonts), atomically.
"""

from __future__ import annotations

import os
import secrets
import textwrap
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

import sqlite_utils
from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas

from curator.consent.records import covered_images, get_consent
from curator.errors import CuratorError, InvalidInput
from curator.export import text as pdf_text
from curator.export.contact_sheet import binary_streams
from curator.export.files import name_part
from curator.export.fonts import BOLD, REGULAR, register_fonts
from curator.export.log import exports_holding
from curator.export.partners import partner_of

DAYS_TO_ACT = 7


@dataclass
class Notice:
    partner: str
    path: Path                 # the PDF; the text version sits beside it (.txt)
    files: list[str] = field(default_factory=list)
    text_path: Path | None = None


def _letter(partner: dict, packs: list[dict], reference: str, today: date) -> list[str]:
    """The notice as paragraphs ("" is a blank line; a leading "  " indents a list item)."""
    paras = [
        f"TAKEDOWN NOTICE {reference}",
        "",
        f"Date: {today.isoformat()}",
        f"To: {partner['name']}" + (f", for the attention of {partner['contact']}"
                                   if partner.get("contact") else ""),
        "",
        "A person shown in some of the photographs we licensed to you has withdrawn their "
        f"consent. Under the licence you received with each pack, please, within {DAYS_TO_ACT} "
        "days:",
        "",
        "  1. delete the files listed below from your website, social media, newsletters, "
        "shared drives and from your copy of the pack;",
        "  2. do not print them again (printed material already handed out may stay);",
        "  3. reply to confirm that you have done so.",
        "",
        "Only these files are affected; the rest of each pack may still be used under its "
        "licence. The SHA-256 after each file identifies it exactly.",
        "",
    ]
    for pack in packs:
        paras.append(f"Pack {pack['public_id']}, sent on {pack['date']}:")
        paras += [f"  - {name} (SHA-256 {sha})" for name, sha in pack["hashed"]]
        paras.append("")
    paras.append("Thank you for helping us keep our promise to the people in our photographs.")
    return paras


def _plain(paras: list[str]) -> str:
    out = []
    for para in paras:
        indent = "     " if para.startswith("  ") else ""
        out.append(textwrap.fill(para, 88, subsequent_indent=indent,
                                 break_long_words=False, break_on_hyphens=False)
                   if para else "")
    return "\n".join(out) + "\n"


def write_notices(db: sqlite_utils.Database, consent_id: int, out_dir: Path,
                  today: date | None = None) -> list[Notice]:
    """One notice per partner holding an image the consent covers; ``[]`` if none does."""
    today = today or date.today()
    consent = get_consent(db, consent_id)  # NotFound for an unknown id
    if not consent["withdrawn_on"]:
        raise InvalidInput(f"Consent #{consent_id} has not been withdrawn: withdraw it first "
                           f"(`curator consent withdraw {consent_id}`), then send notices.")
    images = covered_images(db, consent_id)
    holding = [p for p in exports_holding(db, images)
               if p["kind"] in ("pack", "kit") and p["partner_id"] is not None]
    if not holding:
        return []
    out_dir = Path(out_dir).expanduser().absolute()
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise CuratorError(f"The folder {out_dir} cannot be created ({exc.strerror}).") from None
    by_partner: dict[int, list[dict]] = {}
    for pack in holding:
        wanted = set(images)
        hashed = [(r[0], r[1]) for r in db.execute(
            "SELECT file_name, sha256, image_id FROM export_items WHERE export_id = ? "
            "ORDER BY file_name", [pack["id"]]) if r[2] in wanted and r[0]]
        by_partner.setdefault(pack["partner_id"], []).append({**pack, "hashed": hashed})
    notices = []
    for partner_id, packs in sorted(by_partner.items()):
        partner = partner_of(db, partner_id)
        reference = f"TN-{today.strftime('%Y%m%d')}-{secrets.token_hex(3).upper()}"
        lines = _letter(partner, packs, reference, today)
        stem = f"takedown-{name_part(partner['name'], 40) or 'partner'}-{reference}"
        text_path, pdf_path = out_dir / f"{stem}.txt", out_dir / f"{stem}.pdf"
        _atomic(text_path, lambda tmp, lines=lines: tmp.write_text(_plain(lines),
                                                                    encoding="utf-8"))
        with binary_streams():
            _atomic(pdf_path, lambda tmp, lines=lines, reference=reference:
                    _pdf(tmp, lines, reference))
        files = sorted({name for p in packs for name, _ in p["hashed"]})
        notices.append(Notice(partner["name"], pdf_path, files, text_path))
    return notices


def _atomic(path: Path, write) -> None:
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        write(tmp)
        os.replace(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)


def _pdf(path: Path, lines: list[str], reference: str) -> None:
    register_fonts()
    width, height = A4
    margin = 20 * mm
    inner = width - 2 * margin
    canvas = Canvas(str(path), pagesize=A4, initialFontName=REGULAR.latin, initialFontSize=10)
    canvas.setTitle(f"Takedown notice {reference}")
    y = height - margin
    for n, line in enumerate(lines):
        if not line:
            y -= 7
            continue
        face, size = (BOLD, 14) if n == 0 else (REGULAR, 10)
        indent = 6 * mm if line.startswith("  ") else 0
        block = pdf_text.fit(line.strip(), inner - indent, height, face, size)
        if y - block.height < margin:
            canvas.showPage()
            y = height - margin
        y = pdf_text.draw(canvas, block, margin + indent, y, inner - indent)
    canvas.showPage()
    canvas.save()
