"""Is an image's original still the file that was imported? And the whole library's check.

::

    problem = verify_original(library, row)     # None, or an OriginalProblem in words
    report = check_library(db, library)          # `curator check`

An original is compared with what the catalogue recorded at import: its size and
modification time first (cheap); only when one of them changed — or the time was never
recorded — are its bytes hashed and compared with the image's sha256 (its identity). A
referenced original (``--reference``) lives outside the library and can be changed by
anyone: exhibition validation (and packs and layouts after it) ask this before trusting it.
"""

from __future__ import annotations

import hashlib
import stat
from dataclasses import asdict, dataclass, field
from pathlib import Path

import sqlite_utils

from curator.library import Library

MISSING = "missing-original"
CHANGED = "changed-original"
UNREADABLE = "unreadable-original"
_CHUNK = 1 << 20


@dataclass
class OriginalProblem:
    code: str  # MISSING | CHANGED | UNREADABLE
    message: str  # a sentence a curator acts on


def verify_original(library: Library, row: dict) -> OriginalProblem | None:
    """``row`` needs ``original_path``, ``file_name``, ``file_size``, ``sha256`` and
    ``original_mtime`` (may be None). None when the original is the file imported."""
    path = library.resolve_original(row["original_path"])
    name = row["file_name"]
    try:
        st = path.stat()
    except FileNotFoundError:
        return OriginalProblem(MISSING, f"The original file of {name} is missing from the "
                                        f"library (expected at {path}).")
    except OSError as exc:
        return OriginalProblem(UNREADABLE, f"The original file of {name} cannot be read "
                                           f"({exc.strerror or exc}) at {path}.")
    if not stat.S_ISREG(st.st_mode):
        return OriginalProblem(UNREADABLE, f"The original of {name} at {path} is no longer a "
                                           "regular file.")
    recorded = row.get("original_mtime")
    if st.st_size == row["file_size"] and recorded is not None and st.st_mtime == recorded:
        return None  # unchanged since import: no need to read it
    try:
        digest = _sha256(path)
    except OSError as exc:
        return OriginalProblem(UNREADABLE, f"The original file of {name} cannot be read "
                                           f"({exc.strerror or exc}) at {path}.")
    if digest != row["sha256"]:
        return OriginalProblem(CHANGED, f"The original file of {name} at {path} was changed "
                                        "since it was imported (its contents are not the "
                                        "picture catalogued): put the original back, or "
                                        "remove the image and import the new file.")
    return None


def _sha256(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as fh:
        while chunk := fh.read(_CHUNK):
            h.update(chunk)
    return h.hexdigest()


ORIGINAL_COLUMNS = "id, file_name, file_size, sha256, original_path, original_mtime, is_reference"


@dataclass
class LibraryCheck:
    """What ``curator check`` found."""

    integrity: str = "ok"  # PRAGMA integrity_check's first line
    images: int = 0
    problems: list[dict] = field(default_factory=list)  # {image_id, code, message}
    unlisted: list[str] = field(default_factory=list)  # files in originals/ with no row
    cache_missing: int = 0  # thumbnails/previews missing but rebuildable from the original
    cache_lost: list[int] = field(default_factory=list)  # missing, and the original too

    @property
    def ok(self) -> bool:
        return self.integrity == "ok" and not (self.problems or self.unlisted or
                                               self.cache_lost)

    def to_json(self) -> dict:
        return {**asdict(self), "ok": self.ok}

    def summary(self) -> str:
        lines = [f"Checked {self.images} image(s): catalogue integrity {self.integrity}."]
        lines += [f"  image #{p['image_id']}: {p['message']}" for p in self.problems]
        lines += [f"  {path}: a file in originals/ that no image refers to"
                  for path in self.unlisted]
        if self.cache_missing:
            lines.append(f"  {self.cache_missing} thumbnail(s) or preview(s) missing; they "
                         "are rebuilt from the originals when shown.")
        lines += [f"  image #{i}: its thumbnail cannot be rebuilt (its original is missing)"
                  for i in self.cache_lost]
        lines.append("No problems found." if self.ok else
                     f"{len(self.problems) + len(self.unlisted) + len(self.cache_lost)} "
                     "problem(s) found.")
        return "\n".join(lines)


def check_library(db: sqlite_utils.Database, library: Library) -> LibraryCheck:
    """Verify the whole library: the catalogue's integrity, every original present and the
    file imported (size+mtime, else sha256), no file in ``originals/`` without its image,
    and the cache rebuildable."""
    report = LibraryCheck()
    report.integrity = db.execute("PRAGMA integrity_check").fetchone()[0]
    stored: set[str] = set()
    for row in db.query(f"SELECT {ORIGINAL_COLUMNS} FROM images ORDER BY id"):
        report.images += 1
        if not row["is_reference"]:
            stored.add(Path(row["original_path"]).as_posix())
        problem = verify_original(library, row)
        if problem:
            report.problems.append({"image_id": row["id"], "code": problem.code,
                                    "message": problem.message})
        cached = all(p.is_file() for p in (library.thumb_path(row["sha256"]),
                                           library.preview_path(row["sha256"])))
        if not cached:
            if problem and problem.code == MISSING:
                report.cache_lost.append(row["id"])
            else:
                report.cache_missing += 1
    if library.originals.is_dir():
        for path in sorted(library.originals.rglob("*")):
            if ".incoming" in path.parts or not path.is_file():
                continue
            rel = path.relative_to(library.root).as_posix()
            if rel not in stored:
                report.unlisted.append(rel)
    return report
