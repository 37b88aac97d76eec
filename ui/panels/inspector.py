"""The inspector: the selected images' preview, capture data, tags and consent.

Edits apply to every selected image at once: each editor that changes emits
:attr:`Inspector.edit_requested` with a :class:`~curator.tagging.edits.TagEdit`, which the main
window turns into an undoable command. A field whose value differs across the selection
shows "(several values)" and changes nothing unless the curator types a new value.
"""

from __future__ import annotations

from typing import TypeVar

from PySide6.QtCore import QEvent, QSignalBlocker, Qt, Signal
from PySide6.QtGui import QIntValidator, QPainter, QPalette, QPixmap
from PySide6.QtWidgets import (
    QApplication,
    QComboBox,
    QFormLayout,
    QFrame,
    QLabel,
    QLineEdit,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from curator.reads import flag_name
from curator.tagging.edits import TagEdit
from ui.badges import status_style
from ui.panels.editors import (
    CommitTextEdit,
    KeywordCompleter,
    StarRating,
    shown_keyword,
    split_keywords,
)
from ui.thumbnails import ThumbnailCache

MIXED = "(several values)"
FLAGS = (("unflagged", "Unflagged"), ("pick", "Pick"), ("reject", "Rejected"))
W = TypeVar("W", bound=QWidget)


def common(rows: list[dict], key: str) -> object:
    """The value every row shares for ``key``, or MIXED (stops at the first difference)."""
    if not rows:
        return MIXED
    first = _hashable(rows[0].get(key))
    for r in rows:
        if _hashable(r.get(key)) != first:
            return MIXED
    return rows[0].get(key)


def _hashable(v: object) -> object:
    return tuple(v) if isinstance(v, list) else v


def _keywords_shared(rows: list[dict]) -> tuple[list[str], list[str]]:
    """The keywords on every row, and those on some rows only (both sorted)."""
    everywhere = set(rows[0].get("keywords") or ()) if rows else set()
    anywhere: set[str] = set()
    for r in rows:
        words = r.get("keywords") or ()
        anywhere.update(words)
        if everywhere:
            everywhere.intersection_update(words)
    return sorted(everywhere), sorted(anywhere - everywhere)


def _named(widget: W, name: str, tip: str = "") -> W:
    """``widget`` with its accessible name (and tooltip)."""
    widget.setAccessibleName(name)
    if tip:
        widget.setToolTip(tip)
    return widget


def _put(widget: QLineEdit | QComboBox | CommitTextEdit, value: object,
         empty: str = "") -> None:
    """Show ``value`` in an editor without emitting its signals: nothing shows as blank with
    the ``empty`` placeholder, MIXED as blank with "(several values)"."""
    text = "" if value in (None, MIXED) else str(value)
    placeholder = MIXED if value == MIXED else empty
    with QSignalBlocker(widget):
        if isinstance(widget, CommitTextEdit):
            widget.setPlainText(text)
            widget.setPlaceholderText(placeholder)
            return
        if isinstance(widget, QComboBox):
            widget.setEditText(text)
            line = widget.lineEdit()
        else:
            widget.setText(text)
            line = widget
        line.setCursorPosition(0)
        line.setPlaceholderText(placeholder)


class PreviewLabel(QLabel):
    """A label that keeps its pixmap scaled to its size."""

    def __init__(self) -> None:
        super().__init__()
        self._pixmap: QPixmap | None = None
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setSizePolicy(QSizePolicy.Policy.Ignored, QSizePolicy.Policy.Fixed)
        self.setFixedHeight(220)
        self.setWordWrap(True)
        self.restyle()

    def restyle(self) -> None:
        # A style sheet's palette(dark) is read once, when it is set: follow a change of
        # appearance (View ▸ Appearance) by hand, so a photo never sits on light grey in
        # the Dark appearance.
        app = QApplication.instance()
        palette = app.palette() if app is not None else self.palette()
        dark = palette.color(QPalette.ColorRole.Window).lightness() < 128
        background = "#1f1f1f" if dark else palette.color(QPalette.ColorRole.Dark).name()
        sheet = f"background: {background}; border-radius: 4px; color: white;"
        if sheet != self.styleSheet():
            self.setStyleSheet(sheet)

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() in (QEvent.Type.ApplicationPaletteChange, QEvent.Type.PaletteChange):
            self.restyle()

    def showEvent(self, event) -> None:
        self.restyle()  # a hidden widget may have missed the palette change
        super().showEvent(event)

    def set_preview(self, pixmap: QPixmap | None, text: str = "") -> None:
        self.restyle()
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
        self.setPixmap(self._pixmap.scaled(self.size(), Qt.AspectRatioMode.KeepAspectRatio,
                                           Qt.TransformationMode.SmoothTransformation))


def _section(text: str) -> QLabel:
    label = QLabel(text.upper())
    f = label.font()
    f.setBold(True)
    f.setPointSizeF(f.pointSizeF() * 0.85)
    label.setFont(f)
    label.setStyleSheet("color: palette(mid); margin-top: 8px;")
    return label


class Inspector(QScrollArea):
    """Shows the selection; :meth:`show_rows` is called with the selected rows."""

    edit_requested = Signal(object)  # TagEdit

    def __init__(self, previews: ThumbnailCache, thumbs: ThumbnailCache,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Inspector")
        self.setWidgetResizable(True)
        self.setFrameShape(QFrame.Shape.NoFrame)
        self.previews, self.thumbs = previews, thumbs
        previews.ready.connect(self._preview_ready)
        self.rows: list[dict] = []
        self.shown: dict[str, object] = {}
        self.heading = QLabel("Nothing selected")
        f = self.heading.font()
        f.setBold(True)
        f.setPointSizeF(f.pointSizeF() * 1.1)
        self.heading.setFont(f)
        self.heading.setWordWrap(True)
        self.preview = PreviewLabel()
        self.preview.setAccessibleName("Preview")
        self.consent = _named(QLabel(), "Consent status")
        self.consent.setWordWrap(True)
        self.info = self._capture_form()
        self.form = self._description_form()
        self.editors = [self.year, self.event, self.caption, self.alt_text, self.credit,
                        self.keywords, self.rating, self.flag]

        body = QWidget()
        layout = QVBoxLayout(body)
        for part in (self.heading, self.preview, self.consent, _section("Description"),
                     self.form, _section("Capture"), self.info):
            if isinstance(part, QWidget):
                layout.addWidget(part)
            else:
                layout.addLayout(part)
        self.extra = QVBoxLayout()  # the people & consent panel docks here
        layout.addLayout(self.extra)
        layout.addStretch()
        self.setWidget(body)
        self.setMinimumWidth(300)
        self.show_rows([])

    def _capture_form(self) -> QFormLayout:
        """What the camera recorded: read-only, selectable labels."""
        form = QFormLayout()
        self.info_labels: dict[str, QLabel] = {}
        for key, label in (("file_name", "File"), ("captured_at", "Captured"),
                           ("camera", "Camera"), ("size", "Size"), ("shoot", "Shoot")):
            value = _named(QLabel(), label)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            self.info_labels[key] = value
            form.addRow(f"{label}:", value)
        return form

    def _description_form(self) -> QFormLayout:
        """The editors; each emits a TagEdit when the curator finishes with it."""
        self.year = _named(QLineEdit(), "Year")
        self.year.setValidator(QIntValidator(1826, 2200, self))
        self.year.editingFinished.connect(self._year_done)
        self.event = _named(QComboBox(), "Event")
        self.event.setEditable(True)
        self.event.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.event.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
        self.event.setMinimumContentsLength(12)
        self.event.lineEdit().editingFinished.connect(self._event_done)
        self.event.activated.connect(lambda _i: self._event_done())
        self.caption = _named(CommitTextEdit(lines=3), "Caption")
        self.caption.committed.connect(lambda t: self._text_done("caption", t))
        self.alt_text = _named(CommitTextEdit(lines=3), "Alt text",
                               "A description for screen readers (partners' websites need it)")
        self.alt_text.committed.connect(lambda t: self._text_done("alt_text", t))
        self.credit = _named(QLineEdit(), "Credit line")
        self.credit.editingFinished.connect(lambda: self._text_done("credit", self.credit.text()))
        self.keywords = _named(QLineEdit(), "Keywords",
                               "Comma-separated; a hierarchy is written Places|Liverpool")
        self.completer = KeywordCompleter([], self.keywords)
        self.keywords.setCompleter(self.completer)
        self.keywords.editingFinished.connect(self._keywords_done)
        self.keywords_note = QLabel()
        self.keywords_note.setWordWrap(True)
        self.keywords_note.setStyleSheet("color: palette(mid);")
        self.rating = StarRating()
        self.rating.rated.connect(lambda n: self._emit(TagEdit(rating=n)))
        self.flag = _named(QComboBox(), "Flag")
        for value, label in FLAGS:
            self.flag.addItem(label, value)
        self.flag.activated.connect(self._flag_done)

        form = QFormLayout()
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        for label, editor in (("Year:", self.year), ("Event:", self.event),
                              ("Caption:", self.caption), ("Alt text:", self.alt_text),
                              ("Credit:", self.credit), ("Keywords:", self.keywords),
                              ("", self.keywords_note), ("Rating:", self.rating),
                              ("Flag:", self.flag)):
            form.addRow(label, editor)
        return form

    # ------------------------------------------------------------------ showing
    def set_choices(self, events: list[str], keywords: list[str]) -> None:
        """Existing events and keywords, offered while typing."""
        current = self.event.currentText()
        with QSignalBlocker(self.event):
            self.event.clear()
            self.event.addItems(["", *events])
            self.event.setEditText(current)
        self.completer.set_words([shown_keyword(k) for k in keywords])

    def show_rows(self, rows: list[dict]) -> None:
        same = [r["id"] for r in rows] == [r["id"] for r in self.rows]
        self.rows = rows
        n = len(rows)
        self.heading.setText("Nothing selected" if n == 0 else
                             rows[0].get("file_name", "") if n == 1 else f"{n} photos selected")
        for w in self.editors:
            w.setEnabled(n > 0)
        for key, label in self.info_labels.items():
            label.setText(self._info(rows, key) if rows else "")
        self._show_consent(rows)
        self._fill_editors(rows, keep_focused=same)
        if n == 0:
            self.preview.set_preview(None, "Select a photo to see it here")
        elif n == 1:
            row = rows[0]
            pixmap = self.previews.get(row["sha256"], row["id"])
            if pixmap is None:
                pixmap = self.thumbs.peek(row["sha256"])  # sharp enough until it arrives
            self.preview.set_preview(pixmap, "Loading preview…")
        elif not same:
            self.preview.set_preview(self._mosaic(rows), f"{n} photos")

    def _fill_editors(self, rows: list[dict], keep_focused: bool) -> None:
        """Show what the selection shares; an editor the curator is typing in is left alone
        when the selection did not change (``keep_focused``)."""
        def free(w: QWidget) -> bool:
            return not (keep_focused and w.hasFocus())

        shown: dict[str, object] = {}
        for key, widget, empty in (("year", self.year, ""), ("credit", self.credit, ""),
                                   ("event", self.event, "No event"),
                                   ("caption", self.caption, ""),
                                   ("alt_text", self.alt_text, "")):
            shown[key] = common(rows, key) if rows else None
            if free(widget):
                _put(widget, shown[key], empty)
        shared, some = _keywords_shared(rows)
        shown["keywords"] = shared
        if free(self.keywords):
            _put(self.keywords, ", ".join(shown_keyword(k) for k in shared))
        listed = ", ".join(shown_keyword(k) for k in some[:12]) + (
            f" and {len(some) - 12} more" if len(some) > 12 else "")
        self.keywords_note.setText(f"On some of the selected photos only: {listed}"
                                   if some else "")
        self.keywords_note.setToolTip(
            "\n".join(shown_keyword(k) for k in some[:60]) if len(some) > 12 else "")
        self.keywords_note.setVisible(bool(some))
        rating = common(rows, "rating") if rows else 0
        self.rating.set_value(None if rating == MIXED else int(rating or 0))
        pick = common(rows, "pick") if rows else 0
        with QSignalBlocker(self.flag):
            if pick == MIXED:
                self.flag.setCurrentIndex(-1)
                self.flag.setPlaceholderText(MIXED)
            else:
                self.flag.setCurrentIndex(self.flag.findData(flag_name(pick)))
        self.shown = shown

    def _show_consent(self, rows: list[dict]) -> None:
        if not rows:
            self.consent.setText("")
            return
        status = common(rows, "consent_status")
        if status == MIXED:
            counts: dict[str, int] = {}
            for r in rows:
                s = r.get("consent_status") or "unknown"
                counts[s] = counts.get(s, 0) + 1
            text = "Consent: " + ", ".join(f"{status_style(s).label} {n}"
                                           for s, n in sorted(counts.items()))
            self.consent.setText(text)
            self.consent.setStyleSheet("")
            return
        st = status_style(str(status or "unknown"))
        self.consent.setText(f"<b>Consent: {st.label}</b> — {st.meaning}")
        self.consent.setStyleSheet(
            f"border-left: 4px solid {st.colour}; padding: 2px 6px; margin-top: 4px;")

    def _info(self, rows: list[dict], key: str) -> str:
        if key == "size":
            width, height = common(rows, "width"), common(rows, "height")
            if MIXED in (width, height):
                return MIXED
            return f"{width} × {height} px"
        value = common(rows, key)
        if value == MIXED:
            return MIXED
        if value in (None, ""):
            return "—"
        if key == "captured_at":
            return str(value)[:19].replace("T", " ")
        return str(value)

    def _preview_ready(self, sha: str) -> None:
        if len(self.rows) == 1 and self.rows[0]["sha256"] == sha:
            pixmap = self.previews.peek(sha)
            self.preview.set_preview(pixmap, "No preview: the original may be missing")

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

    # ------------------------------------------------------------------ editing
    def _emit(self, edit: TagEdit) -> None:
        if self.rows:
            self.edit_requested.emit(edit)

    def _year_done(self) -> None:
        text = self.year.text().strip()
        if text and str(self.shown.get("year")) != text:
            self._emit(TagEdit(year=int(text)))

    def _event_done(self) -> None:
        text = self.event.currentText().strip()
        before = self.shown.get("event")
        if before == MIXED and not text:
            return
        if text != (before or ""):
            self.shown["event"] = text or None
            self._emit(TagEdit(event=text, create_event=True))

    def _text_done(self, key: str, text: str) -> None:
        text = text.strip()
        before = self.shown.get(key)
        if before == MIXED and not text:
            return
        if text != (before or ""):
            self.shown[key] = text or None
            self._emit(TagEdit(**{key: text}))

    def _keywords_done(self) -> None:
        new = split_keywords(self.keywords.text())
        old = list(self.shown.get("keywords") or [])
        add = [k for k in new if k not in old]
        remove = [k for k in old if k not in new]
        if add or remove:
            self.shown["keywords"] = new
            self._emit(TagEdit(add_keywords=add, remove_keywords=remove))

    def _flag_done(self, index: int) -> None:
        value = self.flag.itemData(index)
        if value:
            self._emit(TagEdit(pick=value))
