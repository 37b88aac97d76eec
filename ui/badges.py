"""How consent statuses, ratings and picks look: colour *and* shape *and* words."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPointF, QRectF, Qt
from PySide6.QtGui import QColor, QPainter, QPainterPath, QPen, QPolygonF


@dataclass(frozen=True)
class StatusStyle:
    label: str  # short words on the badge
    colour: str
    shape: str  # how the mark is drawn, for those who cannot tell the colours apart
    meaning: str  # tooltip / accessible text


STATUS_STYLES: dict[str, StatusStyle] = {
    "unknown": StatusStyle("Unknown", "#6b7280", "question", "Consent not yet recorded"),
    "not-needed": StatusStyle("No people", "#2f6fae", "diamond", "No identifiable people"),
    "pending": StatusStyle("Pending", "#b7791f", "ring", "People linked, a consent missing"),
    "granted": StatusStyle("Granted", "#2f855a", "check", "All linked people consented"),
    "expired": StatusStyle("Expired", "#c05621", "triangle", "A consent has expired"),
    "withdrawn": StatusStyle("Withdrawn", "#9b2c2c", "cross", "A consent was withdrawn"),
    "refused": StatusStyle("Refused", "#742a2a", "bar", "Refused / do not publish"),
}


def status_style(status: str) -> StatusStyle:
    return STATUS_STYLES.get(status, STATUS_STYLES["unknown"])


def draw_mark(painter: QPainter, rect: QRectF, shape: str, colour: QColor) -> None:
    """Draw the status mark in ``rect`` (white on the badge colour)."""
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    c = rect.center()
    r = min(rect.width(), rect.height()) / 2
    pen = QPen(colour, max(1.4, r / 3.2))
    pen.setCapStyle(Qt.PenCapStyle.RoundCap)
    pen.setJoinStyle(Qt.PenJoinStyle.RoundJoin)
    painter.setPen(pen)
    painter.setBrush(Qt.BrushStyle.NoBrush)
    if shape == "check":
        path = QPainterPath(QPointF(c.x() - r * 0.7, c.y()))
        path.lineTo(c.x() - r * 0.2, c.y() + r * 0.55)
        path.lineTo(c.x() + r * 0.75, c.y() - r * 0.6)
        painter.drawPath(path)
    elif shape == "ring":
        painter.drawEllipse(c, r * 0.7, r * 0.7)
    elif shape == "diamond":
        painter.setBrush(colour)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - r), QPointF(c.x() + r, c.y()),
                                       QPointF(c.x(), c.y() + r), QPointF(c.x() - r, c.y())]))
    elif shape == "triangle":
        painter.drawPolygon(QPolygonF([QPointF(c.x(), c.y() - r * 0.8),
                                       QPointF(c.x() + r * 0.85, c.y() + r * 0.7),
                                       QPointF(c.x() - r * 0.85, c.y() + r * 0.7)]))
    elif shape == "cross":
        d = r * 0.6
        painter.drawLine(QPointF(c.x() - d, c.y() - d), QPointF(c.x() + d, c.y() + d))
        painter.drawLine(QPointF(c.x() + d, c.y() - d), QPointF(c.x() - d, c.y() + d))
    elif shape == "bar":
        painter.drawEllipse(c, r * 0.8, r * 0.8)
        painter.drawLine(QPointF(c.x() - r * 0.5, c.y() + r * 0.5),
                         QPointF(c.x() + r * 0.5, c.y() - r * 0.5))
    else:  # question
        font = painter.font()
        font.setBold(True)
        font.setPixelSize(max(7, int(r * 1.8)))
        painter.setFont(font)
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, "?")
    painter.restore()


def paint_status_badge(painter: QPainter, origin: QPointF, status: str, *,
                       compact: bool = False, height: float = 18) -> QRectF:
    """Paint the badge for ``status`` with its top-left at ``origin``; return its rect."""
    style = status_style(status)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    font = painter.font()
    font.setPixelSize(int(height * 0.62))
    font.setBold(True)
    painter.setFont(font)
    mark = height - 6
    text_w = 0 if compact else painter.fontMetrics().horizontalAdvance(style.label) + 6
    rect = QRectF(origin.x(), origin.y(), mark + 8 + text_w, height)
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(QColor(style.colour))
    painter.drawRoundedRect(rect, height / 2, height / 2)
    draw_mark(painter, QRectF(rect.x() + 4, rect.y() + 3, mark, mark), style.shape,
              QColor("white"))
    if not compact:
        painter.setPen(QColor("white"))
        painter.drawText(QRectF(rect.x() + mark + 7, rect.y(), text_w, height),
                         Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, style.label)
    painter.restore()
    return rect


def rating_text(rating: int | None) -> str:
    """Stars for a 1–5 rating ("" when unrated)."""
    if not rating:
        return ""
    return "★" * int(rating) + "☆" * (5 - int(rating))
