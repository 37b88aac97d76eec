"""A venue of the tour: name, address, dates (date pickers), contact and notes."""

from __future__ import annotations

from datetime import date, timedelta

from PySide6.QtWidgets import (
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from ui.dates import date_of, to_qdate


class VenueDialog(QDialog):
    """Add (``venue=None``) or edit a venue; :meth:`values` gives the core's arguments."""

    def __init__(self, venue: dict | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit venue" if venue else "Add a venue")
        venue = venue or {}
        self.name = QLineEdit(venue.get("name") or "")
        self.name.setAccessibleName("Venue name")
        self.name.setPlaceholderText("e.g. Open Eye Gallery")
        self.address = QLineEdit(venue.get("address") or "")
        self.address.setAccessibleName("Address")
        self.contact = QLineEdit(venue.get("contact") or "")
        self.contact.setAccessibleName("Contact")
        self.contact.setPlaceholderText("who to call at the venue: name, e-mail, phone")
        self.notes = QPlainTextEdit(venue.get("notes") or "")
        self.notes.setAccessibleName("Notes")
        self.notes.setPlaceholderText("hanging, delivery, opening event…")
        self.notes.setFixedHeight(80)
        opens = date.fromisoformat(venue["opens"]) if venue.get("opens") else date.today()
        closes = date.fromisoformat(venue["closes"]) if venue.get("closes") \
            else opens + timedelta(days=42)
        self.opens = QDateEdit(to_qdate(opens))
        self.closes = QDateEdit(to_qdate(closes))
        for edit, name in ((self.opens, "Opens"), (self.closes, "Closes")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
        self.opens.dateChanged.connect(
            lambda d: self.closes.setDate(d) if self.closes.date() < d else None)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Address:", self.address)
        form.addRow("&Opens:", self.opens)
        form.addRow("&Closes:", self.closes)
        form.addRow("Con&tact:", self.contact)
        form.addRow("N&otes:", self.notes)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                               | QDialogButtonBox.StandardButton.Cancel)
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.ok_button.setText("Save" if venue else "Add venue")
        self.name.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        self.ok_button.setEnabled(bool(self.name.text().strip()))
        form.addRow(box)

    def values(self) -> dict:
        return {"name": self.name.text(), "address": self.address.text() or None,
                "opens": date_of(self.opens), "closes": date_of(self.closes),
                "contact": self.contact.text() or None,
                "notes": self.notes.toPlainText() or None}
