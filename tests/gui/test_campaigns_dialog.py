"""The Campaigns view: add a campaign with dates, day topics, hashtags, logo and events;
edit it; a bad value is refused with the core's words and nothing is saved."""

from __future__ import annotations

from contextlib import closing
from datetime import date

from PySide6.QtCore import QDate, Qt

from curator.campaigns import records
from curator.catalogue import open_catalogue
from curator.tagging.events import save_event
from ui.dialogs.campaigns_dialog import CampaignsDialog


def _campaigns(library):
    with closing(open_catalogue(library)) as db:
        return records.list_campaigns(db)


def test_add_and_edit_a_campaign(qtbot, sample_library):
    with closing(open_catalogue(sample_library)) as db:
        save_event(db, "IMHAW launch", year=2024)
        logo_id = db.execute("SELECT MIN(id) FROM images").fetchone()[0]
        before = {c.id for c in records.list_campaigns(db)}
    dialog = CampaignsDialog(sample_library, selection=[logo_id])
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.data is not None, timeout=20_000)

    dialog.new_campaign()
    dialog.name.setText("Infant Mental Health Awareness Week")
    dialog.year.setValue(2024)
    dialog.theme.setText("Speak up for babies")
    dialog.dated.setChecked(True)
    dialog.starts.setDate(QDate(2024, 6, 10))
    dialog.ends.setDate(QDate(2024, 6, 16))
    assert dialog.days.rowCount() == 7
    assert dialog.days.item(2, 0).text() == "Day 3 · Wed 12 Jun"
    dialog.days.item(0, 1).setText("Bonding")
    dialog.days.item(2, 1).setText("Talking to babies")
    dialog.hashtags.setText("IMHAW24, speak up for babies")
    dialog.url.setText("https://example.org/imhaw")
    dialog.description.setPlainText("A week of events.")
    dialog._set_logo(("image", logo_id))
    launch = next(r for r in range(dialog.events.count())
                  if dialog.events.item(r).text() == "IMHAW launch")
    dialog.events.item(launch).setCheckState(Qt.CheckState.Checked)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving and "Saved" in dialog.message.text(),
                    timeout=20_000)
    new = [c for c in _campaigns(sample_library) if c.id not in before]
    assert len(new) == 1
    c = new[0]
    assert (c.name, c.year, c.theme) == ("Infant Mental Health Awareness Week", 2024,
                                         "Speak up for babies")
    assert (c.starts_on, c.ends_on) == (date(2024, 6, 10), date(2024, 6, 16))
    assert [(d.day, d.topic) for d in c.days] == [(1, "Bonding"), (3, "Talking to babies")]
    assert c.hashtags == ("#IMHAW24", "#SpeakUpForBabies")
    assert (c.logo_image_id, c.url) == (logo_id, "https://example.org/imhaw")
    assert [e["name"] for e in c.events] == ["IMHAW launch"]
    assert dialog.current_id() == c.id
    assert "Infant Mental Health Awareness Week" in dialog.list.currentItem().text()
    assert "10–16 June 2024" in dialog.list.currentItem().text()

    # edit: a day topic off, the event unlinked, the logo cleared, the theme changed
    dialog.days.item(0, 1).setText("")
    dialog.theme.setText("Understanding early trauma")
    dialog.events.item(launch).setCheckState(Qt.CheckState.Unchecked)
    dialog._set_logo(None)
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving and "Saved" in dialog.message.text(),
                    timeout=20_000)
    c = next(x for x in _campaigns(sample_library) if x.id == c.id)
    assert c.theme == "Understanding early trauma"
    assert [(d.day, d.topic) for d in c.days] == [(3, "Talking to babies")]
    assert c.events == () and c.logo_image_id is None

    # a bad link: the core's message, nothing changed
    dialog.url.setText("javascript:alert(1)")
    dialog.save()
    qtbot.waitUntil(lambda: not dialog.saving, timeout=20_000)
    assert "Saved" not in dialog.message.text()
    assert dialog.message.text() not in ("", "Saving…")
    assert next(x for x in _campaigns(sample_library) if x.id == c.id).url == \
        "https://example.org/imhaw"
