"""The viewer: one large preview; arrows move through the selection (or all photos)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent, QPixmap
from PySide6.QtWidgets import QDialog, QLabel, QSizePolicy, QVBoxLayout, QWidget

from ui.thumbnails import ThumbnailCache


class Viewer(QDialog):
    """Shows ``rows[index]``; Left/Right (or Space/Backspace) move, Escape closes."""

    def __init__(self, rows: list[dict], index: int, previews: ThumbnailCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Viewer")
        self.setModal(True)
        self.rows, self.index, self.previews = rows, index, previews
        self.setStyleSheet("QDialog { background: #141414; } QLabel { color: #ddd; }")
        self.image = QLabel()
        self.image.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.image.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Ignored)
        self.image.setAccessibleName("Large preview")
        self.caption = QLabel()
        self.caption.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.caption.setWordWrap(True)
        hint = QLabel("← → move · Esc closes")
        hint.setAlignment(Qt.AlignmentFlag.AlignCenter)
        hint.setStyleSheet("color: #888;")
        layout = QVBoxLayout(self)
        layout.addWidget(self.image, 1)
        layout.addWidget(self.caption)
        layout.addWidget(hint)
        previews.ready.connect(self._ready)
        parent_size = parent.size() if parent is not None else None
        if parent_size is not None:
            self.resize(int(parent_size.width() * 0.9), int(parent_size.height() * 0.9))
        else:
            self.resize(1100, 800)
        self._pixmap: QPixmap | None = None
        self.show_current()

    @property
    def current(self) -> dict:
        return self.rows[self.index]

    def show_current(self) -> None:
        row = self.current
        self.setWindowTitle(f"{row.get('file_name')} — {self.index + 1} of {len(self.rows)}")
        text = row.get("caption") or row.get("file_name") or ""
        self.caption.setText(f"{text}   ·   {self.index + 1} / {len(self.rows)}")
        self._pixmap = self.previews.get(row["sha256"], row["id"])
        self._paint("Loading…")
        for step in (1, -1):  # warm the neighbours
            n = self.index + step
            if 0 <= n < len(self.rows):
                self.previews.request(self.rows[n]["sha256"], self.rows[n]["id"])

    def go(self, step: int) -> None:
        n = self.index + step
        if 0 <= n < len(self.rows):
            self.index = n
            self.show_current()

    def _ready(self, sha: str) -> None:
        if sha == self.current["sha256"]:
            self._pixmap = self.previews.peek(sha)
            self._paint("No preview: the original may be missing")

    def _paint(self, placeholder: str) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            self.image.setPixmap(QPixmap())
            self.image.setText(placeholder)
            return
        self.image.setPixmap(self._pixmap.scaled(self.image.size(),
                                                 Qt.AspectRatioMode.KeepAspectRatio,
                                                 Qt.TransformationMode.SmoothTransformation))

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._paint("Loading…")

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Right, Qt.Key.Key_Down, Qt.Key.Key_Space, Qt.Key.Key_PageDown):
            self.go(1)
        elif key in (Qt.Key.Key_Left, Qt.Key.Key_Up, Qt.Key.Key_Backspace, Qt.Key.Key_PageUp):
            self.go(-1)
        elif key == Qt.Key.Key_Home:
            self.index = 0
            self.show_current()
        elif key == Qt.Key.Key_End:
            self.index = len(self.rows) - 1
            self.show_current()
        else:
            super().keyPressEvent(event)
