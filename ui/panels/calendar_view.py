"""The Calendar mode: what drops out, where and when — the entries of ``curator calendar``.

A list grouped by month; each entry says how near it is in words ("Within 7 days") on a
coloured mark, never by colour alone. Choosing an entry shows what to do; its buttons (and a
double-click) select its photos in the Library or open its exhibition in the Exhibitions mode.
The entries load in a worker (validation of each exhibition with a venue opening reads its
originals' sizes), when the mode is shown, when the library changes and when the application
regains focus; :attr:`CalendarView.soon_changed` tells the window how many fall within 30
days, for its badge.
"""

from __future__ import annotations

from datetime import date
from html import escape
from itertools import groupby
from pathlib import Path
from typing import Protocol

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QBrush, QColor, QGuiApplication, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFileDialog,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.calendar.entries import KINDS, LATER, PAST, THIS_MONTH, THIS_WEEK, Entry
from curator.errors import CuratorError
from curator.library import Library
from ui import workers
from ui.models.calendar_ops import CalendarData, export_calendar, load_calendar

ENTRY_ROLE = Qt.ItemDataRole.UserRole + 1
REACH = (("the next 3 months", 92), ("the next 6 months", 183), ("the next 12 months", 365),
         ("the next 2 years", 731))
# Words first; the colour only repeats them.
URGENCY_STYLE = {
    PAST: ("Overdue", "#9b2c2c"),
    THIS_WEEK: ("Within 7 days", "#c05621"),
    THIS_MONTH: ("Within 30 days", "#b7791f"),
    LATER: ("Later", "#4a5568"),
}
# Entries about a wall or a venue open their exhibition; the others select their photos.
EXHIBITION_KINDS = {"consent-ends-on-wall", "venue-opens-with-blockers"}


class Host(Protocol):
    library: Library


