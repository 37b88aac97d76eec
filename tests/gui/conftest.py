"""GUI test fixtures: offscreen Qt, isolated settings, generated libraries."""

from __future__ import annotations

import os

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

import shutil  # noqa: E402
from datetime import datetime  # noqa: E402
from pathlib import Path  # noqa: E402

import pytest  # noqa: E402

import ui  # noqa: E402,F401  (applies the PySide6 work-around before any signal is emitted)
from curator.ingest.importer import ImportOptions, run_import  # noqa: E402
from curator.library import Library  # noqa: E402
from curator.samples.photos import make_photo  # noqa: E402


@pytest.fixture(scope="session")
def sample_library_template(tmp_path_factory) -> Library:
    """The sample library, built once per session through the core."""
    from curator.samples.library import build_sample_library

    lib = Library(tmp_path_factory.mktemp("sample") / "Sample Library")
    build_sample_library(lib, count=24)
    return lib


@pytest.fixture
def sample_library(sample_library_template, tmp_path) -> Library:
    """A private copy of the sample library (tests may change it)."""
    target = tmp_path / "sample-copy"
    shutil.copytree(sample_library_template.root, target)
    return Library(target)


def make_folder(folder: Path, n: int, *, year: int = 2024, seed: int = 0,
                size: tuple[int, int] = (480, 360)) -> Path:
    """``n`` generated photos in ``folder`` captured in ``year``."""
    for i in range(n):
        make_photo(folder / f"IMG_{seed + i + 1:04d}.JPG", size, seed=seed + i,
                   captured=datetime(year, 5, 1 + i % 28, 10, i % 60), quality=80)
    return folder


@pytest.fixture
def two_year_library(tmp_path) -> Library:
    """A library with 3 photos from 2023 and 4 from 2024 (imported by the core)."""
    lib = Library(tmp_path / "two-years")
    run_import(lib, [make_folder(tmp_path / "a", 3, year=2023)],
               ImportOptions(shoot="Spring 2023", event="Baby Week 2023", workers=1))
    run_import(lib, [make_folder(tmp_path / "b", 4, year=2024, seed=10)],
               ImportOptions(shoot="Spring 2024", event="Baby Week 2024", workers=1))
    return lib


@pytest.fixture
def make_window(qtbot, tmp_path):
    """Open a MainWindow on a library with settings kept in the test's folder."""
    from PySide6.QtCore import QSettings

    from ui import workers
    from ui.main_window import MainWindow

    windows = []

    def _make(library: Library) -> MainWindow:
        settings = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(library, settings, sample_dir=tmp_path / "sample-lib")
        qtbot.addWidget(window)
        window.show()
        windows.append(window)
        return window

    yield _make
    for w in windows:
        w.close()
    workers.wait_all(30_000)


def wait_rows(qtbot, window, n: int, timeout: int = 20_000) -> None:
    """Wait until the grid shows ``n`` photos and no refresh is running."""
    qtbot.waitUntil(lambda: window.model.rowCount() == n and window._refresh_task is None,
                    timeout=timeout)
