"""Send a licensed pack to a partner: partner and licence (created here if need be), what to
send, the rendition size, a pre-flight of what will be left out and why — before anything is
written — then the export in a worker with progress, Cancel and "Show in Folder".
"""

from __future__ import annotations

from datetime import date
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QButtonGroup,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListWidget,
    QMessageBox,
    QPushButton,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.export.renditions import PRESETS
from curator.library import Library
from ui import workers
from ui.dialogs.export_job import ExportJobMixin
from ui.dialogs.partner_forms import LicenceDialog
from ui.models import exhibition_ops as ops

LICENCE_ROLE = Qt.ItemDataRole.UserRole + 1


class PackDialog(ExportJobMixin, QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, *, exhibition: dict | None = None,
                 selection: list[int] | None = None, filtered: list[int] | None = None,
                 organisation: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Send a pack to a partner")
        self.organisation = organisation
        self.library = library
        self.exhibition = exhibition
        self.selection = list(selection or [])
        self.filtered = list(filtered or [])
        self.plan = None
        self._check_serial = 0

        self.partner = QComboBox()
        self.partner.setAccessibleName("Partner")
        self.partner.currentIndexChanged.connect(lambda _i: self._fill_licences())
        new_partner = QPushButton("New Partner…")
        new_partner.clicked.connect(lambda _c=False: self.new_partner())
        self.licence = QComboBox()
        self.licence.setAccessibleName("Licence")
        self.licence.currentIndexChanged.connect(lambda _i: self.check())
        self.new_licence_button = QPushButton("New Licence…")
        self.new_licence_button.clicked.connect(lambda _c=False: self.new_licence())
        prow = QHBoxLayout()
        prow.addWidget(self.partner, 1)
        prow.addWidget(new_partner)
        lrow = QHBoxLayout()
        lrow.addWidget(self.licence, 1)
        lrow.addWidget(self.new_licence_button)

        self.from_exhibition = QRadioButton()
        self.from_selection = QRadioButton(
            f"The photos selected in the library ({len(self.selection)})")
        self.from_filter = QRadioButton(
            f"Every photo the library's current filter shows ({len(self.filtered)})")
        self.from_filter.setEnabled(bool(self.filtered))
        group = QButtonGroup(self)
        group.addButton(self.from_exhibition)
        group.addButton(self.from_selection)
        group.addButton(self.from_filter)
        if exhibition:
            self.from_exhibition.setText(f"This exhibition: {exhibition['title']}")
            self.from_exhibition.setChecked(True)
        else:
            self.from_exhibition.setText("An exhibition (choose one in the Exhibitions mode)")
            self.from_exhibition.setEnabled(False)
            (self.from_selection if self.selection else self.from_filter).setChecked(True)
        self.from_selection.setEnabled(bool(self.selection))
        group.buttonToggled.connect(lambda _b, on: self.check() if on else None)

        self.size = QComboBox()
        for name, px in PRESETS.items():
            self.size.addItem(f"{name.capitalize()} — {px} px long edge", px)
        self.size.setCurrentIndex(list(PRESETS).index("web"))
        self.folder = QLineEdit(str(library.exports / "packs"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(lambda _c=False: self._browse())
        frow = QHBoxLayout()
        frow.addWidget(self.folder, 1)
        frow.addWidget(browse)

        self.summary = QLabel("Choose a partner and a licence.")
        self.summary.setWordWrap(True)
        self.excluded = QListWidget()
        self.excluded.setAccessibleName("Left out")
        self.excluded.setWordWrap(True)
        self.done_label = QLabel()
        self.done_label.setWordWrap(True)
        self.done_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        buttons = self._job_controls("Export Pack", "Show in Folder", self.show_in_folder,
                                     self.done_label)
        self.show_button = self.after_button
        self.export_button.setEnabled(False)

        form = QFormLayout()
        form.addRow("Partner:", prow)
        form.addRow("Licence:", lrow)
        form.addRow("Send:", self.from_exhibition)
        form.addRow("", self.from_selection)
        form.addRow("", self.from_filter)
        form.addRow("&Size:", self.size)
        form.addRow("Into folder:", frow)
        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(self.summary)
        v.addWidget(self.excluded, 1)
        v.addWidget(self.progress)
        v.addWidget(self.done_label)
        v.addLayout(buttons)
        self.resize(640, 560)
        self.reload_partners()

    # ------------------------------------------------------------------ partners
    def reload_partners(self, select_partner: int | None = None,
                        select_licence: int | None = None) -> None:
        self._want = (select_partner, select_licence)
        workers.run(ops.load_partners, self.library, on_result=self._partners_loaded,
                    on_error=self._failed, owner=self)

    def _partners_loaded(self, data) -> None:
        partners, licences = data
        self.partners, self.licences = partners, licences
        want_partner, want_licence = self._want
        self.partner.blockSignals(True)
        self.partner.clear()
        for p in partners:
            self.partner.addItem(p["name"], p["id"])
            if p["id"] == want_partner:
                self.partner.setCurrentIndex(self.partner.count() - 1)
        self.partner.blockSignals(False)
        self._fill_licences(want_licence)

    def _fill_licences(self, select: int | None = None) -> None:
        partner_id = self.partner.currentData()
        self.licence.blockSignals(True)
        self.licence.clear()
        today = date.today()
        for lic in getattr(self, "licences", []):
            if lic.partner_id != partner_id:
                continue
            state = " — EXPIRED" if lic.expires_on < today else ""
            self.licence.addItem(f"#{lic.id} {lic.name} v{lic.version} · "
                                 f"{', '.join(lic.uses)} · until {lic.expires_on}{state}",
                                 lic.id)
            if lic.id == select:
                self.licence.setCurrentIndex(self.licence.count() - 1)
        self.licence.blockSignals(False)
        self.new_licence_button.setEnabled(partner_id is not None)
        self.check()

    def new_partner(self) -> None:
        name, ok = QInputDialog.getText(self, "New partner", "Partner's name:")
        if ok and name.strip():
            workers.run(ops.add_partner, self.library, name,
                        on_result=lambda pid: self.reload_partners(pid), on_error=self._failed,
                        owner=self)

    def new_licence(self) -> LicenceDialog | None:
        partner_id = self.partner.currentData()
        if partner_id is None:
            return None
        dialog = LicenceDialog(self.partner.currentText(), self, licensor=self.organisation)
        dialog.accepted.connect(lambda: workers.run(
            ops.add_licence, self.library, partner_id, **dialog.values(),
            on_result=lambda lid: self.reload_partners(partner_id, lid),
            on_error=self._failed, owner=self))
        dialog.open()
        self.licence_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ pre-flight
    def check(self) -> None:
        """Re-run the pre-flight for the licence and selection shown (writes nothing)."""
        self.plan = None
        self.export_button.setEnabled(False)
        self.excluded.clear()
        licence_id = self.licence.currentData()
        if licence_id is None:
            self.summary.setText("Choose a partner and a licence (or create them here).")
            return
        self._check_serial += 1
        serial = self._check_serial
        self.summary.setText("Checking each photo against the licence…")
        exh = self.exhibition["id"] if self.exhibition and \
            self.from_exhibition.isChecked() else None
        chosen = self.filtered if self.from_filter.isChecked() else self.selection
        workers.run(ops.pack_preflight, self.library, chosen, licence_id, exh,
                    on_result=lambda plan: self._checked(serial, plan),
                    on_error=lambda exc: self._check_failed(serial, exc), owner=self)

    def _checked(self, serial: int, plan) -> None:
        if serial != self._check_serial:
            return
        self.plan = plan
        n, m = len(plan.included), len(plan.excluded)
        text = (f"<b>Will send {n} photo{'s' if n != 1 else ''} to {_html(plan.licence.partner)}."
                "</b>" if n else "<b>Nothing can be sent under this licence.</b>")
        if m:
            text += (f" {m} photo{'s' if m != 1 else ''} will be left out"
                     " (photo number: why):")
        else:
            text += " None is left out."
        self.summary.setText("Nothing has been written yet. " + text)
        for e in plan.excluded:
            self.excluded.addItem(f"Photo #{e['image_id']}: " + " ".join(e["reasons"]))
        self.export_button.setEnabled(bool(n))

    def _check_failed(self, serial: int, exc: BaseException) -> None:
        if serial == self._check_serial:
            self.summary.setText(str(exc) if isinstance(exc, CuratorError)
                                 else f"The check failed: {exc}")

    # ------------------------------------------------------------------ export
    def start(self) -> None:
        if self.plan is None or not self.plan.included:
            return
        out = Path(self.folder.text()).expanduser()
        self._run_job(
            "Writing the pack…", ops.build_pack, self.library, self.plan, out,
            int(self.size.currentData()), on_done=self._done,
            on_failed=lambda: self.export_button.setEnabled(
                self.plan is not None and bool(self.plan.included)),
            progress_text=lambda done, total, what: (f"{done} of {total}: {what}" if what
                                                     else f"{done} of {total}"),
            failure="The export failed")

    def _done(self, result) -> None:
        self.done_label.setText(f"Pack {result.pack_id}: {len(result.included)} photo(s) "
                                f"written to {result.pack}")

    def show_in_folder(self) -> None:
        if self.result is not None and self.result.pack is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result.pack).parent)))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the pack into", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Pack", str(exc) if isinstance(exc, CuratorError)
                            else f"That did not work: {exc}")



def _html(text: str) -> str:
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
