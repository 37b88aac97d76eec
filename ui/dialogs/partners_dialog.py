"""Partners: every partner, their licences (with expiry) and what was sent to them, when;
partners and licences edited here (a licence a pack was sent under gets a new version)."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QBrush, QColor
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.library import Library
from ui import workers
from ui.dialogs.partner_forms import LicenceDialog, PartnerDialog
from ui.models import exhibition_ops as ops

PARTNER_ROLE = Qt.ItemDataRole.UserRole + 1
EXPIRED = QColor("#c62828")
SOON = QColor("#b26a00")
SOON_DAYS = 60
LICENCE_ROLE = Qt.ItemDataRole.UserRole + 2


def _table(headers: list[str], name: str) -> QTableWidget:
    table = QTableWidget(0, len(headers))
    table.setHorizontalHeaderLabels(headers)
    table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
    table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
    table.verticalHeader().setVisible(False)
    table.horizontalHeader().setStretchLastSection(True)
    table.setAccessibleName(name)
    return table


def licence_state(lic, today: date) -> str:
    if lic.superseded_by is not None:
        return f"replaced by #{lic.superseded_by}"
    if lic.expires_on < today:
        return "EXPIRED"
    if lic.valid_from > today:
        return f"starts {lic.valid_from.isoformat()}"
    left = (lic.expires_on - today).days
    if left <= SOON_DAYS:
        return f"in force, expires in {left} day{'s' if left != 1 else ''}"
    return "in force"


class PartnersDialog(QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, parent: QWidget | None = None, *,
                 organisation: str = "") -> None:
        super().__init__(parent)
        self.setWindowTitle("Partners")
        self.library = library
        self.organisation = organisation
        self.data: ops.PartnersView | None = None
        self.partners = QListWidget()
        self.partners.setAccessibleName("Partners")
        self.partners.currentItemChanged.connect(lambda *_a: self._show_partner())
        add_partner = QPushButton("New Partner…")
        add_partner.clicked.connect(lambda _c=False: self.new_partner())
        self.add_licence = QPushButton("New Licence…")
        self.add_licence.clicked.connect(lambda _c=False: self.new_licence())
        self.edit_licence_button = QPushButton("Edit Licence…")
        self.edit_licence_button.setToolTip("Change the chosen licence; once a pack was sent "
                                            "under it, this makes a new version")
        self.edit_licence_button.clicked.connect(lambda _c=False: self.edit_licence())
        self.edit_partner_button = QPushButton("Edit Partner…")
        self.edit_partner_button.clicked.connect(lambda _c=False: self.edit_partner())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.partners)
        lv.addWidget(add_partner)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.licences = _table(["Licence", "Uses", "From", "Expires", "State"], "Licences")
        self.packs = _table(["Pack", "Sent", "Licence", "Photos", "File"], "Packs sent")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        self.licences.itemSelectionChanged.connect(self._update_buttons)
        self.licences.itemDoubleClicked.connect(lambda _i: self.edit_licence())
        top = QHBoxLayout()
        top.addWidget(self.heading, 1)
        top.addWidget(self.edit_partner_button, alignment=Qt.AlignmentFlag.AlignTop)
        rv.addLayout(top)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Licences</b>"), 1)
        row.addWidget(self.edit_licence_button)
        row.addWidget(self.add_licence)
        rv.addLayout(row)
        rv.addWidget(self.licences, 1)
        rv.addWidget(QLabel("<b>What was sent, and when</b>"))
        rv.addWidget(self.packs, 1)
        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([220, 640])
        close = QPushButton("Close")
        close.clicked.connect(lambda _c=False: self.accept())
        v = QVBoxLayout(self)
        v.addWidget(splitter, 1)
        v.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.resize(900, 560)
        self.reload()

    def reload(self, select: int | None = None) -> None:
        workers.run(ops.partners_view, self.library,
                    on_result=lambda d: self._loaded(d, select), on_error=self._failed,
                    owner=self)

    def _loaded(self, data: ops.PartnersView, select: int | None) -> None:
        self.data = data
        current = select if select is not None else self.current_partner()
        self.partners.blockSignals(True)
        self.partners.clear()
        chosen = None
        for p in data.partners:
            item = QListWidgetItem(f"{p['name']}\n{p['licences']} licence(s) · "
                                   f"{p['packs']} pack(s) sent")
            item.setData(PARTNER_ROLE, p["id"])
            self.partners.addItem(item)
            if p["id"] == current:
                chosen = item
        self.partners.blockSignals(False)
        if chosen is None and self.partners.count():
            chosen = self.partners.item(0)
        self.partners.setCurrentItem(chosen)
        self._show_partner()

    def current_partner(self) -> int | None:
        item = self.partners.currentItem()
        return item.data(PARTNER_ROLE) if item is not None else None

    def _show_partner(self) -> None:
        pid = self.current_partner()
        self.add_licence.setEnabled(pid is not None)
        self.edit_partner_button.setEnabled(pid is not None)
        self.edit_licence_button.setEnabled(False)
        data = self.data
        if data is None or pid is None:
            self.heading.setText("No partners yet: add one, then a licence for them." if data
                                 else "Loading…")
            self.licences.setRowCount(0)
            self.packs.setRowCount(0)
            return
        partner = next(p for p in data.partners if p["id"] == pid)
        contact = " · ".join(x for x in (partner.get("contact"), partner.get("email")) if x)
        self.heading.setText(f"<h3>{_html(partner['name'])}</h3>{_html(contact)}"
                             + (f"<br><i>{_html(partner['notes'])}</i>"
                                if partner.get("notes") else ""))
        today = date.today()
        licences = [lic for lic in data.licences if lic.partner_id == pid]
        self.licences.setRowCount(len(licences))
        for r, lic in enumerate(licences):
            state = licence_state(lic, today)
            cells = [f"#{lic.id} {lic.name} v{lic.version}", ", ".join(lic.uses),
                     lic.valid_from.isoformat(), lic.expires_on.isoformat(), state]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setData(LICENCE_ROLE, lic.id)
                if state == "EXPIRED":
                    cell.setForeground(QBrush(EXPIRED))
                elif state.startswith("in force, expires"):
                    cell.setForeground(QBrush(SOON))
                self.licences.setItem(r, c, cell)
        self.licences.resizeColumnsToContents()
        packs = [p for p in data.packs if p["partner_id"] == pid]
        self.packs.setRowCount(len(packs))
        for r, p in enumerate(packs):
            cells = [p["pack_id"] + (" (comms kit)" if p.get("kind") == "kit" else ""),
                     p["created"][:10], f"#{p['licence_id']} "
                     f"v{p['licence_version']}", str(p["images"]), p["path"] or ""]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                cell.setToolTip(text)
                self.packs.setItem(r, c, cell)
        self.packs.resizeColumnsToContents()

    def new_partner(self) -> None:
        name, ok = QInputDialog.getText(self, "New partner", "Partner's name:")
        if ok and name.strip():
            workers.run(ops.add_partner, self.library, name,
                        on_result=lambda pid: self.reload(pid), on_error=self._failed,
                        owner=self)

    def new_licence(self) -> LicenceDialog | None:
        pid = self.current_partner()
        if pid is None:
            return None
        dialog = LicenceDialog(self.partners.currentItem().text().split("\n")[0], self,
                               licensor=self.organisation)
        dialog.accepted.connect(lambda: workers.run(
            ops.add_licence, self.library, pid, **dialog.values(),
            on_result=lambda _lid: self.reload(pid), on_error=self._failed, owner=self))
        dialog.open()
        self.licence_dialog = dialog
        return dialog

    def current_licence(self):
        """The chosen licence (the latest version of its line), or None."""
        items = self.licences.selectedItems()
        if not items or self.data is None:
            return None
        lid = items[0].data(LICENCE_ROLE)
        return next((lic for lic in self.data.licences if lic.id == lid), None)

    def _update_buttons(self) -> None:
        lic = self.current_licence()
        self.edit_licence_button.setEnabled(lic is not None and lic.superseded_by is None)

    def edit_partner(self) -> PartnerDialog | None:
        pid = self.current_partner()
        if pid is None or self.data is None:
            return None
        partner = next(p for p in self.data.partners if p["id"] == pid)
        dialog = PartnerDialog(partner, self)
        dialog.accepted.connect(lambda: workers.run(
            ops.edit_partner, self.library, pid, **dialog.values(),
            on_result=lambda _p: self.reload(pid), on_error=self._failed, owner=self))
        dialog.open()
        self.partner_dialog = dialog
        return dialog

    def edit_licence(self) -> LicenceDialog | None:
        lic = self.current_licence()
        if lic is None or lic.superseded_by is not None:
            return None
        dialog = LicenceDialog(lic.partner, self, licence=lic)
        dialog.accepted.connect(lambda: workers.run(
            ops.edit_licence, self.library, lic.id, **dialog.values(),
            on_result=lambda _lid: self.reload(lic.partner_id), on_error=self._failed,
            owner=self))
        dialog.open()
        self.licence_dialog = dialog
        return dialog

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Partners", str(exc) if isinstance(exc, CuratorError)
                            else f"That did not work: {exc}")


def _html(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
