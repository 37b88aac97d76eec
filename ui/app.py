"""Start the desktop app: ``python main.py`` or the ``curator-gui`` script."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from PySide6.QtCore import QSettings, Qt, QTimer
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QApplication

from curator import __version__
from curator.library import Library, default_library_dir
from curator.logs import setup_logging
from ui import workers
from ui.identity import apply_identity
from ui.main_window import MainWindow


def initial_library(settings: QSettings, explicit: str | None = None) -> Library:
    """``--library``, else ``$CURATOR_LIBRARY``, else the last library, else the default."""
    import os

    if explicit:
        return Library(Path(explicit).expanduser().absolute())
    if os.environ.get("CURATOR_LIBRARY"):
        return Library(default_library_dir().absolute())
    last = settings.value("library/last")
    if last and Path(str(last)).is_dir():
        return Library(Path(str(last)))
    return Library(default_library_dir().absolute())


def main(argv: Sequence[str] | None = None) -> int:
    """Open the main window; returns the exit status."""
    parser = argparse.ArgumentParser(prog="curator-gui", description="Curator desktop app")
    parser.add_argument("--library", metavar="DIR", help="library folder to open")
    parser.add_argument("--version", action="version", version=f"curator-gui {__version__}")
    # For tests and start-up measurements of an installed app: close after this long.
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    args, qt_args = parser.parse_known_args(list(sys.argv[1:] if argv is None else argv))
    setup_logging()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    apply_identity(app)
    settings = QSettings()
    window = MainWindow(initial_library(settings, args.library), settings)
    window.setWindowIcon(app.windowIcon())
    window.show()
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    status = app.exec()
    workers.wait_all(10_000)
    return status
