"""Where one import worker spends its time, per stage, on camera-like 12 MP JPEGs.

    .venv/bin/python bench/import_profile.py [--images 12] [--keep DIR]

Runs the real worker (``curator.ingest.worker.process_file``) in this process on each
image under ``cProfile`` with a CPU-time clock (so other programs' load moves it little),
and adds up the time of the C calls that do each stage's work. Then, measured directly:
the writer's catalogue transaction per image, the size of the record sent back between
processes and its pickling, the CPU a spawned worker needs before its first file, and
the CPU time ``vipsthumbnail -s 1280`` takes per image on the same files, for scale.
"""

from __future__ import annotations

import argparse
import cProfile
import json
import os
import pickle
import pstats
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.import_bench import generate  # noqa: E402
from curator.catalogue import open_catalogue  # noqa: E402
from curator.ingest import importer, worker  # noqa: E402
from curator.library import Library  # noqa: E402

# Stage → the functions whose own time is that stage's work (matched on pstats' keys).
STAGES: list[tuple[str, tuple[str, ...]]] = [
    ("read the file", ("'read' of '_io.BufferedReader'", "'readinto' of '_io.FileIO'",
                       "posix.read", "'read' of '_io.FileIO'")),
    ("sha256", ("_hashlib.openssl_sha256", "'update' of '_hashlib.HASH'",
                "'hexdigest' of '_hashlib.HASH'")),
    ("JPEG decode", ("'decode' of 'ImagingDecoder'",)),
    ("ICC → sRGB", ("'apply' of 'PIL._imagingcms.CmsTransform'", "buildTransform",
                    "ImageCmsProfile", "_imagingcms")),
    ("resize (preview, thumbnail)", ("'resize' of 'ImagingCore'", "'reduce' of 'ImagingCore'")),
    ("orientation (transpose)", ("'transpose' of 'ImagingCore'",)),
    ("JPEG encode", ("'encode_to_file' of 'ImagingEncoder'", "'encode' of 'ImagingEncoder'")),
    ("stage the copy (write)", ("'write' of '_io.BufferedWriter'", "'write' of '_io.FileIO'",
                                "posix.write", "copy_file_range", "sendfile",
                                "posix.chmod", "posix.replace", "posix.unlink")),
    ("duplicate check (read-only SQL)", ("'execute' of 'sqlite3.Connection'",
                                         "'fetchone' of 'sqlite3.Cursor'")),
]
CUMULATIVE: list[tuple[str, str]] = [
    ("metadata (EXIF/IPTC/XMP)", "read_metadata"),
]


def _own_time(stats: pstats.Stats, needles: tuple[str, ...]) -> float:
    total = 0.0
    for (file, line, name), (_cc, _nc, tt, _ct, _callers) in stats.stats.items():  # type: ignore[attr-defined]
        key = f"{file}:{line}({name})" if file != "~" else name
        if any(n in key for n in needles):
            total += tt
    return total


def _cumulative(stats: pstats.Stats, function: str) -> float:
    return max((ct for (_f, _l, name), (_cc, _nc, _tt, ct, _c) in stats.stats.items()  # type: ignore[attr-defined]
                if name == function), default=0.0)


def profile_worker(files: list[Path], library: Library) -> tuple[dict[str, float], float, list]:
    worker.start_worker(worker.WorkerSetup(library.catalogue_path, library.incoming,
                                           library.thumbs, library.previews))
    worker.process_file(worker.FileTask(str(files[0]), None, True))  # warm caches
    profiler = cProfile.Profile(time.process_time)
    outcomes = []
    cpu0 = time.process_time()
    profiler.enable()
    for f in files[1:]:
        outcomes.append(worker.process_file(worker.FileTask(str(f), None, True)))
    profiler.disable()
    total = time.process_time() - cpu0
    stats = pstats.Stats(profiler)
    n = len(files) - 1
    rows = {name: _own_time(stats, needles) / n for name, needles in STAGES}
    for name, function in CUMULATIVE:
        rows[name] = _cumulative(stats, function) / n
    assert all(isinstance(o, worker.Imported) for o in outcomes), outcomes
    return rows, total / n, outcomes


def writer_per_image(library: Library, outcomes: list) -> float:
    """CPU seconds per image of the writer's batch transaction (rows, keywords, renames)."""
    db = open_catalogue(library, create=True)
    try:
        report = importer.ImportReport()
        writer = importer._Writer(db, library, report, shoot_id=db["shoots"].insert(
            {"title": "p", "folder": "p", "created_at": "2024-01-01"}).last_pk,
            shoot_folder="p", event_id=None, reference=False)
        cpu0 = time.process_time()
        for o in outcomes:
            writer.add(o)
        writer.flush()
        return (time.process_time() - cpu0) / len(outcomes)
    finally:
        db.close()


