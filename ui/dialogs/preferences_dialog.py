"""Edit ▸ Preferences: library folder, photographer and credit, organisation, sizes, and
whether imports copy the originals. OK saves and applies at once (the library folder is
where the next start opens)."""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from ui.preferences import PREVIEW_HEIGHTS, THUMB_SIZES, Preferences


class PreferencesDialog(QDialog):
    changed = Signal(object)  # the saved Preferences

    def __init__(self, prefs: Preferences, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("Preferences")
        self.library_folder = QLineEdit(prefs.library_folder)
        self.library_folder.setPlaceholderText("the last library opened")
        self.library_folder.setAccessibleName("Default library folder")
        browse = QPushButton("Choose…")
        browse.clicked.connect(self._choose_folder)
        folder_row = QHBoxLayout()
        folder_row.addWidget(self.library_folder, 1)
        folder_row.addWidget(browse)
        self.photographer = QLineEdit(prefs.photographer)
        self.photographer.setAccessibleName("Default photographer")
        self.credit = QLineEdit(prefs.credit)
        self.credit.setPlaceholderText("e.g. © 2024 Jo Bloggs / Baby Week")
        self.credit.setAccessibleName("Default credit line")
        self.organisation = QLineEdit(prefs.organisation)
        self.organisation.setPlaceholderText("named as the source in image packs")
        self.organisation.setAccessibleName("Campaign or organisation")
        self.thumb_size = QSpinBox()
        self.thumb_size.setRange(*THUMB_SIZES)
        self.thumb_size.setSingleStep(16)
        self.thumb_size.setSuffix(" px")
        self.thumb_size.setValue(prefs.thumb_size)
        self.thumb_size.setAccessibleName("Thumbnail size")
        self.preview_height = QSpinBox()
        self.preview_height.setRange(*PREVIEW_HEIGHTS)
        self.preview_height.setSingleStep(20)
        self.preview_height.setSuffix(" px")
        self.preview_height.setValue(prefs.preview_height)
        self.preview_height.setAccessibleName("Preview size")
        self.reference = QCheckBox("Leave originals where they are (don't copy them) by default")
        self.reference.setChecked(prefs.reference_originals)
        self.reference.setAccessibleName("Reference originals by default")

        form = QFormLayout()
        form.addRow("Default library folder:", folder_row)
        note = QLabel("Curator opens it at the next start.")
        note.setStyleSheet("color: palette(mid);")
        form.addRow("", note)
        form.addRow("Photographer:", self.photographer)
        form.addRow("Credit line:", self.credit)
        form.addRow("Campaign or organisation:", self.organisation)
        form.addRow("Thumbnail size:", self.thumb_size)
        form.addRow("Preview size:", self.preview_height)
        form.addRow("Importing:", self.reference)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Ok
                                   | QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(buttons)

    def _choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Default library folder",
                                                  self.library_folder.text())
        if folder:
            self.library_folder.setText(folder)

    def preferences(self) -> Preferences:
        return Preferences(
            library_folder=self.library_folder.text().strip(),
            photographer=self.photographer.text().strip(),
            credit=self.credit.text().strip(),
            organisation=self.organisation.text().strip(),
            thumb_size=self.thumb_size.value(),
            preview_height=self.preview_height.value(),
            reference_originals=self.reference.isChecked(),
        )

    def accept(self) -> None:
        self.changed.emit(self.preferences())
        super().accept()
