"""The consent calendar on a big library: ``calendar_entries`` for a year ahead.

    .venv/bin/python bench/calendar_bench.py [--images 20000] [--runs 5]

A catalogue of ``--images`` image rows (one in ten people per image count, 10 % of them
minors with a date of birth, every person's consent ending somewhere in the next two years),
20 exhibitions of 40 photos (real small originals) each touring 3 venues, and 10 partners
each holding a logged pack of 200 photos under a licence. Reference, in the same process:
what a curator would otherwise run by hand to learn the same — ``validate`` of every
exhibition plus ``cleared_image_ids`` of every partner's photos over its licence. The GUI
loads the calendar in a worker (``ui/workers.py``) because at this size it takes more than
the 100 ms a GUI thread may spend.
"""

from __future__ import annotations

import argparse
import hashlib
import random
import statistics
import sys
import tempfile
import time
from collections import Counter
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.calendar.entries import calendar_entries  # noqa: E402
from curator.catalogue import open_catalogue  # noqa: E402
from curator.connection import transaction  # noqa: E402
from curator.consent import cache  # noqa: E402
from curator.consent.rule import cleared_image_ids  # noqa: E402
from curator.exhibitions import sets as exhibitions  # noqa: E402
from curator.exhibitions.validation import validate  # noqa: E402
from curator.export import partners  # noqa: E402
from curator.export.log import ExportedFile, record_export  # noqa: E402
from curator.library import Library  # noqa: E402

TODAY = date(2025, 1, 1)
NOW = "2025-01-01T00:00:00+00:00"


def build(library: Library, images: int) -> None:
    rnd = random.Random(20)
    db = open_catalogue(library, create=True)
    people = max(images // 10, 1)
    with transaction(db):
        db["images"].insert_all(({
            "sha256": hashlib.sha256(f"bench {i}".encode()).hexdigest(),
            "file_name": f"IMG_{i:06d}.JPG", "format": "JPEG", "file_size": len(f"bench {i}"),
            "width": 6000, "height": 4000, "year": 2024, "year_source": "manual",
            "original_path": f"originals/2024/bench/IMG_{i:06d}.JPG", "imported_at": NOW,
            "caption": "A caption", "alt_text": "Alt text"} for i in range(images)),
            batch_size=1000)
        db["people"].insert_all(({
            "label": f"Person {p}", "is_minor": int(p % 10 == 0),
            "born_on": (date(2007, 1, 1) + timedelta(days=rnd.randrange(700))).isoformat(),
            "created_at": NOW} for p in range(people)), batch_size=1000)
        db["image_people"].insert_all(({"image_id": 1 + (p * 10 + k) % images,
                                        "person_id": p + 1}
                                       for p in range(people) for k in range(10)),
                                      batch_size=1000)
        db["consents"].insert_all(({
            "person_id": p + 1, "uses": 31, "signed_on": "2024-01-01", "signed_by": "Guardian",
            "expires_on": (TODAY + timedelta(days=rnd.randrange(60, 800))).isoformat(),
            "created_at": NOW} for p in range(people)), batch_size=1000)
        db.execute("UPDATE images SET identifiable = 0 WHERE people_count = 0")
    cache.refresh(db)
    for e in range(20):
        chosen = rnd.sample(range(1, images + 1), 40)
        for image_id in chosen:  # real originals, so validation checks real files
            rel = db.execute("SELECT original_path, sha256 FROM images WHERE id = ?",
                             [image_id]).fetchone()[0]
            path = library.root / rel
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(f"bench {image_id - 1}".encode())
        exh = exhibitions.create(db, f"Touring show {e}")
        exhibitions.add_items(db, exh, chosen)
        for v in range(3):
            opens = TODAY + timedelta(days=30 + 90 * v + e)
            exhibitions.add_venue(db, exh, f"Venue {v}", opens, opens + timedelta(days=80))
    for k in range(10):
        pid = partners.add_partner(db, f"Partner {k}")
        lid = partners.add_licence(db, pid, uses=("online",), valid_from=TODAY,
                                   expires_on=TODAY + timedelta(days=300 + k))
        with transaction(db):
            record_export(db, kind="pack", public_id=f"bench-{k}", partner_id=pid,
                          licence_id=lid, files=[ExportedFile(i) for i in
                                                 rnd.sample(range(1, images + 1), 200)])
    db.close()


def by_hand(db, library: Library) -> None:
    """The reference: validate every exhibition, clear every partner's photos."""
    for exh in exhibitions.list_exhibitions(db):
        validate(db, library, exh["id"], today=TODAY)
    for lic in partners.list_licences(db):
        held = [r[0] for r in db.execute(
            "SELECT x.image_id FROM exports e JOIN export_items x ON x.export_id = e.id "
            "WHERE e.licence_id = ?", [lic.id])]
        for use in (*lic.uses, "partners"):
            cleared_image_ids(db, held, use, lic.valid_from, lic.expires_on)


def timed(fn, runs: int) -> float:
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t)
    return statistics.median(times)


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--images", type=int, default=20_000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    with tempfile.TemporaryDirectory(prefix="curator-calendar-bench-") as tmp:
        library = Library(Path(tmp) / "library")
        t = time.perf_counter()
        build(library, args.images)
        print(f"built {args.images:,} images in {time.perf_counter() - t:.1f} s")
        db = open_catalogue(library)
        year = (TODAY, TODAY + timedelta(days=365))
        entries = calendar_entries(db, library, *year, today=TODAY)
        kinds = Counter(e.kind for e in entries)
        print(f"{len(entries):,} entries: " + ", ".join(f"{k} {n}" for k, n in kinds.items()))
        calendar = timed(lambda: calendar_entries(db, library, *year, today=TODAY), args.runs)
        reference = timed(lambda: by_hand(db, library), args.runs)
        print(f"calendar_entries (a year ahead): {calendar * 1000:.0f} ms (median of "
              f"{args.runs})")
        print(f"reference (validate every exhibition + clear every partner's photos): "
              f"{reference * 1000:.0f} ms")
        print(f"ratio calendar / reference: {calendar / reference:.2f}")
        db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
