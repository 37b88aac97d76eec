"""Print an exhibition: panels, wall labels or a catalogue as a print-ready PDF.

Kind, paper, orientation, bleed, fit, the wall labels' size and the panels' logo are the
options of ``curator export layout``; the layout runs in a worker with progress and Cancel,
its warnings (photos left out, soft prints) are listed, the first pages are shown (rendered
by PDFium through pypdfium2, a small wheel, where Qt's own QPdfDocument would need all of
PySide6-Addons) and the PDF can be opened when it is done.
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

from curator.errors import CuratorError, InvalidInput
from curator.exhibitions.print_sizes import A_SIZES, parse_print_size
from curator.export.files import name_part
from curator.export.layouts.job import DEFAULT_PAPER, KINDS, MAX_BLEED_MM, LayoutOptions
from curator.library import Library
from ui import workers
from ui.dialogs.export_job import ExportJobMixin
from ui.models import exhibition_ops as ops

KIND_TEXT = {"panels": "Panels — one print per photo, at its print size",
             "labels": "Wall labels — cut sheets of captions",
             "catalogue": "Catalogue — cover, photos in a grid, credits"}


LABEL_SIZES = [("A6 — 148 × 105 mm", (148.0, 105.0)), ("A7 — 105 × 74 mm", (105.0, 74.0)),
               ("DL — 210 × 99 mm", (210.0, 99.0)), ("Small — 90 × 55 mm", (90.0, 55.0))]


class LayoutDialog(ExportJobMixin, QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, exhibition: dict,
                 parent: QWidget | None = None, *, selection: list[int] | None = None) -> None:
        super().__init__(parent)
        self.selection = list(selection or [])
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
        self.label_size = QComboBox()
        self.label_size.setEditable(True)
        for text, size in LABEL_SIZES:
            self.label_size.addItem(text, size)
        self.label_size.setAccessibleName("Label size")
        self.label_size.setToolTip("The size of one label, width x height in mm "
                                   "(e.g. 120x80); as many as fit go on each sheet")
        self.logo = QLineEdit()
        self.logo.setAccessibleName("Logo")
        self.logo.setPlaceholderText("none")
        self.logo.setToolTip("The number of a photo in the library (e.g. the campaign's logo, "
                             "imported as an image) printed beside each panel's caption")
        self.logo_button = QPushButton("Use Selected Photo")
        self.logo_button.setToolTip("The photo selected in the library")
        self.logo_button.setEnabled(bool(self.selection))
        self.logo_button.clicked.connect(
            lambda _c=False: self.logo.setText(str(self.selection[0])))
        logo_row = QHBoxLayout()
        logo_row.addWidget(self.logo, 1)
        logo_row.addWidget(self.logo_button)
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
        form.addRow("La&bel size:", self.label_size)
        form.addRow("Logo image #:", logo_row)
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
        self.label_size.setEnabled(kind == "labels")
        self.logo.setEnabled(kind == "panels")
        self.logo_button.setEnabled(kind == "panels" and bool(self.selection))
        stem = name_part(self.exhibition["title"], 40) or f"exhibition-{self.exhibition['id']}"
        self.out.setText(str(self.library.exports / "layouts" / f"{stem}-{kind}.pdf"))

    def label_mm(self) -> tuple[float, float]:
        """The label's width and height in mm: a listed size, or one typed as WxH."""
        text = self.label_size.currentText().strip()
        index = self.label_size.findText(text)
        if index >= 0:
            return self.label_size.itemData(index)
        size = parse_print_size(text)
        if size.name != "custom":  # an A size: labels are landscape, as the CLI has them
            size = parse_print_size(text, "landscape")
        return (size.width_mm, size.height_mm)

    def logo_image_id(self) -> int | None:
        text = self.logo.text().strip().lstrip("#")
        if not text:
            return None
        if not text.isdigit() or int(text) > 2**62:
            raise InvalidInput(f"“{self.logo.text()}” is not a photo number: type the number "
                              "of the logo's photo in the library, or leave it empty.")
        return int(text)

    def options(self) -> LayoutOptions:
        kind = self.kind.currentData()
        return LayoutOptions(paper=self.paper.currentText().strip() or None,
                             landscape=self.landscape.isChecked(),
                             bleed_mm=self.bleed.value(), fit=self.fit.currentData(),
                             label_mm=self.label_mm() if kind == "labels" else (148.0, 105.0),
                             logo_image_id=self.logo_image_id() if kind == "panels" else None)

    def start(self) -> None:
        out = Path(self.out.text()).expanduser()
        try:
            out.parent.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            self.status.setText(f"The folder {out.parent} cannot be created ({exc.strerror}).")
            return
        try:
            options = self.options()
        except CuratorError as exc:
            self.status.setText(str(exc))
            return
        self.warnings.clear()
        self._show_pages([])
        self._run_job("Laying out…", ops.export_layout, self.library, self.exhibition["id"],
                      self.kind.currentData(), out, options, on_done=self._done,
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

