"""Packs, layouts and the trace from the window: the dialogs run the core in workers."""

from __future__ import annotations

import subprocess
import zipfile
from contextlib import closing
from datetime import date, timedelta

from PySide6.QtCore import Qt

from curator.catalogue import open_catalogue
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions
from tests.gui.conftest import wait_rows


def _world(library):
    """An exhibition of 5: #1 Eve (released for everything), #2–4 nobody identifiable,
    #5 Dana, whose release is for online use only (not for partners or exhibitions)."""
    with closing(open_catalogue(library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 5")]
        people.set_identifiable(db, ids[1:4], False)
        eve = people.add_person(db, "Eve Example")
        people.link(db, ids[:1], eve)
        eve_consent = records.add_consent(
            db, library, uses=uses_mask(["exhibition", "print", "online", "partners"]),
            person_id=eve, signed_on=date.today() - timedelta(days=5))
        dana = people.add_person(db, "Dana Secret")
        people.link(db, ids[4:5], dana)
        records.add_consent(db, library, uses=uses_mask(["online"]), person_id=dana,
                            signed_on=date.today() - timedelta(days=5))
        exh_id = exhibitions.create(db, "I See You 2025")
        exhibitions.add_items(db, exh_id, ids)
    return {"ids": ids, "exh_id": exh_id, "eve_consent": eve_consent}


def _editor(window, qtbot, exh_id):
    window.exhibitions_mode_action.trigger()
    editor = window.exhibition_editor
    qtbot.waitUntil(lambda: editor.state is not None and editor.exh_id == exh_id
                    and editor.busy == 0, timeout=20_000)
    return editor


def test_pack_layout_and_trace(make_window, sample_library, qtbot, tmp_path, monkeypatch):
    world = _world(sample_library)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor = _editor(window, qtbot, world["exh_id"])

    # --- a pack: partner and licence made inline, pre-flight before anything is written
    window.settings.setValue("preferences/organisation", "Baby Week Cymru")
    dialog = editor.send_pack()
    monkeypatch.setattr("ui.dialogs.pack_dialog.QInputDialog.getText",
                        lambda *a, **k: ("Liverpool Echo", True))
    dialog.new_partner()
    qtbot.waitUntil(lambda: dialog.partner.count() == 1, timeout=20_000)
    licence = dialog.new_licence()
    assert licence.uses["online"].isChecked()
    assert licence.licensor.text() == "Baby Week Cymru"  # from Preferences
    licence.accept()
    qtbot.waitUntil(lambda: dialog.licence.count() == 1 and dialog.plan is not None,
                    timeout=20_000)
    ids = world["ids"]
    assert dialog.plan.included == ids[:4]
    assert dialog.plan.licence.licensor == "Baby Week Cymru"
    assert [e["image_id"] for e in dialog.plan.excluded] == [ids[4]]
    shown = [dialog.excluded.item(n).text() for n in range(dialog.excluded.count())]
    assert len(shown) == 1 and f"#{ids[4]}" in shown[0]
    assert "Dana" not in shown[0] and "Dana" not in dialog.summary.text()
    out = tmp_path / "packs"
    dialog.folder.setText(str(out))
    assert not out.exists()  # the pre-flight wrote nothing
    dialog.start()
    assert dialog.task is not None  # the export runs in a worker: the GUI thread goes on
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=60_000)
    assert dialog.show_button.isVisible()
    zips = list(out.glob("*.zip"))
    assert [z.resolve() for z in zips] == [dialog.result.pack.resolve()]
    with zipfile.ZipFile(zips[0]) as zf:
        names = zf.namelist()
    images = [n for n in names if "/data/images/" in n]
    assert len(images) == 4
    for wanted in ("data/captions.csv", "data/manifest.json", "data/LICENCE.txt",
                   "bagit.txt"):
        assert any(n.endswith(wanted) for n in names), wanted
    dialog.reject()

    # --- wall labels as a PDF
    layout = editor.print_layout()
    layout.kind.setCurrentIndex(layout.kind.findData("labels"))
    pdf = tmp_path / "labels.pdf"
    layout.out.setText(str(pdf))
    layout.start()
    qtbot.waitUntil(lambda: layout.result is not None, timeout=60_000)
    assert pdf.is_file() and layout.open_button.isVisible()
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True,
                          check=True).stdout
    first_caption = editor.state.items[0]["caption"]
    assert first_caption.split()[0] in text
    warnings = [layout.warnings.item(n).text() for n in range(layout.warnings.count())]
    assert any("left out" in w and f"image #{ids[4]}" in w for w in warnings)
    qtbot.waitUntil(lambda: len(layout.previews) == 1, timeout=20_000)  # one sheet of labels
    page = layout.previews[0].pixmap().toImage()
    w, h = page.width(), page.height()
    assert w == 260 and abs(max(w, h) / min(w, h) - 297 / 210) < 0.02  # an A4 sheet
    colours = {page.pixelColor(x, y).name() for x in range(0, 260, 13)
               for y in range(0, page.height(), 13)}
    assert len(colours) > 2  # text was drawn, not a blank page
    layout.reject()

    # --- Eve withdraws: the trace shows the exhibition and the pack; notices are written
    with closing(open_catalogue(sample_library)) as db:
        records.withdraw(db, world["eve_consent"], reason="moved away")
    window.library_mode_action.trigger()
    window._select_ids(ids[:1])
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    qtbot.waitUntil(lambda: panel._loading is None and panel.people.count() > 0,
                    timeout=20_000)
    eve_row = next(n for n in range(panel.people.count())
                   if "Eve" in panel.people.item(n).text())
    panel.people.setCurrentRow(eve_row)
    qtbot.waitUntil(lambda: panel.consents.count() >= 1 and panel.consents.item(0).data(
        Qt.ItemDataRole.UserRole + 2) == world["eve_consent"], timeout=20_000)
    panel.consents.setCurrentRow(0)
    trace = panel.trace()
    qtbot.waitUntil(lambda: trace.trace is not None, timeout=20_000)
    tops = [trace.tree.topLevelItem(n).text(0) for n in range(trace.tree.topLevelItemCount())]
    assert "Exhibition: I See You 2025" in tops
    assert any(t.startswith("Pack ") and "Liverpool Echo" in t for t in tops)
    assert any(t.startswith("Printed layout") for t in tops)
    assert trace.notice_button.isEnabled() and not trace.notice_box.isHidden()
    trace.write_notices()
    qtbot.waitUntil(lambda: bool(trace.notices), timeout=30_000)
    notice = trace.notices[0]
    assert notice.partner == "Liverpool Echo" and notice.path.is_file()
    assert notice.files and all(f in notice.text_path.read_text("utf-8") for f in notice.files)
