"""Thumbnails and previews, loaded off the GUI thread (vimiv-qt's thumbnail manager, our way).

The grid asks :meth:`ThumbnailCache.get` while painting. A hit returns a ``QPixmap`` from a
bounded LRU cache; a miss queues a load and returns ``None`` (the delegate paints a
placeholder). Loads run through :func:`ui.workers.run` on a small pool; the worker reads
the cached JPEG into a ``QImage`` (rebuilding it from the original with
:func:`curator.ingest.derivatives.ensure_derivatives` when it is missing); the GUI thread only
turns it into a ``QPixmap`` and emits :attr:`ThumbnailCache.ready`. The queue keeps the
most recent requests (what is on screen now) and forgets stale ones when scrolling fast;
failures are remembered so they are not retried forever.
"""

from __future__ import annotations

from collections import OrderedDict
from contextlib import closing
from pathlib import Path

from PySide6.QtCore import QObject, Signal
from PySide6.QtGui import QImage, QPixmap

from curator.catalogue import open_catalogue
from curator.ingest.derivatives import ensure_derivatives
from curator.library import Library
from curator.search.rows import original_of
from ui import workers

MAX_QUEUED = 400


def load_cached_image(library: Library, sha256: str, image_id: int, kind: str) -> QImage:
    """Read a thumbnail (``kind='thumb'``) or preview into a QImage; runs in a worker."""
    path: Path = library.thumb_path(sha256) if kind == "thumb" else library.preview_path(sha256)
    if not path.exists():
        with closing(open_catalogue(library)) as db:
            original = original_of(db, library, image_id)
        ensure_derivatives(library, sha256, original)
    image = QImage(str(path))
    if image.isNull():
        raise OSError(f"the cached picture {path.name} cannot be read")
    return image


class ThumbnailCache(QObject):
    """Bounded LRU of thumbnails (``QPixmap``) keyed by sha256, filled lazily off-thread."""

    ready = Signal(str)  # sha256 whose thumbnail just arrived (or failed for good)

    def __init__(self, capacity: int = 1200, threads: int = 2, kind: str = "thumb",
                 parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.capacity = capacity
        self.kind = kind
        self._threads = threads
        self._library: Library | None = None
        self._cache: OrderedDict[str, QPixmap] = OrderedDict()
        self._wanted: OrderedDict[str, int] = OrderedDict()
        self._in_flight: set[str] = set()
        self._failed: set[str] = set()
        self._generation = 0
        workers.pool(f"{kind}s", threads)

    def set_library(self, library: Library | None) -> None:
        """Forget everything cached for the previous library."""
        self._library = library
        self._generation += 1
        self._cache.clear()
        self._wanted.clear()
        self._in_flight.clear()
        self._failed.clear()

    def __len__(self) -> int:
        return len(self._cache)

    def failed(self, sha256: str) -> bool:
        return sha256 in self._failed

    def get(self, sha256: str, image_id: int) -> QPixmap | None:
        """The cached pixmap, or None after queueing a load."""
        pixmap = self._cache.get(sha256)
        if pixmap is not None:
            self._cache.move_to_end(sha256)
            return pixmap
        self.request(sha256, image_id)
        return None

    def peek(self, sha256: str) -> QPixmap | None:
        """The cached pixmap if present, without queueing anything."""
        return self._cache.get(sha256)

    def request(self, sha256: str, image_id: int) -> None:
        if self._library is None or sha256 in self._failed or sha256 in self._in_flight:
            return
        self._wanted[sha256] = image_id
        self._wanted.move_to_end(sha256)
        while len(self._wanted) > MAX_QUEUED:
            self._wanted.popitem(last=False)  # scrolled past long ago
        self._pump()

    def _pump(self) -> None:
        while self._wanted and len(self._in_flight) < self._threads * 2:
            sha, image_id = self._wanted.popitem(last=True)  # newest first: on screen now
            if sha in self._cache:
                continue
            self._in_flight.add(sha)
            generation = self._generation
            workers.run(
                load_cached_image, self._library, sha, image_id, self.kind,
                on_result=lambda img, s=sha, g=generation: self._arrived(s, g, img),
                on_error=lambda _exc, s=sha, g=generation: self._failed_load(s, g),
                pool_name=f"{self.kind}s", owner=self,
            )

    def _arrived(self, sha: str, generation: int, image: QImage) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(sha)
        self._cache[sha] = QPixmap.fromImage(image)
        while len(self._cache) > self.capacity:
            self._cache.popitem(last=False)
        self.ready.emit(sha)
        self._pump()

    def _failed_load(self, sha: str, generation: int) -> None:
        if generation != self._generation:
            return
        self._in_flight.discard(sha)
        self._failed.add(sha)
        self.ready.emit(sha)
        self._pump()
