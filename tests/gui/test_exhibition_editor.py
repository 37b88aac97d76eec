"""The Exhibitions mode: build a sequence by drag-and-drop (the models' mime data), reorder,
edit an item and the tour, and see a blocker appear when a consent is withdrawn."""

from __future__ import annotations

import subprocess
import sys
from contextlib import closing
from datetime import date, timedelta

import pytest
from PySide6.QtCore import QModelIndex, Qt

from curator.catalogue import open_catalogue
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions
from tests.gui.conftest import wait_rows


def _sequence(library, exh_id):
    with closing(open_catalogue(library)) as db:
        return [r["image_id"] for r in exhibitions.items(db, exh_id)]


def _open_editor(window, qtbot):
    editor = window.exhibition_editor
    window.exhibitions_mode_action.trigger()
    assert window.modes.currentWidget() is editor
    qtbot.waitUntil(lambda: editor.busy == 0, timeout=20_000)
    return editor


def _idle(editor, qtbot):
    qtbot.waitUntil(lambda: editor.busy == 0, timeout=20_000)


def test_build_reorder_edit_and_tour(make_window, sample_library, qtbot, monkeypatch):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open_editor(window, qtbot)
    assert editor.list.count() == 0

    monkeypatch.setattr("ui.panels.exhibition_editor.QInputDialog.getText",
                        lambda *a, **k: ("I See You 2025", True))
    editor.new_exhibition()
    qtbot.waitUntil(lambda: editor.state is not None, timeout=20_000)
    _idle(editor, qtbot)
    exh_id = editor.exh_id
    assert "I See You 2025" in editor.list.currentItem().text()

    # drag four library photos from the strip into the empty sequence
    lib = window.model
    ids = [lib.row_dict(r)["id"] for r in range(4)]
    data = lib.mimeData([lib.index(r, 0) for r in range(4)])
    assert editor.model.dropMimeData(data, Qt.DropAction.CopyAction, -1, 0, QModelIndex())
    qtbot.waitUntil(lambda: editor.model.rowCount() == 4, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id) == ids

    # one more dropped at position 2
    extra = lib.row_dict(5)["id"]
    data = lib.mimeData([lib.index(5, 0)])
    editor.model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    qtbot.waitUntil(lambda: editor.model.rowCount() == 5, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id) == [ids[0], extra, *ids[1:]]

    # drag items 1 and 2 to the end (the sequence's own mime data)
    seq = editor.model
    data = seq.mimeData([seq.index(0, 0), seq.index(1, 0)])
    seq.dropMimeData(data, Qt.DropAction.MoveAction, -1, 0, QModelIndex())
    qtbot.waitUntil(lambda: _sequence(sample_library, exh_id)
                    == [*ids[1:], ids[0], extra], timeout=20_000)
    _idle(editor, qtbot)
    assert [i["position"] for i in editor.selected_items()] == [4, 5]

    # Alt+Left moves the selection one place earlier
    editor.select_positions([5])
    editor.move_selected(-1)
    qtbot.waitUntil(lambda: _sequence(sample_library, exh_id)
                    == [*ids[1:], extra, ids[0]], timeout=20_000)
    _idle(editor, qtbot)

    # remove the first two
    editor.select_positions([1, 2])
    editor.remove_selected()
    qtbot.waitUntil(lambda: editor.model.rowCount() == 3, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id) == [ids[3], extra, ids[0]]

    # the same undo stack as tagging: Edit > Undo puts them back, Redo takes them out again
    assert window.undo_stack.undoText() == "Remove 2 photos (I See You 2025)"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: _sequence(sample_library, exh_id)
                    == [*ids[1:], extra, ids[0]], timeout=20_000)
    qtbot.waitUntil(lambda: editor.model.rowCount() == 5, timeout=20_000)
    _idle(editor, qtbot)
    window.redo_action.trigger()
    qtbot.waitUntil(lambda: editor.model.rowCount() == 3, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id) == [ids[3], extra, ids[0]]

    # caption, section and print size of one item
    editor.select_positions([2])
    form = editor.item_editor
    assert form.item["image_id"] == extra
    form.caption.setText("Morning story time")
    form.section.setText("Mornings")
    form.print_size.setCurrentText("A2")
    form.apply_button.click()
    qtbot.waitUntil(lambda: editor.model.items()[1].get("print_label") == "A2", timeout=20_000)
    _idle(editor, qtbot)
    item = editor.model.items()[1]
    assert (item["caption"], item["section"]) == ("Morning story time", "Mornings")

    # the panel's crop: A2's shape, placed at the top left, half size; undoable
    crop = editor.crop_item()
    crop.size.setValue(50)
    crop.view.move_centre(0, 0)
    crop.accept()
    qtbot.waitUntil(lambda: editor.model.items()[1].get("crop") is not None, timeout=20_000)
    _idle(editor, qtbot)
    item = editor.model.items()[1]
    c, (pw, ph) = item["crop"], (item["print_width_mm"], item["print_height_mm"])
    assert (c["x"], c["y"]) == (0, 0) and abs(c["w"] / c["h"] - pw / ph) < 0.01
    assert min(item["width"] / c["w"], item["height"] / c["h"]) == pytest.approx(2, rel=0.02)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: editor.model.items()[1].get("crop") is None, timeout=20_000)
    _idle(editor, qtbot)

    # a venue through the dialog
    dialog = editor.tour.add_venue()
    dialog.name.setText("Open Eye Gallery")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: editor.tour.table.rowCount() == 1, timeout=20_000)
    _idle(editor, qtbot)
    assert editor.tour.table.item(0, 0).text() == "Open Eye Gallery"
    assert "no venues yet" not in editor.list.currentItem().text()


