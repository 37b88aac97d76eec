"""Cold start of the desktop app: process start → first paint of the grid with photos in it,
and the peak memory after it has sat idle, on the sample library (offscreen).

    .venv/bin/python bench/startup_bench.py [--runs 3] [--idle 5] [--python PATH]

Each run is a fresh interpreter (``--python``: e.g. a venv with the built wheel installed)
that starts ``ui.app.main`` the way ``curator-gui`` does; an application-wide event filter
notes the first paint of the grid's viewport once the grid has rows, and the time is
measured from the process's own start time (as the kernel records it). After ``--idle``
seconds with nothing to do the process reports its peak RSS (``ru_maxrss``).

Reference, in the same way and in the same runs: a bare PySide6 window with a list of the
same number of text rows (what any Qt app pays to start and paint), so the ratio shows what
Curator adds on top of Qt itself.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from curator.library import Library  # noqa: E402
from curator.samples.library import build_sample_library  # noqa: E402

CURATOR = r"""
import json, os, resource, sys, time
import psutil
from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QApplication, QListView
started = psutil.Process().create_time()
app = QApplication([sys.argv[0]])
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint:
            view = obj.parent()
            if isinstance(view, QListView) and view.model() is not None \
                    and view.model().rowCount() > 0:
                seen["paint"] = time.time() - started
                QTimer.singleShot(int(float(sys.argv[2]) * 1000), report)
        return False

def report():
    seen["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(seen), flush=True)
    for w in app.topLevelWidgets():
        w.close()

watcher = FirstPaint()
app.installEventFilter(watcher)
from ui.app import main
main(["--library", sys.argv[1]])
"""

BARE = r"""
import json, resource, sys, time
import psutil
from PySide6.QtCore import QEvent, QObject, QStringListModel, QTimer
from PySide6.QtWidgets import QApplication, QListView, QMainWindow
started = psutil.Process().create_time()
app = QApplication([sys.argv[0]])
seen = {}

class FirstPaint(QObject):
    def eventFilter(self, obj, event):
        if "paint" not in seen and event.type() == QEvent.Type.Paint and obj is view.viewport():
            seen["paint"] = time.time() - started
            QTimer.singleShot(int(float(sys.argv[2]) * 1000), report)
        return False

def report():
    seen["rss_mb"] = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(json.dumps(seen), flush=True)
    app.quit()

window = QMainWindow()
view = QListView()
view.setViewMode(QListView.ViewMode.IconMode)
view.setModel(QStringListModel([f"photo {i}" for i in range(int(sys.argv[1]))]))
window.setCentralWidget(view)
watcher = FirstPaint()
app.installEventFilter(watcher)
window.resize(1300, 820)
window.show()
app.exec()
"""


def run(python: str, code: str, arg: str, idle: float, home: Path) -> dict:
    env = dict(os.environ, QT_QPA_PLATFORM="offscreen", XDG_CONFIG_HOME=str(home / "config"),
               XDG_STATE_HOME=str(home / "state"), XDG_CACHE_HOME=str(home / "cache"))
    env.pop("CURATOR_LIBRARY", None)
    done = subprocess.run([python, "-c", code, arg, str(idle)], capture_output=True, text=True,
                          env=env, timeout=300, cwd=home)
    lines = [ln for ln in done.stdout.splitlines() if ln.startswith("{")]
    if done.returncode != 0 or not lines:
        raise SystemExit(f"run failed ({done.returncode}):\n{done.stdout}\n{done.stderr}")
    return json.loads(lines[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--idle", type=float, default=5.0)
    parser.add_argument("--python", default=sys.executable)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        home = Path(tmp)
        library = Library(home / "Sample Library")
        build_sample_library(library, count=24)
        curator, bare = [], []
        for _ in range(args.runs):
            curator.append(run(args.python, CURATOR, str(library.root), args.idle, home))
            bare.append(run(args.python, BARE, "24", args.idle, home))
    def med(rows, key):
        return statistics.median(r[key] for r in rows)
    print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} cores; "
          f"{args.runs} runs each, medians; python {args.python}")
    print(f"Curator: process start -> first grid paint {med(curator, 'paint'):.2f} s; "
          f"peak RSS after {args.idle:.0f} s idle {med(curator, 'rss_mb'):.0f} MB "
          f"(sample library, 24 photos)")
    print(f"bare PySide6 window + list: first paint {med(bare, 'paint'):.2f} s; "
          f"peak RSS {med(bare, 'rss_mb'):.0f} MB")
    print(f"ratio Curator / bare Qt: start {med(curator, 'paint') / med(bare, 'paint'):.2f}x, "
          f"memory {med(curator, 'rss_mb') / med(bare, 'rss_mb'):.2f}x")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
