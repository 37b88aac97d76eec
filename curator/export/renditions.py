"""Renditions: one decode of each original → an upright sRGB JPEG with its rights embedded.

The decode is scaled in the JPEG decoder (:func:`curator.ingest.imaging.decode_for`) to
just above the long edge asked for, then converted to sRGB, resized (never up), turned
upright (HEIC comes out of pillow-heif upright already), and written once with the EXIF
and XMP of :mod:`curator.export.embed` and an sRGB profile. The work runs on every core
in a spawn process pool with a bounded number of images in flight, so memory stays at
about two decoded images per worker whatever the selection's size.
"""

from __future__ import annotations

import concurrent.futures as cf
import contextlib
import hashlib
import io
import multiprocessing
import os
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PIL import Image, ImageCms

from curator.errors import InvalidInput
from curator.ingest.imaging import (
    decode_for,
    fit,
    open_image,
    orientation_of,
    register_decoders,
    to_srgb,
)

PRESETS = {"social": 1080, "web": 2048, "print": 3000}
DEFAULT_LONG_EDGE = 2048
QUALITY = 88
THUMB_EDGE = 360

ProgressFn = Callable[[int, int, str], None]
CancelFn = Callable[[], bool]

_TRANSPOSE = {
    2: Image.Transpose.FLIP_LEFT_RIGHT, 3: Image.Transpose.ROTATE_180,
    4: Image.Transpose.FLIP_TOP_BOTTOM, 5: Image.Transpose.TRANSPOSE,
    6: Image.Transpose.ROTATE_270, 7: Image.Transpose.TRANSVERSE,
    8: Image.Transpose.ROTATE_90,
}
_srgb_bytes: bytes | None = None


def long_edge_of(value: str | int | None) -> int:
    """A preset name (``social``, ``web``, ``print``) or a number of pixels."""
    if value is None:
        return DEFAULT_LONG_EDGE
    text = str(value).strip().lower()
    if text in PRESETS:
        return PRESETS[text]
    try:
        n = int(text)
    except ValueError:
        n = 0
    if not 64 <= n <= 20000:
        raise InvalidInput(f"'{value}' is not a long edge: give a number of pixels "
                           f"(64–20000) or one of {', '.join(PRESETS)}.")
    return n


@dataclass(frozen=True)
class RenditionTask:
    image_id: int
    source: str          # the original, absolute
    dest: str            # where the JPEG goes
    long_edge: int
    exif: bytes
    xmp: bytes


@dataclass(frozen=True)
class Rendition:
    image_id: int
    dest: str
    sha256: str | None = None
    size: tuple[int, int] | None = None
    thumb: bytes | None = None   # a small JPEG of the rendition, for the contact sheet
    thumb_size: tuple[int, int] | None = None
    error: str | None = None


def srgb_profile() -> bytes:
    global _srgb_bytes
    if _srgb_bytes is None:
        _srgb_bytes = ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes()
    return _srgb_bytes


def rendition_error(exc: BaseException) -> str:
    """Why an original could not become a rendition, in a curator's words."""
    if isinstance(exc, FileNotFoundError):
        return "its original file is missing"
    if isinstance(exc, Image.DecompressionBombError):
        return "its original has more pixels than Curator's safety limit"
    if isinstance(exc, OSError):
        if exc.errno is not None:
            return f"its original cannot be read ({exc.strerror or exc})"
        return ("its original is incomplete" if "truncated" in str(exc)
                else "its original cannot be decoded")
    return f"its rendition failed ({type(exc).__name__})"


