"""Where photos went: every exhibition (venues showing now, still to come) and every pack
(partner, date, files) that holds them — and, for a withdrawn consent, the takedown notices
to send to the partners holding copies.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from PySide6.QtCore import Qt, QUrl
from PySide6.QtGui import QBrush, QColor, QDesktopServices
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.library import Library
from ui import workers
from ui.models import exhibition_ops as ops

NOW_COLOUR = QColor("#c62828")


class TraceDialog(QDialog):
    """The trace of some photos (``image_ids``), of the photos a consent covers
    (``consent_id``) or of the photos a person is in (``person_id``)."""

    def __init__(self, library: Library, *, image_ids: list[int] | None = None,
                 consent_id: int | None = None, person_id: int | None = None,
                 person: str = "", parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.library = library
        n = len(image_ids or [])
        if person_id is not None:
            self.setWindowTitle(f"Where the photos of {person or f'person #{person_id}'} went")
        elif consent_id is not None:
            self.setWindowTitle(f"Where consent #{consent_id}'s photos went")
        else:
            self.setWindowTitle(
                f"Where {'this photo' if n == 1 else f'these {n} photos'} went")
        self.trace: dict | None = None
        self.notices: list = []
        self.heading = QLabel("Looking through exhibitions and packs…")
        self.heading.setWordWrap(True)
        self.tree = QTreeWidget()
        self.tree.setHeaderLabels(["Where", "When", "Details"])
        self.tree.setAccessibleName("Trace")
        self.tree.setColumnWidth(0, 300)
        self.tree.setColumnWidth(1, 190)

        self.consent = QComboBox()
        self.consent.setAccessibleName("Withdrawn consent")
        self.notice_button = QPushButton("Write Takedown Notices")
        self.notice_button.setToolTip("One letter (text and PDF) per partner holding a copy, "
                                      "naming the exact files to delete")
        self.notice_button.clicked.connect(lambda _c=False: self.write_notices())
        self.notice_list = QListWidget()
        self.notice_list.setAccessibleName("Notices")
        self.notice_list.setMaximumHeight(110)
        self.folder_button = QPushButton("Show in Folder")
        self.folder_button.setVisible(False)
        self.folder_button.clicked.connect(lambda _c=False: self.show_folder())
        self.notice_box = QWidget()
        nv = QVBoxLayout(self.notice_box)
        nv.setContentsMargins(0, 0, 0, 0)
        row = QHBoxLayout()
        row.addWidget(QLabel("Withdrawn consent:"))
        row.addWidget(self.consent, 1)
        row.addWidget(self.notice_button)
        nv.addLayout(row)
        nv.addWidget(self.notice_list)
        nv.addWidget(self.folder_button, alignment=Qt.AlignmentFlag.AlignLeft)
        self.notice_box.setVisible(False)
        close = QPushButton("Close")
        close.clicked.connect(lambda _c=False: self.accept())

        v = QVBoxLayout(self)
        v.addWidget(self.heading)
        v.addWidget(self.tree, 1)
        v.addWidget(self.notice_box)
        v.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.resize(820, 540)
        if person_id is not None:
            workers.run(ops.person_trace, library, person_id, on_result=self._loaded,
                        on_error=self._failed, owner=self)
        elif consent_id is not None:
            workers.run(ops.consent_trace, library, consent_id, on_result=self._loaded,
                        on_error=self._failed, owner=self)
        else:
            workers.run(ops.image_trace, library, list(image_ids or []),
                        on_result=self._loaded, on_error=self._failed, owner=self)

    def _loaded(self, trace: dict) -> None:
        self.trace = trace
        self.tree.clear()
        exhibitions, packs = trace["exhibitions"], trace["packs"]
        showing = sum(1 for e in exhibitions if e["showing_now"])
        sent = [p for p in packs if p["kind"] == "pack"]
        whose = ""
        if "images" in trace:
            n = len(trace["images"])
            whose = (f"{n} photo{'s' if n != 1 else ''}"
                     + (f" of {_html(trace['person'])}" if trace.get("person") else "") + ": ")
        if not exhibitions and not packs:
            self.heading.setText(whose + "no exhibition or pack holds them.")
        else:
            self.heading.setText(
                whose + f"<b>{len(exhibitions)} exhibition(s)</b>"
                + (f" ({showing} showing now)" if showing else "")
                + f" and <b>{len(sent)} pack(s) sent to partners</b>"
                + (f", {len(packs) - len(sent)} printed layout(s)" if len(packs) > len(sent)
                   else "") + " hold them.")
        for e in exhibitions:
            top = QTreeWidgetItem([f"Exhibition: {e['title']}", e["status"].capitalize(),
                                   "positions " + ", ".join(str(i["position"])
                                                            for i in e["items"])])
            now = {(v["name"], v["opens"]) for v in e["showing_now"]}
            later = {(v["name"], v["opens"]) for v in e["upcoming"]}
            for venue in e["venues"]:
                key = (venue["name"], venue["opens"])
                state = "SHOWING NOW" if key in now else "still to come" if key in later else ""
                child = QTreeWidgetItem([venue["name"], f"{venue['opens']} – {venue['closes']}",
                                         state])
                if state == "SHOWING NOW":
                    child.setForeground(2, QBrush(NOW_COLOUR))
                top.addChild(child)
            if not e["venues"]:
                top.addChild(QTreeWidgetItem(["no venues yet", "", ""]))
            for b in e["blockers"]:
                child = QTreeWidgetItem([f"Blocker at position {b['position']}", "",
                                         b["message"]])
                child.setForeground(0, QBrush(NOW_COLOUR))
                child.setToolTip(2, b["message"])
                top.addChild(child)
            self.tree.addTopLevelItem(top)
            top.setExpanded(True)
        for p in packs:
            if p["kind"] == "pack":
                label = f"Pack {p['public_id']} to {p['partner'] or 'a partner'}"
            else:
                label = f"Printed layout {p['public_id']}"
            files = Counter(p["files"])  # a label sheet holds several photos: one line
            top = QTreeWidgetItem([label, p["date"], f"{len(files)} file(s)"])
            top.setToolTip(0, p["path"] or "")
            for name, count in files.items():
                top.addChild(QTreeWidgetItem([name, "", f"{count} of these photos"
                                              if count > 1 else ""]))
            self.tree.addTopLevelItem(top)
            top.setExpanded(len(p["files"]) <= 6)
        withdrawn = trace.get("withdrawn") or []
        self.consent.clear()
        for c in withdrawn:
            if c.get("withdrawn_on"):
                self.consent.addItem(f"#{c['id']} withdrawn {c['withdrawn_on']}", c["id"])
        self.notice_box.setVisible(self.consent.count() > 0)
        self.notice_button.setEnabled(bool(sent))
        if not sent and self.consent.count():
            self.notice_list.addItem("No partner holds a copy: no notice is needed.")

    def write_notices(self) -> None:
        consent_id = self.consent.currentData()
        if consent_id is None:
            return
        self.notice_button.setEnabled(False)
        out = self.library.exports / "takedown-notices"
        workers.run(ops.write_notices, self.library, consent_id, out,
                    on_result=self._notices_written, on_error=self._failed, owner=self)

    def _notices_written(self, notices: list) -> None:
        self.notices = notices
        self.notice_button.setEnabled(True)
        self.notice_list.clear()
        if not notices:
            self.notice_list.addItem("No partner holds a copy: no notice is needed.")
        for n in notices:
            self.notice_list.addItem(f"{n.partner}: {len(n.files)} file(s) to delete → "
                                     f"{Path(n.path).name}")
        self.folder_button.setVisible(bool(notices))

    def show_folder(self) -> None:
        if self.notices:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.notices[0].path).parent)))

    def _failed(self, exc: BaseException) -> None:
        self.notice_button.setEnabled(True)
        self.heading.setText(str(exc) if isinstance(exc, CuratorError)
                             else f"The trace failed: {exc}")


def _html(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