def test_withdrawn_consent_shows_a_blocker(make_window, sample_library, qtbot):
    with closing(open_catalogue(sample_library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 3")]
        person = people.add_person(db, "Dana")
        people.link(db, ids[:1], person)
        people.set_identifiable(db, ids[1:], False)
        consent = records.add_consent(db, sample_library,
                                      uses=uses_mask(["exhibition", "print"]),
                                      person_id=person,
                                      signed_on=date.today() - timedelta(days=10))
        exh_id = exhibitions.create(db, "Shortlist")
        exhibitions.add_items(db, exh_id, ids)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open_editor(window, qtbot)
    qtbot.waitUntil(lambda: editor.state is not None and editor.exh_id == exh_id,
                    timeout=20_000)
    assert not editor.state.report.blockers

    # withdrawn in the People & consent tab: the checks show it when the mode is shown again
    window.library_mode_action.trigger()
    window._select_ids(ids[:1])
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    qtbot.waitUntil(lambda: panel._loading is None and panel.people.count() > 0,
                    timeout=20_000)
    panel.people.setCurrentRow(0)
    qtbot.waitUntil(lambda: panel.consents.count() >= 1
                    and panel.consents.item(0).data(Qt.ItemDataRole.UserRole + 2) == consent,
                    timeout=20_000)
    panel.consents.setCurrentRow(0)
    panel.withdraw()
    qtbot.waitUntil(lambda: getattr(panel, "dialog", None) is not None
                    and panel.dialog.windowTitle().startswith("Withdraw"), timeout=20_000)
    assert "Shortlist" in panel.dialog.trace.toPlainText()
    panel.dialog.reason.setText("asked by phone")
    qtbot.mouseClick(panel.dialog.ok_button, Qt.MouseButton.LeftButton)
    with closing(open_catalogue(sample_library)) as db:
        qtbot.waitUntil(lambda: records.get_consent(db, consent)["withdrawn_on"] is not None,
                        timeout=20_000)
    window.exhibitions_mode_action.trigger()
    qtbot.waitUntil(lambda: editor.state is not None and bool(editor.state.report.blockers),
                    timeout=20_000)
    _idle(editor, qtbot)
    blocker = editor.state.report.blockers[0]
    assert blocker.position == 1 and blocker.code == "not-cleared"
    texts = [editor.checks.item(n).text() for n in range(editor.checks.count())]
    hit = next(n for n, t in enumerate(texts) if "BLOCKER" in t and "#1" in t)
    editor.select_positions([3])
    editor._check_clicked(editor.checks.item(hit))
    assert [i["position"] for i in editor.selected_items()] == [1]
    assert editor.model.data(editor.model.index(0, 0), Qt.ItemDataRole.UserRole + 2) == "blocker"


def test_a_withdrawal_elsewhere_shows_within_a_second(make_window, sample_library, qtbot):
    """Another process (the CLI) withdraws a consent: the checks follow without a click."""
    with closing(open_catalogue(sample_library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 2")]
        person = people.add_person(db, "Fay")
        people.link(db, ids[:1], person)
        people.set_identifiable(db, ids[1:], False)
        consent = records.add_consent(db, sample_library, uses=uses_mask(["exhibition"]),
                                      person_id=person,
                                      signed_on=date.today() - timedelta(days=3))
        exh_id = exhibitions.create(db, "Watched")
        exhibitions.add_items(db, exh_id, ids)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open_editor(window, qtbot)
    qtbot.waitUntil(lambda: editor.state is not None and editor.exh_id == exh_id,
                    timeout=20_000)
    assert not editor.state.report.blockers
    loads = []
    editor.changed.connect(lambda: loads.append(1))
    qtbot.wait(2500)
    assert len(loads) <= 1  # idle: no reload loop

    subprocess.run([sys.executable, "-m", "curator", "--library", str(sample_library.root),
                    "consent", "withdraw", str(consent), "--reason", "by e-mail"],
                   check=True, capture_output=True)
    qtbot.waitUntil(lambda: bool(editor.state.report.blockers), timeout=5_000)
    assert editor.state.report.blockers[0].position == 1
