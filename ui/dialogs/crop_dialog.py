"""The crop of one panel: a rectangle of the print's aspect over the photo's preview.

Drag the rectangle to move it; the slider sets its size. Saved in the image's displayed
pixels (what ``exhibition item --crop X,Y,W,H`` takes), it is what the panels layout prints
and what the sequence's thumbnail shows.
"""

from __future__ import annotations

from PySide6.QtCore import QPointF, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QMouseEvent, QPainter, QPainterPath, QPen, QPixmap
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QSlider,
    QVBoxLayout,
    QWidget,
)

from ui.thumbnails import ThumbnailCache


def largest_crop(width: int, height: int, aspect: float) -> tuple[float, float]:
    """The largest ``aspect`` (w/h) rectangle inside a ``width``×``height`` image."""
    if width / height > aspect:
        return height * aspect, float(height)
    return float(width), width / aspect


class CropView(QWidget):
    """The preview with the crop rectangle over it; the rectangle is in image pixels."""

    changed = Signal()

    def __init__(self, width: int, height: int, aspect: float, parent=None) -> None:
        super().__init__(parent)
        self.image_w, self.image_h, self.aspect = width, height, aspect
        self.pixmap: QPixmap | None = None
        self.setMinimumSize(480, 400)
        self._drag: QPointF | None = None
        w, h = largest_crop(width, height, aspect)
        self.rect = QRectF((width - w) / 2, (height - h) / 2, w, h)

    def set_crop(self, x: float, y: float, w: float, h: float) -> None:
        self.rect = QRectF(x, y, w, h)
        self._clamp()

    def set_scale(self, fraction: float) -> None:
        """Size the rectangle to ``fraction`` of the largest, keeping its centre."""
        w, h = largest_crop(self.image_w, self.image_h, self.aspect)
        centre = self.rect.center()
        self.rect = QRectF(0, 0, w * fraction, h * fraction)
        self.rect.moveCenter(centre)
        self._clamp()

    def move_centre(self, x: float, y: float) -> None:
        self.rect.moveCenter(QPointF(x, y))
        self._clamp()

    def crop(self) -> tuple[int, int, int, int]:
        r = self.rect
        x, y = round(r.x()), round(r.y())
        w = min(round(r.width()), self.image_w - x)
        h = min(round(r.height()), self.image_h - y)
        return x, y, max(1, w), max(1, h)

    def _clamp(self) -> None:
        r = self.rect
        r.moveLeft(min(max(0.0, r.left()), self.image_w - r.width()))
        r.moveTop(min(max(0.0, r.top()), self.image_h - r.height()))
        self.update()
        self.changed.emit()

    def _frame(self) -> tuple[QRectF, float]:
        """Where the photo is drawn and its scale (screen px per image px)."""
        scale = min(self.width() / self.image_w, self.height() / self.image_h)
        w, h = self.image_w * scale, self.image_h * scale
        return QRectF((self.width() - w) / 2, (self.height() - h) / 2, w, h), scale

    def paintEvent(self, _event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        frame, scale = self._frame()
        if self.pixmap is not None and not self.pixmap.isNull():
            painter.drawPixmap(frame, self.pixmap, QRectF(self.pixmap.rect()))
        else:
            painter.fillRect(frame, QColor("#777777"))
        r = self.rect
        crop = QRectF(frame.x() + r.x() * scale, frame.y() + r.y() * scale,
                      r.width() * scale, r.height() * scale)
        shade = QPainterPath()
        shade.addRect(frame)
        inner = QPainterPath()
        inner.addRect(crop)
        painter.fillPath(shade.subtracted(inner), QColor(0, 0, 0, 150))
        painter.setPen(QPen(QColor("white"), 2))
        painter.drawRect(crop)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        self._drag = event.position()

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if self._drag is None:
            return
        _, scale = self._frame()
        delta = (event.position() - self._drag) / scale
        self._drag = event.position()
        self.rect.translate(delta)
        self._clamp()

    def mouseReleaseEvent(self, _event: QMouseEvent) -> None:
        self._drag = None


class CropDialog(QDialog):
    """Choose the crop of one sequence item; :meth:`crop` gives the core's tuple."""

    def __init__(self, item: dict, previews: ThumbnailCache, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(f"Crop position {item['position']}")
        w, h = int(item["width"]), int(item["height"])
        if item.get("print_width_mm") and item.get("print_height_mm"):
            aspect = float(item["print_width_mm"]) / float(item["print_height_mm"])
            about = f"the {item.get('print_label') or 'panel'} panel's shape"
        else:
            aspect = w / h
            about = "the photo's own shape (no print size chosen yet)"
        self.view = CropView(w, h, aspect)
        if item.get("crop"):
            c = item["crop"]
            self.view.set_crop(c["x"], c["y"], c["w"], c["h"])
        self.previews, self.sha = previews, item["sha256"]
        self.view.pixmap = previews.get(item["sha256"], item["image_id"])
        previews.ready.connect(self._preview_ready)
        self.size = QSlider(Qt.Orientation.Horizontal)
        self.size.setRange(20, 100)
        full_w, _ = largest_crop(w, h, aspect)
        self.size.setValue(round(100 * self.view.rect.width() / full_w))
        self.size.valueChanged.connect(lambda v: self.view.set_scale(v / 100))
        self.info = QLabel()
        self.view.changed.connect(self._show_info)
        note = QLabel(f"Drag the frame to place it; the slider sets its size. It keeps {about}.")
        note.setWordWrap(True)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                               | QDialogButtonBox.StandardButton.Cancel)
        self.clear_button = box.addButton("No Crop", QDialogButtonBox.ButtonRole.ResetRole)
        self.cleared = False
        self.clear_button.clicked.connect(lambda _c=False: self._clear())
        box.accepted.connect(self.accept)
        box.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(QLabel("Size:"))
        row.addWidget(self.size, 1)
        row.addWidget(self.info)
        v = QVBoxLayout(self)
        v.addWidget(note)
        v.addWidget(self.view, 1)
        v.addLayout(row)
        v.addWidget(box)
        self._show_info()

    def crop(self) -> tuple[int, int, int, int] | None:
        return None if self.cleared else self.view.crop()

    def _clear(self) -> None:
        self.cleared = True
        self.accept()

    def _show_info(self) -> None:
        x, y, w, h = self.view.crop()
        self.info.setText(f"{w}×{h} px")

    def _preview_ready(self, sha: str) -> None:
        if sha == self.sha:
            self.view.pixmap = self.previews.peek(sha)
            self.view.update()
