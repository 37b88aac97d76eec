"""Exhibitions mode, the rest of issue 18: photos dragged from the Library mode's grid over
the Exhibitions tab into the sequence, sections drawn as groups, the tour's contact and notes
and the exhibition's texts (undoable), thumbnails of the checks loaded when not cached, the
trace of a person, the inspector's preview on dark grey."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

from PySide6.QtCore import QModelIndex, QPointF, Qt
from PySide6.QtGui import QDragEnterEvent, QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QApplication

from curator.catalogue import open_catalogue
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions
from tests.gui.conftest import wait_rows
from ui.models.sequence_model import SECTION_ROLE, section_marks


def _sequence(library, exh_id):
    with closing(open_catalogue(library)) as db:
        return [r["image_id"] for r in exhibitions.items(db, exh_id)]


def _idle(editor, qtbot):
    qtbot.waitUntil(lambda: editor.busy == 0, timeout=20_000)


def _shortlist(library, n=3, **fields):
    with closing(open_catalogue(library)) as db:
        ids = [r[0] for r in db.execute(f"SELECT id FROM images ORDER BY id LIMIT {n}")]
        exh_id = exhibitions.create(db, "Shortlist", **fields)
        exhibitions.add_items(db, exh_id, ids)
    return exh_id, ids


def _open(window, qtbot, exh_id):
    editor = window.exhibition_editor
    window.exhibitions_mode_action.trigger()
    qtbot.waitUntil(lambda: editor.state is not None and editor.exh_id == exh_id,
                    timeout=20_000)
    _idle(editor, qtbot)
    return editor


def test_drag_from_the_library_grid_over_the_exhibitions_tab(make_window, sample_library,
                                                             qtbot):
    exh_id, ids = _shortlist(sample_library)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open(window, qtbot, exh_id)
    window.library_mode_action.trigger()
    assert window.modes.currentWidget() is window.splitter

    # the grid's drag: its model's mime data, hovering over the Exhibitions tab
    lib = window.model
    new = [lib.row_dict(r)["id"] for r in (10, 11)]
    data = lib.mimeData([lib.index(10, 0), lib.index(11, 0)])
    assert window.grid.dragEnabled()
    bar = window.modes.tabBar()
    at = QPointF(bar.tabRect(1).center())
    enter = QDragEnterEvent(at.toPoint(), Qt.DropAction.CopyAction, data,
                            Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(bar, enter)
    assert enter.isAccepted()
    move = QDragMoveEvent(at.toPoint(), Qt.DropAction.CopyAction, data,
                          Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(bar, move)
    qtbot.waitUntil(lambda: window.modes.currentWidget() is editor, timeout=5_000)

    # ... and on into the sequence, dropped at position 2
    assert editor.model.dropMimeData(data, Qt.DropAction.CopyAction, 1, 0, QModelIndex())
    qtbot.waitUntil(lambda: editor.model.rowCount() == 5, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id) == [ids[0], *new, *ids[1:]]

    # dropped on the tab itself: at the end of the sequence
    window.library_mode_action.trigger()
    last = lib.row_dict(12)["id"]
    one = lib.mimeData([lib.index(12, 0)])  # kept: the event does not own it
    drop = QDropEvent(at, Qt.DropAction.CopyAction, one,
                      Qt.MouseButton.LeftButton, Qt.KeyboardModifier.NoModifier)
    QApplication.sendEvent(bar, drop)
    assert window.modes.currentWidget() is editor
    qtbot.waitUntil(lambda: editor.model.rowCount() == 6, timeout=20_000)
    _idle(editor, qtbot)
    assert _sequence(sample_library, exh_id)[-1] == last


def test_sections_are_groups():
    items = [{"section": s} for s in ("Mornings", "Mornings", None, "Evenings", "Mornings")]
    marks = section_marks(items)
    assert [(m.name, m.first, m.last) if m else None for m in marks] == [
        ("Mornings", True, False), ("Mornings", False, True), None,
        ("Evenings", True, True), ("Mornings", True, True)]
    assert marks[0].colour == marks[4].colour != marks[3].colour


def test_sections_tour_contact_texts_undo_and_check_thumbnails(make_window, sample_library,
                                                               qtbot):
    exh_id, ids = _shortlist(sample_library, 4)
    with closing(open_catalogue(sample_library)) as db:
        for image_id in ids[:2]:
            exhibitions.update_item(db, exh_id, image_id, section="Mornings")
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open(window, qtbot, exh_id)
    marks = [editor.model.index(r, 0).data(SECTION_ROLE) for r in range(4)]
    assert marks[0].first and marks[0].name == "Mornings" and not marks[1].first
    assert marks[2] is None

    # a venue with contact and notes; the edit and the removal are undoable
    dialog = editor.tour.add_venue()
    dialog.name.setText("Open Eye Gallery")
    dialog.contact.setText("Jo Bloggs, jo@openeye.example")
    dialog.notes.setPlainText("Deliveries by the side door")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: editor.tour.table.rowCount() == 1, timeout=20_000)
    _idle(editor, qtbot)
    venue = editor.state.venues[0]
    assert (venue["contact"], venue["notes"]) == ("Jo Bloggs, jo@openeye.example",
                                                  "Deliveries by the side door")
    assert editor.tour.table.item(0, 3).text() == "Jo Bloggs, jo@openeye.example"
    editor.tour.table.setCurrentCell(0, 0)
    dialog = editor.tour.edit_venue()
    assert dialog.contact.text() == "Jo Bloggs, jo@openeye.example"
    dialog.contact.setText("Sam, 0151 000 0000")
    dialog.ok_button.click()
    qtbot.waitUntil(lambda: editor.state.venues[0]["contact"] == "Sam, 0151 000 0000",
                    timeout=20_000)
    _idle(editor, qtbot)
    assert window.undo_stack.undoText() == "Edit venue Open Eye Gallery (Shortlist)"
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: editor.state.venues[0]["contact"]
                    == "Jo Bloggs, jo@openeye.example", timeout=20_000)
    _idle(editor, qtbot)
    assert editor.state.venues[0]["id"] == venue["id"]  # the same venue, put back
    editor.tour.table.setCurrentCell(0, 0)
    editor.tour.remove_venue()
    qtbot.waitUntil(lambda: not editor.state.venues, timeout=20_000)
    _idle(editor, qtbot)
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: len(editor.state.venues) == 1, timeout=20_000)
    _idle(editor, qtbot)
    assert editor.state.venues[0]["notes"] == "Deliveries by the side door"

    # the subtitle and statement
    editor.texts.subtitle.setText("Photographs from Baby Week")
    editor.texts.statement.setPlainText("Twelve photographs of <families> & friends.")
    editor.texts.apply_button.click()
    qtbot.waitUntil(lambda: editor.state.exhibition["subtitle"] == "Photographs from Baby Week",
                    timeout=20_000)
    _idle(editor, qtbot)
    assert editor.state.exhibition["statement"] == "Twelve photographs of <families> & friends."
    window.undo_action.trigger()
    qtbot.waitUntil(lambda: editor.state.exhibition["subtitle"] is None, timeout=20_000)
    _idle(editor, qtbot)
    assert editor.texts.subtitle.text() == ""

    # the checks' thumbnails load even when none is cached yet
    window.thumbs.set_library(window.library)
    assert len(window.thumbs) == 0
    editor.reload()
    _idle(editor, qtbot)
    with_position = [editor.checks.item(n) for n in range(editor.checks.count())
                     if editor.checks.item(n).data(Qt.ItemDataRole.UserRole + 2)]
    assert with_position
    qtbot.waitUntil(lambda: all(not i.icon().isNull() for i in with_position), timeout=20_000)


def test_trace_of_a_person(make_window, sample_library, qtbot):
    exh_id, ids = _shortlist(sample_library, 3)
    with closing(open_catalogue(sample_library)) as db:
        person = people.add_person(db, "Dana <D>")
        people.link(db, ids[1:3], person)
        consent = records.add_consent(db, sample_library, uses=uses_mask(["exhibition"]),
                                      person_id=person,
                                      signed_on=date.today() - timedelta(days=10))
        records.withdraw(db, consent, reason="asked")
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    window._select_ids(ids[1:2])
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    qtbot.waitUntil(lambda: panel._loading is None and panel.people.count() > 0,
                    timeout=20_000)
    row = next(r for r in range(panel.people.count())
               if "Dana" in panel.people.item(r).text())
    panel.people.setCurrentRow(row)
    assert panel.person_trace_button.isEnabled()
    dialog = panel.trace_person()
    qtbot.waitUntil(lambda: dialog.trace is not None, timeout=20_000)
    assert dialog.windowTitle() == "Where the photos of Dana <D> went"
    assert "2 photos of Dana &lt;D&gt;" in dialog.heading.text()
    top = dialog.tree.topLevelItem(0)
    assert top.text(0) == "Exhibition: Shortlist" and top.text(2) == "positions 2, 3"
    assert dialog.consent.count() == 1 and dialog.consent.currentData() == consent
    dialog.close()


def test_inspector_preview_is_dark_under_dark(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    preview = window.inspector.preview
    try:
        window.appearance_actions["dark"].trigger()
        QApplication.processEvents()
        assert "#1f1f1f" in preview.styleSheet()
    finally:
        window.appearance_actions["system"].trigger()
    QApplication.processEvents()
    assert "#1f1f1f" not in preview.styleSheet()


def test_print_dialog_label_size_and_logo(make_window, sample_library, qtbot, tmp_path):
    import subprocess

    exh_id, ids = _shortlist(sample_library, 8)
    with closing(open_catalogue(sample_library)) as db:
        people.set_identifiable(db, ids, False)  # nobody in them: cleared for every use
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _open(window, qtbot, exh_id)

    def run(kind: str, name: str, **fields):
        layout = editor.print_layout()
        layout.kind.setCurrentIndex(layout.kind.findData(kind))
        for key, value in fields.items():
            getattr(layout, key).setCurrentText(value) if key == "label_size" \
                else getattr(layout, key).setText(value)
        layout.out.setText(str(tmp_path / name))
        layout.start()
        qtbot.waitUntil(lambda: layout.result is not None, timeout=60_000)
        qtbot.waitUntil(lambda: bool(layout.previews), timeout=20_000)
        layout.reject()
        return layout.result

    big = run("labels", "a6.pdf")
    small = run("labels", "a7.pdf", label_size="A7 — 105 × 74 mm")
    typed = run("labels", "typed.pdf", label_size="100x60")
    assert big.pages > small.pages >= 1 and typed.pages == small.pages

    # the panels' logo: a photo of the library, chosen from the selection
    window._select_ids([ids[0]])
    layout = editor.print_layout()
    layout.kind.setCurrentIndex(layout.kind.findData("panels"))
    assert layout.logo.isEnabled() and not layout.label_size.isEnabled()
    layout.logo.setText("not a number")
    layout.start()
    assert "is not a photo number" in layout.status.text() and layout.result is None
    layout.logo_button.click()
    assert layout.logo.text() == str(ids[0])
    layout.reject()

    def images_per_page(pdf) -> int:
        rows = subprocess.run(["pdfimages", "-list", str(pdf)], capture_output=True,
                              text=True, check=True).stdout.splitlines()[2:]
        pages = [int(r.split()[0]) for r in rows]
        return max(pages.count(p) for p in pages)

    # two panels are enough to see the logo
    editor.select_positions([3, 4, 5, 6, 7, 8])
    editor.remove_selected()
    qtbot.waitUntil(lambda: editor.model.rowCount() == 2, timeout=20_000)
    _idle(editor, qtbot)
    plain = run("panels", "plain.pdf")
    with_logo = run("panels", "logo.pdf", logo=str(ids[0]))
    assert plain.pages == with_logo.pages
    assert images_per_page(tmp_path / "logo.pdf") == images_per_page(tmp_path / "plain.pdf") + 1
