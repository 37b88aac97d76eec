"""An exhibition's sequence as a Qt model, and the drag-and-drop it speaks.

The model holds the items the core returned and writes nothing itself: a drop emits
:attr:`SequenceModel.add_requested` (photos from the library) or
:attr:`SequenceModel.move_requested` (items of the sequence), and the editor calls the
core in a worker, then reloads. Library photos travel as :data:`IMAGE_IDS_MIME`, items of
the sequence as :data:`POSITIONS_MIME` (JSON lists), so the two never mix up.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QByteArray,
    QMimeData,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    Signal,
)

from ui.thumbnails import ThumbnailCache

IMAGE_IDS_MIME = "application/x-curator-image-ids"
POSITIONS_MIME = "application/x-curator-sequence-positions"
ITEM_ROLE = Qt.ItemDataRole.UserRole + 1
SEVERITY_ROLE = Qt.ItemDataRole.UserRole + 2
SECTION_ROLE = Qt.ItemDataRole.UserRole + 3  # SectionMark or None

_Index = QModelIndex | QPersistentModelIndex


def encode_ids(mime_type: str, values: list[int]) -> QMimeData:
    data = QMimeData()
    data.setData(mime_type, QByteArray(json.dumps([int(v) for v in values]).encode()))
    return data


def decode_ids(data: QMimeData, mime_type: str) -> list[int]:
    if not data.hasFormat(mime_type):
        return []
    try:
        values = json.loads(bytes(data.data(mime_type).data()).decode())
    except ValueError:
        return []
    return [int(v) for v in values if isinstance(v, int)]


@dataclass(frozen=True)
class SectionMark:
    """Where an item sits in its section: the run of neighbours sharing a section name is
    drawn as one group, its first item carrying the heading."""

    name: str
    first: bool  # the heading goes here
    last: bool
    colour: int  # the n-th section name met, for a colour of its own


def section_marks(items: list[dict]) -> list[SectionMark | None]:
    names: dict[str, int] = {}
    marks: list[SectionMark | None] = []
    for n, item in enumerate(items):
        name = (item.get("section") or "").strip()
        if not name:
            marks.append(None)
            continue
        before = (items[n - 1].get("section") or "").strip() if n else None
        after = (items[n + 1].get("section") or "").strip() if n + 1 < len(items) else None
        marks.append(SectionMark(name, before != name, after != name,
                                 names.setdefault(name, len(names))))
    return marks


def item_text(item: dict) -> str:
    return (item.get("caption") or "").strip() or item.get("file_name") or ""


class SequenceModel(QAbstractListModel):
    """The items of one exhibition, in order; a drop asks the editor to change them."""

    add_requested = Signal(list, int)  # image ids, the 1-based position to insert at
    move_requested = Signal(list, int)  # positions, the slot (1-based; n + 1: the end)

    def __init__(self, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self.thumbs = thumbs
        self._items: list[dict] = []
        self._severity: dict[int, str] = {}  # position → "blocker" | "warning"
        self._sections: list[SectionMark | None] = []
        self.editable = True
        thumbs.ready.connect(self._thumbnail_ready)

    def set_items(self, items: list[dict], severity: dict[int, str] | None = None) -> None:
        self.beginResetModel()
        self._items = list(items)
        self._severity = dict(severity or {})
        self._sections = section_marks(self._items)
        self.endResetModel()

    def items(self) -> list[dict]:
        return list(self._items)

    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._items)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._items):
            return None
        item = self._items[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return item_text(item)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbs.get(item["sha256"], item["image_id"])
        if role == ITEM_ROLE:
            return item
        if role == SEVERITY_ROLE:
            return self._severity.get(item["position"])
        if role == SECTION_ROLE:
            return self._sections[index.row()]
        if role == Qt.ItemDataRole.ToolTipRole:
            lines = [f"Position {item['position']}: {item_text(item)}", item["file_name"]]
            if item.get("section"):
                lines.append(f"Section: {item['section']}")
            lines.append(f"Print: {item.get('print_label') or 'no size yet'}")
            return "\n".join(lines)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Position {item['position']}, {item_text(item)}"
        return None

    # --- drag and drop
    def flags(self, index: _Index) -> Qt.ItemFlag:
        base = Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable
        if not self.editable:
            return base if index.isValid() else Qt.ItemFlag.NoItemFlags
        if not index.isValid():
            return Qt.ItemFlag.ItemIsDropEnabled
        return base | Qt.ItemFlag.ItemIsDragEnabled | Qt.ItemFlag.ItemIsDropEnabled

    def supportedDropActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction | Qt.DropAction.MoveAction

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction  # the view must never remove rows itself

    def mimeTypes(self) -> list[str]:
        return [POSITIONS_MIME, IMAGE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids(POSITIONS_MIME, [self._items[r]["position"] for r in rows])

    def canDropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                        parent: _Index) -> bool:
        return self.editable and (data.hasFormat(POSITIONS_MIME)
                                  or data.hasFormat(IMAGE_IDS_MIME))

    def dropMimeData(self, data: QMimeData, action: Qt.DropAction, row: int, column: int,
                     parent: _Index) -> bool:
        if not self.canDropMimeData(data, action, row, column, parent):
            return False
        if row < 0:
            row = parent.row() if parent.isValid() else len(self._items)
        slot = row + 1
        positions = decode_ids(data, POSITIONS_MIME)
        if positions:
            self.move_requested.emit(positions, slot)
            return True
        ids = decode_ids(data, IMAGE_IDS_MIME)
        if ids:
            self.add_requested.emit(ids, slot)
            return True
        return False

    def _thumbnail_ready(self, sha: str) -> None:
        for n, item in enumerate(self._items):
            if item["sha256"] == sha:
                idx = self.index(n, 0)
                self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])
