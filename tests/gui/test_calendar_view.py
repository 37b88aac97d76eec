"""The Calendar mode: entries by month, urgency in words, the badge, and where a click goes."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

from icalendar import Calendar
from PySide6.QtCore import Qt
from PySide6.QtWidgets import QApplication

from curator.catalogue import open_catalogue
from curator.consent import people, records
from curator.consent.rule import uses_mask
from curator.exhibitions import sets as exhibitions


def dated_tour(library) -> dict:
    """Dana's consent ends in 20 days, while the tour that opens in 10 days shows her."""
    today = date.today()
    with closing(open_catalogue(library)) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM images ORDER BY id LIMIT 3")]
        dana = people.add_person(db, "Dana")
        people.link(db, ids[:1], dana)
        form = records.add_consent(db, library, uses=uses_mask(["exhibition"]), person_id=dana,
                                   signed_on=today - timedelta(days=100),
                                   expires_on=today + timedelta(days=20))
        people.set_identifiable(db, ids[1:], False)
        exh = exhibitions.create(db, "Baby Week, on tour")
        exhibitions.add_items(db, exh, ids)
        venue = exhibitions.add_venue(db, exh, "Open Eye Gallery", today + timedelta(days=10),
                                      today + timedelta(days=60))
    return {"ids": ids, "exh": exh, "venue": venue, "form": form}


def test_calendar_mode_badge_and_clicks(qtbot, sample_library, make_window):
    t = dated_tour(sample_library)
    window = make_window(sample_library)
    view = window.calendar_view
    qtbot.waitUntil(lambda: view.data is not None and window._refresh_task is None,
                    timeout=30_000)
    kinds = [e.kind for e in view.data.entries]
    assert kinds == ["venue-opens-with-blockers", "consent-ends-on-wall"]

    # The badge: on the mode's tab and in the status bar, in words.
    tab = window.modes.tabText(window.modes.indexOf(view))
    assert tab == "Calendar (2 soon)"
    assert window.calendar_badge.text() == "⚑ 2 calendar entries within 30 days"

    window.calendar_mode_action.trigger()
    assert window.modes.currentWidget() is view
    wall_uid = f"consent-ends-on-wall.consent-{t['form']}.venue-{t['venue']}@curator"
    assert view.select_uid(wall_uid)
    item = view.tree.currentItem()
    assert item.text(1).strip() == "Within 30 days"  # words, not colour alone
    assert "Open Eye Gallery" in item.text(2) and "Dana" in item.text(2)
    assert "the last day these may hang is" in view.details.text()

    # Its photos, selected in the Library.
    qtbot.mouseClick(view.photos_button, Qt.MouseButton.LeftButton)
    assert window.modes.currentWidget() is window.splitter
    qtbot.waitUntil(lambda: window.selected_ids() == t["ids"][:1], timeout=10_000)

    # A filter that hides the photo is cleared so that it can be selected.
    window.sidebar.choose("year", 1999)
    qtbot.waitUntil(lambda: window._refresh_task is None and window.model.rowCount() == 0,
                    timeout=10_000)
    window.show_images(t["ids"][:1])
    qtbot.waitUntil(lambda: window.selected_ids() == t["ids"][:1], timeout=10_000)
    assert window.filter.year is None

    # The venue's opening: a double-click opens the exhibition in the Exhibitions mode.
    window.calendar_mode_action.trigger()
    qtbot.waitUntil(lambda: view._task is None, timeout=30_000)  # showing it reloads
    assert view.select_uid(f"venue-opens-with-blockers.venue-{t['venue']}@curator")
    item = view.tree.currentItem()
    view.tree.scrollToItem(item)
    rect = view.tree.visualItemRect(item)
    assert rect.isValid()
    # (QTest's double-click alone has no press before it: the view wants both.)
    qtbot.mouseClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    qtbot.mouseDClick(view.tree.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    editor = window.exhibition_editor
    assert window.modes.currentWidget() is editor
    qtbot.waitUntil(lambda: editor.state is not None and editor.exh_id == t["exh"]
                    and editor.busy == 0, timeout=10_000)


def test_calendar_refreshes_when_the_app_comes_back(qtbot, sample_library, make_window):
    window = make_window(sample_library)
    view = window.calendar_view
    qtbot.waitUntil(lambda: view.data is not None, timeout=30_000)
    assert view.data.entries == [] and window.calendar_badge.text() == ""
    assert window.modes.tabText(window.modes.indexOf(view)) == "Calendar"
    dated_tour(sample_library)  # as if from the command line, meanwhile
    view._app_state_changed(Qt.ApplicationState.ApplicationActive)
    qtbot.waitUntil(lambda: len(view.data.entries) == 2, timeout=30_000)
    assert window.calendar_badge.text().startswith("⚑ 2")
    QApplication.processEvents()


def test_export_to_calendar_app_writes_the_entries_shown(qtbot, sample_library, make_window,
                                                         tmp_path):
    dated_tour(sample_library)
    window = make_window(sample_library)
    view = window.calendar_view
    qtbot.waitUntil(lambda: view.data is not None and len(view.data.entries) == 2,
                    timeout=30_000)
    path = tmp_path / "curator.ics"
    view.export(path, names=False)
    qtbot.waitUntil(lambda: path.exists() and "Wrote 2 event(s)" in view.summary.text(),
                    timeout=10_000)
    events = Calendar.from_ical(path.read_bytes()).walk("VEVENT")
    assert {str(e["uid"]) for e in events} == {e.uid for e in view.data.entries}
    assert "Dana" not in path.read_text(encoding="utf-8")
