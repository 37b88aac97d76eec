"""Importing a shoot: scan → read once → hash → metadata → derivatives → batched writes.

How one import runs::

    report = run_import(library, [Path("/media/card/DCIM")],
                        ImportOptions(shoot="Baby Week 2024 — launch day"),
                        progress=lambda done, total, current: ...,
                        cancel=stop_event.is_set)

* Worker processes (one per core, :mod:`curator.ingest.worker`) each take one file: read
  its bytes **once**, hash them (sha256 is the image's identity), read its metadata,
  decode it **once** at a reduced scale to write the cached preview and thumbnail, and —
  in copy mode — write the same bytes to ``originals/.incoming/<sha256>`` (read-only).
  Each returns one small typed record (``Imported``, ``Duplicate``, ``Failed``,
  ``DiskFilled``); no picture bytes travel between processes.
* This process is the only writer of the catalogue. Results are written in batches,
  each in one transaction; just before a batch commits, its staged originals are moved
  to ``originals/<year>/<shoot>/<file name>`` under a journal (:mod:`curator.journal`).
  A file that cannot be moved takes its row out of the batch and is reported; any other
  failure rolls the batch back and puts the files back.
* So a kill at any moment leaves either a committed batch with its originals in place or
  an uncommitted one: the next open of the library finishes or undoes the journalled
  moves, and staged files with no row are deleted by the next import. Running the same
  import again imports what is missing and calls the rest duplicates.
* Per-file problems go into the report in plain words; the import goes on.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import dataclasses
import errno
import itertools
import logging
import multiprocessing
import os
import re
import shutil
import sys
import time
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import datetime
from pathlib import Path

import filelock
import sqlite_utils

from curator import journal
from curator.catalogue import open_catalogue
from curator.connection import lookup_id, transaction, utc_now
from curator.errors import DiskFull, LibraryBusy, ReadOnlyLibrary
from curator.ingest.scanning import Candidate, readable, scan
from curator.ingest.worker import (
    THREADS,
    DiskFilled,
    Duplicate,
    Failed,
    FileTask,
    Imported,
    Outcome,
    WorkerSetup,
    process_file,
    process_files,
    ready,
    start_worker,
)
from curator.library import Library

log = logging.getLogger("curator.ingest.importer")

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

BATCH_SIZE = 64
BATCH_SECONDS = 1.0
DERIVATIVE_BYTES_ESTIMATE = 400_000  # preview + thumbnail per image, generous
SPACE_MARGIN = 20_000_000


@dataclass
class ImportOptions:
    shoot: str | None = None
    photographer: str | None = None
    event: str | None = None
    reference: bool = False  # keep originals where they are instead of copying
    credit: str | None = None  # credit line for photos whose files carry none
    workers: int | None = None  # default: one per core


@dataclass
class ImportReport:
    shoot_id: int | None = None
    imported: list[dict] = field(default_factory=list)  # {"id", "path", "file_name"}
    duplicates: list[dict] = field(default_factory=list)  # {"path", "existing_id", "reason"}
    skipped: list[dict] = field(default_factory=list)  # {"path", "reason"}
    failed: list[dict] = field(default_factory=list)  # {"path", "reason"}
    notes: list[dict] = field(default_factory=list)  # {"path", "note"}
    missing: list[str] = field(default_factory=list)  # paths given that do not exist
    recovered: int = 0
    cancelled: bool = False
    seconds: float = 0.0

    def to_json(self) -> dict:
        return {
            "shoot_id": self.shoot_id,
            "imported": len(self.imported),
            "duplicates": len(self.duplicates),
            "skipped": self.skipped,
            "failed": self.failed,
            "duplicate_files": self.duplicates,
            "notes": self.notes,
            "missing": self.missing,
            "cancelled": self.cancelled,
            "recovered": self.recovered,
            "seconds": round(self.seconds, 2),
        }

    def summary(self) -> str:
        """A few lines a photographer reads at the end of an import."""
        lines = [
            f"Imported {len(self.imported)} picture(s); {len(self.duplicates)} already in the "
            f"library; {len(self.skipped)} skipped; {len(self.failed)} could not be imported."
        ]
        if self.cancelled:
            lines.append("The import was cancelled; run it again to finish.")
        for d in self.duplicates[:20]:
            lines.append(f"  duplicate  {d['path']}: {d['reason']}")
        if len(self.duplicates) > 20:
            lines.append(f"  … and {len(self.duplicates) - 20} more duplicates")
        for s in self.skipped:
            lines.append(f"  skipped    {s['path']}: {s['reason']}")
        for f in self.failed:
            lines.append(f"  failed     {f['path']}: {f['reason']}")
        for n in self.notes:
            lines.append(f"  note       {n['path']}: {n['note']}")
        return "\n".join(lines)


class DiskFullDuringImport(DiskFull):
    """The disk filled; ``report`` says what was imported before it stopped."""

    def __init__(self, message: str, report: ImportReport):
        super().__init__(message)
        self.report = report


# --------------------------------------------------------------------------- writer side


def safe_name(text: str, limit: int = 80) -> str:
    """A file or folder name from user text: no separators or control characters, bounded."""
    text = unicodedata.normalize("NFC", text)
    text = "".join(c if (c.isprintable() and c not in '/\\:*?"<>|') else "_" for c in text)
    text = text.strip(" .") or "untitled"
    if len(text.encode("utf-8")) <= limit:
        return text
    # Too long: shorten the stem and keep a short extension (``….jpg`` stays a JPEG).
    stem, dot, ext = text.rpartition(".")
    suffix = f".{ext}" if dot and stem and 0 < len(ext.encode("utf-8")) <= 16 else ""
    if suffix:
        text = stem
    encoded = text.encode("utf-8")[: limit - len(suffix.encode("utf-8"))]
    return (encoded.decode("utf-8", "ignore").strip(" .") or "untitled") + suffix


def recover(db: sqlite_utils.Database, library: Library) -> int:
    """Finish or undo what a killed import left in ``originals/.incoming``.

    A staged original whose row committed is moved into place; anything else is deleted.
    Returns how many originals were moved into place.
    """
    moved = 0
    if not library.incoming.is_dir():
        return 0
    for entry in library.incoming.iterdir():
        name = entry.name
        if not re.fullmatch(r"[0-9a-f]{64}", name):
            entry.unlink(missing_ok=True)  # a partial write (.tmp)
            continue
        row = db.execute(
            "SELECT original_path FROM images WHERE sha256 = ? AND is_reference = 0", [name]
        ).fetchone()
        target = library.resolve_original(row[0]) if row else None
        if target is not None and not target.exists():
            target.parent.mkdir(parents=True, exist_ok=True)
            os.replace(entry, target)
            moved += 1
        else:
            entry.unlink(missing_ok=True)
    return moved


def _shoot_for(db: sqlite_utils.Database, opts: ImportOptions, sources: list[Path],
               event_id: int | None) -> tuple[int, str, bool]:
    """The shoot's (id, folder name, created now?) — found by title, else created."""
    title = opts.shoot
    if not title:
        first = sources[0]
        folder = first if first.is_dir() else first.parent
        title = folder.absolute().name or "Import " + datetime.now().date().isoformat()
    row = db.execute("SELECT id, folder FROM shoots WHERE title = ?", [title]).fetchone()
    if row:
        updates = {}
        if opts.photographer:
            updates["photographer"] = opts.photographer
        if event_id is not None:
            updates["event_id"] = event_id
        if updates:
            db["shoots"].update(row[0], updates)
        return row[0], row[1], False
    folder = safe_name(title, 60)
    taken = {r[0].lower() for r in db.execute("SELECT folder FROM shoots")}
    base, n = folder, 2
    while folder.lower() in taken:
        folder, n = f"{base} ({n})", n + 1
    shoot_id = db["shoots"].insert({
        "title": title, "folder": folder, "photographer": opts.photographer,
        "event_id": event_id, "source_path": str(sources[0].absolute()),
        "created_at": utc_now(),
    }).last_pk
    return shoot_id, folder, True