class CalendarView(QWidget):
    images_requested = Signal(list)  # image ids to select in the Library
    exhibition_requested = Signal(int)  # an exhibition to open in the Exhibitions mode
    soon_changed = Signal(int)  # entries within 30 days of today

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.data: CalendarData | None = None
        self._task: workers.Task | None = None
        self._again = False

        heading = QLabel("<b>What drops out, where and when</b>")
        self.reach = QComboBox()
        self.reach.setAccessibleName("How far ahead")
        for text, days in REACH:
            self.reach.addItem(text, days)
        self.reach.setCurrentIndex(2)
        self.reach.currentIndexChanged.connect(lambda _i: self.reload())
        self.export_button = QPushButton("Export to Calendar App…")
        self.export_button.setToolTip("An iCalendar (.ics) file with reminders 30 and 7 days "
                                      "ahead; exporting again to the same file updates it")
        self.export_button.clicked.connect(lambda _c=False: self.export())
        top = QHBoxLayout()
        top.addWidget(heading)
        top.addStretch()
        top.addWidget(QLabel("Show"))
        top.addWidget(self.reach)
        top.addWidget(self.export_button)
        self.summary = QLabel()
        self.summary.setAccessibleName("Calendar summary")
        self.summary.setWordWrap(True)

        self.tree = QTreeWidget()
        self.tree.setAccessibleName("Calendar entries")
        self.tree.setColumnCount(3)
        self.tree.setHeaderLabels(["Date", "When", "What"])
        self.tree.setRootIsDecorated(False)
        self.tree.setUniformRowHeights(True)
        self.tree.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        header = self.tree.header()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)
        self.tree.currentItemChanged.connect(lambda _c, _p: self._show_details())
        self.tree.itemActivated.connect(lambda item, _col: self.act(item))

        self.details = QLabel()
        self.details.setWordWrap(True)
        self.details.setTextFormat(Qt.TextFormat.RichText)
        self.details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.details.setAccessibleName("What to do")
        self.details.setMinimumHeight(72)
        self.details.setAlignment(Qt.AlignmentFlag.AlignTop | Qt.AlignmentFlag.AlignLeft)
        self.photos_button = QPushButton("Select Photos in Library")
        self.photos_button.clicked.connect(lambda _c=False: self.select_photos())
        self.exhibition_button = QPushButton("Open Exhibition")
        self.exhibition_button.clicked.connect(lambda _c=False: self.open_exhibition())
        buttons = QHBoxLayout()
        buttons.addStretch()
        buttons.addWidget(self.photos_button)
        buttons.addWidget(self.exhibition_button)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(10, 8, 10, 8)
        layout.addLayout(top)
        layout.addWidget(self.summary)
        layout.addWidget(self.tree, 1)
        layout.addWidget(self.details)
        layout.addLayout(buttons)
        QGuiApplication.instance().applicationStateChanged.connect(self._app_state_changed)
        self._show_details()

    # ------------------------------------------------------------------ loading
    def reload(self) -> None:
        """Load the entries in a worker (one load at a time; a later ask runs after)."""
        if self._task is not None:
            self._again = True
            return
        self._again = False
        library, days = self.host.library, int(self.reach.currentData())
        self._task = workers.run(load_calendar, library, days,
                                 on_result=lambda d: self._loaded(library, d),
                                 on_error=self._failed, owner=self)

    def _loaded(self, library: Library, data: CalendarData) -> None:
        self._task = None
        if self._again or library != self.host.library:
            self.reload()
            return
        self.show_data(data)

    def _failed(self, exc: BaseException) -> None:
        self._task = None
        message = str(exc) if isinstance(exc, CuratorError) else f"The calendar failed: {exc}"
        self.summary.setText(message)
        if self._again:
            self.reload()

    def show_data(self, data: CalendarData) -> None:
        keep = self.current_entry()
        self.data = data
        self.tree.blockSignals(True)
        self.tree.clear()
        current = None
        bold = self.tree.font()
        bold.setBold(True)
        for (year, month), group in groupby(data.entries, key=lambda e: (e.day.year,
                                                                          e.day.month)):
            head = QTreeWidgetItem([date(year, month, 1).strftime("%B %Y"), "", ""])
            head.setFirstColumnSpanned(True)
            head.setFont(0, bold)
            head.setFlags(Qt.ItemFlag.ItemIsEnabled)
            self.tree.addTopLevelItem(head)
            for entry in group:
                item = self._item(entry, data.today)
                self.tree.addTopLevelItem(item)
                if keep is not None and entry.uid == keep.uid:
                    current = item
        self.tree.blockSignals(False)
        if current is not None:
            self.tree.setCurrentItem(current)
        self._show_details()
        soon = len(data.soon)
        n = len(data.entries)
        reach = self.reach.currentText()
        if not n:
            self.summary.setText(f"Nothing ends or opens in {reach}.")
        else:
            self.summary.setText(
                f"{n} entr{'y' if n == 1 else 'ies'} in {reach}; {soon} within 30 days. "
                "Choose one to see what to do; double-click to go to its photos or exhibition.")
        self.soon_changed.emit(soon)

    def _item(self, entry: Entry, today: date) -> QTreeWidgetItem:
        words, colour = URGENCY_STYLE[entry.urgency(today)]
        item = QTreeWidgetItem([entry.day.strftime("%a %d %b %Y"), f"  {words}  ",
                                entry.title])
        item.setData(0, ENTRY_ROLE, entry)
        item.setBackground(1, QBrush(QColor(colour)))
        item.setForeground(1, QBrush(QColor("white")))
        item.setToolTip(2, f"{KINDS[entry.kind]}.\n{entry.todo}")
        item.setData(1, Qt.ItemDataRole.AccessibleTextRole, words)
        return item

    # ------------------------------------------------------------------ choosing
    def current_entry(self) -> Entry | None:
        item = self.tree.currentItem()
        return item.data(0, ENTRY_ROLE) if item is not None else None

    def select_uid(self, uid: str) -> bool:
        for n in range(self.tree.topLevelItemCount()):
            item = self.tree.topLevelItem(n)
            entry = item.data(0, ENTRY_ROLE)
            if entry is not None and entry.uid == uid:
                self.tree.setCurrentItem(item)
                return True
        return False

    def _show_details(self) -> None:
        entry = self.current_entry()
        self.photos_button.setEnabled(bool(entry and entry.image_ids))
        self.exhibition_button.setEnabled(bool(entry and entry.exhibition_ids))
        if entry is None:
            self.details.setText("Choose an entry to see what to do.")
            return
        ids = []
        if entry.image_ids:
            ids.append(f"{len(entry.image_ids)} photo{'s' if len(entry.image_ids) != 1 else ''}")
        if entry.exhibition_ids:
            ids.append("exhibition " + ", ".join(f"#{i}" for i in entry.exhibition_ids))
        if entry.partner_ids:
            ids.append("partner " + ", ".join(f"#{i}" for i in entry.partner_ids))
        if entry.licence_ids:
            ids.append("licence " + ", ".join(f"#{i}" for i in entry.licence_ids))
        if entry.consent_ids:
            ids.append("consent form " + ", ".join(f"#{i}" for i in entry.consent_ids))
        words, _colour = URGENCY_STYLE[entry.urgency(self.data.today if self.data else
                                                      date.today())]
        # Titles and names are untrusted text: escaped, never read as markup.
        self.details.setText(
            f"<b>{escape(entry.title)}</b><br>{entry.day.strftime('%A %d %B %Y')} · "
            f"{escape(words)} · {escape(KINDS[entry.kind])}<br>{escape(entry.todo)}"
            + (f"<br><small>{escape(' · '.join(ids))}</small>" if ids else ""))

    def act(self, item: QTreeWidgetItem | None = None) -> None:
        """An entry's main step: open its exhibition (walls, venues), else select its photos."""
        entry = item.data(0, ENTRY_ROLE) if item is not None else self.current_entry()
        if entry is None:
            return
        if entry.kind in EXHIBITION_KINDS and entry.exhibition_ids:
            self.exhibition_requested.emit(entry.exhibition_ids[0])
        elif entry.image_ids:
            self.images_requested.emit(list(entry.image_ids))
        elif entry.exhibition_ids:
            self.exhibition_requested.emit(entry.exhibition_ids[0])

    def select_photos(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.image_ids:
            self.images_requested.emit(list(entry.image_ids))

    def open_exhibition(self) -> None:
        entry = self.current_entry()
        if entry is not None and entry.exhibition_ids:
            self.exhibition_requested.emit(entry.exhibition_ids[0])

    # ------------------------------------------------------------------ exporting
    def export(self, path: Path | None = None, names: bool | None = None) -> None:
        """Write the entries shown as an .ics file (asks where, and whether to name people)."""
        if self.data is None:
            return
        if path is None:
            chosen, _ = QFileDialog.getSaveFileName(
                self, "Export the consent calendar", str(Path.home() / "curator.ics"),
                "iCalendar files (*.ics)")
            if not chosen:
                return
            path = Path(chosen)
        if names is None:
            box = QMessageBox(QMessageBox.Icon.Question, "Export the consent calendar",
                              "Name the people photographed in the calendar file?",
                              QMessageBox.StandardButton.Cancel, self)
            box.setInformativeText(
                "A calendar app may copy the file to a server. Without names, entries say "
                "\"consent form #14 (person #5)\" instead of the person's name.")
            without = box.addButton("Without Names", QMessageBox.ButtonRole.AcceptRole)
            named = box.addButton("With Names", QMessageBox.ButtonRole.YesRole)
            box.setDefaultButton(without)
            box.exec()
            if box.clickedButton() not in (without, named):
                return
            names = box.clickedButton() is named
        workers.run(export_calendar, self.data, path, names,
                    on_result=lambda counts: self._exported(path, counts),
                    on_error=self._export_failed, owner=self)

    def _exported(self, path: Path, counts: dict) -> None:
        self.summary.setText(
            f"Wrote {counts['events']} event(s) to {path} ({counts['new']} new, "
            f"{counts['changed']} changed, {counts['cancelled']} cancelled).")

    def _export_failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, CuratorError) else f"The export failed: {exc}"
        QMessageBox.warning(self, "Export the consent calendar", message)

    # ------------------------------------------------------------------ staying current
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.reload()

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        # Also when hidden: the window's badge counts what falls within 30 days.
        if state == Qt.ApplicationState.ApplicationActive:
            self.reload()
