"""Comms-kit benchmark: N photo-like 12 MP JPEGs → one kit (the 2,048 px pack, all four
social crops, an A4 poster per photograph, posts), against libvips doing the same pixels.

    .venv/bin/python bench/kit_bench.py [--count 30] [--size 4000x3000] [--rounds 2]
                                        [--keep DIR]

Imports the sources into a fresh library and records a campaign (not timed), then times,
in this one run on the same warm files: the reference — ``vipsthumbnail`` making the
2,048 px rendition and each crop (``-s 1080x1080 --smartcrop centre`` …, JPEG Q 88),
five invocations per photograph spread over as many processes as the kit has workers —
and ``write_kit`` (plan made before): renditions with embedded EXIF/XMP/ICC, four crops
from one decode, posters (reportlab, embedded fonts), posts.csv/.md, the pack's
documents, BagIt (SHA-256 of every file), ZIP and the log. The reference does the pixel
work only (no posters, metadata, bag or ZIP): the ratio is an upper bound on how far the
kit is from doing its pixels the libvips way. Rounds alternate; each keeps its best.
Prints seconds, images/s, peak RSS of the process tree, CPU seconds and the load average.
"""

from __future__ import annotations

import argparse
import os
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from export_bench import cpu_seconds, source_library  # noqa: E402
from import_bench import PeakRSS  # noqa: E402

from curator.campaigns.records import add_campaign  # noqa: E402
from curator.catalogue import open_catalogue  # noqa: E402
from curator.export.kit.build import write_kit  # noqa: E402
from curator.export.kit.crops import ASPECTS  # noqa: E402
from curator.export.kit.plan import plan_kit  # noqa: E402

LONG_EDGE = 2048


def time_vips(files: list[Path], out: Path, processes: int) -> float | None:
    exe = shutil.which("vipsthumbnail")
    if not exe:
        return None
    jobs = [("pack", ["-s", str(LONG_EDGE)])]
    jobs += [(a.key, ["-s", f"{a.width}x{a.height}", "--smartcrop", "centre"])
             for a in ASPECTS]
    commands = []
    for name, options in jobs:
        (out / name).mkdir(parents=True, exist_ok=True)
        for i in range(processes):
            chunk = files[i::processes]
            if chunk:
                commands.append([exe, *options, "-o", f"{out / name}/%s.jpg[Q=88]",
                                 *map(str, chunk)])
    started = time.perf_counter()
    running: list[subprocess.Popen] = []
    for command in commands:  # at most `processes` at a time
        while len(running) >= processes:
            for p in running:
                if p.poll() is not None:
                    _check(p)
            running = [p for p in running if p.returncode is None]
            if len(running) >= processes:
                time.sleep(0.005)
        running.append(subprocess.Popen(command))
    for p in running:
        p.wait()
        _check(p)
    return time.perf_counter() - started


def _check(p: subprocess.Popen) -> None:
    if p.returncode != 0:
        raise SystemExit("vipsthumbnail failed")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--count", type=int, default=30)
    ap.add_argument("--size", default="4000x3000")
    ap.add_argument("--keep", type=Path, help="reuse/keep generated sources in this folder")
    ap.add_argument("--rounds", type=int, default=2)
    args = ap.parse_args()
    w, h = map(int, args.size.split("x"))
    workers = os.cpu_count() or 1
    work = Path(tempfile.mkdtemp(prefix="curator-kit-bench-"))
    src = args.keep or work / "src"
    try:
        t = time.perf_counter()
        library, ids, licence = source_library(src, work, args.count, (w, h))
        db = open_catalogue(library)
        campaign = add_campaign(
            db, library, "Baby Week", year=2024, theme="Growing together — نكبر معًا",
            starts_on="2024-11-14", ends_on="2024-11-20",
            days={1: "Play", 2: "Sleep", 3: "Talking", 4: "Dads", 5: "Food"},
            hashtags=["BabyWeek2024", "growing together"], url="https://babyweek.org.uk")
        print(f"generated, imported, tagged, campaign recorded in {time.perf_counter() - t:.0f} s "
              "(not timed below)")
        originals = sorted((library.root / "originals").rglob("*.JPG"))
        for f in originals:
            f.read_bytes()
        plan = plan_kit(db, library, campaign.id, licence, ids, days=True)
        assert len(plan.included) == len(ids), plan.excluded[:3]
        vips_runs, kit_runs, vips_cpu, kit_cpu, peak = [], [], [], [], 0
        result = None
        for round_no in range(args.rounds):
            c = cpu_seconds()
            vips = time_vips(originals, work / f"vips{round_no}", workers)
            if vips is not None:
                vips_runs.append(vips)
                vips_cpu.append(cpu_seconds() - c)
            c = cpu_seconds()
            with PeakRSS(os.getpid()) as rss:
                t = time.perf_counter()
                result = write_kit(db, library, plan, work / f"out{round_no}", workers=workers)
                kit_runs.append(time.perf_counter() - t)
            kit_cpu.append(cpu_seconds() - c)
            peak = max(peak, rss.peak)
            print(f"round {round_no + 1}: vipsthumbnail "
                  f"{'-' if vips is None else f'{vips:.2f} s'}, curator kit "
                  f"{kit_runs[-1]:.2f} s")
        db.close()
        n = len(result.included)
        took = min(kit_runs)
        print(f"curator kit: {took:.2f} s for {n} images = {n / took:.2f} images/s "
              f"({result.crops} crops, {result.posters} posters, {result.posts} posts; "
              f"ZIP {result.kit.stat().st_size / 1e6:.0f} MB; workers {workers}; best of "
              f"{len(kit_runs)})")
        print(f"peak memory (RSS, whole process tree): {peak / 1e6:.0f} MB")
        if not vips_runs:
            print("vipsthumbnail: not installed (Debian package libvips-tools) — no ratio")
        else:
            vips = min(vips_runs)
            print(f"reference, vipsthumbnail (rendition + 4 crops, Q=88), {workers} processes: "
                  f"{vips:.2f} s = {len(originals) / vips:.2f} images/s")
            print(f"ratio curator kit / reference: {took / vips:.2f}x; CPU seconds (user+sys, "
                  f"all processes): kit {min(kit_cpu):.1f} s, reference {min(vips_cpu):.1f} s, "
                  f"ratio {min(kit_cpu) / min(vips_cpu):.2f}x")
        load = os.getloadavg()
        print(f"load average {load[0]:.1f} / {load[1]:.1f} / {load[2]:.1f} on "
              f"{os.cpu_count()} cores (a shared machine: other work ran meanwhile)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
