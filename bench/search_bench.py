"""Search at scale: a catalogue of 100,000 image rows (no files), p50/p95 per query kind.

    .venv/bin/python bench/search_bench.py [--images 100000] [--runs 30] [--keep DIR]

The catalogue is built with the real migrations and realistic proportions: 500 shoots,
8,000 people (5 % minors, 0.5 % "do not publish"), 40 % of images linked to 1–3 people,
a group release on 30 % of the shoots, 20 % of images marked not-needed, consents with
mixed uses, expiries and withdrawals. Rows are written straight into the tables (as a
bulk load), then the derived consent tables are rebuilt once (``consent_cache.refresh``,
timed). Each query kind runs ``--runs`` times through ``curator.search.query.find_image_ids``
(the function behind ``curator images``), result ids fetched and ordered.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import tempfile
import time
from datetime import date, timedelta
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.catalogue import open_catalogue
from curator.connection import transaction  # noqa: E402
from curator.consent import cache as consent_cache  # noqa: E402
from curator.consent.rule import USE_BITS  # noqa: E402
from curator.library import Library  # noqa: E402
from curator.search.query import ImageFilter, find_image_ids  # noqa: E402

NOW = "2025-01-01T00:00:00+00:00"
WORDS = ["mother", "baby", "smile", "library", "launch", "garden", "reading", "song", "hands",
         "window", "morning", "family", "portrait", "laughter", "workshop", "sleep", "feeding",
         "walk", "park", "rain", "sunlight"]
PLACES = ["Liverpool", "Manchester", "Leeds", "Sheffield", "Bristol", "Hull"]


def build(db, n_images: int, seed: int = 1) -> None:
    """Fill an empty catalogue with ``n_images`` rows and their tags, people and consents."""
    rng = random.Random(seed)
    with transaction(db):
        db.conn.executemany("INSERT INTO events (id, name, year, created_at) VALUES (?, ?, ?, ?)",
                       [(e, f"Baby Week {2015 + e % 11} — day {e}", 2015 + e % 11, NOW)
                        for e in range(1, 21)])
        db.conn.executemany(
            "INSERT INTO shoots (id, title, folder, event_id, created_at) VALUES (?, ?, ?, ?, ?)",
            [(s, f"Shoot {s}", f"shoot-{s}", 1 + s % 20, NOW) for s in range(1, 501)])
        names = [f"Theme|{w}" for w in WORDS] + [f"Places|{p}" for p in PLACES] + \
            [f"tag{k}" for k in range(270)]
        db.conn.executemany("INSERT INTO keywords (id, name) VALUES (?, ?)",
                       list(enumerate(names, 1)))
        rows, links, people_links = [], [], []
        for i in range(1, n_images + 1):
            shoot = 1 + i % 500
            year = 2015 + (shoot % 20) % 11
            captured = f"{year}-11-{1 + i % 28:02d}T{i % 24:02d}:{i % 60:02d}:00+00:00"
            caption = " ".join(rng.sample(WORDS, 5)) if rng.random() < 0.6 else None
            alt = f"A photo of {rng.choice(WORDS)}" if rng.random() < 0.3 else None
            r = rng.random()
            identifiable = 0 if r < 0.2 else (1 if r < 0.6 else None)
            rows.append((i, f"{i:064x}", f"IMG_{i:06d}.JPG", "JPEG", 1, 6000, 4000, captured,
                         year, "capture-time", f"originals/{year}/x/{i}.jpg", shoot,
                         1 + shoot % 20, NOW, caption, alt, rng.randrange(6),
                         rng.choice((-1, 0, 0, 1)), identifiable))
            for k in rng.sample(range(1, len(names) + 1), rng.randrange(6)):
                links.append((i, k))
            if identifiable == 1:
                cast = [1 + (shoot * 16 + c) % 8000 for c in range(16)]
                for p in rng.sample(cast, rng.randrange(1, 4)):
                    people_links.append((i, p))
        db.conn.executemany(
            "INSERT INTO images (id, sha256, file_name, format, file_size, width, height, "
            "captured_at, year, year_source, original_path, shoot_id, event_id, imported_at, "
            "caption, alt_text, rating, pick, identifiable) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", rows)
        db.conn.executemany("INSERT INTO image_keywords (image_id, keyword_id) VALUES (?, ?)", links)
        db.conn.executemany(
            "INSERT INTO people (id, label, is_minor, guardian, do_not_publish, created_at) "
            "VALUES (?, ?, ?, ?, ?, ?)",
            [(p, f"Person {p}", int(rng.random() < 0.05), None,
              int(rng.random() < 0.005), NOW) for p in range(1, 8001)])
        db.conn.executemany("INSERT INTO image_people (image_id, person_id) VALUES (?, ?)",
                       people_links)
        consents = []
        for p in range(1, 8001):
            for _ in range(rng.choice((0, 1, 1, 1, 2))):
                consents.append(_consent(rng, person=p))
        for s in range(1, 501):
            if rng.random() < 0.3:
                consents.append(_consent(rng, shoot=s))
        db.conn.executemany(
            "INSERT INTO consents (person_id, shoot_id, uses, signed_on, signed_by, "
            "expires_on, withdrawn_on, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)", consents)


def _consent(rng: random.Random, person=None, shoot=None) -> tuple:
    signed = date(2015, 1, 1) + timedelta(days=rng.randrange(3650))
    uses = 0
    for bit in USE_BITS.values():
        if rng.random() < 0.6:
            uses |= bit
    expires = signed + timedelta(days=rng.randrange(365, 3650)) if rng.random() < 0.7 else None
    withdrawn = signed + timedelta(days=rng.randrange(1, 700)) if rng.random() < 0.1 else None
    return (person, shoot, uses or USE_BITS["exhibition"], signed.isoformat(), "signer",
            expires and expires.isoformat(), withdrawn and withdrawn.isoformat(), NOW)


QUERIES = {
    "year": ImageFilter(year=2020),
    "event": ImageFilter(event="Baby Week 2019 — day 4"),
    "keyword (hierarchical)": ImageFilter(keywords=["Places"]),
    "text (FTS5)": ImageFilter(text="smile garden"),
    "consent=granted": ImageFilter(consent=["granted"]),
    "consent=pending": ImageFilter(consent=["pending"]),
    "cleared-for exhibition (1 day)": ImageFilter(cleared_for="exhibition",
                                                  start=date(2024, 6, 1)),
    "cleared-for online (window)": ImageFilter(cleared_for="online", start=date(2024, 6, 1),
                                               end=date(2025, 5, 31)),
    "expiring within 90 days": ImageFilter(expiring_within=90),
    "combined: year+keyword+rating+cleared": ImageFilter(
        year=2022, keywords=["Theme|smile"], rating=2, cleared_for="exhibition",
        start=date(2024, 3, 1), end=date(2024, 9, 30)),
    "combined: text+consent+caption+pick": ImageFilter(
        text="mother", consent=["granted", "not-needed"], has_alt_text=True, pick="pick"),
    "combined: event+cleared partners+has caption": ImageFilter(
        event="Baby Week 2020 — day 5", cleared_for="partners", start=date(2023, 1, 1),
        end=date(2023, 12, 31), has_caption=True),
}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=100_000)
    ap.add_argument("--runs", type=int, default=30)
    ap.add_argument("--keep", metavar="DIR", help="build the library here and keep it")
    args = ap.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="search-bench-"))
    library = Library(root / "library")
    db = open_catalogue(library, create=True)
    t0 = time.perf_counter()
    build(db, args.images)
    built = time.perf_counter() - t0
    t0 = time.perf_counter()
    refreshed = consent_cache.refresh(db)
    print(f"built {args.images:,} image rows in {built:.1f} s; derived consent rows for "
          f"{refreshed:,} images with people in {time.perf_counter() - t0:.1f} s "
          f"({db.execute('SELECT COUNT(*) FROM image_people').fetchone()[0]:,} person links, "
          f"{db.execute('SELECT COUNT(*) FROM consents').fetchone()[0]:,} consents)")
    today = date(2025, 1, 15)
    worst = 0.0
    print(f"{'query':46} {'hits':>7} {'p50 ms':>8} {'p95 ms':>8}")
    for name, flt in QUERIES.items():
        flt.today = today
        times, hits = [], 0
        for _ in range(args.runs):
            t = time.perf_counter()
            hits = len(find_image_ids(db, flt))
            times.append((time.perf_counter() - t) * 1000)
        times.sort()
        p50 = statistics.median(times)
        p95 = times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]
        worst = max(worst, p95)
        print(f"{name:46} {hits:>7,} {p50:>8.1f} {p95:>8.1f}")
    print(f"worst p95: {worst:.1f} ms (target: well under 100 ms)")
    db.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
