"""The inspector: what the selected images are — preview, capture data, tags, consent."""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QPainter, QPixmap
from PySide6.QtWidgets import (
    QFormLayout,
    QFrame,
    QLabel,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from ui.badges import rating_text, status_style
from ui.thumbnails import ThumbnailCache

MIXED = "(several values)"


def common(rows: list[dict], key: str) -> object:
    """The value every row shares for ``key``, or MIXED."""
    values = {_hashable(r.get(key)) for r in rows}
    if len(values) == 1:
        return rows[0].get(key)
    return MIXED


def _hashable(v: object) -> object:
    return tuple(v) if isinstance(v, list) else v


class PreviewLabel(QLabel):
    """A label that keeps its pixmap scaled to its width."""

    def __init__(self) -> None:
        super().__init__()
        self._pixmap: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setMinimumHeight(160)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(220)
        self.setStyleSheet("background: palette(dark); border-radius: 4px; color: palette(light);")

    def set_preview(self, pixmap: QPixmap | None, text: str = "") -> None:
        self._pixmap = pixmap
        if pixmap is None or pixmap.isNull():
            self.setText(text)  # clears any pixmap
        else:
            self._rescale()

    def resizeEvent(self, event) -> None:
        super().resizeEvent(event)
        self._rescale()

    def _rescale(self) -> None:
        if self._pixmap is None or self._pixmap.isNull():
            return  # the text set by set_preview stays
        self.setPixmap(self._pixmap.scaled(self.size(),
                                           Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


class Inspector(QScrollArea):
    """Shows the selection; :meth:`show_rows` is called with the selected summaries."""

    open_viewer = Signal()

    def __init__(self, previews: ThumbnailCache, thumbs: ThumbnailCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Inspector")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.previews = previews
        self.thumbs = thumbs
        previews.ready.connect(self._preview_ready)
        self.rows: list[dict] = []
        body = QWidget()
        self.layout_ = QVBoxLayout(body)
        self.heading = QLabel("Nothing selected")
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.1)
        self.heading.setFont(f)
        self.heading.setWordWrap(True)
        self.preview = PreviewLabel()
        self.preview.setAccessibleName("Preview")
        self.form = QFormLayout()
        self.form.setLabelAlignment(Qt.AlignmentFlag.AlignRight)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self.fields: dict[str, QLabel] = {}
        for key, label in (("consent_status", "Consent"), ("file_name", "File"),
                           ("captured_at", "Captured"), ("camera", "Camera"),
                           ("size", "Size"), ("year", "Year"), ("event", "Event"),
                           ("shoot", "Shoot"), ("caption", "Caption"),
                           ("alt_text", "Alt text"), ("credit", "Credit"),
                           ("keywords", "Keywords"), ("rating", "Rating")):
            value = QLabel()
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(label)
            self.fields[key] = value
            self.form.addRow(f"{label}:", value)
        self.layout_.addWidget(self.heading)
        self.layout_.addWidget(self.preview)
        self.layout_.addLayout(self.form)
        self.layout_.addStretch()
        self.setWidget(body)
        self.setMinimumWidth(260)
        self.show_rows([])

    def show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        n = len(rows)
        self.heading.setText("Nothing selected" if n == 0 else
                             rows[0].get("file_name", "") if n == 1 else f"{n} photos selected")
        for key, label in self.fields.items():
            label.setText(self._text(rows, key) if rows else "")
        if n == 0:
            self.preview.set_preview(None, "Select a photo to see it here")
        elif n == 1:
            row = rows[0]
            pixmap = self.previews.get(row["sha256"], row["id"])
            self.preview.set_preview(pixmap, "Loading preview…")
        else:
            self.preview.set_preview(self._mosaic(rows), f"{n} photos")

    def _mosaic(self, rows: list[dict]) -> QPixmap | None:
        """Up to four cached thumbnails of the selection side by side (never loads)."""
        pixmaps = [p for p in (self.thumbs.peek(r["sha256"]) for r in rows[:4]) if p is not None]
        if not pixmaps:
            return None
        cell = 200
        canvas = QPixmap(cell * 2 + 6, cell * 2 + 6 if len(pixmaps) > 2 else cell)
        canvas.fill(Qt.GlobalColor.transparent)
        painter = QPainter(canvas)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        for n, pm in enumerate(pixmaps):
            scaled = pm.scaled(cell, cell, Qt.AspectRatioMode.KeepAspectRatio,
                               Qt.TransformationMode.SmoothTransformation)
            x = (n % 2) * (cell + 6) + (cell - scaled.width()) // 2
            y = (n // 2) * (cell + 6) + (cell - scaled.height()) // 2
            painter.drawPixmap(x, y, scaled)
        painter.end()
        return canvas

    def _preview_ready(self, sha: str) -> None:
        if len(self.rows) == 1 and self.rows[0]["sha256"] == sha:
            pixmap = self.previews.peek(sha)
            self.preview.set_preview(pixmap, "No preview: the original may be missing")

    def _text(self, rows: list[dict], key: str) -> str:
        if key == "size":
            value = common([{"size": (r.get("width"), r.get("height"))} for r in rows], "size")
            return value if value == MIXED else f"{value[0]} × {value[1]} px"
        value = common(rows, key)
        if value == MIXED:
            return MIXED
        if value in (None, "", []):
            return "—"
        if key == "consent_status":
            st = status_style(str(value))
            return f"{st.label} — {st.meaning}"
        if key == "keywords":
            return ", ".join(k.replace("|", " › ") for k in value)
        if key == "captured_at":
            return str(value)[:19].replace("T", " ")
        if key == "rating":
            return rating_text(int(value)) or "—"
        return str(value)
