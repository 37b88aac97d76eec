"""Import benchmark: N photo-like 12 MP JPEGs into a fresh library, against vipsthumbnail.

    .venv/bin/python bench/import_bench.py [--count N] [--size 4000x3000] [--keep DIR]

Prints images/s, seconds per image and the peak memory (RSS summed over the whole
process tree, sampled every 20 ms) of the full import — copy + hash + metadata +
thumbnail + preview + catalogue — and, where ``vipsthumbnail`` is installed, the time
vipsthumbnail takes to make just the 1,280 px previews of the same files with 2 parallel
processes, run in the same process, and the ratio of the two.
"""

from __future__ import annotations

import argparse
import contextlib
import os
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from datetime import datetime
from pathlib import Path

import piexif
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.ingest.importer import ImportOptions, run_import  # noqa: E402
from curator.library import Library  # noqa: E402
from curator.samples.photos import make_photo  # noqa: E402


class PeakRSS:
    """Samples the RSS of this process and all its children in a background thread."""

    def __init__(self, interval: float = 0.02):
        self.interval, self.peak, self._stop = interval, 0, threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        me = psutil.Process()
        while not self._stop.is_set():
            total = 0
            try:
                procs = [me, *me.children(recursive=True)]
                for p in procs:
                    with contextlib.suppress(psutil.Error):
                        total += p.memory_info().rss
            except psutil.Error:
                pass
            self.peak = max(self.peak, total)
            time.sleep(self.interval)

    def __enter__(self):
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()


def generate(folder: Path, count: int, size: tuple[int, int], distinct: int = 40) -> list[Path]:
    """``count`` distinct JPEGs: ``distinct`` encoded pictures, the rest copies of them whose
    EXIF (capture time, unique id) differs — different bytes and hashes, same decode work."""
    folder.mkdir(parents=True, exist_ok=True)
    files = []
    for i in range(count):
        path = folder / f"BW24_{i:05d}.JPG"
        if not path.exists():
            when = datetime(2024, 11, 10 + i % 5, 9 + i % 8, i % 60, i % 59)
            if i < distinct:
                make_photo(path, size, seed=i, quality=92, grain_strength=0.2, captured=when)
            else:
                base = folder / f"BW24_{i % distinct:05d}.JPG"
                exif = piexif.load(str(base))
                exif["Exif"][piexif.ExifIFD.DateTimeOriginal] = when.strftime(
                    "%Y:%m:%d %H:%M:%S").encode()
                exif["Exif"][piexif.ExifIFD.ImageUniqueID] = f"{i:032x}".encode()
                piexif.insert(piexif.dump(exif), str(base), str(path))
        files.append(path)
    return files


def time_vips(files: list[Path], out: Path, processes: int = 2) -> float | None:
    exe = shutil.which("vipsthumbnail")
    if not exe:
        return None
    out.mkdir(parents=True, exist_ok=True)
    chunks = [files[i::processes] for i in range(processes)]
    started = time.perf_counter()
    procs = [subprocess.Popen([exe, "-s", "1280", "-o", f"{out}/%s.jpg",
                               *map(str, chunk)]) for chunk in chunks if chunk]
    for p in procs:
        if p.wait() != 0:
            raise SystemExit("vipsthumbnail failed")
    return time.perf_counter() - started


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=200)
    ap.add_argument("--size", default="4000x3000")
    ap.add_argument("--keep", type=Path, help="reuse/keep generated sources in this folder")
    args = ap.parse_args()
    w, h = map(int, args.size.split("x"))
    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    src = args.keep or work / "src"
    try:
        t = time.perf_counter()
        files = generate(src, args.count, (w, h))
        mean = sum(f.stat().st_size for f in files) / len(files)
        print(f"sources: {len(files)} JPEGs of {w}x{h} ({w * h / 1e6:.0f} MP), "
              f"mean {mean / 1e6:.1f} MB (generated/reused in {time.perf_counter() - t:.0f} s)")
        # Warm the page cache for both contenders alike.
        for f in files:
            f.read_bytes()
        vips = time_vips(files, work / "vips")
        library = Library(work / "library")
        with PeakRSS() as rss:
            t = time.perf_counter()
            report = run_import(library, [src], ImportOptions(shoot="bench"))
            took = time.perf_counter() - t
        assert len(report.imported) == len(files), report.summary()
        print(f"curator import: {took:.2f} s for {len(files)} images = "
              f"{len(files) / took:.1f} images/s, {took / len(files) * 1000:.0f} ms/image "
              f"(workers: {os.cpu_count()})")
        print(f"peak memory (RSS, whole process tree): {rss.peak / 1e6:.0f} MB")
        if vips is None:
            print("vipsthumbnail: not installed (Debian package libvips-tools) — no ratio")
        else:
            print(f"vipsthumbnail -s 1280, 2 processes, previews only: {vips:.2f} s = "
                  f"{len(files) / vips:.1f} images/s")
            print(f"ratio curator full import / vipsthumbnail previews: {took / vips:.2f}x "
                  "(goal: <= 1.0x)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