class _Writer:
    """Writes worker results to the catalogue in batches, then moves originals in place."""

    def __init__(self, db, library: Library, report: ImportReport, shoot_id: int,
                 shoot_folder: str, event_id: int | None, reference: bool,
                 default_credit: str | None = None):
        self.db, self.library, self.report = db, library, report
        self.default_credit = default_credit
        self.shoot_id, self.shoot_folder, self.event_id = shoot_id, shoot_folder, event_id
        self.reference = reference
        self.pending: list[Imported] = []
        self.last_flush = time.monotonic()
        self.keyword_ids: dict[str, int] = {}
        self.order: dict[str, int] = {}
        self._settled: set[int] = set()
        self._first_unsettled = 0  # every file before this scan position has its outcome

    def settle(self, path: str) -> None:
        """The file at ``path`` has its outcome (imported, duplicate or failed)."""
        position = self.order.get(path)
        if position is None:
            return
        self._settled.add(position)
        while self._first_unsettled in self._settled:
            self._settled.discard(self._first_unsettled)
            self._first_unsettled += 1

    def add(self, result: Imported) -> None:
        self.pending.append(result)
        if len(self.pending) >= BATCH_SIZE or time.monotonic() - self.last_flush > BATCH_SECONDS:
            self.flush(only_in_order=True)

    def flush(self, only_in_order: bool = False) -> None:
        """Write the pending results. Workers finish in any order, and ids follow the scan
        order (folders, then names): during the import only the results no earlier file is
        still missing before are written (``only_in_order``); at the end, all of them."""
        self.last_flush = time.monotonic()
        ordered = sorted(self.pending, key=lambda r: self.order.get(r.path, 0))
        if only_in_order:
            batch = [r for r in ordered if self.order.get(r.path, 0) < self._first_unsettled]
        else:
            batch = ordered
        if not batch:
            return
        self.pending = ordered[len(batch):]
        moves: list[_Move] = []
        discard: list[Path] = []
        imported: list[dict] = []
        notes: list[dict] = []
        failed: list[dict] = []
        claimed: set[str] = set()
        placed: list[_Move] = []
        try:
            with transaction(self.db):
                for r in batch:
                    path = readable(r.path)
                    found = self.db.execute(
                        "SELECT id, file_name FROM images WHERE sha256 = ?", [r.sha256]
                    ).fetchone()
                    if found:
                        self.report.duplicates.append(_duplicate(path, found[0], found[1]))
                        discard.append(self.library.incoming / r.sha256)
                        continue
                    row = dataclasses.asdict(r.row)
                    # A name that is not UTF-8 is kept escaped (the file is stored under it).
                    row.update(file_name=readable(r.row.file_name),
                               source_path=readable(r.row.source_path))
                    if self.reference:
                        if row["source_path"] != r.row.source_path:
                            failed.append({"path": path, "reason": _UNDECODABLE_REFERENCE})
                            continue
                        row.update(original_path=r.row.source_path, is_reference=1)
                    else:
                        rel = self._final_rel(row, claimed)
                        claimed.add(rel)
                        row.update(original_path=rel, is_reference=0)
                    if self.default_credit and not row.get("credit"):
                        row["credit"] = self.default_credit
                    row.update(shoot_id=self.shoot_id, event_id=self.event_id,
                               imported_at=utc_now(), original_mtime=_mtime(
                                   Path(r.row.source_path) if self.reference
                                   else self.library.incoming / r.sha256))
                    image_id = self.db["images"].insert(row).last_pk
                    for kw in dict.fromkeys(k.strip() for k in r.keywords if k and k.strip()):
                        self.db.execute(
                            "INSERT OR IGNORE INTO image_keywords (image_id, keyword_id) "
                            "VALUES (?, ?)", [image_id, self._keyword_id(kw)],
                        )
                    entry = {"id": image_id, "path": path, "file_name": row["file_name"]}
                    imported.append(entry)
                    notes.extend({"path": path, "note": note} for note in r.notes)
                    if not self.reference:
                        moves.append(_Move(self.library.incoming / r.sha256,
                                           self.library.root / row["original_path"],
                                           image_id, r.sha256, entry))
                self._place(moves, placed, failed, imported)
        except BaseException:
            # Rolled back: the originals already placed go back to .incoming.
            if _put_back(placed):
                journal.clear(self.library)
            raise
        journal.clear(self.library)
        for staged in discard:
            staged.unlink(missing_ok=True)
        self.report.imported.extend(imported)
        self.report.notes.extend(n for n in notes
                                 if n["path"] not in {f["path"] for f in failed})
        self.report.failed.extend(failed)

    def _place(self, moves: list[_Move], placed: list[_Move], failed: list[dict],
               imported: list[dict]) -> None:
        """Move the batch's originals into place, inside its transaction, under a journal.

        A file that cannot be moved (a folder that cannot be written …) takes its row out
        of the batch and is reported: no row is committed without its original.
        """
        if not moves:
            return
        journal.write(self.library, [(m.staged, m.final) for m in moves],
                      [(m.image_id, m.sha256) for m in moves], committed_when="present")
        lost: list[_Move] = []
        for m in moves:
            try:
                journal.move_read_only(m.staged, m.final)
            except OSError as exc:
                lost.append(m)
                failed.append({"path": m.entry["path"], "reason": (
                    f"could not be put into the library ({exc.strerror or exc}) — check that "
                    f"{m.final.parent} can be written; run the import again after fixing it")})
                continue
            placed.append(m)
        if lost:
            for m in lost:
                self.db.execute("DELETE FROM images WHERE id = ?", [m.image_id])
                m.staged.unlink(missing_ok=True)
                imported.remove(m.entry)
            # The journal must name only rows that will be committed.
            journal.write(self.library, [(m.staged, m.final) for m in placed],
                          [(m.image_id, m.sha256) for m in placed], committed_when="present")

    def _keyword_id(self, name: str) -> int:
        if name not in self.keyword_ids:
            self.keyword_ids[name] = lookup_id(self.db, "keywords", "name", name)
        return self.keyword_ids[name]

    def _final_rel(self, row: dict, claimed: set[str]) -> str:
        folder = Path("originals") / str(row["year"]) / self.shoot_folder
        name = safe_name(row["file_name"], 120)
        rel = (folder / name).as_posix()
        if self._free(rel, claimed):
            return rel
        stem, dot, ext = name.rpartition(".")
        if not dot:
            stem, ext = name, ""
        rel = (folder / f"{stem}-{row['sha256'][:8]}{dot}{ext}").as_posix()
        return rel

    def _free(self, rel: str, claimed: set[str]) -> bool:
        if rel in claimed or (self.library.root / rel).exists():
            return False
        return self.db.execute(
            "SELECT 1 FROM images WHERE original_path = ?", [rel]
        ).fetchone() is None


