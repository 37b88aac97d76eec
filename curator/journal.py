"""Moves of originals that belong to a catalogue transaction: all of them or none, even
after a kill.

Import moves staged originals into ``originals/``; removal moves them to ``removed/``. Both
do it inside their write transaction, just before it commits, so that a failed move rolls
the transaction back. A kill between the first move and the commit would leave files and
rows out of step, so before moving anything the writer records its intended moves here::

    write(library, moves=[(src, dst), …], rows=[(image_id, sha256), …],
          committed_when="absent")        # removal: the rows are gone once it committed
    … move the files, COMMIT …
    clear(library)

and :func:`recover` — run by :func:`curator.catalogue.open_catalogue` on every open of the
library — finishes the moves if the transaction committed (judged by whether those rows
are present or absent) or puts the files back if it did not. There is one journal per
library: only the process holding the write lock writes one.
"""

from __future__ import annotations

import errno
import json
import logging
import os
import shutil
import sqlite3
from collections.abc import Sequence
from pathlib import Path

import sqlite_utils

from curator.library import Library

log = logging.getLogger("curator.journal")

JOURNAL_NAME = ".moves-journal.json"


def journal_path(library: Library) -> Path:
    return library.root / JOURNAL_NAME


def write(library: Library, moves: Sequence[tuple[Path, Path]],
          rows: Sequence[tuple[int, str]], committed_when: str) -> None:
    """Record, durably, the moves about to be made and how to tell if they committed.

    :param committed_when: ``"present"`` (import: the rows exist once it committed) or
        ``"absent"`` (removal: the rows are gone once it committed).
    """
    if committed_when not in ("present", "absent"):
        raise ValueError(committed_when)
    path = journal_path(library)
    tmp = path.with_name(path.name + ".tmp")
    data = {"committed_when": committed_when,
            "rows": [[int(i), str(sha)] for i, sha in rows],
            "moves": [[str(src), str(dst)] for src, dst in moves]}
    with open(tmp, "w", encoding="utf-8") as fh:
        json.dump(data, fh)
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)
    _sync_folder(path.parent)


def clear(library: Library) -> None:
    journal_path(library).unlink(missing_ok=True)


def recover(db: sqlite_utils.Database, library: Library) -> dict | None:
    """Finish or undo the moves of a transaction that was interrupted; ``None`` if there
    was nothing to do, else ``{"finished" | "undone": n}``.

    Takes the write lock first, so a writer still at work finishes before its journal is
    judged.
    """
    path = journal_path(library)
    if not path.exists():
        return None
    own = not db.conn.in_transaction
    if own:
        db.execute("BEGIN IMMEDIATE")
    try:
        result = _recover(db, library, path)
        if own:
            db.execute("COMMIT")
    except BaseException:
        if own and db.conn.in_transaction:
            db.execute("ROLLBACK")
        raise
    return result


def _recover(db: sqlite_utils.Database, library: Library, path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        moves = [(Path(a), Path(b)) for a, b in data["moves"]]
        rows = [(int(i), str(sha)) for i, sha in data["rows"]]
        committed_when = data["committed_when"]
    except FileNotFoundError:  # the writer finished meanwhile
        return None
    except (OSError, ValueError, KeyError, TypeError):
        log.exception("the move journal %s cannot be read; left for a person to look at", path)
        return None
    try:
        present = sum(1 for image_id, sha in rows if db.execute(
            "SELECT 1 FROM images WHERE id = ? AND sha256 = ?", [image_id, sha]).fetchone())
    except sqlite3.Error:
        log.exception("cannot judge the move journal %s", path)
        return None
    committed = present == len(rows) if committed_when == "present" else present == 0
    done = 0
    for src, dst in moves:
        a, b = (src, dst) if committed else (dst, src)
        if a.exists() and not b.exists():
            try:
                move_read_only(a, b)
                done += 1
            except OSError:
                log.exception("could not move %s to %s while recovering", a, b)
                return None  # keep the journal: the next open tries again
    if committed and committed_when == "absent":  # a removal: its images' cache goes too
        for file, reason in drop_cache(library, [sha for _, sha in rows]):
            log.warning("could not delete %s while recovering: %s", file, reason)
    path.unlink(missing_ok=True)
    log.info("recovered an interrupted transaction's moves (%s): %d file(s) moved",
             "finished" if committed else "undone", done)
    return {"finished" if committed else "undone": done}


def drop_cache(library: Library, shas: Sequence[str]) -> list[tuple[Path, str]]:
    """Delete the cached thumbnail and preview of each sha256; the files that could not be."""
    problems = []
    for sha in shas:
        for file in (library.thumb_path(sha), library.preview_path(sha)):
            try:
                file.unlink(missing_ok=True)
            except OSError as exc:
                problems.append((file, exc.strerror or str(exc)))
    return problems


def move_read_only(source: Path, target: Path) -> None:
    """Move a file (renamed on one disk, copied across disks) and leave it read-only."""
    target.parent.mkdir(parents=True, exist_ok=True)
    try:
        os.rename(source, target)  # same disk: atomic, the bytes never copied
    except OSError as exc:
        if exc.errno != errno.EXDEV:
            raise
        shutil.copy2(source, target)  # the target folder is on another disk (a symlink)
        source.chmod(0o644)
        source.unlink()
    target.chmod(0o444)


def _sync_folder(folder: Path) -> None:
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
