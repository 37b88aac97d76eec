"""What a new library shows: the two first steps, and a sample library to try things on."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)


class EmptyState(QWidget):
    """Welcome page with "Import photos…" and "Open sample library"."""

    import_requested = Signal()
    sample_requested = Signal()
    cancel_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Empty library")
        title = QLabel("This library has no photos yet")
        f = title.font()
        f.setPointSizeF(f.pointSizeF() * 1.8)
        f.setBold(True)
        title.setFont(f)
        steps = QLabel(
            "<ol style='margin-left:0'>"
            "<li style='margin-bottom:10px'><b>Import a shoot.</b> Choose the folder of a "
            "photographer's session (or drop it on this window). Curator copies the pictures "
            "into the library — the originals are never changed — and reads their dates, "
            "captions and keywords.</li>"
            "<li><b>Tag and record consent.</b> Give each picture its year, event and caption, "
            "link the people in it to their signed releases, and mark pictures without "
            "identifiable people. Only cleared pictures can go into exhibitions and packs.</li>"
            "</ol>"
        )
        steps.setWordWrap(True)
        steps.setTextFormat(Qt.TextFormat.RichText)
        self.library_label = QLabel()
        self.library_label.setWordWrap(True)
        self.library_label.setStyleSheet("color: palette(mid);")
        self.library_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.import_button = QPushButton("Import photos…")
        self.import_button.setAccessibleName("Import photos")
        self.import_button.setDefault(True)
        self.import_button.setMinimumHeight(34)
        self.import_button.clicked.connect(self.import_requested)
        self.sample_button = QPushButton("Open sample library")
        self.sample_button.setAccessibleName("Open sample library")
        self.sample_button.setToolTip("Builds a small library of generated pictures (no real "
                                      "people) so you can try everything safely.")
        self.sample_button.setMinimumHeight(34)
        self.sample_button.clicked.connect(self.sample_requested)
        buttons = QHBoxLayout()
        buttons.addWidget(self.import_button)
        buttons.addWidget(self.sample_button)
        buttons.addStretch()

        self.progress = QProgressBar()
        self.progress.setAccessibleName("Building the sample library")
        self.progress_label = QLabel()
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(self.cancel_requested)
        progress_row = QHBoxLayout()
        progress_row.addWidget(self.progress, 1)
        progress_row.addWidget(self.cancel_button)
        self.progress_box = QWidget()
        box = QVBoxLayout(self.progress_box)
        box.setContentsMargins(0, 0, 0, 0)
        box.addWidget(self.progress_label)
        box.addLayout(progress_row)
        self.progress_box.hide()

        column = QVBoxLayout()
        column.addStretch(2)
        column.addWidget(title)
        column.addSpacing(8)
        column.addWidget(steps)
        column.addSpacing(12)
        column.addLayout(buttons)
        column.addSpacing(12)
        column.addWidget(self.progress_box)
        column.addWidget(self.library_label)
        column.addStretch(3)
        inner = QWidget()
        inner.setLayout(column)
        inner.setMaximumWidth(620)
        outer = QHBoxLayout(self)
        outer.addStretch()
        outer.addWidget(inner, 10)
        outer.addStretch()

    def set_library(self, path: str) -> None:
        self.library_label.setText(f"Library folder: {path}")

    def show_progress(self, done: int, total: int, message: str) -> None:
        self.progress_box.show()
        self.import_button.setEnabled(False)
        self.sample_button.setEnabled(False)
        self.progress.setRange(0, max(total, 1))
        self.progress.setValue(done)
        self.progress_label.setText(message or "Building the sample library…")

    def hide_progress(self) -> None:
        self.progress_box.hide()
        self.import_button.setEnabled(True)
        self.sample_button.setEnabled(True)
        self.cancel_button.setEnabled(True)
