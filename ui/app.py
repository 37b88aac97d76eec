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
from ui import preferences, workers
from ui.dialogs.import_dialog import ImportDialog
from ui.identity import apply_identity
from ui.main_window import MainWindow


def initial_library(settings: QSettings, explicit: str | None = None) -> Library:
    """``--library``, else ``$CURATOR_LIBRARY``, else the library folder chosen in the
    preferences, else the last library, else the default."""
    import os

    if explicit:
        return Library(Path(explicit).expanduser().absolute())
    if os.environ.get("CURATOR_LIBRARY"):
        return Library(default_library_dir().absolute())
    chosen = preferences.load(settings).library_folder
    if chosen:
        return Library(Path(chosen).expanduser().absolute())
    last = settings.value("library/last")
    if last and Path(str(last)).is_dir():
        return Library(Path(str(last)))
    return Library(default_library_dir().absolute())


def parse_arguments(argv: Sequence[str]) -> tuple[argparse.Namespace, list[Path], list[str]]:
    """(options, folders to import, arguments left for Qt)."""
    parser = argparse.ArgumentParser(prog="curator-gui", description="Curator desktop app")
    parser.add_argument("folders", nargs="*", metavar="FOLDER",
                        help="folders to import (what a file manager's \"Open with Curator\" "
                             "passes)")
    parser.add_argument("--library", metavar="DIR", help="library folder to open")
    parser.add_argument("--install-desktop-entry", action="store_true",
                        help="add Curator to your desktop's application menu (this user only)")
    parser.add_argument("--uninstall-desktop-entry", action="store_true",
                        help="remove what --install-desktop-entry added")
    parser.add_argument("--version", action="version", version=f"curator-gui {__version__}")
    # For tests and start-up measurements of an installed app: close after this long.
    parser.add_argument("--quit-after", type=int, metavar="MS", help=argparse.SUPPRESS)
    args, qt_args = parser.parse_known_args(list(argv))
    # Qt's own options take values ("-platform offscreen"): only real paths are folders.
    folders = [Path(f).absolute() for f in args.folders if Path(f).exists()]
    qt_args += [f for f in args.folders if not Path(f).exists()]
    return args, folders, qt_args


def import_folders(window: MainWindow, folders: list[Path]) -> ImportDialog:
    """"Open with Curator" on folders: the import dialog starts importing them at once
    (shoot named after the folder, photographer, credit and copy/reference from the
    preferences); its progress and report show as for any import."""
    dialog = window.import_photos(folders)
    dialog.start()
    return dialog


def main(argv: Sequence[str] | None = None) -> int:
    """Open the main window; returns the exit status."""
    args, folders, qt_args = parse_arguments(sys.argv[1:] if argv is None else argv)
    if args.install_desktop_entry or args.uninstall_desktop_entry:
        return _desktop_entry(install=args.install_desktop_entry)
    setup_logging()
    QGuiApplication.setHighDpiScaleFactorRoundingPolicy(
        Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
    app = QApplication.instance() or QApplication([sys.argv[0], *qt_args])
    apply_identity(app)
    settings = QSettings()
    window = MainWindow(initial_library(settings, args.library), settings)
    window.setWindowIcon(app.windowIcon())
    window.show()
    if folders:
        QTimer.singleShot(0, lambda: import_folders(window, folders))
    if args.quit_after is not None:
        QTimer.singleShot(args.quit_after, window.close)
    status = app.exec()
    workers.wait_all(10_000)
    return status


def _desktop_entry(install: bool) -> int:
    from ui import desktop_entry

    try:
        if install:
            written = desktop_entry.install()
            print(f"curator-gui: added Curator to your application menu:\n"
                  f"{desktop_entry.describe(written)}")
        else:
            removed = desktop_entry.uninstall()
            print("curator-gui: removed " + (f"{len(removed)} files:\n"
                  f"{desktop_entry.describe(removed)}" if removed else "nothing (not installed)"))
    except OSError as exc:
        sys.stderr.write(f"curator-gui: could not change the application menu: {exc}\n")
        return 1
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