_UNDECODABLE_REFERENCE = (
    "its name is not valid UTF-8, so the catalogue cannot record where it is — rename it, or "
    "import it without --reference (the copy is stored under a safe name)")


@dataclass
class _Move:
    """A staged original and its place in the library, for the batch that wrote its row."""

    staged: Path
    final: Path
    image_id: int
    sha256: str
    entry: dict  # its line in ``report.imported``


def _mtime(path: Path) -> float | None:
    """The original's modification time, recorded so that a check can tell cheaply that it
    is unchanged (a rename into place keeps it)."""
    try:
        return path.stat().st_mtime
    except OSError:
        return None


def _put_back(placed: list[_Move]) -> bool:
    """Return placed originals to ``.incoming`` (their batch rolled back)."""
    ok = True
    for m in reversed(placed):
        try:
            journal.move_read_only(m.final, m.staged)
        except OSError:
            log.exception("could not put %s back at %s", m.final, m.staged)
            ok = False
    return ok


def _duplicate(path: str, existing_id: int, existing_name: str) -> dict:
    return {"path": path, "existing_id": existing_id,
            "reason": f"already in library as #{existing_id} ({existing_name})"}


def run_import(
    library: Library,
    sources: Iterable[Path],
    options: ImportOptions | None = None,
    progress: ProgressFn | None = None,
    cancel: CancelFn | None = None,
) -> ImportReport:
    """Import files and folders into ``library``; see the module docstring.

    :param progress: called as ``(done, total, current file)`` after each file.
    :param cancel: polled; when it returns True the import stops after writing what is done.
    :raises LibraryBusy: another import holds this library.
    :raises DiskFullDuringImport: the disk filled (what was done is kept and reported).
    """
    opts = options or ImportOptions()
    sources = [Path(s) for s in sources]
    started = time.monotonic()
    library.make_root()
    lock = filelock.FileLock(str(library.lock_path), timeout=0)
    try:
        lock.acquire()
    except filelock.Timeout:
        raise LibraryBusy(
            f"Another import into the library in {library.root} is running. "
            "Wait for it to finish, then try again."
        ) from None
    except OSError as exc:  # a read-only library (disk, permissions): nothing can come in
        raise ReadOnlyLibrary(
            f"The library in {library.root} cannot be written ({exc.strerror or exc}): "
            "nothing was imported."
        ) from None
    try:
        found = scan(sources, library_root=library.root)
        setup = WorkerSetup(catalogue=library.catalogue_path, incoming=library.incoming,
                            thumbs=library.thumbs, previews=library.previews)
        workers = min(opts.workers or os.cpu_count() or 1, len(found.candidates))
        # Few files: this process does them (no interpreter to start). Otherwise the
        # workers start now, while the catalogue opens and the shoot is set up.
        pool = _WorkerPool(setup, workers, library) if workers > 1 and len(found.candidates) > 2 \
            else contextlib.nullcontext()
        with pool:
            db = open_catalogue(library, create=True)
            try:
                return _run(db, library, sources, found, setup, pool, opts, progress, cancel,
                            started)
            finally:
                db.close()
    finally:
        lock.release()


