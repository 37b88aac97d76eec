"""One file of an import, off the writer's process: read, hash, metadata, derivatives, stage.

A worker process is set up once (:func:`start_worker`) and then runs :func:`process_file`
on one :class:`FileTask` at a time. It returns one small typed record — :class:`Imported`,
:class:`Duplicate`, :class:`Failed` or :class:`DiskFilled` — and never raises: a problem
with one file is a :class:`Failed` whose reason a curator understands. The original's
bytes never travel between processes: the worker reads the file itself, and in copy mode
stages it in ``originals/.incoming/<sha256>`` for the writer to move into place.
"""

from __future__ import annotations

import errno
import hashlib
import json
import multiprocessing
import os
import re
import signal
import sqlite3
import sys
import threading
import time
import traceback
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from PIL import Image, UnidentifiedImageError

from curator.ingest import imaging
from curator.ingest.metadata.read import PhotoMetadata, read_metadata


@dataclass(frozen=True)
class WorkerSetup:
    """Where a worker finds the catalogue (read-only) and writes its files."""

    catalogue: Path
    incoming: Path
    thumbs: Path
    previews: Path


@dataclass(frozen=True)
class FileTask:
    path: str
    sidecar: str | None
    copy: bool  # stage the original in .incoming (False: reference mode)


@dataclass
class ImageRow:
    """The ``images`` columns a worker knows; the writer adds shoot, event and paths."""

    sha256: str
    file_name: str
    format: str
    file_size: int
    width: int
    height: int
    orientation: int
    captured_at: str | None
    year: int
    year_source: str  # "capture-time" or "file-time"
    camera_make: str | None
    camera_model: str | None
    lens: str | None
    exif_json: str
    gps_json: str | None
    title: str | None
    caption: str | None
    creator: str | None
    copyright: str | None
    alt_text: str | None
    credit: str | None
    metadata_notes: str | None
    source_path: str


@dataclass
class Imported:
    path: str
    row: ImageRow
    keywords: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)

    @property
    def sha256(self) -> str:
        return self.row.sha256


@dataclass
class Duplicate:
    path: str
    sha256: str
    existing_id: int
    existing_name: str


@dataclass
class Failed:
    path: str
    reason: str
    traceback: str | None = None  # for the log, never shown to the user


@dataclass
class DiskFilled:
    path: str


Outcome = Imported | Duplicate | Failed | DiskFilled


class _Refused(Exception):
    """This file cannot be imported; ``reason`` says why in a curator's words."""

    def __init__(self, reason: str):
        super().__init__(reason)
        self.reason = reason


class _Worker:
    """One worker process's setup and its lazily opened read-only catalogue connection.

    Plain ``sqlite3``, not :func:`curator.connection.connect`: that would import
    sqlite-utils (and click, pluggy, dateutil) into every worker, a fifth of its start-up,
    for one indexed SELECT that needs none of the writer's settings.
    """

    def __init__(self, setup: WorkerSetup):
        self.setup = setup
        self.threads = ThreadPoolExecutor(THREADS, thread_name_prefix="import")
        self._local = threading.local()  # a sqlite3 connection belongs to one thread

    def existing(self, sha: str) -> tuple[int, str] | None:
        """The (id, file name) of an image already catalogued with this hash."""
        db = getattr(self._local, "db", None)
        if db is None:
            try:
                uri = self.setup.catalogue.absolute().as_uri() + "?mode=ro"
                db = self._local.db = sqlite3.connect(uri, uri=True, timeout=30)
            except sqlite3.Error:
                return None
        try:
            row = db.execute(
                "SELECT id, file_name FROM images WHERE sha256 = ?", [sha]).fetchone()
        except sqlite3.Error:
            return None
        return (row[0], row[1]) if row else None


# Files a worker process works on at once, each in its own thread. Pillow lets go of the
# GIL while it decodes, resizes and encodes, and so do hashing and file I/O, so two threads
# keep a core busy while the other waits for the disk; and on a busy machine, where the
# kernel shares the CPU between runnable threads, they give the import the share that a
# multi-threaded tool such as vipsthumbnail gets (measured in docs/import-performance.md).
THREADS = 2

_this_worker: _Worker | None = None  # set once per process by start_worker


def start_worker(setup: WorkerSetup) -> None:
    """Set up this process as an import worker (the pool's initializer)."""
    global _this_worker
    if multiprocessing.parent_process() is not None:  # a pool process, not the writer
        # Ctrl-C reaches the whole process group: the writer decides how to stop.
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        # A forked worker inherits the writer's handler ("stop after this batch"), which
        # means nothing here: SIGTERM ends a worker, as it does a spawned one.
        signal.signal(signal.SIGTERM, signal.SIG_DFL)
        _exit_with_parent()
        _keep_freed_memory()
    imaging.register_decoders()
    _this_worker = _Worker(setup)


