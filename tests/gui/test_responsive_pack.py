"""The GUI thread keeps ticking while a pack is written.

40 images in the suite; the issue's 200-image measurement is the same test with
``CURATOR_PACK_TICK_IMAGES=200``. The GUI thread's own CPU time within one gap is asserted
always (100 ms; measured 2-3 ms). The wall-clock gap is asserted at the issue's 100 ms when
the machine is not otherwise busy (load average under the number of cores; measured 64-70 ms
at 200 images once ``ui.workers`` set a 1 ms switch interval, 95-102 ms before), at 200 ms
when it is busy but not overloaded (under twice the cores: other processes then decide when
this one runs; load 4.3-4.8 gave 74-127 ms before the switch-interval change), and not at
all beyond that.
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
MAX_GAP = 0.1  # wall-clock gap between two ticks, on a machine not otherwise busy
MAX_GAP_BUSY = 0.2  # … and on a busy one (see the module docstring)
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
        busy = os.getloadavg()[0] >= (os.cpu_count() or 1)
        limit = MAX_GAP_BUSY if busy else MAX_GAP
        assert worst < limit, f"the GUI thread was blocked for {worst * 1000:.0f} ms"
