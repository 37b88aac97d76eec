"""Print layout benchmark: a 40-panel A2 exhibition and a 200-item catalogue.

    .venv/bin/python bench/layout_bench.py [--panels 40] [--catalogue 200] [--keep DIR]

Photo-like JPEGs (24 MP for the panels, 6 MP for the catalogue, every one a different
picture) are imported with the real importer, marked cleared, captioned (Latin with
diacritics, Arabic, Urdu) and put in exhibitions; then ``export_layout`` runs. Prints the
seconds, the PDF's size, pages, and the peak memory (RSS of this process, sampled every
20 ms) over the baseline before the layout. The reference, run in the same process on the
same files: Pillow alone doing the irreducible pixel work — a full decode of each original,
a resize to the pixel size the layout printed, a JPEG encode — with no PDF at all.
"""

from __future__ import annotations

import argparse
import io
import os
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import date
from pathlib import Path

from PIL import Image, ImageOps

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from import_bench import PeakRSS  # noqa: E402

from curator.catalogue import open_catalogue  # noqa: E402
from curator.consent import people  # noqa: E402
from curator.exhibitions import sets as exhibitions  # noqa: E402
from curator.export.layouts.job import export_layout  # noqa: E402
from curator.ingest.importer import ImportOptions, run_import  # noqa: E402
from curator.library import Library  # noqa: E402
from curator.samples.photos import make_photo  # noqa: E402

CAPTIONS = [
    "Mam a’r plentyn yn y llyfrgell ar ddiwrnod y lansio — ŵ ŷ",
    "Matka z dzieckiem w bibliotece: zażółć gęślą jaźń",
    "İstanbul’da anne ve çocuk, kütüphanede bir öğleden sonra",
    "Mẹ và con ở thư viện trong ngày khai trương",
    "أم وطفل في يوم الإطلاق 2024",
    "ماں اور بچہ لائبریری میں",
]


def generate(folder: Path, count: int, size: tuple[int, int], seed0: int) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for i in range(count):
        path = folder / f"L{seed0 + i:05d}.JPG"
        if not path.exists():
            make_photo(path, size, seed=seed0 + i, quality=92, grain_strength=0.2)


def build_exhibition(db, library: Library, folder: Path, shoot: str, print_size: str) -> int:
    run_import(library, [folder], ImportOptions(shoot=shoot))
    ids = [r["id"] for r in db.query("SELECT i.id FROM images i JOIN shoots s ON "
                                     "s.id = i.shoot_id WHERE s.title = ? ORDER BY i.id",
                                     [shoot])]
    people.set_identifiable(db, ids, False)
    for n, image_id in enumerate(ids):
        db["images"].update(image_id, {"caption": CAPTIONS[n % len(CAPTIONS)],
                                       "alt_text": "A parent holds a baby in a library",
                                       "credit": "Photo: Baby Week / Ana Photographer"})
    exh = exhibitions.create(db, shoot, subtitle="Benchmark", statement="A benchmark tour.")
    exhibitions.add_items(db, exh, ids, print_size=print_size)
    exhibitions.add_venue(db, exh, "Central Library", date(2025, 1, 10), date(2025, 3, 1))
    return exh


def pillow_reference(library: Library, db, exh: int, out: Path) -> float:
    """Full decode + upright + resize to the printed pixels + JPEG encode, per item."""
    sizes = _printed_sizes(out)
    started = time.perf_counter()
    for item, size in zip(exhibitions.items(db, exh), sizes, strict=False):
        with Image.open(library.resolve_original(item["original_path"])) as im:
            im = ImageOps.exif_transpose(im.convert("RGB"))
            small = im.resize(size, Image.Resampling.LANCZOS, reducing_gap=3.0)
            small.save(io.BytesIO(), "JPEG", quality=90)
    return time.perf_counter() - started


def _printed_sizes(pdf: Path) -> list[tuple[int, int]]:
    rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True, text=True,
                          check=True).stdout.splitlines()[2:]
    return [(int(r.split()[3]), int(r.split()[4])) for r in rows]


def measure(label: str, db, library: Library, exh: int, kind: str, out: Path) -> None:
    import psutil

    base = psutil.Process().memory_info().rss
    with PeakRSS(os.getpid()) as rss:
        started = time.perf_counter()
        result = export_layout(db, library, exh, kind, out)
        took = time.perf_counter() - started
    n = len(result.image_ids)
    print(f"{label}: {took:.1f} s for {n} images ({took / n * 1000:.0f} ms/image), "
          f"{result.pages} pages, PDF {out.stat().st_size / 1e6:.1f} MB, peak memory "
          f"{rss.peak / 1e6:.0f} MB RSS ({(rss.peak - base) / 1e6:+.0f} MB over the "
          f"{base / 1e6:.0f} MB before)")
    ref = pillow_reference(library, db, exh, out)
    print(f"  reference, Pillow alone (full decode + resize to the printed pixels + JPEG, "
          f"no PDF): {ref:.1f} s; ratio layout / reference {took / ref:.2f}x")


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--panels", type=int, default=40)
    ap.add_argument("--catalogue", type=int, default=200)
    ap.add_argument("--keep", type=Path, help="reuse/keep generated sources in this folder")
    args = ap.parse_args()
    work = Path(tempfile.mkdtemp(prefix="curator-layout-bench-"))
    src = args.keep or work / "src"
    try:
        t = time.perf_counter()
        generate(src / "panels", args.panels, (6000, 4000), 0)
        generate(src / "catalogue", args.catalogue, (3000, 2000), 10_000)
        print(f"sources: {args.panels} × 24 MP and {args.catalogue} × 6 MP JPEGs "
              f"(generated/reused in {time.perf_counter() - t:.0f} s)")
        library = Library(work / "library")
        db = open_catalogue(library, create=True)
        t = time.perf_counter()
        panels = build_exhibition(db, library, src / "panels", "Panels A2", "A2")
        catalogue = build_exhibition(db, library, src / "catalogue", "Catalogue", "A4")
        print(f"imported and set up in {time.perf_counter() - t:.0f} s")
        measure(f"{args.panels} A2 panels", db, library, panels, "panels",
                work / "panels.pdf")
        measure(f"{args.catalogue}-item catalogue", db, library, catalogue, "catalogue",
                work / "catalogue.pdf")
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