# glibc's mallopt() parameters (malloc.h).
_M_TRIM_THRESHOLD = -1
_M_MMAP_THRESHOLD = -3


def _keep_freed_memory() -> None:
    """Let this worker's memory allocator reuse one photo's buffers for the next.

    glibc serves large allocations with fresh pages from the system and, in threads, hands
    freed memory back: each photo's buffers (the file 4.4 MB, the decoded picture 12 MB,
    the resize 8 MB, the preview 5 MB) were new pages again — ~7,300 page faults and ~20 ms
    of system time per photo, a sixth of the worker's time. Serving them from the heap up
    to 32 MB (glibc's maximum) and keeping up to 256 MB freed takes that to ~950 faults;
    memory stays at the worker's peak, which it reaches on every photo anyway. Not in the
    writer's process (the desktop app's), only in pool workers, which end with the import.
    """
    if not sys.platform.startswith("linux"):
        return
    import ctypes

    try:
        mallopt = ctypes.CDLL(None).mallopt
    except (OSError, AttributeError):  # not glibc: nothing to tune
        return
    mallopt.argtypes = [ctypes.c_int, ctypes.c_int]
    mallopt(_M_MMAP_THRESHOLD, 32 * 1024 * 1024)
    mallopt(_M_TRIM_THRESHOLD, 256 * 1024 * 1024)


def process_files(tasks: list[FileTask]) -> list[Outcome]:
    """:func:`process_file` for a few files (at most ``THREADS``) at once; never raises."""
    assert _this_worker is not None, "start_worker() first"
    if len(tasks) == 1:
        return [process_file(tasks[0])]
    return list(_this_worker.threads.map(process_file, tasks))


def _exit_with_parent(every: float = 0.2) -> None:
    """Exit as soon as the writer process is gone (killed with SIGKILL, it cannot stop its
    pool): a worker must not hold the catalogue and the caller's terminal open for minutes."""
    # The writer's pid as multiprocessing knows it: if it died while this worker was still
    # starting, getppid() already names another process and the worker exits at once.
    writer = multiprocessing.parent_process()
    parent = writer.pid if writer is not None and writer.pid else os.getppid()

    def watch() -> None:
        while True:
            if os.getppid() != parent:
                os._exit(1)
            time.sleep(every)

    threading.Thread(target=watch, name="exit-with-parent", daemon=True).start()


def process_file(task: FileTask) -> Outcome:
    """Everything one file needs, off the writer's process. Never raises."""
    assert _this_worker is not None, "start_worker() first"
    try:
        return _process(_this_worker, task)
    except _Refused as refused:
        return Failed(task.path, refused.reason)
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            return DiskFilled(task.path)
        return Failed(task.path, _read_reason(exc), traceback.format_exc())
    except MemoryError:
        return Failed(task.path, "too large to process in the memory available")
    except Exception as exc:
        return Failed(task.path, f"could not be imported ({type(exc).__name__}: {exc})",
                      traceback.format_exc())


def _process(worker: _Worker, task: FileTask) -> Outcome:
    path = Path(task.path)
    with open(path, "rb") as fh:
        mtime = os.fstat(fh.fileno()).st_mtime
        data = fh.read()
    if not data:
        raise _Refused("an empty file (0 bytes) — copy it again from the card")
    sha = hashlib.sha256(data).hexdigest()
    existing = worker.existing(sha)
    if existing:
        return Duplicate(task.path, sha, existing[0], existing[1])

    im = _open(data)
    sidecar_bytes = _read_sidecar(task.sidecar)
    sidecar_name = Path(task.sidecar).name if task.sidecar else None
    meta = read_metadata(im, sidecar_bytes, sidecar_name)
    orientation = imaging.orientation_of(im)
    stored_size = im.size
    fmt = "JPEG" if im.format == "MPO" else (im.format or "unknown")

    preview, thumb = _derivatives(im, orientation)
    setup = worker.setup
    imaging.save_jpeg(preview, setup.previews / sha[:2] / f"{sha}.jpg", imaging.PREVIEW_QUALITY)
    imaging.save_jpeg(thumb, setup.thumbs / sha[:2] / f"{sha}.jpg", imaging.THUMB_QUALITY)
    if task.copy:
        _stage(setup.incoming, data, sha)

    notes = list(meta.notes)
    year, year_source = _year(meta, mtime, notes)
    if task.sidecar and sidecar_bytes is None:
        notes.append(f"The XMP sidecar {sidecar_name} could not be read.")
    width, height = imaging.display_size(stored_size, orientation)
    row = ImageRow(
        sha256=sha, file_name=path.name, format=fmt, file_size=len(data),
        width=width, height=height, orientation=orientation,
        captured_at=meta.captured_at, year=year, year_source=year_source,
        camera_make=meta.camera_make, camera_model=meta.camera_model, lens=meta.lens,
        exif_json=json.dumps(meta.exif, ensure_ascii=False, default=str),
        gps_json=json.dumps(meta.gps) if meta.gps else None,
        title=meta.title, caption=meta.caption, creator=meta.creator,
        copyright=meta.copyright, alt_text=meta.alt_text or None, credit=meta.credit or None,
        metadata_notes=json.dumps(notes, ensure_ascii=False) if notes else None,
        source_path=str(path.absolute()),
    )
    return Imported(task.path, row, list(meta.keywords), notes)


