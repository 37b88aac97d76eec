"""A reusable check that personal data stays inside the library.

``assert_no_personal_data(paths, db)`` scans every given file (folders are walked) for
every person label, guardian, contact, signer and witness name recorded in the catalogue,
for the sha256 and file name of every stored form scan, and for the form scans' own bytes.
It looks at the raw bytes (so EXIF, IPTC and XMP inside JPEGs are covered) in UTF-8 and
UTF-16, at JSON-escaped text, inside ZIP members (recursively) and inside PDF streams
(deflated). The export issues call it on every pack and layout they produce.

Needles shorter than 4 characters would match random compressed bytes, so the tests that
use this checker give people distinctive labels; shorter values are skipped.
"""

from __future__ import annotations

import hashlib
import io
import json
import re
import zipfile
import zlib
from collections.abc import Iterable
from pathlib import Path

MIN_NEEDLE = 4
FORM_SAMPLE = 48  # bytes of each form scan searched for, from a few offsets


def personal_needles(db, library_root: Path | None = None) -> dict[str, list[bytes]]:
    """What must never leave: name → byte patterns to search for."""
    texts: set[str] = set()
    for row in db.execute("SELECT label, guardian, contact FROM people"):
        texts.update(v for v in row if v)
    for row in db.execute("SELECT signed_by, witness FROM consents"):
        texts.update(v for v in row if v)
    needles: dict[str, list[bytes]] = {}
    for text in texts:
        if len(text) < MIN_NEEDLE:
            continue
        forms = {text, json.dumps(text)[1:-1]}
        needles[f"text {text!r}"] = sorted(
            {f.encode(enc) for f in forms for enc in ("utf-8", "utf-16-le", "utf-16-be")})
    for form_path, digest in db.execute(
        "SELECT form_path, form_sha256 FROM consents WHERE form_path IS NOT NULL"
    ):
        needles[f"form hash {digest[:12]}"] = [digest.encode(), digest.upper().encode()]
        needles[f"form name {Path(form_path).name}"] = [Path(form_path).name.encode()]
        if library_root is not None and (library_root / form_path).is_file():
            data = (library_root / form_path).read_bytes()
            samples = [data[o:o + FORM_SAMPLE] for o in
                       (len(data) // 4, len(data) // 2, 3 * len(data) // 4)]
            needles[f"form bytes {Path(form_path).name}"] = [
                s for s in samples if len(s) == FORM_SAMPLE]
    return needles


def _files(paths: Iterable[Path | str]) -> list[Path]:
    out = []
    for p in map(Path, paths):
        out.extend(sorted(q for q in p.rglob("*") if q.is_file()) if p.is_dir() else [p])
    return out


def _blobs(name: str, data: bytes, depth: int = 0) -> Iterable[tuple[str, bytes]]:
    """The bytes to search: the file itself, ZIP members, inflated PDF streams."""
    yield name, data
    if depth > 3:
        return
    if data[:4] == b"PK\x03\x04":
        with zipfile.ZipFile(io.BytesIO(data)) as zf:
            for info in zf.infolist():
                yield from _blobs(f"{name}!{info.filename}", zf.read(info), depth + 1)
    if data[:5] == b"%PDF-":
        for n, m in enumerate(re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S)):
            try:
                yield f"{name}#stream{n}", zlib.decompress(m.group(1))
            except zlib.error:
                continue


def find_personal_data(paths: Iterable[Path | str], db,
                       library_root: Path | None = None) -> list[str]:
    """Each place a needle was found, as ``"<file>: <what>"``."""
    needles = personal_needles(db, library_root)
    hashes = {digest for (digest,) in db.execute(
        "SELECT form_sha256 FROM consents WHERE form_sha256 IS NOT NULL")}
    found = []
    for path in _files(paths):
        data = path.read_bytes()
        if hashlib.sha256(data).hexdigest() in hashes:
            found.append(f"{path}: is a copy of a form scan")
        for where, blob in _blobs(str(path), data):
            lower = blob.lower()
            for what, patterns in needles.items():
                if any(p in blob or (p.isascii() and p.lower() in lower) for p in patterns):
                    found.append(f"{where}: {what}")
    return found


def assert_no_personal_data(paths: Iterable[Path | str], db,
                            library_root: Path | None = None) -> None:
    """Fail listing every file that holds personal data from the catalogue."""
    found = find_personal_data(paths, db, library_root)
    assert not found, "personal data found in exported files:\n" + "\n".join(found)
