"""The Exhibitions mode: the list of exhibitions, one exhibition's sequence, its item and
tour editors, and the checks that must pass before it is printed.

Every change calls the core (:mod:`ui.models.exhibition_ops`) in a worker, then reloads
the exhibition, so the sequence, the positions and the validation always show what the
catalogue holds. The checks are re-run after each change, when the mode is shown and when
the application regains focus (a consent withdrawn in another window or from the command
line shows up then).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, Protocol

from PySide6.QtCore import QItemSelectionModel, QRectF, QSize, Qt, QTimer, Signal
from PySide6.QtGui import (
    QAction,
    QColor,
    QGuiApplication,
    QHideEvent,
    QKeySequence,
    QPainter,
    QPalette,
    QPixmap,
    QShowEvent,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QLineEdit,
    QListView,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QTableWidget,
    QTableWidgetItem,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.exhibitions.print_sizes import A_SIZES
from curator.library import Library
from ui import workers
from ui.commands import SequenceCommand
from ui.delegates.thumbnail_delegate import ThumbnailDelegate
from ui.dialogs.crop_dialog import CropDialog
from ui.dialogs.kit_dialog import KitDialog
from ui.dialogs.layout_dialog import LayoutDialog
from ui.dialogs.pack_dialog import PackDialog
from ui.dialogs.trace_dialog import TraceDialog
from ui.dialogs.venue_dialog import VenueDialog
from ui.models import exhibition_ops as ops
from ui.models.exhibition_ops import ExhibitionState
from ui.models.image_model import ImageListModel
from ui.models.sequence_model import (
    ITEM_ROLE,
    SECTION_ROLE,
    SEVERITY_ROLE,
    SectionMark,
    SequenceModel,
    item_text,
)
from ui.panels.coverage_panel import CoveragePanel
from ui.thumbnails import ThumbnailCache

EXH_ROLE = Qt.ItemDataRole.UserRole + 1
POSITION_ROLE = Qt.ItemDataRole.UserRole + 2
BLOCKER_COLOUR = QColor("#c62828")
WARNING_COLOUR = QColor("#e08a00")
NO_SIZE = "No print size"
# Section groups: muted hues that read on light and on neutral dark grey alike.
SECTION_COLOURS = [QColor(c) for c in ("#3f7fbf", "#2e9e6b", "#b5762a", "#8c5fbf",
                                       "#bf4f6f", "#4f9fa8")]


class Host(Protocol):
    library: Library
    thumbs: ThumbnailCache
    previews: ThumbnailCache

    def selected_ids(self) -> list[int]: ...

    def organisation(self) -> str: ...

    @property
    def model(self) -> ImageListModel: ...


def exhibition_line(e: dict) -> str:
    """``Draft · 12 photos · 2025-03-01 – 2025-09-30`` (or ``no venues yet``)."""
    n = e.get("item_count", 0)
    when = f"{e['window'][0]} – {e['window'][1]}" if e.get("window") else "no venues yet"
    return f"{e['status'].capitalize()} · {n} photo{'s' if n != 1 else ''} · {when}"


class SequenceDelegate(QStyledItemDelegate):
    """A sequence cell: its section band (the heading on a section's first photo), the
    thumbnail, its position in a disc, a problem mark, the caption."""

    def __init__(self, size: int = 132, parent=None) -> None:
        super().__init__(parent)
        self.size = size

    def sizeHint(self, option: QStyleOptionViewItem, index) -> QSize:
        return QSize(self.size + 12,
                     self.size + 12 + self._band(option) + option.fontMetrics.height() + 4)

    @staticmethod
    def _band(option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + 6

    def _paint_section(self, painter: QPainter, option: QStyleOptionViewItem,
                       mark: SectionMark) -> None:
        """One band across the group's cells (the view's spacing bridged), the heading and
        an opening bar on its first photo."""
        colour = SECTION_COLOURS[mark.colour % len(SECTION_COLOURS)]
        r = option.rect
        band = self._band(option)
        y = r.y() + band - 4
        left = r.x() + (6 if mark.first else -3)
        right = r.right() - (6 if mark.last else -4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(colour)
        painter.drawRect(QRectF(left, y, right - left, 3))
        # a group that wraps onto a new row names itself again there
        row_start = r.x() < r.width() / 2
        if mark.first or row_start:
            if mark.first:
                painter.drawRect(QRectF(left, r.y() + 3, 3, band - 4))
            font = painter.font()
            font.setBold(mark.first)
            font.setItalic(not mark.first)
            painter.setFont(font)
            painter.setPen(colour.lighter(135) if option.palette.color(
                QPalette.ColorRole.Base).lightness() < 128 else colour.darker(115))
            text = QRectF(left + 7, r.y() + 1, r.width() * 3, band - 5)
            painter.drawText(text, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                             mark.name if mark.first else f"{mark.name} (continued)")
            font.setBold(False)
            font.setItalic(False)
            painter.setFont(font)

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index) -> None:
        item: dict = index.data(ITEM_ROLE) or {}
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = option.palette
        band = self._band(option)
        cell = QRectF(option.rect).adjusted(2, 2 + band, -2, -2)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(cell, 6, 6)
        mark = index.data(SECTION_ROLE)
        if mark is not None:
            self._paint_section(painter, option, mark)
        box = QRectF(option.rect.x() + 6, option.rect.y() + 6 + band, self.size, self.size)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            source = QRectF(pixmap.rect())
            crop = item.get("crop")
            if crop and item.get("width"):  # the panel's crop, as it will print
                k = pixmap.width() / item["width"]
                source = QRectF(crop["x"] * k, crop["y"] * k, crop["w"] * k, crop["h"] * k)
            scaled = source.size().toSize().scaled(box.size().toSize(),
                                                   Qt.AspectRatioMode.KeepAspectRatio)
            photo = QRectF(box.x() + (box.width() - scaled.width()) / 2,
                           box.y() + (box.height() - scaled.height()) / 2,
                           scaled.width(), scaled.height())
            painter.drawPixmap(photo, pixmap, source)
        else:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Mid))
            painter.drawRect(box)
            photo = box
        disc = QRectF(photo.x() + 4, photo.y() + 4, 26, 22)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 170))
        painter.drawRoundedRect(disc, 6, 6)
        painter.setPen(QColor("white"))
        painter.drawText(disc, Qt.AlignmentFlag.AlignCenter, str(item.get("position", "")))
        severity = index.data(SEVERITY_ROLE)
        if severity:
            colour = BLOCKER_COLOUR if severity == "blocker" else WARNING_COLOUR
            mark = QRectF(photo.right() - 26, photo.y() + 4, 22, 22)
            painter.setBrush(colour)
            painter.setPen(QColor("white"))
            painter.drawEllipse(mark)
            painter.drawText(mark, Qt.AlignmentFlag.AlignCenter,
                             "✕" if severity == "blocker" else "!")
        painter.setPen(pal.color(QPalette.ColorRole.HighlightedText if selected
                                 else QPalette.ColorRole.Text))
        text = item_text(item)
        line = QRectF(box.x(), box.bottom() + 2, box.width(), option.fontMetrics.height() + 2)
        painter.drawText(line, Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         option.fontMetrics.elidedText(text, Qt.TextElideMode.ElideRight,
                                                       int(box.width())))
        painter.restore()


class SequenceView(QListView):
    """The sequence: a wrapping grid in order; photos dropped here join it."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setFlow(QListView.Flow.LeftToRight)
        self.setWrapping(True)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Snap)
        self.setSpacing(4)
        self.setUniformItemSizes(True)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragDrop)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)
        self.setDropIndicatorShown(True)
        self.setAccessibleName("Sequence")


