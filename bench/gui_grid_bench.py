"""The desktop grid on a big library: the real main window, offscreen, on 20,000 images.

    QT_QPA_PLATFORM=offscreen .venv/bin/python bench/gui_grid_bench.py [--images 20000]
        [--thumbs 50] [--keep DIR]

The catalogue is built like ``bench/search_bench.py`` builds it (rows written straight into
the tables with realistic tags, people and consents, then the derived consent rows), and
``--thumbs`` real thumbnail JPEGs are hard-linked under every image's ``sha256`` in
``cache/thumbs`` — so the thumbnail loader reads real files, but the build takes seconds.
The real :class:`ui.main_window.MainWindow` then opens on it and the script prints:

* the core's ``load_grid`` alone (what the refresh worker runs), split into its parts;
* window creation → grid populated (rows shown, refresh finished);
* a sidebar filter (a year), clearing it, and a text search, each until the grid shows
  the result;
* scrolling the grid top to bottom by page steps, 60 steps a second, the thumbnail loader
  working meanwhile.

With each, the longest stall of the GUI thread: the biggest gap between the ticks of a
10 ms ``QTimer`` (and the GUI thread's CPU time in that gap, which other processes cannot
inflate).
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from bench.search_bench import build  # noqa: E402
from curator.catalogue import open_catalogue  # noqa: E402
from curator.consent import cache as consent_cache  # noqa: E402
from curator.library import Library  # noqa: E402
from curator.samples.photos import make_photo  # noqa: E402
from curator.search.query import ImageFilter, find_image_ids  # noqa: E402


def build_library(root: Path, n_images: int, n_thumbs: int = 50) -> Library:
    """A library of ``n_images`` rows whose thumbnails are ``n_thumbs`` real files, linked."""
    library = Library(root / "library")
    db = open_catalogue(library, create=True)
    try:
        build(db, n_images)
        consent_cache.refresh(db)
        shas = [r[0] for r in db.execute("SELECT sha256 FROM images ORDER BY id")]
    finally:
        db.close()
    masters = []
    for k in range(n_thumbs):
        size = (256, 171) if k % 4 else (171, 256)
        masters.append(make_photo(root / "thumbs" / f"{k:03d}.jpg", size, seed=k, quality=80,
                                  grain_strength=0.05))
    made: set[Path] = set()
    for n, sha in enumerate(shas):
        target = library.thumb_path(sha)
        if target.parent not in made:
            target.parent.mkdir(parents=True, exist_ok=True)
            made.add(target.parent)
        try:
            os.link(masters[n % n_thumbs], target)
        except OSError:  # no hard links on this file system
            target.write_bytes(masters[n % n_thumbs].read_bytes())
    return library


class Ticker:
    """A 10 ms timer on the GUI thread; gaps between its ticks are the thread's stalls."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.ticks: list[tuple[float, float]] = []
        self.timer = QTimer()
        self.timer.setInterval(10)
        self.timer.timeout.connect(
            lambda: self.ticks.append((time.monotonic(), time.thread_time())))

    def start(self) -> None:
        self.ticks.clear()
        self.ticks.append((time.monotonic(), time.thread_time()))
        self.timer.start()

    def stop(self) -> tuple[float, float]:
        """(worst wall-clock gap, GUI-thread CPU in the busiest gap), in seconds."""
        self.timer.stop()
        self.ticks.append((time.monotonic(), time.thread_time()))
        pairs = list(zip(self.ticks, self.ticks[1:], strict=False))
        if not pairs:
            return 0.0, 0.0
        return (max(b[0] - a[0] for a, b in pairs), max(b[1] - a[1] for a, b in pairs))


def spin(ms: int) -> None:
    """Run the GUI event loop for ``ms`` milliseconds."""
    from PySide6.QtCore import QEventLoop, QTimer

    loop = QEventLoop()
    QTimer.singleShot(ms, loop.quit)
    loop.exec()


def wait_until(condition: Callable[[], bool], timeout: float = 300.0) -> float:
    """Run the event loop until ``condition()``; the seconds it took."""
    t0 = time.perf_counter()
    while not condition():
        if time.perf_counter() - t0 > timeout:
            raise TimeoutError("the grid did not get there in time")
        spin(2)
    return time.perf_counter() - t0


def settled(window, n: int) -> Callable[[], bool]:
    """The grid shows ``n`` photos and no refresh is running."""
    return lambda: window.model.rowCount() == n and window._refresh_task is None


def _showing(window, n: int) -> bool:
    """The grid shows the new result (its first photos at least; all of it if small)."""
    model = window.model
    if hasattr(model, "target_count"):
        return model.target_count() == n and model.rowCount() > 0
    return model.rowCount() == n


