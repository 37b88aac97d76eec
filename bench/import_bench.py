"""Import benchmark: `curator import` of camera-like 12 MP JPEGs against vipsthumbnail.

    .venv/bin/python bench/import_bench.py [--counts 48,2000] [--repeat 3,2] [--keep DIR]

For each count, in one run and side by side, it times the full command a photographer
runs — ``curator --library NEW import FOLDER`` as a separate process: start-up, scan,
copy, hash, metadata, thumbnail, preview, catalogue — and ``vipsthumbnail -s 1280``
making just the 1,280 px previews of the same files with as many processes as curator
has workers. The two alternate (which goes first swaps every repeat) and the ratio is
taken per pair, so that load from other programs on a shared machine hits both alike.

Printed per count: wall seconds and images/s of each, the ratio of each pair and the
median, the CPU seconds (user + system of the whole process tree) of each and their
ratio — a figure that other programs' load barely moves — and the peak memory of
curator's process tree (RSS summed over the tree, sampled every 20 ms).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import piexif
import psutil

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.samples.photos import make_photo  # noqa: E402

GOAL = 0.8
RSS_LIMIT = 400e6


class PeakRSS:
    """Samples the RSS of a process and all its children in a background thread."""

    def __init__(self, pid: int, interval: float = 0.02):
        self.pid, self.interval, self.peak = pid, interval, 0
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True)

    def _run(self) -> None:
        try:
            root = psutil.Process(self.pid)
        except psutil.Error:
            return
        while not self._stop.is_set():
            total = 0
            try:
                for p in [root, *root.children(recursive=True)]:
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


@dataclass
class Timing:
    wall: float
    cpu: float  # user + system seconds of the whole process tree
    peak_rss: int = 0


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


def subset(src: list[Path], folder: Path) -> Path:
    """A folder holding exactly ``src`` (hard links where possible)."""
    folder.mkdir(parents=True, exist_ok=True)
    for f in src:
        target = folder / f.name
        if not target.exists():
            try:
                os.link(f, target)
            except OSError:
                shutil.copy2(f, target)
    return folder


def _children_cpu() -> float:
    ru = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ru.ru_utime + ru.ru_stime


NICE = 0  # --nice: added to both contenders' priority


def _lower_nice() -> None:
    os.nice(NICE)


def run_measured(commands: list[list[str]], watch_rss: bool = False) -> Timing:
    """Start the commands at once, wait for all; wall time, tree CPU time and peak RSS."""
    cpu0, started = _children_cpu(), time.perf_counter()
    procs = [subprocess.Popen(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                              preexec_fn=_lower_nice if NICE else None)
             for cmd in commands]
    rss = PeakRSS(procs[0].pid) if watch_rss else contextlib.nullcontext()
    with rss:
        errors = [p.communicate()[1] for p in procs]
    wall = time.perf_counter() - started
    for p, err in zip(procs, errors, strict=True):
        if p.returncode != 0:
            raise SystemExit(f"{p.args[0]} failed ({p.returncode}): {err.decode()[-2000:]}")
    return Timing(wall, _children_cpu() - cpu0, rss.peak if watch_rss else 0)


def time_vips(exe: str, files: list[Path], out: Path, processes: int) -> Timing:
    shutil.rmtree(out, ignore_errors=True)
    out.mkdir(parents=True)
    chunks = [files[i::processes] for i in range(processes)]
    return run_measured([[exe, "-s", "1280", "-o", f"{out}/%s.jpg", *map(str, chunk)]
                         for chunk in chunks if chunk])


def curator_command() -> list[str]:
    """The installed ``curator`` command beside this Python, else ``python -m curator``."""
    script = Path(sys.executable).with_name("curator")
    return [str(script)] if script.exists() else [sys.executable, "-m", "curator"]


def time_curator(command: list[str], folder: Path, library: Path, count: int) -> Timing:
    shutil.rmtree(library, ignore_errors=True)
    timing = run_measured([[*command, "--library", str(library), "import",
                            str(folder), "--shoot", "bench"]], watch_rss=True)
    imported = sum(1 for p in (library / "originals").rglob("*.JPG"))
    if imported != count:
        raise SystemExit(f"curator imported {imported} of {count} files")
    return timing


def warm(files: list[Path]) -> None:
    """Read every source once so both contenders start from the page cache."""
    for f in files:
        with open(f, "rb") as fh:
            while fh.read(1 << 20):
                pass


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--counts", default="48,2000", help="comma-separated image counts")
    ap.add_argument("--repeat", default="3,2",
                    help="pairs per count, one number for all or one per count (default 3,2)")
    ap.add_argument("--size", default="4000x3000")
    ap.add_argument("--keep", type=Path, help="reuse/keep generated sources in this folder")
    ap.add_argument("--against", metavar="COMMAND",
                    help="another curator command (e.g. an older build's script) timed in the "
                         "same groups, for a before/after in one run")
    ap.add_argument("--nice", type=int, default=0,
                    help="niceness added to both contenders (negative needs root): on a "
                         "machine others are using, -10 makes it close to an idle one for both")
    args = ap.parse_args()
    global NICE
    NICE = args.nice
    commands = {"curator import": curator_command()}
    if args.against:
        commands["against"] = args.against.split()
    counts = [int(c) for c in args.counts.split(",")]
    repeats = [int(r) for r in args.repeat.split(",")]
    repeats = (repeats * len(counts))[:len(counts)] if len(repeats) == 1 else repeats
    w, h = map(int, args.size.split("x"))
    processes = os.cpu_count() or 1
    vips = shutil.which("vipsthumbnail")
    work = Path(tempfile.mkdtemp(prefix="curator-bench-"))
    pool = args.keep or work / "src"
    verdicts = []
    try:
        t = time.perf_counter()
        all_files = generate(pool / "all", max(counts), (w, h))
        mean = sum(f.stat().st_size for f in all_files) / len(all_files)
        print(f"sources: {len(all_files)} JPEGs of {w}x{h} ({w * h / 1e6:.0f} MP), mean "
              f"{mean / 1e6:.1f} MB (generated/reused in {time.perf_counter() - t:.0f} s); "
              f"{processes} processes each; curator command: {' '.join(curator_command())}; "
              f"nice {NICE:+d}; load average {os.getloadavg()[0]:.1f}")
        if not vips:
            print("vipsthumbnail: not installed (Debian package libvips-tools) — no ratio")
        for count, repeat in zip(counts, repeats, strict=True):
            files = all_files[:count]
            folder = subset(files, pool / f"first-{count}")
            ratios: dict[str, list[float]] = {name: [] for name in commands}
            cpu_ratios: dict[str, list[float]] = {name: [] for name in commands}
            peaks: dict[str, list[int]] = {name: [] for name in commands}
            for rep in range(repeat):
                warm(files)
                # Who goes first rotates, so that a change in the machine's load hits all.
                order = ["vips", *commands]
                order = order[rep % len(order):] + order[:rep % len(order)]
                got: dict[str, Timing] = {}
                for who in order:
                    if who == "vips":
                        if vips:
                            got[who] = time_vips(vips, files, work / "vips", processes)
                    else:
                        got[who] = time_curator(commands[who], folder, work / "library", count)
                        shutil.rmtree(work / "library", ignore_errors=True)
                v = got.get("vips")
                for name in commands:
                    cur = got[name]
                    peaks[name].append(cur.peak_rss)
                    line = (f"  {count:>5} images, pair {rep + 1}: {name} {cur.wall:6.2f} s "
                            f"({count / cur.wall:5.1f} images/s, CPU {cur.cpu:6.1f} s, "
                            f"peak RSS {cur.peak_rss / 1e6:3.0f} MB)")
                    if v:
                        ratios[name].append(cur.wall / v.wall)
                        cpu_ratios[name].append(cur.cpu / v.cpu)
                        line += (f" | vipsthumbnail {v.wall:6.2f} s ({count / v.wall:5.1f} "
                                 f"images/s, CPU {v.cpu:6.1f} s) | ratio {ratios[name][-1]:.2f}x,"
                                 f" CPU ratio {cpu_ratios[name][-1]:.2f}x")
                    print(line, flush=True)
            for name in commands:
                if not peaks[name]:
                    continue
                peak = max(peaks[name])
                summary = (f"{count:>5} images, {name}: peak RSS {peak / 1e6:.0f} MB "
                           "(limit 400 MB)")
                if ratios[name]:
                    r, c = ratios[name], cpu_ratios[name]
                    med = statistics.median(r)
                    summary += (f"; ratio to vipsthumbnail: median {med:.2f}x (min {min(r):.2f},"
                                f" max {max(r):.2f}; goal <= {GOAL}x); CPU-time ratio median "
                                f"{statistics.median(c):.2f}x")
                    if name == "curator import":
                        verdicts.append(med <= GOAL and peak < RSS_LIMIT)
                print(summary + f"; load average now {os.getloadavg()[0]:.1f}", flush=True)
        if verdicts:
            print("goal met at every count" if all(verdicts) else "goal NOT met at every count")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
