"""Partners: every partner, their licences (with expiry) and what was sent to them, when."""

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
from ui.dialogs.pack_dialog import LicenceDialog
from ui.models import exhibition_ops as ops

PARTNER_ROLE = Qt.ItemDataRole.UserRole + 1
EXPIRED = QColor("#c62828")


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
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.partners)
        lv.addWidget(add_partner)

        self.heading = QLabel()
        self.heading.setWordWrap(True)
        self.licences = _table(["Licence", "Uses", "From", "Until", "State"], "Licences")
        self.packs = _table(["Pack", "Sent", "Licence", "Photos", "File"], "Packs sent")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addWidget(self.heading)
        row = QHBoxLayout()
        row.addWidget(QLabel("<b>Licences</b>"), 1)
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
        data = self.data
        if data is None or pid is None:
            self.heading.setText("No partners yet: add one, then a licence for them." if data
                                 else "Loading…")
            self.licences.setRowCount(0)
            self.packs.setRowCount(0)
            return
        partner = next(p for p in data.partners if p["id"] == pid)
        contact = " · ".join(x for x in (partner.get("contact"), partner.get("email")) if x)
        self.heading.setText(f"<h3>{_html(partner['name'])}</h3>{_html(contact)}")
        today = date.today()
        licences = [lic for lic in data.licences if lic.partner_id == pid]
        self.licences.setRowCount(len(licences))
        for r, lic in enumerate(licences):
            state = licence_state(lic, today)
            cells = [f"#{lic.id} {lic.name} v{lic.version}", ", ".join(lic.uses),
                     lic.valid_from.isoformat(), lic.expires_on.isoformat(), state]
            for c, text in enumerate(cells):
                cell = QTableWidgetItem(text)
                if state == "EXPIRED":
                    cell.setForeground(QBrush(EXPIRED))
                self.licences.setItem(r, c, cell)
        self.licences.resizeColumnsToContents()
        packs = [p for p in data.packs if p["partner_id"] == pid]
        self.packs.setRowCount(len(packs))
        for r, p in enumerate(packs):
            cells = [p["pack_id"], p["created"][:10], f"#{p['licence_id']} "
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

    def _failed(self, exc: BaseException) -> None:
        QMessageBox.warning(self, "Partners", str(exc) if isinstance(exc, CuratorError)
                            else f"That did not work: {exc}")


def _html(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
