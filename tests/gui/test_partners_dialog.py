"""The Partners view: partners, their licences with expiry, and the packs sent to them."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

from curator.catalogue import open_catalogue
from curator.consent import people
from curator.export import partners
from curator.export.pack import build_pack
from curator.export.preflight import preflight
from ui.dialogs.partners_dialog import PartnersDialog


def test_partners_licences_and_packs(qtbot, sample_library, tmp_path, monkeypatch):
    with closing(open_catalogue(sample_library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 2")]
        people.set_identifiable(db, ids, False)
        echo = partners.add_partner(db, "Liverpool Echo", email="pictures@echo.example")
        old = partners.add_licence(db, echo, uses=("press",),
                                   valid_from=date.today() - timedelta(days=400),
                                   expires_on=date.today() - timedelta(days=30))
        current = partners.add_licence(db, echo, uses=("online",),
                                       expires_on=date.today() + timedelta(days=300))
        plan = preflight(db, ids, current)
        result = build_pack(db, sample_library, plan, tmp_path / "out", long_edge=1080)
    dialog = PartnersDialog(sample_library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.data is not None and dialog.packs.rowCount() == 1,
                    timeout=20_000)
    assert "Liverpool Echo" in dialog.partners.item(0).text()
    rows = {dialog.licences.item(r, 0).text().split()[0]: dialog.licences.item(r, 4).text()
            for r in range(dialog.licences.rowCount())}
    assert rows == {f"#{old}": "EXPIRED", f"#{current}": "in force"}
    assert dialog.packs.item(0, 0).text() == result.pack_id
    assert dialog.packs.item(0, 3).text() == "2"

    monkeypatch.setattr("ui.dialogs.partners_dialog.QInputDialog.getText",
                        lambda *a, **k: ("Open Eye Gallery", True))
    dialog.new_partner()
    qtbot.waitUntil(lambda: dialog.partners.count() == 2
                    and "Open Eye" in dialog.partners.currentItem().text(), timeout=20_000)
    assert dialog.packs.rowCount() == 0
    licence = dialog.new_licence()
    licence.accept()
    qtbot.waitUntil(lambda: dialog.licences.rowCount() == 1, timeout=20_000)


def test_edit_partner_and_licence_versions(qtbot, sample_library, tmp_path):
    with closing(open_catalogue(sample_library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 2")]
        people.set_identifiable(db, ids, False)
        echo = partners.add_partner(db, "Liverpool Echo")
        sent = partners.add_licence(db, echo, uses=("online",),
                                    expires_on=date.today() + timedelta(days=20))
        build_pack(db, sample_library, preflight(db, ids, sent), tmp_path / "out",
                   long_edge=1080)
    dialog = PartnersDialog(sample_library)
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.data is not None and dialog.licences.rowCount() == 1,
                    timeout=20_000)
    assert dialog.licences.item(0, 4).text() == "in force, expires in 20 days"

    form = dialog.edit_partner()
    form.contact.setText("Picture desk")
    form.email.setText("pictures@echo.example")
    form.notes.setPlainText("Sends tear sheets")
    form.accept()
    qtbot.waitUntil(lambda: "Sends tear sheets" in dialog.heading.text(), timeout=20_000)
    assert "Picture desk · pictures@echo.example" in dialog.heading.text()

    # a pack went out under the licence: an edit makes version 2, the first is kept
    dialog.licences.selectRow(0)
    form = dialog.edit_licence()
    assert "saving makes version 2" in form.findChildren(type(dialog.heading))[0].text()
    form.uses["print"].setChecked(True)
    form.expires.setDate(form.expires.date().addYears(1))
    form.accept()
    qtbot.waitUntil(lambda: dialog.licences.rowCount() == 2, timeout=20_000)
    with closing(open_catalogue(sample_library)) as db:
        versions = partners.list_licences(db, echo, all_versions=True)
    old, new = sorted(versions, key=lambda lic: lic.version)
    assert (old.id, old.uses, old.superseded_by) == (sent, ("online",), new.id)
    assert (new.version, set(new.uses), new.supersedes_id) == (2, {"print", "online"}, sent)
    assert new.expires_on > old.expires_on and new.expires_on.year == old.expires_on.year + 1
    states = {dialog.licences.item(r, 0).text().split()[0]: dialog.licences.item(r, 4).text()
              for r in range(2)}
    assert states[f"#{sent}"] == f"replaced by #{new.id}"
    assert states[f"#{new.id}"] == "in force"
    # the replaced version cannot be edited
    row = next(r for r in range(2) if dialog.licences.item(r, 0).text().startswith(f"#{sent}"))
    dialog.licences.selectRow(row)
    assert not dialog.edit_licence_button.isEnabled()