class ItemEditor(QWidget):
    """One item's exhibition caption, label text, section and print size."""

    apply_requested = Signal(dict)
    crop_requested = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.heading = QLabel("Select a photo of the sequence to describe it here.")
        self.heading.setWordWrap(True)
        self.caption = QLineEdit()
        self.caption.setAccessibleName("Exhibition caption")
        self.label = QPlainTextEdit()
        self.label.setAccessibleName("Label text")
        self.label.setPlaceholderText("The wall label's text (optional)")
        self.label.setFixedHeight(90)
        self.section = QLineEdit()
        self.section.setAccessibleName("Section")
        self.section.setPlaceholderText("e.g. Mornings")
        self.print_size = QComboBox()
        self.print_size.setEditable(True)
        self.print_size.addItems([NO_SIZE, *A_SIZES])
        self.print_size.setAccessibleName("Print size")
        self.print_size.setToolTip("A4…A0, or a custom size in millimetres such as 500x700")
        self.orientation = QComboBox()
        self.orientation.addItems(["As the photo", "portrait", "landscape"])
        self.orientation.setAccessibleName("Orientation")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setShortcut(QKeySequence("Ctrl+Return"))
        self.apply_button.setToolTip("Save these fields for the selected photo (Ctrl+Return)")
        self.apply_button.clicked.connect(lambda _c=False: self.apply_requested.emit(self.values()))
        self.crop_button = QPushButton("Crop…")
        self.crop_button.setToolTip("Choose the part of the photo the panel shows")
        self.crop_button.clicked.connect(lambda _c=False: self.crop_requested.emit())
        form = QFormLayout()
        form.addRow("&Caption:", self.caption)
        form.addRow("&Label:", self.label)
        form.addRow("&Section:", self.section)
        form.addRow("&Print size:", self.print_size)
        form.addRow("&Orientation:", self.orientation)
        v = QVBoxLayout(self)
        v.addWidget(self.heading)
        v.addLayout(form)
        buttons = QHBoxLayout()
        buttons.addWidget(self.crop_button)
        buttons.addStretch()
        buttons.addWidget(self.apply_button)
        v.addLayout(buttons)
        v.addStretch()
        self.show_item(None, False)

    def show_item(self, item: dict | None, editable: bool) -> None:
        self.item = item
        for w in (self.caption, self.label, self.section, self.print_size, self.orientation,
                  self.apply_button, self.crop_button):
            w.setEnabled(item is not None and editable)
        item = item or {}
        if self.item is not None:
            self.heading.setText(f"<b>Position {item['position']}</b> · {item['file_name']}"
                                 + ("" if editable else "<br>Final: reopen it to change items."))
        else:
            self.heading.setText("Select a photo of the sequence to describe it here.")
        self.caption.setText(item.get("caption_override") or "")
        self.caption.setPlaceholderText(item.get("catalogue_caption")
                                        or "No caption in the catalogue either")
        self.label.setPlainText(item.get("label") or "")
        self.section.setText(item.get("section") or "")
        self.print_size.setCurrentText(item.get("print_label") or NO_SIZE)
        self.orientation.setCurrentIndex(0)

    def values(self) -> dict:
        size = self.print_size.currentText().strip()
        changes: dict[str, Any] = {
            "caption": self.caption.text() or None,
            "label": self.label.toPlainText() or None,
            "section": self.section.text() or None,
            "print_size": None if size in ("", NO_SIZE) else size,
        }
        if self.orientation.currentIndex() > 0 and changes["print_size"]:
            changes["orientation"] = self.orientation.currentText()
        return changes


