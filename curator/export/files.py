"""Text from the catalogue made safe for the files of a pack: file names and CSV cells.

Captions, event names and campaigns are untrusted text: a caption may hold ``../``, a
line break, an ESC, a right-to-left override or a spreadsheet formula.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
from collections.abc import Iterable, Sequence

NAME_LIMIT = 120  # bytes of a file name (most file systems allow 255; ZIP tools like less)
_PART_LIMIT = 40
_NOT_NAME = re.compile(r"[^\w]+", re.UNICODE)
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def name_part(text: str | int | None, limit: int = _PART_LIMIT) -> str:
    """One hyphen-free part of a file name: lower-case letters and digits joined by ``_``.

    Letters of every script stay (a Welsh or Arabic event name keeps its words); path
    separators, dots, control and format characters (bidi overrides) and spaces do not.
    """
    text = unicodedata.normalize("NFKC", str(text or ""))
    text = "".join(c for c in text if unicodedata.category(c)[0] != "C")
    text = _NOT_NAME.sub("_", text.lower()).strip("_")
    encoded = text.encode("utf-8")[:limit]
    return encoded.decode("utf-8", "ignore").strip("_")


def pack_file_name(campaign: str | None, year: int | None, event: str | None,
                   public_id: str, taken: set[str], ext: str = "jpg") -> str:
    """``<campaign>-<year>-<event>-<public id>.jpg``, unique within ``taken`` (updated).

    Never empty, never starting with a dot or a dash, at most :data:`NAME_LIMIT` bytes.
    """
    parts = [p for p in (name_part(campaign), name_part(year), name_part(event)) if p]
    pid = name_part(public_id, 32) or "image"
    stem = "-".join([*parts, pid])
    budget = NAME_LIMIT - len(ext) - 1 - 8  # room for "-2" … on a clash
    if len(stem.encode("utf-8")) > budget:
        head = "-".join(parts).encode("utf-8")[: budget - len(pid) - 1].decode("utf-8", "ignore")
        stem = f"{head.strip('_-')}-{pid}" if head.strip("_-") else pid
    stem = stem.lstrip("-_.") or "image"
    name, n = f"{stem}.{ext}", 1
    while name.lower() in taken:
        n += 1
        name = f"{stem}-{n}.{ext}"
    taken.add(name.lower())
    return name


def csv_cell(value: object) -> str:
    """A cell a spreadsheet shows as text: a leading ``= + - @``, tab or CR gets a ``'``."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_bytes(header: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    """UTF-8 with BOM (Excel then reads the accents right), CRLF rows, every cell neutralised."""
    out = io.StringIO(newline="")
    writer = csv.writer(out, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow(header)
    for row in rows:
        writer.writerow([csv_cell(v) for v in row])
    return ("\ufeff" + out.getvalue()).encode("utf-8")
