"""The forms behind the Partners view and the pack dialog: a partner, a licence.

A licence no pack was sent under is changed in place; once a pack used it, saving makes a
new version (``curator.export.partners.edit_licence``) and the packs already sent keep the
terms they went out under. The form says which will happen before the curator saves.
"""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QWidget,
)

from curator.export.partners import LICENCE_USES, Licence
from ui.dates import date_of, to_qdate


def _buttons(dialog: QDialog, ok_text: str) -> QDialogButtonBox:
    box = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                           | QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    box.button(QDialogButtonBox.StandardButton.Ok).setText(ok_text)
    return box


class PartnerDialog(QDialog):
    """A partner's name, contact, e-mail and notes."""

    def __init__(self, partner: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Edit partner {partner['name']}")
        self.name = QLineEdit(partner.get("name") or "")
        self.name.setAccessibleName("Partner name")
        self.contact = QLineEdit(partner.get("contact") or "")
        self.contact.setPlaceholderText("who to write to: a name, a phone")
        self.email = QLineEdit(partner.get("email") or "")
        self.email.setPlaceholderText("pictures@example.org")
        self.notes = QPlainTextEdit(partner.get("notes") or "")
        self.notes.setFixedHeight(80)
        form = QFormLayout(self)
        form.addRow("&Name:", self.name)
        form.addRow("&Contact:", self.contact)
        form.addRow("&E-mail:", self.email)
        form.addRow("N&otes:", self.notes)
        box = _buttons(self, "Save")
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        self.name.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        form.addRow(box)

    def values(self) -> dict:
        # "" clears a field (the core's None means "unchanged")
        return {"name": self.name.text(), "contact": self.contact.text(),
                "email": self.email.text(), "notes": self.notes.toPlainText()}


class LicenceDialog(QDialog):
    """A new licence for a partner (``licence=None``) or a change to one: the uses it grants,
    from when until when, who grants it, attribution, names allowed or not."""

    def __init__(self, partner: str, parent: QWidget | None = None, *,
                 licensor: str = "", licence: Licence | None = None) -> None:
        super().__init__(parent)
        self.licence = licence
        self.setWindowTitle(f"Licence #{licence.id} v{licence.version} for {partner}"
                            if licence else f"New licence for {partner}")
        self.name = QLineEdit(licence.name if licence else "")
        self.name.setPlaceholderText(f"Licence for {partner}")
        # Who grants the licence: written into every pack as its licensor. Starts from the
        # campaign/organisation name in Preferences.
        self.licensor = QLineEdit(licence.licensor or "" if licence else licensor)
        self.licensor.setPlaceholderText("The campaign or organisation granting it")
        self.uses = {u: QCheckBox(u) for u in LICENCE_USES}
        for u, box in self.uses.items():
            box.setChecked(u in licence.uses if licence else u == "online")
        row = QHBoxLayout()
        for box in self.uses.values():
            row.addWidget(box)
        today = date.today()
        self.valid_from = QDateEdit(to_qdate(licence.valid_from if licence else today))
        self.expires = QDateEdit(to_qdate(licence.expires_on) if licence
                                 else QDate.currentDate().addYears(1))
        for edit in (self.valid_from, self.expires):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
        self.valid_from.setAccessibleName("Valid from")
        self.expires.setAccessibleName("Expires")
        self.attribution = QLineEdit(licence.attribution or "" if licence else "")
        self.attribution.setPlaceholderText("e.g. Photo: Baby Week Liverpool / Sam Okafor")
        self.allow_names = QCheckBox("Names of the people photographed may be sent")
        self.allow_names.setChecked(bool(licence and licence.allow_names))
        form = QFormLayout(self)
        if licence is not None:
            note = QLabel(
                f"Packs were sent under this licence: saving makes version "
                f"{licence.version + 1}; the packs already sent keep these terms."
                if licence.used else "No pack was sent under it yet: it is changed in place.")
            note.setWordWrap(True)
            form.addRow(note)
        form.addRow("Na&me:", self.name)
        form.addRow("Uses granted:", row)
        form.addRow("Valid &from:", self.valid_from)
        form.addRow("E&xpires:", self.expires)
        form.addRow("&Licensor:", self.licensor)
        form.addRow("&Attribution:", self.attribution)
        form.addRow("", self.allow_names)
        box = _buttons(self, "Save" if licence else "Add licence")
        self.ok_button = box.button(QDialogButtonBox.StandardButton.Ok)
        for b in self.uses.values():
            b.toggled.connect(lambda _on: self.ok_button.setEnabled(bool(self._uses())))
        form.addRow(box)

    def _uses(self) -> list[str]:
        return [u for u, b in self.uses.items() if b.isChecked()]

    def values(self) -> dict:
        """The core's arguments (``add_licence`` / ``edit_licence``)."""
        values = {"uses": self._uses(), "expires_on": date_of(self.expires),
                  "valid_from": date_of(self.valid_from),
                  "allow_names": self.allow_names.isChecked(),
                  "licensor": self.licensor.text().strip() or None,
                  "attribution": self.attribution.text().strip() or None,
                  "name": self.name.text().strip() or None}
        if self.licence is not None and values["name"] is None:
            values["name"] = self.licence.name
        return values
