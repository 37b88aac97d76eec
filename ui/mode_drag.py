"""Dragging photos from the Library mode into the Exhibitions mode, in one gesture.

The library grid and the exhibition's sequence live in different modes (tabs). As in a
browser's tab strip or the Finder's spring-loaded folders, photos dragged over a mode's tab
open that mode after a short hover, and the drag goes on into it: drop them in the sequence
at the place wanted. Dropped on the tab itself, they are handed to the mode's
``drop_image_ids`` (the Exhibitions mode adds them at the end of the sequence).
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtGui import QDragMoveEvent, QDropEvent
from PySide6.QtWidgets import QTabWidget

from ui.models.sequence_model import IMAGE_IDS_MIME, decode_ids

HOVER_MS = 450


class SpringLoadedModes(QObject):
    """Installed on a ``QTabWidget``'s tab bar; see the module docstring."""

    def __init__(self, tabs: QTabWidget, hover_ms: int = HOVER_MS) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.pending = -1
        self.timer = QTimer(self)
        self.timer.setSingleShot(True)
        self.timer.setInterval(hover_ms)
        self.timer.timeout.connect(self._open_pending)
        bar = tabs.tabBar()
        bar.setAcceptDrops(True)
        bar.installEventFilter(self)

    def _open_pending(self) -> None:
        if 0 <= self.pending < self.tabs.count():
            self.tabs.setCurrentIndex(self.pending)
        self.pending = -1

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        kind = event.type()
        if kind in (QEvent.Type.DragEnter, QEvent.Type.DragMove):
            assert isinstance(event, QDragMoveEvent)
            if not event.mimeData().hasFormat(IMAGE_IDS_MIME):
                return False
            event.acceptProposedAction()
            index = self.tabs.tabBar().tabAt(event.position().toPoint())
            if index < 0 or index == self.tabs.currentIndex():
                self.pending = -1
                self.timer.stop()
            elif index != self.pending:
                self.pending = index
                self.timer.start()
            return True
        if kind == QEvent.Type.DragLeave:
            self.pending = -1
            self.timer.stop()
            return False
        if kind == QEvent.Type.Drop:
            assert isinstance(event, QDropEvent)
            ids = decode_ids(event.mimeData(), IMAGE_IDS_MIME)
            index = self.tabs.tabBar().tabAt(event.position().toPoint())
            self.timer.stop()
            self.pending = -1
            target = self.tabs.widget(index) if index >= 0 else None
            receive = getattr(target, "drop_image_ids", None)
            if not ids or receive is None:
                return False
            self.tabs.setCurrentIndex(index)
            event.acceptProposedAction()
            receive(ids)
            return True
        return False