def worker_start_method(library: Library) -> str:
    """How the import's worker processes start: ``"fork"`` where that is safe, else ``"spawn"``.

    A forked worker is a copy of this process, which has Pillow and the metadata readers
    imported already: it starts in a millisecond instead of a fresh interpreter importing
    them (~0.1 s of CPU per worker), and needs no resource-tracker process. Forking is
    safe only on Linux (macOS's system libraries are not fork-safe; Windows has no fork),
    from a process with a single thread (a lock another thread holds at that instant stays
    locked forever in the copy: the desktop app imports from a background thread, so it
    spawns) and with the catalogue not open (SQLite's bookkeeping of its file locks would
    be copied into the worker, which opens the catalogue itself).
    """
    if not sys.platform.startswith("linux"):
        return "spawn"
    if _threads_in_this_process() != 1 or _has_open(library.catalogue_path):
        return "spawn"
    return "fork"


def _threads_in_this_process() -> int:
    """Every thread of this process, Python's and native libraries' alike (0: unknown)."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        return 0


def _open_fds(path: Path) -> list[int]:
    """This process's file descriptors open on ``path`` (Linux)."""
    target = os.path.realpath(path)
    found = []
    for fd in os.listdir("/proc/self/fd"):
        with contextlib.suppress(OSError):
            if os.readlink(f"/proc/self/fd/{fd}") == target:
                found.append(int(fd))
    return found