def render(task: RenditionTask) -> Rendition:
    """Make one rendition; a problem with this image comes back as ``error`` in words."""
    try:
        data = Path(task.source).read_bytes()
    except OSError as exc:
        return Rendition(task.image_id, task.dest, error=rendition_error(exc))
    try:
        im = open_image(data)
        orientation = orientation_of(im)
        decode_for(im, task.long_edge)
        rgb = to_srgb(im)
        target = fit(rgb.size, task.long_edge)
        if target != rgb.size:
            rgb = rgb.resize(target, Image.Resampling.HAMMING, reducing_gap=2.0)
        method = _TRANSPOSE.get(orientation)
        if method is not None:
            rgb = rgb.transpose(method)
        out = io.BytesIO()
        rgb.save(out, "JPEG", quality=QUALITY, exif=task.exif, xmp=task.xmp,
                 icc_profile=srgb_profile(), optimize=False, progressive=False)
    except Exception as exc:  # a per-image problem must not stop the pack
        return Rendition(task.image_id, task.dest, error=rendition_error(exc))
    payload = out.getbuffer()
    with open(task.dest, "wb") as fh:
        fh.write(payload)
    thumb = io.BytesIO()
    small = rgb.copy()
    small.thumbnail((THUMB_EDGE, THUMB_EDGE), Image.Resampling.BILINEAR, reducing_gap=2.0)
    small.save(thumb, "JPEG", quality=80)
    return Rendition(task.image_id, task.dest, hashlib.sha256(payload).hexdigest(), rgb.size,
                     thumb.getvalue(), small.size)


# The CPU priority (nice value) of the processes render_all starts. The desktop app sets
# it (set_worker_nice) so that, on a machine whose cores are busy, its window's thread
# wins the CPU over the renderers; the coordinating thread keeps its priority, so it never
# holds Python's lock while waiting to be scheduled. Unix only; 0 leaves them as they are.
_worker_nice = 0


def set_worker_nice(nice: int) -> None:
    global _worker_nice
    _worker_nice = max(0, min(19, int(nice)))


def _init_worker(nice: int = 0) -> None:
    if nice and hasattr(os, "nice"):
        with contextlib.suppress(OSError):
            os.nice(nice)
    register_decoders()


def render_all(tasks: Iterable[Any], total: int, *, workers: int | None = None,
               progress: ProgressFn | None = None, cancel: CancelFn | None = None,
               work: Callable[[Any], Any] = render) -> Iterator[Any]:
    """Render every task, yielding results as they finish (any order).

    ``work``: what each task goes through (a module-level function, so that a worker
    process can find it): :func:`render`, or the comms kit's renderer, whose tasks and
    results have a ``dest`` as well.

    ``workers``: processes (default: every core); with one worker or very few images the
    work runs in this process. ``cancel`` is polled between images; when it returns True
    no further image is started and the iterator stops.
    """
    workers = max(1, workers or os.cpu_count() or 1)
    done = 0
    if progress:
        progress(0, total, "")
    if workers == 1 or total <= 2:
        _init_worker()
        for task in tasks:
            if cancel and cancel():
                return
            result = work(task)
            done += 1
            if progress:
                progress(done, total, Path(task.dest).name)
            yield result
        return
    ctx = multiprocessing.get_context("spawn")
    queue = iter(tasks)
    in_flight: set[cf.Future] = set()
    with cf.ProcessPoolExecutor(max_workers=min(workers, total), mp_context=ctx,
                                initializer=_init_worker,
                                initargs=(_worker_nice,)) as pool:
        exhausted = False
        try:
            while True:
                while not exhausted and len(in_flight) < workers * 2:
                    if cancel and cancel():
                        exhausted = True
                        break
                    task = next(queue, None)
                    if task is None:
                        exhausted = True
                        break
                    in_flight.add(pool.submit(work, task))
                if not in_flight:
                    return
                finished, in_flight = cf.wait(in_flight, timeout=0.2,
                                              return_when=cf.FIRST_COMPLETED)
                for fut in finished:
                    result = fut.result()
                    done += 1
                    if progress:
                        progress(done, total, Path(result.dest).name)
                    yield result
                if cancel and cancel():
                    for fut in in_flight:
                        fut.cancel()
                    return
        except cf.process.BrokenProcessPool as exc:
            raise RuntimeError("a rendition worker process died unexpectedly") from exc
