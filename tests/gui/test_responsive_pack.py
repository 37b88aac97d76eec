"""The GUI thread keeps ticking while a pack is written.

40 images in the suite; the issue's 200-image measurement is the same test with
``CURATOR_PACK_TICK_IMAGES=200``. The GUI thread's own CPU time within one gap is asserted
always (100 ms; measured 2-3 ms). The wall-clock gap is asserted only when the machine is
not overloaded (load average under twice the cores), at 200 ms: the issue's 100 ms holds in
most runs but not reliably on a busy 2-core machine (load 4.3-4.8: worst gaps 74-127 ms,
each with 1-3 ms of GUI-thread CPU, the longest after the renders, while the worker thread
writes the documents, BagIt and ZIP).
"""

from __future__ import annotations

import os
import time
from contextlib import closing
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QTimer

from curator.catalogue import open_catalogue
from curator.consent import people
from curator.export import partners
from curator.ingest.importer import ImportOptions, run_import
from curator.library import Library
from tests.gui.conftest import make_folder, wait_rows
from tests.gui.test_responsive import _overloaded
from ui.dialogs.pack_dialog import PackDialog

IMAGES = int(os.environ.get("CURATOR_PACK_TICK_IMAGES", "40"))
MAX_GAP = 0.2  # wall-clock gap between two ticks (see the module docstring)
MAX_BUSY = 0.1  # GUI-thread CPU time inside one gap: our own code blocking the thread


@pytest.mark.slow
def test_gui_keeps_ticking_while_a_pack_is_written(make_window, tmp_path, qtbot):
    library = Library(tmp_path / "lib")
    run_import(library, [make_folder(tmp_path / "shoot", IMAGES, size=(320, 240))],
               ImportOptions(shoot="Launch", event="Baby Week 2024"))
    with closing(open_catalogue(library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id")]
        people.set_identifiable(db, ids, False)
        partner = partners.add_partner(db, "Liverpool Echo")
        licence = partners.add_licence(db, partner, uses=("online",),
                                       expires_on=date.today() + timedelta(days=90))
    window = make_window(library)
    wait_rows(qtbot, window, IMAGES, timeout=60_000)
    dialog = PackDialog(library, selection=ids, parent=window)
    qtbot.addWidget(dialog)
    dialog.open()
    qtbot.waitUntil(lambda: dialog.licence.currentData() == licence
                    and dialog.plan is not None, timeout=30_000)
    assert len(dialog.plan.included) == IMAGES
    dialog.folder.setText(str(tmp_path / "out"))
    ticks: list[tuple[float, float]] = []
    timer = QTimer()
    timer.setInterval(15)
    timer.timeout.connect(lambda: ticks.append((time.monotonic(), time.thread_time())))
    timer.start()
    dialog.start()
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=180_000)
    qtbot.wait(200)
    timer.stop()
    assert len(dialog.result.included) == IMAGES and dialog.result.pack.is_file()
    pairs = list(zip(ticks, ticks[1:], strict=False))
    worst = max(b[0] - a[0] for a, b in pairs)
    busiest = max(b[1] - a[1] for a, b in pairs)
    print(f"{len(ticks)} ticks, worst gap {worst * 1000:.0f} ms, "
          f"most GUI-thread CPU in one gap {busiest * 1000:.0f} ms, "
          f"load {os.getloadavg()[0]:.1f}")
    assert busiest < MAX_BUSY, f"the GUI thread worked {busiest * 1000:.0f} ms without a break"
    if not _overloaded():
        assert worst < MAX_GAP, f"the GUI thread was blocked for {worst * 1000:.0f} ms"
