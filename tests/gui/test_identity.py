"""The app's identity: icon on app and window, names and version for Qt, the About dialog."""

from __future__ import annotations

import subprocess
import sys

from PySide6.QtWidgets import QApplication, QPlainTextEdit

from curator import __version__, about
from ui.identity import ICON_SIZES, app_icon, apply_identity


def test_icon_has_every_drawn_size(qapp):
    icon = app_icon()
    assert not icon.isNull()
    sizes = {s.width() for s in icon.availableSizes()}
    assert set(ICON_SIZES) <= sizes
    # Drawn, not blank: the 32 px rendering has the wall colour and the consent tick's green.
    image = icon.pixmap(32, 32).toImage()
    colours = {image.pixelColor(x, y).name() for x in range(32) for y in range(32)}
    assert len(colours) > 40


def test_application_identity(qtbot):
    app = QApplication.instance()
    apply_identity(app)
    assert app.applicationName() == "Curator"
    assert app.organizationName() == "Curator"
    assert app.applicationVersion() == __version__
    assert app.desktopFileName() == about.APP_ID
    assert not app.windowIcon().isNull()


def test_window_has_the_icon(make_window, tmp_path):
    from curator.library import Library

    window = make_window(Library(tmp_path / "lib"))
    assert {s.width() for s in window.windowIcon().availableSizes()} >= {16, 32, 256}


def test_about_dialog_says_version_schema_library_and_licences(make_window, sample_library,
                                                               qtbot):
    window = make_window(sample_library)
    dialog = window.about()
    text = dialog.text.toPlainText()
    assert __version__ in text
    assert f"Catalogue schema {about.schema_version()}" in text
    assert f"catalogue at schema {about.schema_version()}" in text
    assert str(sample_library.root) in text
    assert "NotoSans-Regular" in text and "SIL Open Font License 1.1" in text
    for library in ("PySide6", "reportlab", "pillow"):
        assert library.lower() in text.lower()
    assert "LGPL-3.0-only" in text  # Qt's licence, from its installed metadata
    assert "CC0" in text  # the icon
    licence = dialog.show_font_licence()
    assert "SIL OPEN FONT LICENSE" in licence.findChild(QPlainTextEdit).toPlainText()


def test_versions_of_both_commands():
    for module in ("curator", "ui.app"):
        code = ("import sys; from ui.app import main; sys.exit(main(['--version']))"
                if module == "ui.app" else
                "import sys; from curator.__main__ import main; sys.argv[1:] = ['--version'];"
                "sys.exit(main())")
        done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                              timeout=60)
        assert done.returncode == 0, done.stderr
        assert done.stdout.strip().endswith(__version__)