def _has_open(catalogue: Path) -> bool:
    try:
        return any(_open_fds(Path(f"{catalogue}{suffix}")) for suffix in ("", "-wal", "-shm"))
    except OSError:
        return True  # cannot tell: assume it is


def _start_forked_worker(setup: WorkerSetup, lock_path: Path) -> None:
    """A forked worker's set-up: let go of the copy of the writer's library lock (so that
    the lock ends with the writer), then the worker's own set-up."""
    with contextlib.suppress(OSError):
        for fd in _open_fds(lock_path):
            os.close(fd)
    start_worker(setup)


class _WorkerPool:
    """The import's worker processes, started as soon as the scan says they are needed.

    Forked (Linux, see :func:`worker_start_method`) each starts in about a millisecond;
    spawned, each is a fresh interpreter that imports Pillow and the metadata readers
    before its first photo (~0.1 s of CPU). Started before the catalogue opens, either way
    overlaps the writer's own set-up instead of following it.
    """

    def __init__(self, setup: WorkerSetup, size: int, library: Library):
        self.size = size
        self.start_method = worker_start_method(library)
        initializer, initargs = (start_worker, (setup,)) if self.start_method != "fork" \
            else (_start_forked_worker, (setup, library.lock_path))
        self.executor = cf.ProcessPoolExecutor(
            max_workers=size, mp_context=multiprocessing.get_context(self.start_method),
            initializer=initializer, initargs=initargs)
        # The executor starts a process per submitted task while none is idle (spawn), or
        # all of them at the first task (fork): one do-nothing task per worker starts them
        # all now rather than at the first photo.
        for _ in range(size):
            self.executor.submit(ready)

    def __enter__(self) -> _WorkerPool:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        self.executor.shutdown(wait=True, cancel_futures=exc_type is not None)


