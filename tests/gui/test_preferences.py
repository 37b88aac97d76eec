"""Edit ▸ Preferences: saved in QSettings, applied at once, used by imports and start-up."""

from __future__ import annotations

from PySide6.QtCore import QSettings

from curator.catalogue import open_catalogue
from curator.library import Library
from tests.gui.conftest import make_folder
from ui import preferences
from ui.app import initial_library


def test_preferences_apply_without_restart_and_feed_the_import(make_window, tmp_path, qtbot):
    window = make_window(Library(tmp_path / "lib"))
    qtbot.waitUntil(lambda: window._refresh_task is None)
    assert window.preferences_action in window.edit_menu.actions()
    dialog = window.edit_preferences()
    dialog.library_folder.setText(str(tmp_path / "chosen"))
    dialog.photographer.setText("Jo Bloggs")
    dialog.credit.setText("© 2024 Jo Bloggs / Baby Week")
    dialog.organisation.setText("Baby Week Cymru")
    dialog.thumb_size.setValue(256)
    dialog.preview_height.setValue(400)
    dialog.reference.setChecked(True)
    dialog.accept()

    # Applied at once: the grid and the inspector change size.
    assert window.delegate.thumb_size == 256
    assert window.size_slider.value() == 256
    assert window.inspector.preview.height() == 400
    # Saved: a fresh read of the same settings file has them.
    saved = preferences.load(QSettings(window.settings.fileName(), QSettings.Format.IniFormat))
    assert saved == preferences.Preferences(
        library_folder=str(tmp_path / "chosen"), photographer="Jo Bloggs",
        credit="© 2024 Jo Bloggs / Baby Week", organisation="Baby Week Cymru",
        thumb_size=256, preview_height=400, reference_originals=True)
    # The next start opens the chosen library folder.
    assert initial_library(window.settings).root == tmp_path / "chosen"

    # The import dialog starts from the defaults, and the credit reaches the catalogue.
    folder = make_folder(tmp_path / "shoot", 2)
    importer = window.import_photos([folder])
    assert importer.photographer.text() == "Jo Bloggs"
    assert importer.reference.isChecked()
    importer.reference.setChecked(False)
    importer.start()
    qtbot.waitUntil(lambda: importer.pages.currentIndex() == 2, timeout=60_000)
    assert "Imported:    2" in importer.report_text.toPlainText()
    db = open_catalogue(window.library)
    try:
        credits = {r[0] for r in db.execute("SELECT credit FROM images")}
        photographer = db.execute("SELECT photographer FROM shoots").fetchone()[0]
    finally:
        db.close()
    assert credits == {"© 2024 Jo Bloggs / Baby Week"}
    assert photographer == "Jo Bloggs"


def test_cancel_changes_nothing(make_window, tmp_path):
    window = make_window(Library(tmp_path / "lib"))
    before = preferences.load(window.settings)
    dialog = window.edit_preferences()
    dialog.thumb_size.setValue(320)
    dialog.reject()
    assert preferences.load(window.settings) == before
    assert window.delegate.thumb_size == before.thumb_size


def test_bad_stored_values_fall_back(tmp_path):
    settings = QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat)
    settings.setValue("grid/thumb_size", "huge")
    settings.setValue("preferences/preview_height", 5000)
    prefs = preferences.load(settings)
    assert prefs.thumb_size == 176
    assert prefs.preview_height == preferences.PREVIEW_HEIGHTS[1]
