"""Reading PDFs back with poppler's tools (pdfinfo, pdffonts, pdftotext, pdftoppm): the
external truth for what a layout or notice really holds."""

from __future__ import annotations

import re
import subprocess
from dataclasses import dataclass
from pathlib import Path

from defusedxml import ElementTree


def _run(*args: str) -> str:
    return subprocess.run(args, check=True, capture_output=True, text=True).stdout


def info(pdf: Path) -> dict[str, str]:
    """``pdfinfo -box`` as a dict (``Pages``, ``Page size``, ``TrimBox`` …)."""
    out = _run("pdfinfo", "-box", str(pdf))
    return {k.strip(): v.strip() for k, v in
            (line.split(":", 1) for line in out.splitlines() if ":" in line)}


def page_boxes(pdf: Path, page: int = 1) -> dict[str, tuple[float, ...]]:
    """MediaBox, CropBox, BleedBox, TrimBox, ArtBox of one page, in points."""
    out = _run("pdfinfo", "-box", "-f", str(page), "-l", str(page), str(pdf))
    boxes = {}
    for line in out.splitlines():
        m = re.match(r"Page\s+\d+\s+(\w+):\s+([\d.\s-]+)$", line)
        if m:
            boxes[m.group(1)] = tuple(float(v) for v in m.group(2).split())
    return boxes


def fonts(pdf: Path) -> list[dict[str, str]]:
    """Every font ``pdffonts`` lists: name, type, emb, sub, uni."""
    lines = _run("pdffonts", str(pdf)).splitlines()[2:]
    rows = []
    for line in lines:
        parts = line.split()
        # name type... encoding emb sub uni objectID gen: the flags are the 5th-3rd from last
        rows.append({"name": parts[0], "emb": parts[-5], "sub": parts[-4], "uni": parts[-3]})
    return rows


def text(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    args = ["pdftotext", "-enc", "UTF-8"]
    if first:
        args += ["-f", str(first)]
    if last:
        args += ["-l", str(last)]
    return _run(*args, str(pdf), "-")


@dataclass(frozen=True)
class Word:
    text: str
    x_min: float
    y_min: float
    x_max: float
    y_max: float
    page: int


def words(pdf: Path) -> list[Word]:
    """``pdftotext -bbox``: each word with its box (points, top-left origin) and page."""
    xml = _run("pdftotext", "-bbox", "-enc", "UTF-8", str(pdf), "-")
    root = ElementTree.fromstring(xml)
    found = []
    for number, page in enumerate(root.iter("{http://www.w3.org/1999/xhtml}page"), start=1):
        for w in page.iter("{http://www.w3.org/1999/xhtml}word"):
            found.append(Word(w.text or "", float(w.get("xMin")), float(w.get("yMin")),
                              float(w.get("xMax")), float(w.get("yMax")), number))
    return found


def render(pdf: Path, out_prefix: Path, dpi: int = 50, page: int = 1) -> Path:
    """One page as a PNG through ``pdftoppm``; returns its path."""
    _run("pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-png",
         "-singlefile", str(pdf), str(out_prefix))
    return out_prefix.with_suffix(".png")


def check_xref(pdf: Path) -> int:
    """Every cross-reference entry points at its object (poppler would silently rebuild a
    broken table, so its tools alone do not prove the file is sound). Returns the count."""
    data = pdf.read_bytes()
    start = int(re.search(rb"startxref\s+(\d+)\s+%%EOF\s*$", data).group(1))
    assert data[start:start + 4] == b"xref", "startxref does not point at the xref table"
    lines = data[start:].split(b"trailer")[0].split(b"\n")
    first, count = (int(v) for v in lines[1].split())
    checked = 0
    for number, line in enumerate(lines[2:2 + count], start=first):
        m = re.match(rb"(\d{10}) (\d{5}) n", line)
        if m:
            offset = int(m.group(1))
            assert data[offset:offset + 20].startswith(b"%d 0 obj" % number), \
                f"object {number} is not at offset {offset}"
            checked += 1
    return checked


def images(pdf: Path) -> list[dict[str, str]]:
    """``pdfimages -list``: page, width, height, color, enc, x-ppi of every image."""
    rows = []
    for line in _run("pdfimages", "-list", str(pdf)).splitlines()[2:]:
        p = line.split()
        rows.append({"page": p[0], "width": p[3], "height": p[4], "color": p[5],
                     "enc": p[8], "x-ppi": p[12]})
    return rows