def open_window(library: Library, settings_dir: Path):
    """The real main window on ``library`` (settings kept in ``settings_dir``)."""
    from PySide6.QtCore import QSettings

    from ui.main_window import MainWindow

    settings = QSettings(str(settings_dir / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(library, settings, sample_dir=settings_dir / "sample")
    window.resize(1300, 820)  # the default size, whatever an earlier run remembered
    window.show()
    return window


def scroll_through(window, step_ms: int = 16) -> dict:
    """Scroll the grid top to bottom a page at a time; figures of the GUI thread."""
    from PySide6.QtWidgets import QApplication

    bar = window.grid.verticalScrollBar()
    bar.setValue(0)
    QApplication.processEvents()
    steps: list[float] = []
    ticker = Ticker()
    ticker.start()
    t0 = time.perf_counter()
    value = 0
    while value < bar.maximum():
        value = min(bar.maximum(), value + bar.pageStep())
        t = time.perf_counter()
        bar.setValue(value)
        window.grid.viewport().repaint()  # paint now, as a real scroll would
        steps.append(time.perf_counter() - t)
        spin(step_ms)  # the loader's results arrive meanwhile
    total = time.perf_counter() - t0
    gap, busy = ticker.stop()
    steps.sort()
    return {"steps": len(steps), "seconds": total, "gap": gap, "busy": busy,
            "p50": statistics.median(steps) if steps else 0.0,
            "p99": steps[int(0.99 * (len(steps) - 1))] if steps else 0.0,
            "max_step": steps[-1] if steps else 0.0, "loaded": len(window.thumbs)}


def core_breakdown(library: Library) -> dict[str, float]:
    """``load_grid``'s parts, timed without Qt (what the refresh worker does)."""
    from curator.search.facets import facet_counts
    from curator.search.rows import grid_rows

    db = open_catalogue(library)
    try:
        out = {}
        t = time.perf_counter()
        ids = find_image_ids(db, ImageFilter())
        out["find ids"] = time.perf_counter() - t
        t = time.perf_counter()
        grid_rows(db, ids)
        out["grid rows (all)"] = time.perf_counter() - t
        t = time.perf_counter()
        grid_rows(db, ids[:300])
        out["grid rows (first 300)"] = time.perf_counter() - t
        t = time.perf_counter()
        facet_counts(db, ImageFilter())
        out["facet counts"] = time.perf_counter() - t
        return out
    finally:
        db.close()


def _ms(seconds: float) -> str:
    return f"{seconds * 1000:,.0f} ms"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--images", type=int, default=20_000)
    ap.add_argument("--thumbs", type=int, default=50)
    ap.add_argument("--keep", metavar="DIR", help="build the library here and keep it")
    ap.add_argument("--no-scroll", action="store_true", help="skip the scroll")
    args = ap.parse_args(argv)
    root = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="grid-bench-"))
    t0 = time.perf_counter()
    library = Library(root / "library")
    if not library.exists():
        library = build_library(root, args.images, args.thumbs)
    print(f"library: {args.images:,} image rows, {args.thumbs} real thumbnails linked by sha, "
          f"ready in {time.perf_counter() - t0:.1f} s ({os.cpu_count()} CPUs, "
          f"load {os.getloadavg()[0]:.1f})")
    for name, seconds in core_breakdown(library).items():
        print(f"  core {name:<24} {_ms(seconds):>10}")

    from PySide6.QtWidgets import QApplication

    import ui  # noqa: F401  (the PySide6 work-around, before any signal is emitted)
    from ui import workers

    app = QApplication.instance() or QApplication([sys.argv[0]])
    db = open_catalogue(library)
    year_hits = len(find_image_ids(db, ImageFilter(year=2020)))
    text_hits = len(find_image_ids(db, ImageFilter(text="smile")))
    total = db.execute("SELECT COUNT(*) FROM images").fetchone()[0]
    db.close()

    t = time.perf_counter()
    window = open_window(library, Path(tempfile.mkdtemp(prefix="grid-bench-settings-")))
    built = time.perf_counter() - t
    ticker = Ticker()
    ticker.start()
    first = wait_until(lambda: window.model.rowCount() > 0) + built
    wait_until(settled(window, total))
    took = time.perf_counter() - t
    gap, busy = ticker.stop()
    print(f"open: window built and shown {_ms(built)}; first photos shown {_ms(first)}; "
          f"all {total:,} rows and the counts {_ms(took)}; worst GUI stall after show "
          f"{_ms(gap)} (GUI CPU {_ms(busy)})")
    spin(300)

    def timed(label: str, action: Callable[[], None], n: int) -> None:
        ticker.start()
        t = time.perf_counter()
        action()
        shown = wait_until(lambda: _showing(window, n))
        wait_until(settled(window, n))
        took = time.perf_counter() - t
        gap, busy = ticker.stop()
        print(f"{label:<38} shown {_ms(shown):>7}, all rows + counts {_ms(took):>8}; "
              f"worst GUI stall {_ms(gap)} (GUI CPU {_ms(busy)})")
        spin(200)

    sidebar = window.sidebar
    timed(f"filter year=2020 ({year_hits:,})", lambda: sidebar.choose("year", 2020), year_hits)
    timed(f"clear the filter ({total:,})", lambda: sidebar.choose("year", 2020), total)

    def search() -> None:
        sidebar.search.setText("smile")
        sidebar._search_timer.stop()  # the typing pause (250 ms) is not counted
        sidebar._search_now()

    def clear_search() -> None:
        sidebar.search.clear()
        sidebar._search_timer.stop()
        sidebar._search_now()

    timed(f"text search 'smile' ({text_hits:,})", search, text_hits)
    timed(f"clear the search ({total:,})", clear_search, total)

    def select_all() -> None:
        window.grid.selectAll()
        spin(50)

    timed(f"select all ({total:,}), inspector follows", select_all, total)
    window.grid.clearSelection()
    spin(200)

    if not args.no_scroll:
        s = scroll_through(window)
        print(f"scroll top → bottom: {s['steps']:,} page steps in {s['seconds']:.1f} s; "
              f"worst GUI stall {_ms(s['gap'])} (GUI CPU {_ms(s['busy'])}); "
              f"step p50 {_ms(s['p50'])}, p99 {_ms(s['p99'])}, max {_ms(s['max_step'])}; "
              f"thumbnails in cache {s['loaded']:,}")
    window.close()
    workers.wait_all(30_000)
    app.processEvents()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