def _run(db, library, sources, found, setup, pool, opts, progress, cancel,
         started) -> ImportReport:
    report = ImportReport()
    library.make_dirs()
    report.recovered = recover(db, library)
    report.skipped.extend(found.skipped)
    report.missing = found.missing
    candidates = found.candidates
    if not opts.reference:
        _check_space(library, candidates)

    with transaction(db):
        event_id = lookup_id(db, "events", "name", opts.event, created_at=utc_now()) \
            if opts.event else None
        shoot_id, shoot_folder, shoot_created = _shoot_for(db, opts, sources, event_id)
        if event_id is None:
            row = db.execute("SELECT event_id FROM shoots WHERE id = ?", [shoot_id]).fetchone()
            event_id = row[0] if row else None
    report.shoot_id = shoot_id
    writer = _Writer(db, library, report, shoot_id, shoot_folder, event_id, opts.reference,
                     opts.credit)
    writer.order = {str(c.path): i for i, c in enumerate(candidates)}
    total = len(candidates)
    if progress:
        progress(0, total, "")
    disk_full = False
    done = 0

    def handle(result: Outcome) -> None:
        nonlocal disk_full, done
        done += 1
        writer.settle(result.path)
        match result:
            case Imported():
                writer.add(result)
            case Duplicate():
                report.duplicates.append(_duplicate(readable(result.path), result.existing_id,
                                                    result.existing_name))
            case DiskFilled():
                disk_full = True
            case Failed():
                if result.traceback:
                    log.warning("import of %s failed:\n%s", result.path, result.traceback)
                report.failed.append({"path": readable(result.path), "reason": result.reason})
        if progress:
            progress(done, total, readable(result.path))

    try:
        _import_all(candidates, opts, setup, pool, handle, writer, cancel, lambda: disk_full)
    except OSError as exc:
        if exc.errno != errno.ENOSPC:
            raise
        disk_full = True
    finally:
        if shoot_created and _drop_if_empty(db, shoot_id):
            report.shoot_id = None  # nothing new came in: no empty shoot left behind
        recover(db, library)  # staged files of cancelled or failed work: no row, deleted
    report.cancelled = bool(cancel and cancel()) and not disk_full
    report.seconds = time.monotonic() - started
    if disk_full:
        _cleanup_incoming(library)
        left = [c for c in candidates if str(c.path) not in
                {r["path"] for r in report.imported + report.duplicates + report.failed}]
        needed = sum(c.size for c in left) + len(left) * DERIVATIVE_BYTES_ESTIMATE + SPACE_MARGIN
        raise DiskFullDuringImport(
            f"The disk holding the library is full. {len(report.imported)} picture(s) were "
            f"imported and kept; {len(left)} were not. Free about {_mb(needed)} on that disk, "
            "then run the same import again to finish it.",
            report,
        )
    return report


