"""The grid's model: one row per image, summaries held in memory, thumbnails from the cache."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QAbstractListModel, QMimeData, QModelIndex, QPersistentModelIndex, Qt

from ui.models.sequence_model import IMAGE_IDS_MIME, encode_ids
from ui.thumbnails import ThumbnailCache

_Index = QModelIndex | QPersistentModelIndex

ID_ROLE = Qt.ItemDataRole.UserRole + 1
SUMMARY_ROLE = Qt.ItemDataRole.UserRole + 2
STATUS_ROLE = Qt.ItemDataRole.UserRole + 3
THUMB_FAILED_ROLE = Qt.ItemDataRole.UserRole + 4


def title_of(row: dict) -> str:
    """What the grid writes under a thumbnail: the caption, else the file name."""
    return (row.get("caption") or "").strip() or row.get("file_name") or ""


class ImageListModel(QAbstractListModel):
    """Images in grid order; ``set_rows`` replaces them, ``update_rows`` refreshes some.

    A big result arrives in parts: ``set_rows(first_rows, ids)`` shows the first rows of
    the result ``ids`` at once, ``fill_rows`` adds (or refreshes) the others when they come.
    """

    def __init__(self, thumbs: ThumbnailCache, parent=None) -> None:
        super().__init__(parent)
        self._rows: list[dict] = []
        self._target: list[int] = []  # the whole result, loaded or not
        self._row_of_id: dict[int, int] = {}
        self._rows_of_sha: dict[str, list[int]] = {}
        self.thumbs = thumbs
        thumbs.ready.connect(self._thumbnail_ready)

    # --- Qt model API
    def rowCount(self, parent: _Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def data(self, index: _Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return title_of(row)
        if role == Qt.ItemDataRole.DecorationRole:
            return self.thumbs.get(row["sha256"], row["id"])
        if role == ID_ROLE:
            return row["id"]
        if role == SUMMARY_ROLE:
            return row
        if role == STATUS_ROLE:
            return row.get("consent_status") or "unknown"
        if role == THUMB_FAILED_ROLE:
            return self.thumbs.failed(row["sha256"])
        if role == Qt.ItemDataRole.ToolTipRole:
            return _tooltip(row)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"{title_of(row)}, consent {row.get('consent_status') or 'unknown'}"
        return None

    def flags(self, index: _Index) -> Qt.ItemFlag:
        flags = super().flags(index)
        return flags | Qt.ItemFlag.ItemIsDragEnabled if index.isValid() else flags

    def mimeTypes(self) -> list[str]:
        return [IMAGE_IDS_MIME]

    def mimeData(self, indexes: list[QModelIndex]) -> QMimeData:
        """The dragged photos' ids, in grid order (dropped into an exhibition's sequence)."""
        rows = sorted({i.row() for i in indexes if i.isValid()})
        return encode_ids(IMAGE_IDS_MIME, [self._rows[r]["id"] for r in rows])

    def supportedDragActions(self) -> Qt.DropAction:
        return Qt.DropAction.CopyAction

    # --- our API
    def set_rows(self, rows: list[dict], ids: list[int] | None = None) -> None:
        """Show ``rows``: all of the result, or the first part of ``ids`` (the result)."""
        self.beginResetModel()
        self._rows = list(rows)
        self._target = list(ids) if ids is not None else [r["id"] for r in self._rows]
        self._reindex()
        self.endResetModel()

    def fill_rows(self, rows: list[dict]) -> None:
        """More rows of the result: refresh those shown, append the others (in order)."""
        new = [r for r in rows if r["id"] not in self._row_of_id]
        self.update_rows(rows)
        if not new:
            return
        start = len(self._rows)
        self.beginInsertRows(QModelIndex(), start, start + len(new) - 1)
        self._rows.extend(new)
        for n, r in enumerate(new, start):
            self._row_of_id[r["id"]] = n
            self._rows_of_sha.setdefault(r["sha256"], []).append(n)
        self.endInsertRows()

    def target_ids(self) -> list[int]:
        """The ids of the whole result (some may not be loaded yet)."""
        return self._target

    def target_count(self) -> int:
        return len(self._target)

    def update_rows(self, rows: list[dict]) -> None:
        """Replace the rows with these ids (keeping their places) and repaint them."""
        changed = []
        for new in rows:
            r = self._row_of_id.get(new["id"])
            if r is not None:
                self._rows[r] = new
                changed.append(r)
        if changed:  # one signal for the span (20,000 signals would stall the view)
            self.dataChanged.emit(self.index(min(changed), 0), self.index(max(changed), 0))

    def row_dict(self, row: int) -> dict:
        return self._rows[row]

    def row_of_id(self, image_id: int) -> int | None:
        return self._row_of_id.get(image_id)

    def ids(self) -> list[int]:
        return [r["id"] for r in self._rows]

    def _reindex(self) -> None:
        self._row_of_id = {r["id"]: n for n, r in enumerate(self._rows)}
        self._rows_of_sha = {}
        for n, r in enumerate(self._rows):
            self._rows_of_sha.setdefault(r["sha256"], []).append(n)

    def _thumbnail_ready(self, sha: str) -> None:
        for r in self._rows_of_sha.get(sha, ()):
            idx = self.index(r, 0)
            self.dataChanged.emit(idx, idx, [Qt.ItemDataRole.DecorationRole])


def _tooltip(row: dict) -> str:
    parts = [row.get("file_name") or ""]
    if row.get("caption"):
        parts.append(row["caption"])
    when = (row.get("captured_at") or "")[:16].replace("T", " ")
    meta = " · ".join(str(x) for x in (when, row.get("event"), row.get("shoot")) if x)
    if meta:
        parts.append(meta)
    parts.append(f"Consent: {row.get('consent_status') or 'unknown'}")
    return "\n".join(parts)
