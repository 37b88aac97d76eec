"""The library sidebar: filters with counts (years, events, shoots …), combinable."""

from __future__ import annotations

from dataclasses import fields, replace

from PySide6.QtCore import QPointF, Qt, QTimer, Signal
from PySide6.QtGui import QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import (
    QHeaderView,
    QLabel,
    QLineEdit,
    QTreeWidget,
    QTreeWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.search.facets import FACETS, Facet, is_multi
from curator.search.query import ImageFilter
from ui.badges import paint_status_badge, status_style

SECTION_TITLES = {"year": "Years", "event": "Events", "shoot": "Shoots",
                  "keywords": "Keywords", "consent": "Consent status",
                  "cleared_for": "Cleared today for"}
FACET_ROLE = Qt.ItemDataRole.UserRole + 1
VALUE_ROLE = Qt.ItemDataRole.UserRole + 2
CHOSEN = "image_ids"  # the row of a set of photos chosen elsewhere (coverage)


class Sidebar(QWidget):
    """Emits :attr:`filter_changed` with a new ImageFilter whenever the curator picks one."""

    filter_changed = Signal(object)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Filters")
        self.filter = ImageFilter()
        self.chosen_label = ""  # how the photos of filter.image_ids were chosen
        self._collapsed: set[str] = set()
        layout = QVBoxLayout(self)
        layout.setContentsMargins(6, 6, 0, 6)
        self.search = QLineEdit()
        self.search.setPlaceholderText("Search captions, keywords, file names…")
        self.search.setClearButtonEnabled(True)
        self.search.setAccessibleName("Search")
        self._search_timer = QTimer(self, singleShot=True, interval=250)
        self._search_timer.timeout.connect(self._search_now)
        self.search.textChanged.connect(lambda _t: self._search_timer.start())
        layout.addWidget(self.search)
        self.tree = QTreeWidget()
        self.tree.setHeaderHidden(True)
        self.tree.setColumnCount(2)
        self.tree.setRootIsDecorated(True)
        self.tree.setIndentation(12)
        self.tree.setUniformRowHeights(True)
        header = self.tree.header()
        header.setStretchLastSection(False)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.ResizeToContents)
        # Names read from the start ("Baby Week 2023 — launch day, Central Li…"); the
        # whole name is in the tooltip.
        self.tree.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.tree.setAccessibleName("Filter by year, event and shoot")
        self.tree.itemClicked.connect(self._clicked)
        self.tree.itemActivated.connect(self._clicked)
        self.tree.itemCollapsed.connect(lambda it: self._collapsed.add(it.data(0, FACET_ROLE)))
        self.tree.itemExpanded.connect(lambda it: self._collapsed.discard(it.data(0, FACET_ROLE)))
        layout.addWidget(self.tree)
        self.hint = QLabel("Click a value to filter; click it again to clear.")
        self.hint.setWordWrap(True)
        self.hint.setStyleSheet("color: palette(mid);")
        layout.addWidget(self.hint)

    def set_facets(self, facets: dict[str, list[Facet]], total: int, shown: int) -> None:
        """Rebuild the tree from fresh counts, keeping what is chosen and collapsed."""
        tree = self.tree
        tree.blockSignals(True)
        tree.clear()
        all_item = QTreeWidgetItem(["All photos", str(total)])
        all_item.setData(0, FACET_ROLE, "")
        self._style_count(all_item)
        if self._active_count() == 0:
            self._bold(all_item)
        tree.addTopLevelItem(all_item)
        if self.filter.image_ids:
            chosen = QTreeWidgetItem([f"✕ {self.chosen_label or 'Chosen photos'}",
                                      str(shown)])
            chosen.setData(0, FACET_ROLE, CHOSEN)
            chosen.setToolTip(0, f"{self.chosen_label}\nClick to show every photo again "
                                 "(other filters stay).")
            self._style_count(chosen)
            self._bold(chosen)
            tree.addTopLevelItem(chosen)
        for name, values in facets.items():
            section = QTreeWidgetItem([SECTION_TITLES.get(name, name.title()), ""])
            section.setData(0, FACET_ROLE, name)
            section.setFlags(Qt.ItemFlag.ItemIsEnabled)
            f = section.font(0)
            f.setBold(True)
            f.setCapitalization(QFont.Capitalization.AllUppercase)
            f.setPointSizeF(f.pointSizeF() * 0.85)
            section.setFont(0, f)
            tree.addTopLevelItem(section)
            if not values:
                empty = QTreeWidgetItem(["(none)", ""])
                empty.setFlags(Qt.ItemFlag.NoItemFlags)
                section.addChild(empty)
            for facet in values:
                item = QTreeWidgetItem([_label(name, facet), str(facet.count)])
                item.setData(0, FACET_ROLE, name)
                item.setData(0, VALUE_ROLE, facet.value)
                item.setToolTip(0, _tooltip(name, facet))
                if name == "consent":
                    item.setIcon(0, _status_icon(str(facet.value)))
                self._style_count(item)
                if self.is_chosen(name, facet.value):
                    self._bold(item)
                    item.setSelected(True)
                section.addChild(item)
            section.setExpanded(name not in self._collapsed)
        tree.blockSignals(False)
        n = self._active_count()
        self.hint.setText(f"{shown} of {total} photos shown. Click a chosen value again to clear it."
                          if n else "Click a value to filter; choices in different sections "
                          "combine.")

    def show_only(self, image_ids: list[int], label: str) -> None:
        """Show exactly ``image_ids`` (no other filter), named ``label`` at the top."""
        self.chosen_label = label
        self.filter = ImageFilter(image_ids=list(image_ids))
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filter_changed.emit(self.filter)

    def clear(self) -> None:
        self.chosen_label = ""
        self.filter = ImageFilter()
        self.search.blockSignals(True)
        self.search.clear()
        self.search.blockSignals(False)
        self.filter_changed.emit(self.filter)

    def is_chosen(self, name: str, value: object) -> bool:
        current = getattr(self.filter, FACETS[name][0], None)
        if is_multi(name):
            return value in (current or [])
        return current is not None and current == value

    def choose(self, name: str, value: object) -> None:
        """Filter by facet ``name`` = ``value``, or un-choose it if it was chosen.

        Choices in one multi-valued facet (keywords, consent) add up; in the others a new
        choice replaces the old.
        """
        field_name = FACETS[name][0]
        current = getattr(self.filter, field_name)
        if is_multi(name):
            chosen = list(current or [])
            chosen = [v for v in chosen if v != value] if value in chosen else chosen + [value]
            new = chosen
        else:
            new = None if current == value else value
        self.filter = replace(self.filter, **{field_name: new})
        self.filter_changed.emit(self.filter)

    def _clicked(self, item: QTreeWidgetItem, _column: int = 0) -> None:
        name = item.data(0, FACET_ROLE)
        if name == "":
            self.clear()
            return
        if name == CHOSEN:
            self.chosen_label = ""
            self.filter = replace(self.filter, image_ids=[])
            self.filter_changed.emit(self.filter)
            return
        value = item.data(0, VALUE_ROLE)
        if name and value is not None:
            self.choose(name, value)

    def _search_now(self) -> None:
        text = self.search.text().strip() or None
        self.filter = replace(self.filter, text=text)
        self.filter_changed.emit(self.filter)

    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def _active_count(self) -> int:
        return sum(1 for f in fields(self.filter)
                   if f.name != "today" and getattr(self.filter, f.name) not in (None, []))

    @staticmethod
    def _bold(item: QTreeWidgetItem) -> None:
        for col in (0, 1):
            f = item.font(col)
            f.setBold(True)
            item.setFont(col, f)

    @staticmethod
    def _style_count(item: QTreeWidgetItem) -> None:
        item.setTextAlignment(1, Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter)
        item.setForeground(1, item.foreground(1).color().lighter(100))


def _label(name: str, facet: Facet) -> str:
    if name == "consent":
        return status_style(str(facet.value)).label
    if name == "keywords":
        return facet.label.replace("|", " › ")
    return facet.label


def _tooltip(name: str, facet: Facet) -> str:
    photos = f"{facet.count:,} photo{'s' if facet.count != 1 else ''}"
    if name == "consent":
        return f"{status_style(str(facet.value)).meaning} ({facet.value}): {photos}"
    if name == "cleared_for":
        return f"{photos} cleared today for {facet.value} use"
    return f"{_label(name, facet)}\n{photos}"


_icons: dict[str, QIcon] = {}


def _status_icon(status: str) -> QIcon:
    if status not in _icons:
        pm = QPixmap(16, 16)
        pm.fill(Qt.GlobalColor.transparent)
        p = QPainter(pm)
        paint_status_badge(p, QPointF(0, 0), status, compact=True, height=16)
        p.end()
        _icons[status] = QIcon(pm)
    return _icons[status]
