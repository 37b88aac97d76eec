"""The Coverage tab of the exhibition editor: the exhibition's spread over places (events,
years, photographers, shoots) against the cleared archive, as horizontal bars.

Each bucket is one row: its name and judgement, a bar for its share of the exhibition and
one for its share of the archive cleared for the tour, and "Show cleared photos from here"
(the cleared photos of that bucket not already in the exhibition, shown in the Library).
The bars are painted with QPainter in :class:`CoverageChart`; the rows are walked with the
arrow keys and Enter shows the current one's photos, and the button under the chart says
the same for screen-reader users. The figures come from :mod:`curator.coverage`.
"""

from __future__ import annotations

from PySide6.QtCore import QEvent, QRectF, QSize, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontMetrics, QKeyEvent, QMouseEvent, QPainter, QPalette
from PySide6.QtWidgets import (
    QComboBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from curator.coverage.facts import DIMENSIONS
from curator.coverage.report import IN_LINE, OVER, UNDER, Bucket, CoverageReport, gaps

BY_LABELS = {"place": "Place", "event": "Event", "year": "Year",
             "photographer": "Photographer", "shoot": "Shoot"}
JUDGEMENT_TEXT = {UNDER: "▼ under-represented", OVER: "▲ over-represented",
                  IN_LINE: "in line"}
PAD = 8
BAR_H = 10


def show_text(bucket: Bucket) -> str:
    n = bucket.available
    if not n:
        return "No other cleared photos"
    return f"Show {n} cleared photo{'s' if n != 1 else ''} from here ›"


def set_colour(pal: QPalette) -> QColor:
    return pal.color(QPalette.ColorRole.Highlight)


def archive_colour(pal: QPalette) -> QColor:
    """Text blended into the background: a neutral grey in either appearance."""
    a, b = pal.color(QPalette.ColorRole.Text), pal.color(QPalette.ColorRole.Base)
    t = 0.45
    return QColor.fromRgbF(a.redF() * t + b.redF() * (1 - t), a.greenF() * t + b.greenF() * (1 - t),
                           a.blueF() * t + b.blueF() * (1 - t))


def share_text(count: int, total: int, share: float) -> str:
    return f"{count} of {total} · {share:.0%}"


class CoverageChart(QWidget):
    """Horizontal bars, one row per bucket: set share over archive share."""

    show_requested = Signal(object)   # the Bucket
    current_changed = Signal(object)  # the Bucket, or None

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.report: CoverageReport | None = None
        self.current = -1
        self._links: list[QRectF] = []
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setMouseTracking(True)
        self.setAccessibleName("Coverage chart")
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Fixed)

    # ------------------------------------------------------------------ data
    @property
    def buckets(self) -> list[Bucket]:
        return self.report.buckets if self.report else []

    def set_report(self, report: CoverageReport | None) -> None:
        # the row shown stays current across updates (its key; None is a real bucket's)
        kept = self.current_bucket()
        self.report = report
        keys = [b.key for b in self.buckets]
        self.current = keys.index(kept.key) if kept is not None and kept.key in keys \
            else (0 if keys else -1)
        self.updateGeometry()
        self.adjustSize()
        self.update()
        self._announce()

    def set_current(self, row: int) -> None:
        if not self.buckets:
            return
        row = max(0, min(row, len(self.buckets) - 1))
        if row != self.current:
            self.current = row
            self.update()
            self._announce()

    def current_bucket(self) -> Bucket | None:
        return self.buckets[self.current] if 0 <= self.current < len(self.buckets) else None

    def _announce(self) -> None:
        b = self.current_bucket()
        if b is None or self.report is None:
            self.setAccessibleDescription("No coverage to show.")
        else:
            self.setAccessibleDescription(
                f"{b.summary(self.report.set_total)}. {JUDGEMENT_TEXT[b.judgement]}. "
                "Up and Down choose a row; Enter shows its cleared photos.")
        self.current_changed.emit(b)

    # ------------------------------------------------------------------ geometry
    def _line(self) -> int:
        return QFontMetrics(self.font()).height()

    def row_height(self) -> int:
        return 3 * self._line() + 2 * BAR_H + 4 * 3 + 2 * PAD

    def sizeHint(self) -> QSize:
        return QSize(300, max(1, len(self.buckets)) * self.row_height() + PAD)

    def minimumSizeHint(self) -> QSize:
        return QSize(220, self.sizeHint().height())

    def row_at(self, y: float) -> int:
        row = int(y // self.row_height())
        return row if 0 <= row < len(self.buckets) else -1

    def link_rect(self, row: int) -> QRectF:
        return self._links[row] if 0 <= row < len(self._links) else QRectF()

    # ------------------------------------------------------------------ painting
    def paintEvent(self, _event) -> None:
        p = QPainter(self)
        p.setRenderHint(QPainter.RenderHint.Antialiasing)
        pal = self.palette()
        text = pal.color(QPalette.ColorRole.Text)
        faint = QColor(text)
        faint.setAlphaF(0.62)
        set_bar, archive_bar = set_colour(pal), archive_colour(pal)
        track = QColor(text)
        track.setAlphaF(0.08)
        link = pal.color(QPalette.ColorRole.Link)
        if self.report is None or not self.buckets:
            p.setPen(faint)
            p.drawText(QRectF(self.rect()).adjusted(PAD, PAD, -PAD, -PAD),
                       Qt.TextFlag.TextWordWrap, "Nothing to count yet.")
            return
        line, h, w = self._line(), self.row_height(), self.width()
        bold = QFont(self.font())
        bold.setBold(True)
        self._links = []
        n, total = self.report.set_total, self.report.archive_total
        for row, b in enumerate(self.buckets):
            top = row * h
            cell = QRectF(2, top + 2, w - 4, h - 4)
            if row == self.current:
                hl = QColor(set_bar)
                hl.setAlphaF(0.14)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(hl)
                p.drawRoundedRect(cell, 5, 5)
                if self.hasFocus():
                    p.setPen(set_bar)
                    p.setBrush(Qt.BrushStyle.NoBrush)
                    p.drawRoundedRect(cell, 5, 5)
            x, y, width = PAD, top + PAD, w - 2 * PAD
            judgement = JUDGEMENT_TEXT[b.judgement]
            p.setFont(self.font())
            jw = QFontMetrics(self.font()).horizontalAdvance(judgement) + 4
            p.setPen(text if b.judgement != IN_LINE else faint)
            p.drawText(QRectF(x + width - jw, y, jw, line),
                       Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter, judgement)
            p.setFont(bold)
            p.setPen(text if b.key is not None else faint)
            name = QFontMetrics(bold).elidedText(b.label, Qt.TextElideMode.ElideRight,
                                                 int(width - jw - 8))
            p.drawText(QRectF(x, y, width - jw - 8, line),
                       Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, name)
            p.setFont(self.font())
            y += line + 3
            # two bars with their figures beside them
            label_w = min(width * 0.45, 4.0 + max(
                QFontMetrics(self.font()).horizontalAdvance(share_text(c, of, 1.0))
                for c, of in ((b.in_set, n), (b.in_archive, total))))
            bar_w = width - label_w - 6
            for share, count, of, colour in (
                    (b.set_share, b.in_set, n, set_bar),
                    (b.archive_share, b.in_archive, total, archive_bar)):
                bar = QRectF(x, y + (line - BAR_H) / 2, bar_w, BAR_H)
                p.setPen(Qt.PenStyle.NoPen)
                p.setBrush(track)
                p.drawRoundedRect(bar, 2, 2)
                if share > 0:
                    p.setBrush(colour)
                    p.drawRoundedRect(QRectF(bar.x(), bar.y(), max(2.0, bar_w * min(share, 1.0)),
                                             BAR_H), 2, 2)
                p.setPen(faint)
                p.drawText(QRectF(x + bar_w + 6, y, label_w, line),
                           Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
                           share_text(count, of, share))
                y += line + 3
            # the link
            words = show_text(b)
            fm = QFontMetrics(self.font())
            rect = QRectF(x, y, fm.horizontalAdvance(words) + 4, line)
            p.setPen(link if b.available else faint)
            f = QFont(self.font())
            f.setUnderline(bool(b.available))
            p.setFont(f)
            p.drawText(rect, Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter, words)
            self._links.append(rect if b.available else QRectF())
        p.end()

    # ------------------------------------------------------------------ input
    def mousePressEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        row = self.row_at(pos.y())
        if row < 0:
            return
        self.setFocus(Qt.FocusReason.MouseFocusReason)
        self.set_current(row)
        if self.link_rect(row).contains(pos):
            self.show_requested.emit(self.buckets[row])

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        pos = event.position()
        over = self.link_rect(self.row_at(pos.y())).contains(pos)
        self.setCursor(Qt.CursorShape.PointingHandCursor if over else Qt.CursorShape.ArrowCursor)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.set_current(self.current + 1)
        elif key == Qt.Key.Key_Up:
            self.set_current(self.current - 1)
        elif key == Qt.Key.Key_Home:
            self.set_current(0)
        elif key == Qt.Key.Key_End:
            self.set_current(len(self.buckets) - 1)
        elif key in (Qt.Key.Key_Return, Qt.Key.Key_Enter, Qt.Key.Key_Space):
            b = self.current_bucket()
            if b is not None and b.available:
                self.show_requested.emit(b)
        else:
            super().keyPressEvent(event)
            return
        event.accept()

    def focusInEvent(self, event) -> None:
        super().focusInEvent(event)
        self.update()

    def focusOutEvent(self, event) -> None:
        super().focusOutEvent(event)
        self.update()


class CoveragePanel(QWidget):
    """A "Count by" choice, a one-line summary, the chart and its Show button."""

    by_changed = Signal(str)
    show_requested = Signal(object)  # the Bucket

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.by = QComboBox()
        for name in DIMENSIONS:
            self.by.addItem(BY_LABELS[name], name)
        self.by.setAccessibleName("Count coverage by")
        self.by.setToolTip("What to count the exhibition's photos by")
        self.by.currentIndexChanged.connect(lambda _i: self.by_changed.emit(self.dimension()))
        by_label = QLabel("&Count by:")
        by_label.setBuddy(self.by)
        top = QHBoxLayout()
        top.addWidget(by_label)
        top.addWidget(self.by, 1)

        self.summary = QLabel()
        self.summary.setWordWrap(True)
        self.summary.setAccessibleName("Coverage summary")
        self.legend = QLabel()
        self.legend.setTextFormat(Qt.TextFormat.RichText)
        self.chart = CoverageChart()
        self.chart.show_requested.connect(self.show_requested)
        self.chart.current_changed.connect(self._current_changed)
        self.scroll = QScrollArea()
        self.scroll.setWidget(self.chart)
        self.scroll.setWidgetResizable(True)
        self.scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll.setAccessibleName("Coverage by bucket")
        self.show_button = QPushButton("Show Cleared Photos from Here")
        self.show_button.setToolTip("Switch to the Library showing the cleared photos of the "
                                    "chosen row that are not in this exhibition")
        self.show_button.clicked.connect(self._show_current)
        self.note = QLabel("Counts only what was recorded — Places keywords (else the "
                           "event's place), events, years, shoots and photographers. Nothing "
                           "is inferred about the people pictured.")
        self.note.setWordWrap(True)
        small = self.note.font()
        small.setPointSizeF(small.pointSizeF() * 0.9)
        self.note.setFont(small)
        self.note.setForegroundRole(QPalette.ColorRole.PlaceholderText)

        v = QVBoxLayout(self)
        v.setContentsMargins(6, 6, 6, 6)
        v.addLayout(top)
        v.addWidget(self.summary)
        v.addWidget(self.legend)
        v.addWidget(self.scroll, 1)
        v.addWidget(self.show_button)
        v.addWidget(self.note)
        self.set_report(None)

    def dimension(self) -> str:
        return str(self.by.currentData())

    def set_report(self, report: CoverageReport | None, message: str = "") -> None:
        self.chart.set_report(report)
        if report is None:
            self.summary.setText(message or "Choose an exhibition to see whose places it "
                                            "shows.")
            self.legend.setText("")
            self._current_changed(None)
            return
        s = report.scope
        window = s.start.isoformat() if s.start == s.end else \
            f"{s.start.isoformat()} – {s.end.isoformat()}"
        n, total = report.set_total, report.archive_total
        text = (f"{n} photo{'s' if n != 1 else ''} in this exhibition, against "
                f"{total} photo{'s' if total != 1 else ''} cleared for exhibition use "
                f"over the tour ({window}).")
        if s.notes:
            text += " " + " ".join(s.notes)
        under = [b.label for b in gaps(report)]
        if under:
            text += f" Under-represented: {', '.join(under)}."
        unrecorded = next((b for b in report.buckets if b.key is None), None)
        if unrecorded is not None and unrecorded.in_archive:
            k = unrecorded.in_archive
            text += (f" {k} cleared photo{'s have' if k != 1 else ' has'} "
                     f"{unrecorded.label}.")
        self.summary.setText(text)
        self._legend()

    def _legend(self) -> None:
        if self.chart.report is None:
            self.legend.setText("")
            return
        swatch = "<span style='color:{}'>■</span>"
        self.legend.setText(
            f"Share of {swatch.format(set_colour(self.palette()).name())} this exhibition"
            f" &nbsp; {swatch.format(archive_colour(self.palette()).name())} the cleared "
            "archive")

    def changeEvent(self, event) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.PaletteChange:  # System ↔ Dark: the swatches follow
            self._legend()

    def _current_changed(self, bucket: Bucket | None) -> None:
        if bucket is None or not bucket.available:
            self.show_button.setEnabled(False)
            self.show_button.setText("Show Cleared Photos from Here")
            return
        self.show_button.setEnabled(True)
        n = bucket.available
        self.show_button.setText(f"Show {n} Cleared Photo{'s' if n != 1 else ''}: "
                                 f"{bucket.label}")
        self.show_button.setAccessibleDescription(bucket.summary(
            self.chart.report.set_total if self.chart.report else 0))

    def _show_current(self) -> None:
        b = self.chart.current_bucket()
        if b is not None and b.available:
            self.show_requested.emit(b)