class TourEditor(QWidget):
    """The venues of the tour, in date order."""

    def __init__(self, editor: ExhibitionEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.table = QTableWidget(0, 5)
        self.table.setHorizontalHeaderLabels(["Venue", "Opens", "Closes", "Contact", "Address"])
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.verticalHeader().setVisible(False)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Venues")
        self.table.doubleClicked.connect(lambda _i: self.edit_venue())
        self.add_button = QPushButton("Add Venue…")
        self.edit_button = QPushButton("Edit…")
        self.remove_button = QPushButton("Remove")
        self.add_button.clicked.connect(lambda _c=False: self.add_venue())
        self.edit_button.clicked.connect(lambda _c=False: self.edit_venue())
        self.remove_button.clicked.connect(lambda _c=False: self.remove_venue())
        bar = QHBoxLayout()
        for b in (self.add_button, self.edit_button, self.remove_button):
            bar.addWidget(b)
        bar.addStretch()
        v = QVBoxLayout(self)
        v.addWidget(self.table)
        v.addLayout(bar)
        self.venues: list[dict] = []

    def show_venues(self, venues: list[dict], enabled: bool) -> None:
        self.venues = venues
        self.table.setRowCount(len(venues))
        for r, venue in enumerate(venues):
            for c, key in enumerate(("name", "opens", "closes", "contact", "address")):
                cell = QTableWidgetItem(venue.get(key) or "")
                cell.setToolTip("\n".join(x for x in (venue.get(key), venue.get("notes"))
                                          if x))
                self.table.setItem(r, c, cell)
        self.table.resizeColumnsToContents()
        for b in (self.add_button, self.edit_button, self.remove_button):
            b.setEnabled(enabled)

    def _current(self) -> dict | None:
        row = self.table.currentRow()
        return self.venues[row] if 0 <= row < len(self.venues) else None

    def add_venue(self) -> VenueDialog:
        dialog = VenueDialog(None, self)
        dialog.accepted.connect(lambda: self.editor.change(
            ops.add_venue, **dialog.values(), done="Venue added",
            undo_text=f"Add venue {dialog.values()['name']}", what="tour"))
        dialog.open()
        self.dialog = dialog
        return dialog

    def edit_venue(self) -> VenueDialog | None:
        venue = self._current()
        if venue is None:
            return None
        dialog = VenueDialog(venue, self)
        dialog.accepted.connect(lambda: self.editor.change(
            ops.edit_venue, venue["id"], **dialog.values(), done="Venue changed",
            undo_text=f"Edit venue {venue['name']}", what="tour"))
        dialog.open()
        self.dialog = dialog
        return dialog

    def remove_venue(self) -> None:
        venue = self._current()
        if venue is not None:
            self.editor.change(ops.remove_venue, venue["id"], done="Venue removed",
                               undo_text=f"Remove venue {venue['name']}", what="tour")


class TextsEditor(QWidget):
    """The exhibition's subtitle and statement (the catalogue's cover and first page)."""

    def __init__(self, editor: ExhibitionEditor) -> None:
        super().__init__(editor)
        self.editor = editor
        self.subtitle = QLineEdit()
        self.subtitle.setAccessibleName("Subtitle")
        self.subtitle.setPlaceholderText("e.g. Photographs from Baby Week 2024")
        self.statement = QPlainTextEdit()
        self.statement.setAccessibleName("Statement")
        self.statement.setPlaceholderText("The curator's statement: printed in the catalogue "
                                          "and on the introduction panel")
        self.apply_button = QPushButton("Apply")
        self.apply_button.setToolTip("Save the subtitle and statement (undo with Edit ▸ Undo)")
        self.apply_button.clicked.connect(lambda _c=False: self.apply())
        self.note = QLabel()
        self.note.setWordWrap(True)
        form = QFormLayout()
        form.addRow("S&ubtitle:", self.subtitle)
        form.addRow("S&tatement:", self.statement)
        v = QVBoxLayout(self)
        v.addLayout(form, 1)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.apply_button)
        v.addLayout(row)

    def show_exhibition(self, exhibition: dict | None, editable: bool) -> None:
        exhibition = exhibition or {}
        self.subtitle.setText(exhibition.get("subtitle") or "")
        self.statement.setPlainText(exhibition.get("statement") or "")
        for w in (self.subtitle, self.statement, self.apply_button):
            w.setEnabled(bool(exhibition) and editable)
        self.note.setText("Final: reopen it as a draft to change its texts."
                          if exhibition and not editable else "")

    def values(self) -> dict:
        return {"subtitle": self.subtitle.text() or None,
                "statement": self.statement.toPlainText() or None}

    def apply(self) -> None:
        self.editor.change(ops.edit_texts, **self.values(), done="Texts saved",
                           undo_text="Edit subtitle and statement", what="texts")


