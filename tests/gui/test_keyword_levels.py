"""Keyword hierarchies read the same everywhere: the inspector shows Places › Leeds."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import wait_rows
from ui.panels.editors import shown_keyword, split_keywords


def test_levels_typed_with_either_mark_are_stored_with_a_bar():
    assert split_keywords("a, Places › Leeds ,, b|c, | ,x›") == ["a", "Places|Leeds", "b|c", "x"]
    assert shown_keyword("Places|Liverpool") == "Places › Liverpool"


def test_inspector_shows_levels_as_the_sidebar(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    image_id = window.model.row_dict(0)["id"]
    window._select_ids([image_id])
    kw = window.inspector.keywords
    kw.setFocus()
    kw.setText("Places › Leeds")
    qtbot.keyClick(kw, Qt.Key.Key_Return)
    row = lambda: window.model.row_dict(window.model.row_of_id(image_id))  # noqa: E731
    qtbot.waitUntil(lambda: "Places|Leeds" in row()["keywords"], timeout=20_000)
    window.grid.setFocus()
    window._select_ids([window.model.row_dict(1)["id"]])
    window._select_ids([image_id])
    assert "Places › Leeds" in kw.text() and "|" not in kw.text()
