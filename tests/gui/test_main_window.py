"""The main window over real libraries: empty state, import dialog, filters, viewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt

from curator.library import Library
from curator.samples.library import SAMPLE_SHOOTS
from tests.gui.conftest import make_folder, wait_rows
from ui.main_window import EMPTY_PAGE, GRID_PAGE


def test_empty_library_shows_the_two_first_steps(make_window, tmp_path, qtbot):
    window = make_window(Library(tmp_path / "new-library"))
    qtbot.waitUntil(lambda: window._refresh_task is None)
    assert window.pages.currentIndex() == EMPTY_PAGE
    assert window.empty.import_button.isVisible()
    assert window.empty.sample_button.text() == "Open sample library"


def test_import_through_the_dialog_fills_the_grid(make_window, tmp_path, qtbot):
    folder = make_folder(tmp_path / "card" / "DCIM", 5)
    (folder / "notes.txt").write_text("not a picture")
    window = make_window(Library(tmp_path / "lib"))
    qtbot.waitUntil(lambda: window._refresh_task is None)
    dialog = window.import_photos([folder])
    assert dialog.source_paths() == [folder]
    dialog.shoot.setText("Launch day")
    dialog.photographer.setText("Sam")
    dialog.event.setEditText("Baby Week 2024")
    qtbot.mouseClick(dialog.start_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=60_000)
    text = dialog.report_text.toPlainText()
    assert "Imported:    5" in text
    assert "notes.txt" in text  # skipped, with its reason
    report = tmp_path / "report.txt"
    dialog.write_report(report)
    assert "Imported:    5" in report.read_text()
    wait_rows(qtbot, window, 5)
    assert window.pages.currentIndex() == GRID_PAGE
    assert window.model.row_dict(0)["shoot"] == "Launch day"
    assert window.model.row_dict(0)["event"] == "Baby Week 2024"

    # a second import of the same folder reports duplicates and changes nothing
    qtbot.mouseClick(dialog.close_button, Qt.MouseButton.LeftButton)
    again = window.import_photos([folder])
    again.start()
    qtbot.waitUntil(lambda: again.pages.currentIndex() == 2, timeout=60_000)
    assert "Duplicates:  5" in again.report_text.toPlainText()


def test_thumbnails_load_off_thread_into_the_cache(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    window.grid.viewport().repaint()
    qtbot.waitUntil(lambda: len(window.thumbs) >= 6, timeout=20_000)
    first = window.model.row_dict(0)
    qtbot.waitUntil(lambda: window.thumbs.peek(first["sha256"]) is not None, timeout=20_000)


def test_missing_thumbnail_is_rebuilt_from_the_original(make_window, sample_library, qtbot):
    from curator.catalogue import open_catalogue
    from curator.search.query import ImageFilter, find_image_ids
    from curator.search.rows import summaries

    db = open_catalogue(sample_library)
    first = summaries(db, find_image_ids(db, ImageFilter()))[0]
    db.close()
    sample_library.thumb_path(first["sha256"]).unlink()
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    window.grid.viewport().repaint()
    qtbot.waitUntil(lambda: window.thumbs.peek(first["sha256"]) is not None, timeout=20_000)
    assert sample_library.thumb_path(first["sha256"]).exists()


def test_filter_by_year_and_clear(make_window, two_year_library, qtbot):
    window = make_window(two_year_library)
    wait_rows(qtbot, window, 7)
    counts = {f.value: f.count for f in window.last_data.facets["year"]}
    assert counts == {2023: 3, 2024: 4}
    window.sidebar.choose("year", 2023)
    wait_rows(qtbot, window, 3)
    assert {window.model.row_dict(r)["year"] for r in range(3)} == {2023}
    assert "3 of 7" in window.count_label.text()
    window.sidebar.choose("year", 2023)  # choosing it again clears it
    wait_rows(qtbot, window, 7)


def test_filter_by_clicking_the_sidebar(make_window, two_year_library, qtbot):
    window = make_window(two_year_library)
    wait_rows(qtbot, window, 7)
    tree = window.sidebar.tree
    item = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                if tree.topLevelItem(i).text(0) == "Events")
    child = next(item.child(i) for i in range(item.childCount())
                 if item.child(i).text(0) == "Baby Week 2024")
    assert child.text(1) == "4"
    tree.scrollToItem(child)
    qtbot.waitUntil(lambda: tree.viewport().rect().contains(tree.visualItemRect(child)))
    rect = tree.visualItemRect(child)
    qtbot.mouseClick(tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    wait_rows(qtbot, window, 4)


def test_filter_by_consent_status(make_window, two_year_library, qtbot):
    window = make_window(two_year_library)
    wait_rows(qtbot, window, 7)
    if "consent" not in window.last_data.facets:
        return  # the core cannot filter by consent yet
    assert {f.value: f.count for f in window.last_data.facets["consent"]} == {"unknown": 7}
    window.sidebar.choose("consent", "granted")
    wait_rows(qtbot, window, 0)
    window.sidebar.choose("consent", "unknown")  # any of the chosen statuses
    wait_rows(qtbot, window, 7)


def test_viewer_moves_through_the_selection(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    window._select_ids([window.model.row_dict(r)["id"] for r in (2, 5, 9)])
    viewer = window.open_viewer()
    assert viewer is not None and len(viewer.rows) == 3
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    assert viewer.current["id"] == window.model.row_dict(5)["id"]
    qtbot.keyClick(viewer, Qt.Key.Key_Right)
    qtbot.keyClick(viewer, Qt.Key.Key_Right)  # stays on the last one
    assert viewer.current["id"] == window.model.row_dict(9)["id"]
    qtbot.waitUntil(lambda: viewer._pixmap is not None, timeout=20_000)
    qtbot.keyClick(viewer, Qt.Key.Key_Escape)


def test_sample_library_from_the_empty_state(make_window, tmp_path, qtbot):
    window = make_window(Library(tmp_path / "empty"))
    qtbot.waitUntil(lambda: window._refresh_task is None)
    qtbot.mouseClick(window.empty.sample_button, Qt.MouseButton.LeftButton)
    wait_rows(qtbot, window, 24, timeout=90_000)
    assert window.library.root == tmp_path / "sample-lib"
    assert window.settings.value("library/last") == str(tmp_path / "sample-lib")
    events = {f.value for f in window.last_data.facets["event"]}
    assert len(events) == len(SAMPLE_SHOOTS) == 4
    years = {f.value for f in window.last_data.facets["year"]}
    assert years == {2023, 2024}


def test_thumbnail_slider_resizes_cells(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    index = window.model.index(0, 0)
    before = window.grid.visualRect(index).width()
    window.size_slider.setValue(window.size_slider.value() + 64)
    qtbot.waitUntil(lambda: window.grid.visualRect(index).width() > before)


def test_settings_remember_the_library(make_window, two_year_library, tmp_path):
    window = make_window(two_year_library)
    window.close()
    from PySide6.QtCore import QSettings

    s = QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)
    assert Path(str(s.value("library/last"))) == two_year_library.root
    assert s.value("window/geometry") is not None


def _caption_of(window, image_id):
    return window.model.row_dict(window.model.row_of_id(image_id))["caption"]


def test_batch_caption_three_images_and_undo(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (0, 1, 5)]
    before = {i: _caption_of(window, i) for i in ids}
    assert len(set(before.values())) > 1
    window._select_ids(ids)
    inspector = window.inspector
    assert inspector.caption.placeholderText() == "(several values)"
    inspector.caption.setFocus()
    inspector.caption.setPlainText("Opening of the exhibition")
    qtbot.keyClick(inspector.caption, Qt.Key.Key_Return, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(_caption_of(window, i) == "Opening of the exhibition"
                                for i in ids), timeout=20_000)
    assert window.undo_action.isEnabled()
    assert "Caption (3 photos)" in window.undo_action.text()
    window.grid.setFocus()
    qtbot.keyClick(window, Qt.Key.Key_Z, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: all(_caption_of(window, i) == before[i] for i in ids),
                    timeout=20_000)
    qtbot.keyClick(window, Qt.Key.Key_Z,
                   Qt.KeyboardModifier.ControlModifier | Qt.KeyboardModifier.ShiftModifier)
    qtbot.waitUntil(lambda: all(_caption_of(window, i) == "Opening of the exhibition"
                                for i in ids), timeout=20_000)


def test_keywords_rating_and_flag_from_the_inspector_and_keys(make_window, sample_library,
                                                               qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (2, 3)]
    window._select_ids(ids)
    kw = window.inspector.keywords
    kw.setFocus()
    kw.setText(kw.text() + ", Exhibition|Shortlist")
    qtbot.keyClick(kw, Qt.Key.Key_Return)
    row = lambda i: window.model.row_dict(window.model.row_of_id(i))  # noqa: E731
    qtbot.waitUntil(lambda: all("Exhibition|Shortlist" in row(i)["keywords"] for i in ids),
                    timeout=20_000)
    window.grid.setFocus()
    qtbot.keyClick(window.grid, Qt.Key.Key_4)
    qtbot.waitUntil(lambda: all(row(i)["rating"] == 4 for i in ids), timeout=20_000)
    qtbot.keyClick(window.grid, Qt.Key.Key_P)
    qtbot.waitUntil(lambda: all(row(i)["pick"] == 1 for i in ids), timeout=20_000)
    assert window.inspector.rating.value == 4
    window.undo_stack.undo()
    qtbot.waitUntil(lambda: all(row(i)["pick"] == 0 for i in ids), timeout=20_000)


def test_long_event_names_read_from_the_start_with_the_whole_name_in_a_tooltip(
        make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    tree = window.sidebar.tree
    assert tree.textElideMode() == Qt.TextElideMode.ElideRight
    assert window.sidebar.width() >= 300
    events = next(tree.topLevelItem(i) for i in range(tree.topLevelItemCount())
                  if tree.topLevelItem(i).text(0) == "Events")
    for n in range(events.childCount()):
        item = events.child(n)
        assert item.toolTip(0).startswith(item.text(0))
        assert f"{item.text(1)} photos" in item.toolTip(0)


def test_mixed_ratings_are_said_in_words(make_window, sample_library, qtbot):
    from curator.tagging.edits import TagEdit

    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    a, b = (window.model.row_dict(r)["id"] for r in (0, 1))
    window.apply_edit(TagEdit(rating=3), [a])
    window.apply_edit(TagEdit(rating=1), [b])
    row = lambda i: window.model.row_dict(window.model.row_of_id(i))  # noqa: E731
    qtbot.waitUntil(lambda: row(a)["rating"] == 3 and row(b)["rating"] == 1, timeout=20_000)
    window._select_ids([a, b])
    assert window.inspector.rating.value is None
    assert window.inspector.rating.mixed.isVisible()
    window._select_ids([a])
    assert not window.inspector.rating.mixed.isVisible()