def _import_all(candidates, opts, setup, pool, handle, writer, cancel, disk_full) -> None:
    """Process every candidate (in the pool, or in this process without one), write them all."""
    def should_stop() -> bool:
        return bool((cancel and cancel()) or disk_full())

    if isinstance(pool, _WorkerPool):
        _run_pool(candidates, opts, pool, handle, should_stop)
    else:
        start_worker(setup)
        for cand in candidates:
            if should_stop():
                break
            handle(process_file(_task(cand, opts)))
    writer.flush()


def _drop_if_empty(db: sqlite_utils.Database, shoot_id: int) -> bool:
    """Delete a shoot that holds no image; True if it was deleted."""
    with transaction(db):
        if db.execute("SELECT 1 FROM images WHERE shoot_id = ? LIMIT 1", [shoot_id]).fetchone():
            return False
        db.execute("DELETE FROM shoots WHERE id = ?", [shoot_id])
    return True


def _task(cand: Candidate, opts: ImportOptions) -> FileTask:
    return FileTask(str(cand.path), str(cand.sidecar) if cand.sidecar else None,
                    copy=not opts.reference)


def _run_pool(candidates, opts, pool: _WorkerPool, handle, should_stop) -> None:
    """Feed the pool ``THREADS`` files per task, two tasks ahead per worker, in scan order."""
    in_flight: set[cf.Future] = set()
    queue = iter(candidates)
    try:
        exhausted = False
        while True:
            while not exhausted and not should_stop() and len(in_flight) < pool.size * 2:
                batch = [_task(c, opts) for c in itertools.islice(queue, THREADS)]
                if not batch:
                    exhausted = True
                    break
                in_flight.add(pool.executor.submit(process_files, batch))
            if not in_flight:
                break
            finished, in_flight = cf.wait(in_flight, timeout=0.2,
                                          return_when=cf.FIRST_COMPLETED)
            for fut in finished:
                for outcome in fut.result():
                    handle(outcome)
            if should_stop():
                for fut in in_flight:
                    fut.cancel()
                for fut in cf.as_completed([f for f in in_flight if not f.cancelled()]):
                    for outcome in fut.result():
                        handle(outcome)
                in_flight = set()
                break
    except cf.process.BrokenProcessPool as exc:
        raise RuntimeError("an import worker process died unexpectedly") from exc


def _check_space(library: Library, candidates: list[Candidate]) -> None:
    needed = sum(c.size for c in candidates) + len(candidates) * DERIVATIVE_BYTES_ESTIMATE
    free = shutil.disk_usage(library.root).free
    if needed + SPACE_MARGIN > free:
        raise DiskFull(
            f"Not enough free space for this import: it needs about {_mb(needed + SPACE_MARGIN)} "
            f"but the disk holding the library has {_mb(free)} free. Free some space, or "
            "import with --reference to leave the originals where they are."
        )


def _cleanup_incoming(library: Library) -> None:
    for entry in library.incoming.glob("*.tmp"):
        entry.unlink(missing_ok=True)


def _mb(n: int) -> str:
    return f"{n / 1e9:.1f} GB" if n >= 1e9 else f"{max(1, round(n / 1e6))} MB"


__all__ = ["ImportOptions", "ImportReport", "run_import", "recover", "safe_name"]
