"""Delete asks first, says where the originals go, and never deletes them."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import Qt

from curator.catalogue import open_catalogue
from curator.exhibitions import sets as exhibitions
from curator.library import Library
from tests.gui.conftest import wait_rows


def _originals(library: Library, ids: list[int]) -> dict[int, tuple[str, str]]:
    db = open_catalogue(library)
    try:
        return {i: tuple(db.execute("SELECT original_path, sha256 FROM images WHERE id = ?",
                                    [i]).fetchone()) for i in ids}
    finally:
        db.close()


def _dialog(window, qtbot):
    qtbot.waitUntil(lambda: getattr(window, "remove_dialog", None) is not None
                    and window.remove_dialog.isVisible(), timeout=20_000)
    return window.remove_dialog


def test_delete_key_asks_then_moves_originals(make_window, sample_library, qtbot):
    db = open_catalogue(sample_library)
    draft = exhibitions.create(db, "Shortlist <draft>")
    db.close()
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (1, 4)]
    db = open_catalogue(sample_library)
    exhibitions.add_items(db, draft, [window.model.row_dict(0)["id"], ids[1]])
    db.close()
    originals = _originals(sample_library, ids)
    window._select_ids(ids)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_Delete)
    dialog = _dialog(window, qtbot)
    text = dialog.text.text()
    assert "Remove 2 photos from the library?" in text
    assert "not deleted" in text and str(sample_library.removed) in text
    assert "“Shortlist &lt;draft&gt;” (position 2)" in text  # the title, escaped
    assert "This cannot be undone from the Edit menu; the originals stay in" in text
    assert window.model.rowCount() == 24  # nothing happens before the answer
    qtbot.mouseClick(dialog.remove_button, Qt.MouseButton.LeftButton)
    wait_rows(qtbot, window, 22)
    assert not set(window.model.ids()) & set(ids)
    assert "2 of" not in window.count_label.text() and "22 photos" in window.count_label.text()
    for rel, sha in originals.values():
        assert not (sample_library.root / rel).exists()
        moved = sample_library.removed / rel.removeprefix("originals/")
        assert hashlib.sha256(moved.read_bytes()).hexdigest() == sha  # moved, not deleted
    db = open_catalogue(sample_library)
    assert [i["position"] for i in exhibitions.items(db, draft)] == [1]
    db.close()
    assert "originals moved to" in window.statusBar().currentMessage()


def test_cancel_and_final_exhibition_keep_everything(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (0, 2)]
    window._select_ids(ids)
    window.remove_action.trigger()  # Photo ▸ Remove from Library…
    dialog = _dialog(window, qtbot)
    qtbot.keyClick(dialog, Qt.Key.Key_Escape)
    qtbot.wait(200)
    assert window.model.rowCount() == 24

    db = open_catalogue(sample_library)
    final = exhibitions.create(db, "I See You")
    exhibitions.add_items(db, final, [ids[1]])
    exhibitions.set_status(db, final, "final")
    db.close()
    window.remove_dialog = None
    window.remove_action.trigger()
    dialog = _dialog(window, qtbot)
    assert dialog.remove_button is None
    assert "final exhibition" in dialog.text.text() and "I See You" in dialog.text.text()
    dialog.reject()
    qtbot.wait(200)
    assert window.model.rowCount() == 24


def test_delete_in_a_text_field_does_not_remove_photos(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    window._select_ids([window.model.row_dict(0)["id"]])
    window.sidebar.search.setFocus()
    window.sidebar.search.setText("abc")
    window.sidebar.search.setCursorPosition(0)
    qtbot.keyClick(window.sidebar.search, Qt.Key.Key_Delete)
    assert window.sidebar.search.text() == "bc"
    qtbot.wait(200)
    assert getattr(window, "remove_dialog", None) is None
