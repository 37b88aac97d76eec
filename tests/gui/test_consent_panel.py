"""People & consent through the panel: link, record, withdraw — and the badges follow."""

from __future__ import annotations

from PySide6.QtCore import Qt

from tests.gui.conftest import wait_rows


def _statuses(window, ids):
    return {window.model.row_dict(window.model.row_of_id(i))["consent_status"] for i in ids}


def test_link_consent_withdraw_updates_badges(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (0, 1, 2)]
    window._select_ids(ids)
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    assert window.side_tabs.currentWidget() is panel

    dialog = panel.add_person()
    dialog.label.setText("Aisha")
    dialog.minor.setChecked(True)
    dialog.guardian.setText("Mariam")
    qtbot.mouseClick(dialog.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: panel.people.count() == 1, timeout=20_000)
    panel.people.setCurrentRow(0)
    qtbot.mouseClick(panel.link_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(window, ids) == {"pending"}, timeout=20_000)

    consent = panel.record_consent()
    assert consent.signed_by.text() == "Mariam"  # a child's consent is signed by the guardian
    consent.uses["exhibition"].setChecked(True)
    consent.uses["print"].setChecked(True)
    qtbot.mouseClick(consent.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(window, ids) == {"granted"}, timeout=20_000)
    others = {window.model.row_dict(r)["consent_status"] for r in range(3, 24)}
    assert others == {"unknown"}

    qtbot.waitUntil(lambda: panel.consents.count() >= 1
                    and panel.consents.item(0).data(Qt.ItemDataRole.UserRole + 2) is not None,
                    timeout=20_000)
    panel.consents.setCurrentRow(0)
    panel.withdraw()
    qtbot.waitUntil(lambda: getattr(panel, "dialog", None) is not None
                    and panel.dialog.windowTitle().startswith("Withdraw"), timeout=20_000)
    withdraw = panel.dialog
    assert "No exhibition or pack holds these images." in withdraw.trace.toPlainText()
    assert _statuses(window, ids) == {"granted"}  # nothing changes before confirming
    withdraw.reason.setText("asked by phone")
    qtbot.mouseClick(withdraw.ok_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(window, ids) == {"withdrawn"}, timeout=20_000)

    # the consent filter finds them
    window.sidebar.choose("consent", "withdrawn")
    wait_rows(qtbot, window, 3)


def test_no_identifiable_people(make_window, sample_library, qtbot):
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    ids = [window.model.row_dict(r)["id"] for r in (4, 7)]
    window._select_ids(ids)
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    qtbot.waitUntil(lambda: panel._loading is None and panel.not_needed_button.isEnabled())
    qtbot.mouseClick(panel.not_needed_button, Qt.MouseButton.LeftButton)
    qtbot.waitUntil(lambda: _statuses(window, ids) == {"not-needed"}, timeout=20_000)
    wait_rows(qtbot, window, 24)  # the sidebar counts follow the rows
    counts = {f.value: f.count for f in window.last_data.facets["consent"]}
    assert counts == {"not-needed": 2, "unknown": 22}