def ipc_per_image(outcomes: list) -> tuple[int, float]:
    sizes, cpu0 = [], time.process_time()
    for o in outcomes:
        blob = pickle.dumps(o, protocol=pickle.HIGHEST_PROTOCOL)
        pickle.loads(blob)
        sizes.append(len(blob))
    return sum(sizes) // len(sizes), (time.process_time() - cpu0) / len(outcomes)


def worker_startup(library: Library) -> float:
    """CPU seconds of a fresh spawned interpreter that imports and sets up a worker."""
    code = ("import resource, time;"
            "from curator.ingest import worker;"
            f"worker.start_worker(worker.WorkerSetup(*map(__import__('pathlib').Path, "
            f"{[str(library.catalogue_path), str(library.incoming), str(library.thumbs), str(library.previews)]!r})));"
            "ru = resource.getrusage(resource.RUSAGE_SELF);"
            "print(ru.ru_utime + ru.ru_stime)")
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                                 check=True).stdout) for _ in range(3)]
    return sorted(runs)[1]


def pool_thread_worker(files: list[Path], library: Library, keep_memory: bool) -> dict:
    """CPU per image (user, system) and page faults of a worker as the pool runs it — files
    two at a time in threads — in a fresh process, with or without the allocator setting
    pool workers get (``worker._keep_freed_memory``). The single-threaded profile above
    cannot show this: in the main thread glibc already reuses freed memory."""
    code = ("import json, resource, sys;"
            "from pathlib import Path;"
            "from curator.ingest import worker;"
            f"setup = worker.WorkerSetup(*map(Path, {[str(library.catalogue_path), str(library.incoming), str(library.thumbs), str(library.previews)]!r}));"
            "worker.start_worker(setup);"
            f"{'worker._keep_freed_memory();' if keep_memory else ''}"
            f"files = {[str(f) for f in files]!r};"
            "r0 = resource.getrusage(resource.RUSAGE_SELF);"
            "[worker.process_files([worker.FileTask(f, None, True) for f in files[i:i + 2]])"
            " for i in range(0, len(files), 2)];"
            "r1 = resource.getrusage(resource.RUSAGE_SELF); n = len(files);"
            "print(json.dumps({'user': (r1.ru_utime - r0.ru_utime) / n,"
            " 'system': (r1.ru_stime - r0.ru_stime) / n, 'faults': (r1.ru_minflt - r0.ru_minflt) / n}))")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return json.loads(out.stdout)


def vips_per_image(files: list[Path], out: Path) -> float | None:
    exe = shutil.which("vipsthumbnail")
    if not exe:
        return None
    out.mkdir(parents=True, exist_ok=True)
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run([exe, "-s", "1280", "-o", f"{out}/%s.jpg", *map(str, files)], check=True)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime) / len(files)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=12)
    ap.add_argument("--keep", type=Path, help="reuse/keep generated sources in this folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-profile-"))
    try:
        files = generate((args.keep or work / "src") / "all", args.images + 1, (4000, 3000))
        library = Library(work / "library")
        library.make_root()
        library.make_dirs()
        open_catalogue(library, create=True).close()
        rows, total, outcomes = profile_worker(files, library)
        known = sum(rows.values())
        print(f"one worker, {len(files) - 1} images of 4000x3000, CPU ms per image "
              f"(cProfile, process-time clock; pid {os.getpid()}):")
        print("| stage | ms/image | share |\n|---|---:|---:|")
        for name, secs in sorted(rows.items(), key=lambda kv: -kv[1]):
            print(f"| {name} | {secs * 1000:.1f} | {secs / total:.0%} |")
        print(f"| other Python in the worker | {(total - known) * 1000:.1f} | "
              f"{(total - known) / total:.0%} |")
        print(f"| **worker total** | **{total * 1000:.1f}** | |")
        size, ipc = ipc_per_image(outcomes)
        print(f"| record back to the writer (pickle + unpickle, {size} bytes) | "
              f"{ipc * 1000:.2f} | |")
        print(f"| writer: catalogue transaction + rename, per image | "
              f"{writer_per_image(library, outcomes) * 1000:.1f} | |")
        print(f"| worker start-up, spawned (macOS, Windows, the desktop app): interpreter + "
              f"imports, once per worker | {worker_startup(library) * 1000:.0f} | |")
        for keep in (False, True):
            fresh = Library(work / f"pool-{keep}")  # no catalogue: nothing is a duplicate
            got = pool_thread_worker(files, fresh, keep)
            print(f"| in a pool worker, 2 files at once in threads, "
                  f"{'keeping' if keep else 'not keeping'} freed memory: user + system "
                  f"(page faults) per image | {got['user'] * 1000:.1f} + "
                  f"{got['system'] * 1000:.1f} ({got['faults']:.0f}) | |")
        vips = vips_per_image(files[1:], work / "vips")
        if vips is not None:
            print(f"| vipsthumbnail -s 1280, for scale (CPU per image) | {vips * 1000:.1f} | |")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
