"""Paints one grid cell: thumbnail, caption or file name, consent badge, rating and pick."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QPointF, QRect, QRectF, QSize, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from ui.badges import paint_status_badge, rating_text
from ui.models.image_model import SUMMARY_ROLE, THUMB_FAILED_ROLE, title_of

_Index = QModelIndex | QPersistentModelIndex
PAD = 8
TEXT_LINES = 2


class ThumbnailDelegate(QStyledItemDelegate):
    """Card-like cells whose size follows :attr:`thumb_size`."""

    def __init__(self, parent=None, thumb_size: int = 176) -> None:
        super().__init__(parent)
        self.thumb_size = thumb_size

    def line_height(self, option: QStyleOptionViewItem) -> int:
        return option.fontMetrics.height() + 2

    def sizeHint(self, option: QStyleOptionViewItem, index: _Index) -> QSize:
        s = self.thumb_size
        return QSize(s + 2 * PAD, s + 2 * PAD + TEXT_LINES * self.line_height(option))

    def paint(self, painter: QPainter, option: QStyleOptionViewItem, index: _Index) -> None:
        row: dict = index.data(SUMMARY_ROLE) or {}
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setRenderHint(QPainter.RenderHint.SmoothPixmapTransform)
        cell = QRectF(option.rect).adjusted(2, 2, -2, -2)
        pal = option.palette
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        hovered = bool(option.state & QStyle.StateFlag.State_MouseOver)
        if selected:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Highlight))
            painter.drawRoundedRect(cell, 6, 6)
        elif hovered:
            painter.setPen(Qt.PenStyle.NoPen)
            painter.setBrush(pal.color(QPalette.ColorRole.Midlight))
            painter.drawRoundedRect(cell, 6, 6)

        s = self.thumb_size
        box = QRectF(option.rect.x() + PAD, option.rect.y() + PAD, s, s)
        pixmap = index.data(Qt.ItemDataRole.DecorationRole)
        rejected = row.get("pick") == -1
        if isinstance(pixmap, QPixmap) and not pixmap.isNull():
            target = _fit(pixmap.size(), box)
            if rejected:
                painter.setOpacity(0.35)
            painter.drawPixmap(target, pixmap, QRectF(pixmap.rect()))
            painter.setOpacity(1.0)
            photo = target
        else:
            photo = self._placeholder(painter, box, row, bool(index.data(THUMB_FAILED_ROLE)))

        compact = s < 140
        badge_h = 16 if compact else 18
        paint_status_badge(painter, QPointF(photo.x() + 4, photo.bottom() - badge_h - 4),
                           row.get("consent_status") or "unknown", compact=compact,
                           height=badge_h)
        self._paint_marks(painter, photo, row, compact)

        text_color = pal.color(QPalette.ColorRole.HighlightedText if selected
                               else QPalette.ColorRole.Text)
        lh = self.line_height(option)
        top = option.rect.y() + PAD + s + 4
        width = s
        fm = option.fontMetrics
        title = title_of(row)
        painter.setPen(text_color)
        painter.drawText(QRect(int(box.x()), top, width, lh),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         fm.elidedText(title, Qt.TextElideMode.ElideRight, width))
        second = row.get("file_name") if row.get("caption") else _date(row)
        small = QFont(option.font)
        small.setPointSizeF(max(6.5, option.font.pointSizeF() * 0.85))
        painter.setFont(small)
        dim = QColor(text_color)
        dim.setAlphaF(0.65)
        painter.setPen(dim)
        painter.drawText(QRect(int(box.x()), top + lh - 2, width, lh),
                         Qt.AlignmentFlag.AlignHCenter | Qt.AlignmentFlag.AlignVCenter,
                         painter.fontMetrics().elidedText(second or "", Qt.TextElideMode.ElideMiddle,
                                                          width))
        if option.state & QStyle.StateFlag.State_HasFocus:
            pen = painter.pen()
            pen.setColor(pal.color(QPalette.ColorRole.Highlight).darker(130))
            pen.setWidthF(1.5)
            painter.setPen(pen)
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRoundedRect(cell, 6, 6)
        painter.restore()

    def _placeholder(self, painter: QPainter, box: QRectF, row: dict, failed: bool) -> QRectF:
        w, h = row.get("width") or 4, row.get("height") or 3
        target = _fit(QSize(int(w), int(h)), box)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(128, 128, 128, 60))
        painter.drawRoundedRect(target, 3, 3)
        if failed:
            painter.setPen(QColor(120, 120, 120))
            painter.drawText(target, Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             "No preview\n(original missing?)")
        return target

    def _paint_marks(self, painter: QPainter, photo: QRectF, row: dict, compact: bool) -> None:
        stars = rating_text(row.get("rating"))
        pick = row.get("pick") or 0
        if not stars and not pick:
            return
        painter.save()
        font = painter.font()
        font.setPixelSize(11 if compact else 13)
        painter.setFont(font)
        fm = painter.fontMetrics()
        label = stars
        if pick == 1:
            label = ("Pick " + label).strip()
        elif pick == -1:
            label = ("Rejected " + label).strip()
        w = fm.horizontalAdvance(label) + 10
        rect = QRectF(photo.right() - w - 4, photo.y() + 4, w, fm.height() + 4)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor(0, 0, 0, 150))
        painter.drawRoundedRect(rect, 4, 4)
        painter.setPen(QColor("#ffd54a") if pick != -1 else QColor("#ff8a80"))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, label)
        painter.restore()


def _fit(size: QSize, box: QRectF) -> QRectF:
    """``size`` scaled to fit ``box``, centred at its bottom (photos sit on a line)."""
    if size.width() <= 0 or size.height() <= 0:
        return box
    scale = min(box.width() / size.width(), box.height() / size.height())
    w, h = size.width() * scale, size.height() * scale
    return QRectF(box.x() + (box.width() - w) / 2, box.bottom() - h, w, h)


def _date(row: dict) -> str:
    return (row.get("captured_at") or "")[:10]