class ExhibitionEditor(QWidget):
    """The Exhibitions mode of the main window."""

    changed = Signal()  # after each reload (tests wait on it)

    def __init__(self, host: Host, library_model, library_selection: QItemSelectionModel,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.exh_id: int | None = None
        self.state: ExhibitionState | None = None
        self.exhibitions: list[dict] = []
        self.busy = 0
        self._pending_select: list[int] = []
        self._loads = 0  # reloads asked for; only the newest one's result is shown

        # --- the list of exhibitions
        self.list = QListWidget()
        self.list.setAccessibleName("Exhibitions")
        self.list.setWordWrap(True)
        self.list.currentItemChanged.connect(self._exhibition_chosen)
        self.new_button = QPushButton("New…")
        self.rename_button = QPushButton("Rename…")
        self.duplicate_button = QPushButton("Duplicate")
        self.duplicate_button.setToolTip("A new draft with the same photos (a new tour of "
                                         "an old set; venues are not copied)")
        self.delete_button = QPushButton("Delete…")
        for b, slot in ((self.new_button, self.new_exhibition),
                        (self.rename_button, self.rename_exhibition),
                        (self.duplicate_button, self.duplicate_exhibition),
                        (self.delete_button, self.delete_exhibition)):
            b.clicked.connect(lambda _c=False, s=slot: s())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(6, 6, 0, 6)
        lv.addWidget(QLabel("<b>Exhibitions</b>"))
        lv.addWidget(self.list)
        grid = QHBoxLayout()
        grid.addWidget(self.new_button)
        grid.addWidget(self.rename_button)
        lv.addLayout(grid)
        grid = QHBoxLayout()
        grid.addWidget(self.duplicate_button)
        grid.addWidget(self.delete_button)
        lv.addLayout(grid)

        # --- the sequence
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.status_button = QPushButton("Finalise")
        self.status_button.clicked.connect(lambda _c=False: self.toggle_status())
        self.add_button = QPushButton("Add Selected Photos")
        self.add_button.setToolTip("Add the photos selected in the library strip below (or "
                                   "in the Library mode) at the end of the sequence")
        self.add_button.clicked.connect(lambda _c=False: self.add_selected())
        self.remove_button = QPushButton("Remove")
        self.remove_button.setToolTip("Take the selected photos out of the sequence (Delete)")
        self.remove_button.clicked.connect(lambda _c=False: self.remove_selected())
        self.left_button = QPushButton("◀")
        self.left_button.setToolTip("Move the selected photos one place earlier (Alt+Left)")
        self.left_button.clicked.connect(lambda _c=False: self.move_selected(-1))
        self.right_button = QPushButton("▶")
        self.right_button.setToolTip("Move the selected photos one place later (Alt+Right)")
        self.right_button.clicked.connect(lambda _c=False: self.move_selected(+1))
        for b in (self.left_button, self.right_button):
            b.setFixedWidth(b.fontMetrics().horizontalAdvance("◀") + 28)
        self.pack_button = QPushButton("Send Pack…")
        self.pack_button.setToolTip("A licensed pack of this exhibition's photos for a partner")
        self.pack_button.clicked.connect(lambda _c=False: self.send_pack())
        self.kit_button = QPushButton("Send Kit…")
        self.kit_button.setToolTip("A campaign's comms kit for a partner: social crops, "
                                   "post texts and posters of this exhibition's photos")
        self.kit_button.clicked.connect(lambda _c=False: self.send_kit())
        self.print_button = QPushButton("Print…")
        self.print_button.setToolTip("Panels, wall labels or a catalogue as a print-ready PDF")
        self.print_button.clicked.connect(lambda _c=False: self.print_layout())
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        for b in (self.add_button, self.remove_button, self.left_button, self.right_button,
                  self.status_button, self.pack_button, self.kit_button, self.print_button):
            head.addWidget(b)

        self.model = SequenceModel(host.thumbs, self)
        self.model.add_requested.connect(lambda ids, at: self.add_images(ids, at))
        self.model.move_requested.connect(lambda positions, to: self.move_items(positions, to))
        self.sequence = SequenceView()
        self.sequence.setModel(self.model)
        self.sequence.setItemDelegate(SequenceDelegate(132, self.sequence))
        self.sequence.selectionModel().selectionChanged.connect(lambda *_a: self._item_chosen())
        self.hint = QLabel()
        self.hint.setWordWrap(True)

        for text, keys, slot in (("Move Earlier", "Alt+Left", lambda: self.move_selected(-1)),
                                 ("Move Later", "Alt+Right", lambda: self.move_selected(+1)),
                                 ("Remove from Sequence", "Delete", self.remove_selected)):
            action = QAction(text, self.sequence)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            action.triggered.connect(lambda _c=False, s=slot: s())
            self.sequence.addAction(action)

        # the library as a strip to drag from: the main grid's model and selection
        self.strip = QListView()
        self.strip.setModel(library_model)
        self.strip.setSelectionModel(library_selection)
        self.strip.setViewMode(QListView.ViewMode.IconMode)
        self.strip.setFlow(QListView.Flow.LeftToRight)
        self.strip.setWrapping(False)
        self.strip.setMovement(QListView.Movement.Static)
        self.strip.setUniformItemSizes(True)
        self.strip.setItemDelegate(ThumbnailDelegate(self.strip, thumb_size=100))
        self.strip.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.strip.setDragEnabled(True)
        self.strip.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.strip.setFixedHeight(176)
        self.strip.setAccessibleName("Library photos")
        self.strip_label = QLabel("Library (as filtered in the Library mode) — drag photos "
                                  "into the sequence, or select them and press "
                                  "“Add Selected Photos”")
        centre = QWidget()
        cv = QVBoxLayout(centre)
        cv.setContentsMargins(0, 6, 0, 6)
        cv.addLayout(head)
        cv.addWidget(self.hint)
        cv.addWidget(self.sequence, 1)
        cv.addWidget(self.strip_label)
        cv.addWidget(self.strip)

        # --- item, tour and checks
        self.item_editor = ItemEditor()
        self.item_editor.apply_requested.connect(self.apply_item)
        self.item_editor.crop_requested.connect(lambda: self.crop_item())
        self.tour = TourEditor(self)
        self.texts = TextsEditor(self)
        self.tabs = QTabWidget()
        self.tabs.addTab(self.item_editor, "Photo")
        self.tabs.addTab(self.tour, "Tour")
        self.tabs.addTab(self.texts, "Texts")
        self.coverage = CoveragePanel()
        self.coverage.by_changed.connect(lambda _by: self.reload_coverage())
        self.coverage.show_requested.connect(self.show_cleared)
        self.tabs.addTab(self.coverage, "Coverage")
        self.tabs.setTabToolTip(self.tabs.indexOf(self.coverage),
                                "Whose places, events and years this exhibition shows, "
                                "against everything cleared for its tour")
        self._coverage_stale = True
        self.tabs.currentChanged.connect(lambda _i: self._coverage_tab_shown())
        self.checks_title = QLabel()
        self.checks = QListWidget()
        self.checks.setAccessibleName("Checks")
        self.checks.setWordWrap(True)
        self.checks.setIconSize(QSize(40, 40))
        self.checks.itemClicked.connect(self._check_clicked)
        self._waiting_icons: dict[str, list[QListWidgetItem]] = {}
        host.thumbs.ready.connect(self._check_thumbnail_ready)
        checks = QWidget()
        chv = QVBoxLayout(checks)
        chv.setContentsMargins(0, 0, 0, 0)
        chv.addWidget(self.checks_title)
        chv.addWidget(self.checks)
        right = QSplitter(Qt.Orientation.Vertical)
        right.addWidget(self.tabs)
        right.addWidget(checks)
        right.setSizes([380, 400])
        self.right = right
        self._checks_sizes: list[int] | None = None

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(left)
        self.splitter.addWidget(centre)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setSizes([250, 700, 380])
        self.splitter.setChildrenCollapsible(False)
        v = QVBoxLayout(self)
        v.setContentsMargins(0, 0, 0, 0)
        v.addWidget(self.splitter)

        QGuiApplication.instance().applicationStateChanged.connect(self._app_state_changed)
        # Consent withdrawn in another window or from the command line: seen within a second.
        self._stamp: tuple[int, ...] | None = None
        self.watch = QTimer(self)
        self.watch.setInterval(1000)
        self.watch.timeout.connect(self._check_catalogue)
        self._show_state()

    # ------------------------------------------------------------------ loading
    def set_library(self) -> None:
        self.exh_id, self.state = None, None
        self.reload_list()

    def open_exhibition(self, exh_id: int) -> None:
        """Show exhibition ``exh_id`` (the calendar's entries open theirs)."""
        self.exh_id = exh_id
        self.reload_list(select=exh_id)

    def reload_list(self, select: int | None = None) -> None:
        self._run(ops.list_exhibitions, self.host.library,
                  on_result=lambda rows: self._list_loaded(rows, select))

    def _list_loaded(self, rows: list[dict], select: int | None) -> None:
        self.exhibitions = rows
        want = select if select is not None else self.exh_id
        self.list.blockSignals(True)
        self.list.clear()
        current = None
        for e in rows:
            item = QListWidgetItem(f"{e['title']}\n{exhibition_line(e)}")
            item.setData(EXH_ROLE, e["id"])
            item.setToolTip(f"#{e['id']} {e['title']}")
            self.list.addItem(item)
            if e["id"] == want:
                current = item
        if current is None and self.list.count():
            current = self.list.item(0)
        self.list.blockSignals(False)
        if current is not None:
            self.list.setCurrentItem(current)  # loads it
        else:
            self.exh_id, self.state = None, None
            self._show_state()
            self.changed.emit()

    def _exhibition_chosen(self, item: QListWidgetItem | None, _previous=None) -> None:
        self.exh_id = item.data(EXH_ROLE) if item is not None else None
        self.reload()

    def reload(self, select_positions: list[int] | None = None) -> None:
        """Reload the exhibition (items, venues, checks)."""
        if select_positions is not None:
            self._pending_select = select_positions
        elif self.state is not None:
            self._pending_select = [i["position"] for i in self.selected_items()]
        if self.exh_id is None:
            self.state = None
            self._show_state()
            return
        exh_id = self.exh_id
        # Loads run in workers and may finish out of order: a load begun before an edit
        # committed must not replace the newer one's state. The stamp is taken before the
        # read, so a write that lands during it still differs and brings another reload.
        self._loads += 1
        load, stamp = self._loads, ops.catalogue_stamp(self.host.library)
        self._run(ops.load_exhibition, self.host.library, exh_id,
                  on_result=lambda s: self._loaded(exh_id, s, load, stamp))

    def _loaded(self, exh_id: int, state: ExhibitionState, load: int = 0,
                stamp: tuple[int, ...] | None = None) -> None:
        if exh_id != self.exh_id or (load and load != self._loads):
            return
        self._stamp = stamp if stamp is not None else ops.catalogue_stamp(self.host.library)
        self.state = state
        self._show_state()
        sel = self.sequence.selectionModel()
        sel.clearSelection()
        for p in self._pending_select:
            if 1 <= p <= self.model.rowCount():
                idx = self.model.index(p - 1, 0)
                sel.select(idx, QItemSelectionModel.SelectionFlag.Select)
                sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._pending_select = []
        self._item_chosen()
        self._update_list_line()
        self._coverage_stale = True
        self._coverage_tab_shown()
        self.changed.emit()

    def _update_list_line(self) -> None:
        item = self.list.currentItem()
        if item is None or self.state is None:
            return
        e = self.state.exhibition
        row = {**e, "item_count": len(self.state.items),
               "window": ([self.state.venues[0]["opens"],
                           max(v["closes"] for v in self.state.venues)]
                          if self.state.venues else None)}
        item.setText(f"{e['title']}\n{exhibition_line(row)}")

    def _show_state(self) -> None:
        state = self.state
        has = state is not None
        final = has and state.exhibition["status"] == "final"
        for b in (self.rename_button, self.duplicate_button, self.delete_button,
                  self.status_button, self.pack_button, self.kit_button, self.print_button):
            b.setEnabled(has)
        for b in (self.add_button, self.remove_button, self.left_button, self.right_button):
            b.setEnabled(has and not final)
        self.delete_button.setEnabled(has and not final)
        self.model.editable = has and not final
        if not has:
            self.title.setText("<h3>No exhibition chosen</h3>")
            self.hint.setText("Create an exhibition with “New…” on the left, then drag photos "
                              "from the library strip into it." if not self.exhibitions
                              else "Choose an exhibition on the left.")
            self.model.set_items([])
            self.tour.show_venues([], False)
            self.texts.show_exhibition(None, False)
            self.checks.clear()
            self.checks_title.setText("")
            self.item_editor.show_item(None, False)
            self.coverage.set_report(None)
            return
        e = state.exhibition
        self.title.setText(f"<h3>{_html(e['title'])} <span style='font-weight:normal'>"
                           f"— {'Final' if final else 'Draft'}</span></h3>")
        self.status_button.setText("Reopen as Draft" if final else "Finalise…")
        n = len(state.items)
        if final:
            self.hint.setText("Final: the sequence is frozen. Reopen it as a draft to change "
                              "photos or texts; the tour's venues can still change.")
        elif not n:
            self.hint.setText("No photos yet: drag them from the library strip below, or "
                              "select some and press “Add Selected Photos”.")
        else:
            self.hint.setText(f"{n} photo{'s' if n != 1 else ''}. Drag to reorder "
                              "(or Alt+← / Alt+→); Delete removes the selected ones.")
        severity: dict[int, str] = {}
        for p in state.report.problems if state.report else []:
            if p.position is not None and severity.get(p.position) != "blocker":
                severity[p.position] = p.severity
        self.model.set_items(state.items, severity)
        self.tour.show_venues(state.venues, True)
        self.texts.show_exhibition(e, not final)
        self._show_checks()

    def _show_checks(self) -> None:
        self.checks.clear()
        self._waiting_icons = {}
        report = self.state.report if self.state else None
        if report is None:
            return
        b, w = len(report.blockers), len(report.warnings)
        if not b and not w:
            self.checks_title.setText("<b>Checks:</b> all clear — ready to print and send.")
        else:
            self.checks_title.setText(
                f"<b>Checks:</b> <span style='color:{BLOCKER_COLOUR.name()}'>"
                f"{b} blocker{'s' if b != 1 else ''}</span> (must be fixed before printing), "
                f"{w} warning{'s' if w != 1 else ''}")
        by_position = {i["position"]: i for i in self.state.items}
        for p in report.problems:
            where = "Tour" if p.position is None else f"#{p.position}"
            mark = "✕ BLOCKER" if p.severity == "blocker" else "! warning"
            item = QListWidgetItem(f"{mark} · {where}: {p.message}")
            item.setForeground(BLOCKER_COLOUR if p.severity == "blocker"
                               else self.palette().color(QPalette.ColorRole.Text))
            item.setData(POSITION_ROLE, p.position)
            row = by_position.get(p.position)
            if row is not None:
                # get(), not peek(): a photo not yet in the cache is loaded off the GUI
                # thread and its icon set when it arrives (_check_thumbnail_ready).
                pixmap = self.host.thumbs.get(row["sha256"], row["image_id"])
                if pixmap is not None:
                    item.setIcon(pixmap)
                else:
                    self._waiting_icons.setdefault(row["sha256"], []).append(item)
            self.checks.addItem(item)

    def _check_thumbnail_ready(self, sha: str) -> None:
        pixmap = self.host.thumbs.peek(sha)
        for item in self._waiting_icons.pop(sha, []):
            if pixmap is not None:  # the list is rebuilt (and this dict emptied) together
                item.setIcon(pixmap)

    # ------------------------------------------------------------------ coverage
    def _coverage_tab_shown(self) -> None:
        """The figures are worked out while the Coverage tab is shown, after each change;
        the chart then takes most of the column (the checks keep a strip below)."""
        showing = self.tabs.currentWidget() is self.coverage
        if showing and self._checks_sizes is None:
            self._checks_sizes = self.right.sizes()
            total = sum(self._checks_sizes)
            self.right.setSizes([int(total * 0.74), total - int(total * 0.74)])
        elif not showing and self._checks_sizes is not None:
            self.right.setSizes(self._checks_sizes)
            self._checks_sizes = None
        if showing and self._coverage_stale:
            self.reload_coverage()

    def reload_coverage(self) -> None:
        self._coverage_stale = False
        if self.exh_id is None:
            self.coverage.set_report(None)
            return
        exh_id, by = self.exh_id, self.coverage.dimension()

        def shown(report) -> None:
            if exh_id == self.exh_id and by == self.coverage.dimension():
                self.coverage.set_report(report)
        self._run(ops.exhibition_coverage, self.host.library, exh_id, by, on_result=shown)

    def show_cleared(self, bucket) -> None:
        """The Library, showing the bucket's cleared photos that are not in the exhibition."""
        show = getattr(self.host, "show_only", None)
        if show is None or not bucket.available_ids or self.state is None:
            return
        title = self.state.exhibition["title"]
        show(list(bucket.available_ids),
             f"{bucket.label} · cleared, not in “{title}”")

    def _check_clicked(self, item: QListWidgetItem) -> None:
        position = item.data(POSITION_ROLE)
        if position:
            self.select_positions([position])

    def select_positions(self, positions: list[int]) -> None:
        sel = self.sequence.selectionModel()
        sel.clearSelection()
        for p in positions:
            if 1 <= p <= self.model.rowCount():
                idx = self.model.index(p - 1, 0)
                sel.select(idx, QItemSelectionModel.SelectionFlag.Select)
                sel.setCurrentIndex(idx, QItemSelectionModel.SelectionFlag.NoUpdate)
                self.sequence.scrollTo(idx)
        self.tabs.setCurrentWidget(self.item_editor)

    def selected_items(self) -> list[dict]:
        rows = sorted(i.row() for i in self.sequence.selectionModel().selectedIndexes())
        items = self.model.items()
        return [items[r] for r in rows if r < len(items)]

    def _item_chosen(self) -> None:
        chosen = self.selected_items()
        editable = self.model.editable
        self.item_editor.show_item(chosen[0] if len(chosen) == 1 else None, editable)

    # ------------------------------------------------------------------ changes
    def _run(self, fn: Callable[..., Any], *args: Any, on_result=None, **kwargs: Any) -> None:
        self.busy += 1

        def done() -> None:
            self.busy -= 1
        workers.run(fn, *args, on_result=on_result, on_error=self._failed, on_done=done,
                    owner=self, **kwargs)

    def _failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, CuratorError) else f"That did not work: {exc}"
        QMessageBox.warning(self, "Exhibitions", message)
        self.reload()

    def change(self, fn: Callable[..., Any], *args: Any, done: str = "",
               select: list[int] | Callable | None = None, undo_text: str = "",
               what: str = "items", **kwargs: Any) -> None:
        """Call ``fn(library, exh_id, *args)`` in a worker, then reload.

        With ``undo_text`` the change is a command on the window's undo stack (the one
        tagging uses): Edit ▸ Undo puts the sequence back as it was.
        """
        if self.exh_id is None:
            return

        def finished(exh_id: int, result: Any) -> None:
            if exh_id != self.exh_id:
                return
            positions = select(result) if callable(select) and result is not None else (
                None if callable(select) else select)
            self.reload(positions)
            if done and result is not None:
                self.status_message(done)

        stack = getattr(self.host, "undo_stack", None)
        if undo_text and stack is not None:
            title = self.state.exhibition["title"] if self.state else ""
            stack.push(SequenceCommand(
                f"{undo_text} ({title})", self.host.library, self.exh_id, fn, args, kwargs,
                on_done=finished, on_error=self._failed, on_start=self._begin,
                on_end=self._end, owner=self, what=what))
            return
        exh_id = self.exh_id
        self._run(fn, self.host.library, exh_id, *args,
                  on_result=lambda r: finished(exh_id, r), **kwargs)

    def _begin(self) -> None:
        self.busy += 1

    def _end(self) -> None:
        self.busy -= 1

    def status_message(self, text: str) -> None:
        window = self.window()
        if hasattr(window, "statusBar"):
            window.statusBar().showMessage(text, 4000)

    def add_images(self, image_ids: list[int], at: int | None = None) -> None:
        if not image_ids or self.exh_id is None:
            return
        if at is not None and at > self.model.rowCount():
            at = None
        n = len(image_ids)
        what = f"{n} photo{'s' if n != 1 else ''}"
        self.change(ops.add_items, image_ids, at, done=f"Added {what} to the sequence",
                    select=lambda positions: positions, undo_text=f"Add {what}")

    def drop_image_ids(self, image_ids: list[int]) -> None:
        """Photos dropped on the Exhibitions tab: at the end of the open exhibition."""
        if self.exh_id is None or not self.model.editable:
            self.status_message("Open a draft exhibition to add photos to it"
                                if self.exhibitions else
                                "Create an exhibition (New…) to add photos to it")
            return
        self.add_images(image_ids)

    def add_selected(self) -> None:
        ids = self.host.selected_ids()
        if not ids:
            QMessageBox.information(self, "Add photos",
                                    "Select photos in the library strip (or the Library mode) "
                                    "first.")
            return
        self.add_images(ids)

    def move_items(self, positions: list[int], to: int) -> None:
        n = len(positions)
        self.change(ops.move_items, positions, to, select=lambda new: new,
                    undo_text=f"Move {n} photo{'s' if n != 1 else ''}")

    def move_selected(self, step: int) -> None:
        chosen = [i["position"] for i in self.selected_items()]
        if not chosen or not self.model.editable:
            return
        n = self.model.rowCount()
        if step < 0 and min(chosen) > 1:
            self.move_items(chosen, min(chosen) - 1)
        elif step > 0 and max(chosen) < n:
            self.move_items(chosen, max(chosen) + 2)

    def remove_selected(self) -> None:
        chosen = [i["position"] for i in self.selected_items()]
        if chosen and self.model.editable:
            n = len(chosen)
            self.change(ops.remove_items, chosen,
                        done=f"Removed {n} photo{'s' if n != 1 else ''} from the sequence "
                             "(they stay in the library)", select=[],
                        undo_text=f"Remove {n} photo{'s' if n != 1 else ''}")

    def apply_item(self, changes: dict) -> None:
        item = self.item_editor.item
        if item is not None:
            self.change(ops.update_item, item["image_id"], item["position"], **changes,
                        done="Saved", select=[item["position"]],
                        undo_text=f"Edit photo at position {item['position']}")

    def crop_item(self) -> CropDialog | None:
        item = self.item_editor.item
        if item is None or not self.model.editable:
            return None
        dialog = CropDialog(item, self.host.previews, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(lambda: self.change(
            ops.update_item, item["image_id"], item["position"], crop=dialog.crop(),
            done="Crop saved", select=[item["position"]],
            undo_text=f"Crop photo at position {item['position']}"))
        dialog.open()
        self.crop_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ exhibitions
    def new_exhibition(self) -> None:
        title, ok = QInputDialog.getText(self, "New exhibition", "Title:")
        if ok and title.strip():
            self._run(ops.create, self.host.library, title,
                      on_result=lambda new_id: self.reload_list(new_id))

    def rename_exhibition(self) -> None:
        if self.state is None:
            return
        title, ok = QInputDialog.getText(self, "Rename exhibition", "Title:",
                                         text=self.state.exhibition["title"])
        if ok and title.strip():
            self._run(ops.rename, self.host.library, self.exh_id, title,
                      on_result=lambda _r: self.reload_list())

    def duplicate_exhibition(self) -> None:
        if self.exh_id is not None:
            self._run(ops.duplicate, self.host.library, self.exh_id,
                      on_result=lambda new_id: self.reload_list(new_id))

    def delete_exhibition(self) -> QMessageBox | None:
        if self.state is None:
            return None
        e = self.state.exhibition
        n = len(self.state.items)
        box = QMessageBox(QMessageBox.Icon.Warning, "Delete exhibition",
                          f"Delete “{e['title']}” with its sequence of {n} photo"
                          f"{'s' if n != 1 else ''} and its {len(self.state.venues)} "
                          "venue(s)?\n\nThe photos stay in the library.",
                          QMessageBox.StandardButton.Cancel, self)
        delete = box.addButton("Delete", QMessageBox.ButtonRole.DestructiveRole)
        exh_id = self.exh_id
        box.buttonClicked.connect(lambda b: self._run(
            ops.delete, self.host.library, exh_id,
            on_result=lambda _r: self.reload_list()) if b is delete else None)
        box.open()
        self.confirm = box
        return box

    def toggle_status(self) -> None:
        if self.state is None:
            return
        final = self.state.exhibition["status"] == "final"
        self._run(ops.set_status, self.host.library, self.exh_id,
                  "draft" if final else "final",
                  on_result=lambda report: self._status_changed(report, not final))

    def _status_changed(self, report, finalised: bool) -> None:
        self.reload_list()
        if finalised and report.blockers:
            n = len(report.blockers)
            QMessageBox.warning(
                self, "Finalised with blockers",
                f"The exhibition is final, but {n} blocker{'s' if n != 1 else ''} stand: it "
                "cannot be printed or sent until they are fixed (see Checks).")

    # ------------------------------------------------------------------ exports
    def send_pack(self) -> PackDialog:
        """The pack dialog for this exhibition (or the library selection)."""
        exhibition = self.state.exhibition if self.state is not None else None
        dialog = PackDialog(self.host.library, exhibition=exhibition,
                            selection=self.host.selected_ids(),
                            filtered=self.host.model.target_ids(),
                            organisation=self.host.organisation(), parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.pack_dialog = dialog
        return dialog

    def send_kit(self) -> KitDialog:
        """The comms kit dialog for this exhibition (or the library selection)."""
        exhibition = self.state.exhibition if self.state is not None else None
        dialog = KitDialog(self.host.library, self.host.previews, exhibition=exhibition,
                           selection=self.host.selected_ids(), thumbs=self.host.thumbs,
                           parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.kit_dialog = dialog
        return dialog

    def print_layout(self) -> LayoutDialog | None:
        if self.state is None:
            QMessageBox.information(self, "Print exhibition",
                                    "Choose an exhibition in the Exhibitions mode first.")
            return None
        dialog = LayoutDialog(self.host.library, self.state.exhibition, parent=self,
                              selection=self.host.selected_ids())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.layout_dialog = dialog
        return dialog

    def trace_selected(self) -> TraceDialog | None:
        ids = [i["image_id"] for i in self.selected_items()]
        if not ids:
            return None
        dialog = TraceDialog(self.host.library, image_ids=ids, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.trace_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ staying current
    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self._stamp = ops.catalogue_stamp(self.host.library)
        self.watch.start()
        self.reload_list()

    def hideEvent(self, event: QHideEvent) -> None:
        self.watch.stop()
        super().hideEvent(event)

    def _check_catalogue(self) -> None:
        stamp = ops.catalogue_stamp(self.host.library)
        if stamp != self._stamp and self.busy == 0:
            self._stamp = stamp
            self.reload()

    def _app_state_changed(self, state: Qt.ApplicationState) -> None:
        if state == Qt.ApplicationState.ApplicationActive and self.isVisible():
            self.reload()


def _html(text: str) -> str:
    return (text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;"))

