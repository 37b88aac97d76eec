"""Import photos: folders (chosen or dropped), shoot, photographer, event → progress → report."""

from __future__ import annotations

import time
from pathlib import Path

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QDragEnterEvent, QDropEvent, QFontDatabase
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPlainTextEdit,
    QProgressBar,
    QPushButton,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.ingest.importer import ImportOptions, ImportReport, run_import
from curator.library import Library
from ui import workers


def local_paths(mime) -> list[Path]:
    """Local files and folders in a drag's mime data."""
    if not mime.hasUrls():
        return []
    return [Path(u.toLocalFile()) for u in mime.urls() if u.isLocalFile()]


class ImportDialog(QDialog):
    """Three pages: what to import, the import running, the report."""

    imported = Signal(object)  # the ImportReport, after any import that added something

    def __init__(self, library: Library, events: list[str], parent: QWidget | None = None,
                 folders: list[Path] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Import photos")
        self.setAccessibleName("Import photos")
        self.setAcceptDrops(True)
        self.resize(640, 480)
        self.library = library
        self.task: workers.Task | None = None
        self.report: ImportReport | None = None
        self.pages = QStackedWidget()
        self.pages.addWidget(self._setup_page(events))
        self.pages.addWidget(self._progress_page())
        self.pages.addWidget(self._report_page())
        layout = QVBoxLayout(self)
        layout.addWidget(self.pages)
        for f in folders or []:
            self.add_source(f)
        self._update_buttons()

    # --- page 1: what to import
    def _setup_page(self, events: list[str]) -> QWidget:
        page = QWidget()
        intro = QLabel("Choose the folders of one shoot (or drop them here). Curator copies the "
                       "pictures into the library and never changes the files you import from.")
        intro.setWordWrap(True)
        self.sources = QListWidget()
        self.sources.setAccessibleName("Folders to import")
        self.sources.setMinimumHeight(90)
        self.sources.setMaximumHeight(150)
        add = QPushButton("Add folder…")
        add.setAccessibleName("Add a folder to import")
        add.clicked.connect(self.choose_folder)
        remove = QPushButton("Remove")
        remove.setAccessibleName("Remove the selected folder")
        remove.clicked.connect(self._remove_selected)
        self.remove_button = remove
        self.sources.itemSelectionChanged.connect(self._update_buttons)
        row = QHBoxLayout()
        row.addWidget(add)
        row.addWidget(remove)
        row.addStretch()

        self.shoot = QLineEdit()
        self.shoot.setPlaceholderText("the folder's name if left empty")
        self.shoot.setAccessibleName("Shoot title")
        self.photographer = QLineEdit()
        self.photographer.setAccessibleName("Photographer")
        self.credit = QLineEdit()
        self.credit.setPlaceholderText("for pictures whose files name no credit")
        self.credit.setAccessibleName("Credit line")
        self.event = QComboBox()
        self.event.setEditable(True)
        self.event.addItem("")
        self.event.addItems(events)
        self.event.lineEdit().setPlaceholderText("e.g. Baby Week 2024 — launch day")
        self.event.setAccessibleName("Event")
        self.reference = QCheckBox("Leave the originals where they are (don't copy them)")
        self.reference.setAccessibleName("Reference originals in place")
        form = QFormLayout()
        form.addRow("Shoot title:", self.shoot)
        form.addRow("Photographer:", self.photographer)
        form.addRow("Credit line:", self.credit)
        form.addRow("Event:", self.event)
        form.addRow("", self.reference)

        self.buttons = QDialogButtonBox()
        self.start_button = self.buttons.addButton("Import", QDialogButtonBox.ButtonRole.AcceptRole)
        self.start_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.start)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(page)
        layout.addWidget(intro)
        layout.addWidget(self.sources)
        layout.addLayout(row)
        layout.addLayout(form)
        layout.addStretch()
        layout.addWidget(self.buttons)
        return page

    def add_source(self, path: Path) -> None:
        text = str(path)
        if not self.sources.findItems(text, Qt.MatchFlag.MatchExactly):
            self.sources.addItem(text)
        if not self.shoot.text() and self.sources.count() == 1:
            self.shoot.setPlaceholderText(f"“{(path if path.is_dir() else path.parent).name}” "
                                          "if left empty")
        self._update_buttons()

    def source_paths(self) -> list[Path]:
        return [Path(self.sources.item(i).text()) for i in range(self.sources.count())]

    def choose_folder(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Choose a folder to import")
        if folder:
            self.add_source(Path(folder))

    def _remove_selected(self) -> None:
        for item in self.sources.selectedItems():
            self.sources.takeItem(self.sources.row(item))
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.start_button.setEnabled(self.sources.count() > 0)
        self.remove_button.setEnabled(bool(self.sources.selectedItems()))

    def options(self) -> ImportOptions:
        return ImportOptions(
            shoot=self.shoot.text().strip() or None,
            photographer=self.photographer.text().strip() or None,
            event=self.event.currentText().strip() or None,
            reference=self.reference.isChecked(),
            credit=self.credit.text().strip() or None,
        )

    # --- page 2: running
    def _progress_page(self) -> QWidget:
        page = QWidget()
        self.progress_title = QLabel("Importing…")
        font = self.progress_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        self.progress_title.setFont(font)
        self.bar = QProgressBar()
        self.bar.setAccessibleName("Import progress")
        self.bar.setRange(0, 0)
        self.current = QLabel("Looking for pictures…")
        self.current.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.current.setWordWrap(True)
        self.cancel_button = QPushButton("Cancel import")
        self.cancel_button.setAccessibleName("Cancel the import")
        self.cancel_button.clicked.connect(self.cancel_import)
        layout = QVBoxLayout(page)
        layout.addStretch()
        layout.addWidget(self.progress_title)
        layout.addWidget(self.bar)
        layout.addWidget(self.current)
        row = QHBoxLayout()
        row.addStretch()
        row.addWidget(self.cancel_button)
        layout.addLayout(row)
        layout.addStretch()
        return page

    def start(self) -> None:
        sources = self.source_paths()
        if not sources:
            return
        self.pages.setCurrentIndex(1)
        self._last_progress = 0.0
        self.task = workers.run(run_import, self.library, sources, self.options(),
                                on_progress=self._progress, on_result=self._finished,
                                on_error=self._failed, owner=self)

    def _progress(self, done: int, total: int, current: str) -> None:
        now = time.monotonic()
        if done < total and now - self._last_progress < 0.05:
            return  # ~20 updates a second are plenty
        self._last_progress = now
        if total:
            self.bar.setRange(0, total)
            self.bar.setValue(done)
            self.progress_title.setText(f"Importing {done} of {total} pictures…")
        if current:
            self.current.setText(Path(current).name + "  —  " + str(Path(current).parent))

    def cancel_import(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.cancel_button.setEnabled(False)
            self.current.setText("Cancelling: finishing the pictures already started…")

    # --- page 3: report
    def _report_page(self) -> QWidget:
        page = QWidget()
        self.report_title = QLabel()
        font = self.report_title.font()
        font.setPointSizeF(font.pointSizeF() * 1.2)
        font.setBold(True)
        self.report_title.setFont(font)
        self.report_title.setWordWrap(True)
        self.report_text = QPlainTextEdit()
        self.report_text.setReadOnly(True)
        self.report_text.setAccessibleName("Import report")
        self.report_text.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.report_text.setFont(QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont))
        save = QPushButton("Save report…")
        save.setAccessibleName("Save the import report to a text file")
        save.clicked.connect(self.save_report)
        self.save_button = save
        close = QPushButton("Close")
        close.setDefault(True)
        close.clicked.connect(self.accept)
        self.close_button = close
        row = QHBoxLayout()
        row.addWidget(save)
        row.addStretch()
        row.addWidget(close)
        layout = QVBoxLayout(page)
        layout.addWidget(self.report_title)
        layout.addWidget(self.report_text)
        layout.addLayout(row)
        return page

    def _finished(self, report: ImportReport) -> None:
        self.task = None
        self.report = report
        self._show_report(report)
        if report.imported:
            self.imported.emit(report)

    def _failed(self, exc: BaseException) -> None:
        self.task = None
        report = getattr(exc, "report", None)
        message = str(exc) if isinstance(exc, CuratorError) else (
            f"The import stopped because of an unexpected problem: {exc}")
        if report is not None:
            self.report = report
            self._show_report(report, problem=message)
            if report.imported:
                self.imported.emit(report)
        else:
            self.pages.setCurrentIndex(2)
            self.report_title.setText("The import could not run")
            self.report_text.setPlainText(message)
            self.save_button.setEnabled(False)

    def _show_report(self, report: ImportReport, problem: str | None = None) -> None:
        self.pages.setCurrentIndex(2)
        n = len(report.imported)
        title = f"{n} picture{'s' if n != 1 else ''} imported"
        if report.cancelled:
            title += " — the import was cancelled"
        self.report_title.setText(title)
        text = report_text(report)
        if problem:
            text = problem + "\n\n" + text
        self.report_text.setPlainText(text)
        self.save_button.setEnabled(True)

    def save_report(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the import report",
                                              "import-report.txt", "Text files (*.txt)")
        if path:
            self.write_report(Path(path))

    def write_report(self, path: Path) -> None:
        try:
            path.write_text(self.report_text.toPlainText() + "\n", encoding="utf-8")
        except OSError as exc:
            QMessageBox.warning(self, "Report not saved", f"Could not write {path}: {exc}")

    # --- drag and drop, closing
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if self.pages.currentIndex() == 0 and local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        for p in local_paths(event.mimeData()):
            self.add_source(p)
        event.acceptProposedAction()

    def reject(self) -> None:
        if self.task is not None:  # Esc while importing cancels the import, keeps the dialog
            self.cancel_import()
            return
        super().reject()

    def closeEvent(self, event) -> None:
        if self.task is not None:
            self.cancel_import()
            event.ignore()
            return
        super().closeEvent(event)


def report_text(report: ImportReport) -> str:
    """The report as a curator reads it (and saves it)."""
    lines = [
        f"Imported:    {len(report.imported)}",
        f"Duplicates:  {len(report.duplicates)} (already in the library)",
        f"Skipped:     {len(report.skipped)}",
        f"Failed:      {len(report.failed)}",
        f"Time:        {report.seconds:.1f} s",
    ]
    if report.cancelled:
        lines.append("The import was cancelled; run it again to finish (what is done is kept).")
    if report.recovered:
        lines.append(f"Recovered {report.recovered} picture(s) left by an interrupted import.")
    for title, items, key in (("Failed", report.failed, "reason"),
                              ("Skipped", report.skipped, "reason"),
                              ("Duplicates", report.duplicates, "reason"),
                              ("Notes", report.notes, "note")):
        if items:
            lines += ["", f"{title}:"]
            lines += [f"  {item['path']}: {item[key]}" for item in items]
    if report.imported:
        lines += ["", "Imported:"]
        lines += [f"  #{item['id']}  {item['path']}" for item in report.imported]
    return "\n".join(lines)