def _open(data: bytes) -> Image.Image:
    """The opened (not yet decoded) picture, or :class:`_Refused` saying what is wrong."""
    try:
        im = imaging.open_image(data)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _Refused(_bomb_reason(exc)) from None
    except UnidentifiedImageError:
        raise _Refused(
            "not a picture Curator can read — its contents are not JPEG, PNG, TIFF, WebP or "
            "HEIC (a damaged file, or another kind of file renamed)") from None
    except OSError as exc:
        raise _Refused(f"the picture is damaged and cannot be opened ({exc})") from None
    if im.size[0] * im.size[1] > Image.MAX_IMAGE_PIXELS:
        raise _Refused(_bomb_reason(None, im.size))
    return im


def _derivatives(im: Image.Image, orientation: int) -> tuple[Image.Image, Image.Image]:
    """Preview and thumbnail, with decode errors said as a curator understands them."""
    try:
        return imaging.make_derivatives(im, orientation)
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise _Refused(_bomb_reason(exc)) from None
    except OSError as exc:
        if exc.errno == errno.ENOSPC:
            raise
        if "truncated" in str(exc):
            raise _Refused(
                "the file is incomplete (truncated) — copy it again from the card") from None
        raise _Refused(f"the picture data is damaged and cannot be decoded ({exc})") from None
    except (ValueError, SyntaxError) as exc:
        raise _Refused(f"the picture data is damaged and cannot be decoded ({exc})") from None


def _read_sidecar(sidecar: str | None) -> bytes | None:
    if not sidecar:
        return None
    try:
        return Path(sidecar).read_bytes()
    except OSError:
        return None


def _year(meta: PhotoMetadata, mtime: float, notes: list[str]) -> tuple[int, str]:
    """The year the original is filed under: capture time, else the file's date (noted)."""
    if meta.captured_at and re.match(r"^\d{4}-", meta.captured_at):
        return int(meta.captured_at[:4]), "capture-time"
    when = datetime.fromtimestamp(mtime, UTC)
    notes.append(f"No capture date in the file: the year {when.year} comes from the file's "
                 f"modification date ({when.date().isoformat()}).")
    return when.year, "file-time"


def _stage(incoming: Path, data: bytes, sha: str) -> None:
    """Write the original, read-only, to ``.incoming/<sha256>`` (atomically)."""
    incoming.mkdir(parents=True, exist_ok=True)
    final = incoming / sha
    tmp = incoming / f"{sha}.{os.getpid()}.{threading.get_ident()}.tmp"
    try:
        with open(tmp, "wb") as fh:
            fh.write(data)
        os.chmod(tmp, 0o444)
        os.replace(tmp, final)
    finally:
        if tmp.exists():
            tmp.unlink()


def _read_reason(exc: OSError) -> str:
    if isinstance(exc, PermissionError):
        return "cannot be read (permission denied) — check the file's permissions"
    if isinstance(exc, FileNotFoundError):
        return "disappeared during the import (was the card or folder removed?)"
    if isinstance(exc, IsADirectoryError):
        return "is a folder, not a file"
    return f"cannot be read ({exc.strerror or exc})"


def _bomb_reason(exc: BaseException | None, size: tuple[int, int] | None = None) -> str:
    mp = None
    if size:
        mp = size[0] * size[1] / 1e6
    elif exc is not None:
        m = re.search(r"\((\d+) pixels\)", str(exc))
        mp = int(m.group(1)) / 1e6 if m else None
    what = f"{mp:.0f} megapixels" if mp else "too many pixels"
    limit = Image.MAX_IMAGE_PIXELS / 1e6 if Image.MAX_IMAGE_PIXELS else 0
    return (f"refused: the picture claims {what}, more than the {limit:.0f}-megapixel safety "
            "limit (a 'decompression bomb' or a damaged file)")


def ready() -> None:
    """A task that does nothing: submitting it makes a pool start a worker process now."""
