"""Dialogs of the People & consent panel: a person, a consent (or group release), withdrawal."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QDateEdit,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.consent.rule import USES
from ui.dialogs.import_dialog import local_paths


def _buttons(dialog: QDialog, ok: str) -> QDialogButtonBox:
    box = QDialogButtonBox()
    button = box.addButton(ok, QDialogButtonBox.ButtonRole.AcceptRole)
    button.setDefault(True)
    box.addButton(QDialogButtonBox.StandardButton.Cancel)
    box.accepted.connect(dialog.accept)
    box.rejected.connect(dialog.reject)
    dialog.ok_button = button
    return box


def _to_date(edit: QDateEdit) -> date:
    q = edit.date()
    return date(q.year(), q.month(), q.day())


class PersonDialog(QDialog):
    """A person seen in photos: label, minor + guardian, contact, do-not-publish."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Add a person")
        self.label = QLineEdit()
        self.label.setAccessibleName("Name or pseudonym")
        self.minor = QCheckBox("A child (under 18): a parent or guardian signs for them")
        self.guardian = QLineEdit()
        self.guardian.setAccessibleName("Parent or guardian")
        self.guardian.setEnabled(False)
        self.minor.toggled.connect(self.guardian.setEnabled)
        self.contact = QLineEdit()
        self.contact.setAccessibleName("Contact details")
        self.do_not_publish = QCheckBox("Do not publish: never show photos of this person")
        note = QLabel("Personal data: shown to curators, never exported.")
        note.setStyleSheet("color: palette(mid);")
        form = QFormLayout()
        form.addRow("Name or pseudonym:", self.label)
        form.addRow("", self.minor)
        form.addRow("Parent or guardian:", self.guardian)
        form.addRow("Contact:", self.contact)
        form.addRow("", self.do_not_publish)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(_buttons(self, "Add person"))
        self.label.textChanged.connect(lambda t: self.ok_button.setEnabled(bool(t.strip())))
        self.ok_button.setEnabled(False)

    def fields(self) -> dict:
        return {"label": self.label.text().strip(), "minor": self.minor.isChecked(),
                "guardian": self.guardian.text().strip() or None if self.minor.isChecked()
                else None,
                "contact": self.contact.text().strip() or None,
                "do_not_publish": self.do_not_publish.isChecked()}


class ConsentDialog(QDialog):
    """A signed release: uses, dates, who signed, witness, the form scan (drop it here)."""

    def __init__(self, who: str, minor_guardian: str | None = None,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Record a consent")
        self.setAcceptDrops(True)
        heading = QLabel(f"<b>Consent of {who}</b>")
        self.uses: dict[str, QCheckBox] = {}
        uses_row = QHBoxLayout()
        for use in USES:
            box = QCheckBox(use)
            box.setAccessibleName(f"Grants {use} use")
            box.toggled.connect(self._validate)
            self.uses[use] = box
            uses_row.addWidget(box)
        self.signed = QDateEdit(QDate.currentDate())
        self.signed.setCalendarPopup(True)
        self.signed.setDisplayFormat("yyyy-MM-dd")
        self.signed.setAccessibleName("Signed on")
        self.expires_box = QCheckBox("Expires on")
        self.expires = QDateEdit(QDate.currentDate().addYears(3))
        self.expires.setCalendarPopup(True)
        self.expires.setDisplayFormat("yyyy-MM-dd")
        self.expires.setAccessibleName("Expires on")
        self.expires.setEnabled(False)
        self.expires_box.toggled.connect(self.expires.setEnabled)
        expires_row = QHBoxLayout()
        expires_row.addWidget(self.expires_box)
        expires_row.addWidget(self.expires, 1)
        self.signed_by = QLineEdit(minor_guardian or "")
        self.signed_by.setAccessibleName("Signed by")
        self.signed_by.setPlaceholderText("the parent or guardian, for a child")
        self.witness = QLineEdit()
        self.witness.setAccessibleName("Witness")
        self.witness.setPlaceholderText("not the photographer")
        self.form_path = QLineEdit()
        self.form_path.setReadOnly(True)
        self.form_path.setPlaceholderText("drop the scan here, or choose it")
        self.form_path.setAccessibleName("Form scan")
        choose = QPushButton("Choose…")
        choose.setAccessibleName("Choose the form scan")
        choose.clicked.connect(self._choose_form)
        form_row = QHBoxLayout()
        form_row.addWidget(self.form_path, 1)
        form_row.addWidget(choose)
        form = QFormLayout()
        form.addRow("Uses granted:", uses_row)
        form.addRow("Signed on:", self.signed)
        form.addRow("", expires_row)
        form.addRow("Signed by:", self.signed_by)
        form.addRow("Witness:", self.witness)
        form.addRow("Form scan:", form_row)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Record consent"))
        self._validate()

    def _validate(self, *_args) -> None:
        self.ok_button.setEnabled(any(b.isChecked() for b in self.uses.values()))

    def _choose_form(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "The signed form", "",
                                              "Scans (*.pdf *.jpg *.jpeg *.png *.tif *.tiff)")
        if path:
            self.form_path.setText(path)

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if any(p.is_file() for p in local_paths(event.mimeData())):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        files = [p for p in local_paths(event.mimeData()) if p.is_file()]
        if files:
            self.form_path.setText(str(files[0]))
            event.acceptProposedAction()

    def fields(self) -> dict:
        return {
            "uses": [u for u, b in self.uses.items() if b.isChecked()],
            "signed_on": _to_date(self.signed),
            "expires_on": _to_date(self.expires) if self.expires_box.isChecked() else None,
            "signed_by": self.signed_by.text().strip() or None,
            "witness": self.witness.text().strip() or None,
            "form": Path(self.form_path.text()) if self.form_path.text() else None,
        }


class WithdrawDialog(QDialog):
    """Shows what a withdrawal affects (the trace) and asks for a reason before confirming."""

    def __init__(self, preview: dict, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        c = preview["consent"]
        who = c.get("person") or f"the group release for “{c.get('shoot')}”"
        self.setWindowTitle(f"Withdraw consent #{c['id']}")
        n = len(preview["images"])
        heading = QLabel(
            f"<b>Withdraw consent #{c['id']} of {who}?</b><br>"
            f"It stops covering {n} photo{'s' if n != 1 else ''} from today, for every use. "
            "These already hold the photos:")
        heading.setWordWrap(True)
        heading.setTextFormat(Qt.TextFormat.RichText)
        self.trace = QPlainTextEdit(preview["text"])
        self.trace.setReadOnly(True)
        self.trace.setAccessibleName("Where the photos are used")
        self.trace.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        self.reason = QLineEdit()
        self.reason.setAccessibleName("Reason for the withdrawal")
        self.reason.setPlaceholderText("e.g. asked by phone on …")
        form = QFormLayout()
        form.addRow("Reason:", self.reason)
        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.trace)
        layout.addLayout(form)
        layout.addWidget(_buttons(self, "Withdraw consent"))
        self.resize(560, 360)
