"""Print an exhibition: panels, wall labels or a catalogue as a print-ready PDF.

Kind, paper, orientation, bleed and fit are the options of ``curator export layout``; the
layout runs in a worker with progress and Cancel, its warnings (photos left out, soft
prints) are listed, and the PDF can be opened when it is done.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices, QImage, QPixmap
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDoubleSpinBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.exhibitions.print_sizes import A_SIZES
from curator.export.files import name_part
from curator.export.layouts.job import DEFAULT_PAPER, KINDS, MAX_BLEED_MM, LayoutOptions
from curator.library import Library
from ui import workers
from ui.dialogs.export_job import ExportJobMixin
from ui.models import exhibition_ops as ops

KIND_TEXT = {"panels": "Panels — one print per photo, at its print size",
             "labels": "Wall labels — cut sheets of captions",
             "catalogue": "Catalogue — cover, photos in a grid, credits"}


class LayoutDialog(ExportJobMixin, QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, exhibition: dict,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Print “{exhibition['title']}”")
        self.library = library
        self.exhibition = exhibition

        self.kind = QComboBox()
        for kind in KINDS:
            self.kind.addItem(KIND_TEXT[kind], kind)
        self.kind.setAccessibleName("Kind")
        self.paper = QComboBox()
        self.paper.setEditable(True)
        self.paper.addItems(list(A_SIZES))
        self.paper.setAccessibleName("Paper")
        self.paper.setToolTip("A4…A0 or a custom WIDTHxHEIGHT in mm. For panels, the paper of "
                              "photos without a print size of their own.")
        self.landscape = QCheckBox("Landscape")
        self.bleed = QDoubleSpinBox()
        self.bleed.setRange(0, MAX_BLEED_MM)
        self.bleed.setValue(3.0)
        self.bleed.setSuffix(" mm")
        self.bleed.setToolTip("Extra picture around each panel, with crop marks (3 mm is usual)")
        self.fit = QComboBox()
        self.fit.addItem("Fill the picture area (crop)", "crop")
        self.fit.addItem("Show the whole photo (fit)", "fit")
        self.out = QLineEdit()
        browse = QPushButton("Choose…")
        browse.clicked.connect(lambda _c=False: self._browse())
        orow = QHBoxLayout()
        orow.addWidget(self.out, 1)
        orow.addWidget(browse)
        self.kind.currentIndexChanged.connect(lambda _i: self._kind_changed())

        self.status = QLabel("Only photos cleared for this use over the tour go in; the "
                             "others are listed here afterwards.")
        self.status.setWordWrap(True)
        self.preview = QHBoxLayout()
        self.preview.addStretch()
        self.previews: list[QLabel] = []
        self.warnings = QListWidget()
        self.warnings.setWordWrap(True)
        self.warnings.setAccessibleName("Warnings")
        buttons = self._job_controls("Make PDF", "Open PDF", self.open_pdf, self.status)
        self.open_button = self.after_button

        form = QFormLayout()
        form.addRow("&Kind:", self.kind)
        form.addRow("&Paper:", self.paper)
        form.addRow("", self.landscape)
        form.addRow("&Bleed:", self.bleed)
        form.addRow("Pic&tures:", self.fit)
        form.addRow("Save as:", orow)
        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(self.progress)
        v.addWidget(self.status)
        v.addLayout(self.preview)
        v.addWidget(self.warnings, 1)
        v.addLayout(buttons)
        self.resize(760, 640)
        self._kind_changed()

    def _kind_changed(self) -> None:
        kind = self.kind.currentData()
        self.paper.setCurrentText(DEFAULT_PAPER[kind])
        self.bleed.setEnabled(kind == "panels")
        self.fit.setEnabled(kind != "labels")
        stem = name_part(self.exhibition["title"], 40) or f"exhibition-{self.exhibition['id']}"
        self.out.setText(str(self.library.exports / "layouts" / f"{stem}-{kind}.pdf"))

    def options(self) -> LayoutOptions:
        return LayoutOptions(paper=self.paper.currentText().strip() or None,
                             landscape=self.landscape.isChecked(),
                             bleed_mm=self.bleed.value(), fit=self.fit.currentData())

    def start(self) -> None:
        out = Path(self.out.text()).expanduser()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.setText(f"The folder {out.parent} cannot be created ({exc.strerror}).")
            return
        self.warnings.clear()
        self._show_pages([])
        self._run_job("Laying out…", ops.export_layout, self.library, self.exhibition["id"],
                      self.kind.currentData(), out, self.options(), on_done=self._done,
                      progress_text=lambda done, total, _what: f"Laid out {done} of {total}",
                      failure="The layout failed")

    def _done(self, result) -> None:
        self.status.setText(f"Wrote {result.pdf}: {result.pages} page(s)."
                            + (" Notes:" if result.warnings else ""))
        self.warnings.addItems(result.warnings)
        self.export_button.setEnabled(True)
        workers.run(ops.render_pages, result.pdf, on_result=self._show_pages,
                    on_error=lambda exc: self.status.setText(
                        self.status.text() + f" (No preview: {exc})"), owner=self)

    def _show_pages(self, pages: list[tuple[int, int, bytes]]) -> None:
        for label in self.previews:
            label.deleteLater()
        self.previews = []
        for n, (w, h, pixels) in enumerate(pages):
            image = QImage(pixels, w, h, 3 * w, QImage.Format.Format_RGB888).copy()
            label = QLabel()
            label.setPixmap(QPixmap.fromImage(image))
            label.setToolTip(f"Page {n + 1}")
            label.setStyleSheet("border: 1px solid palette(mid);")
            self.preview.insertWidget(n, label)
            self.previews.append(label)

    def open_pdf(self) -> None:
        if self.result is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(self.result.pdf)))

    def _browse(self) -> None:
        path, _ = QFileDialog.getSaveFileName(self, "Save the PDF as", self.out.text(),
                                              "PDF (*.pdf)")
        if path:
            self.out.setText(path)

