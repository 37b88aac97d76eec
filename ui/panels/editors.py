"""Small editors the inspector uses: text that commits on leaving, stars, keyword completion."""

from __future__ import annotations

from PySide6.QtCore import QStringListModel, Qt, Signal
from PySide6.QtGui import QFocusEvent, QKeyEvent
from PySide6.QtWidgets import (
    QCompleter,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QToolButton,
    QWidget,
)


class CommitTextEdit(QPlainTextEdit):
    """Multi-line text that emits :attr:`committed` when focus leaves or on Ctrl+Enter."""

    committed = Signal(str)

    def __init__(self, parent: QWidget | None = None, lines: int = 3) -> None:
        super().__init__(parent)
        self.setTabChangesFocus(True)
        line = self.fontMetrics().lineSpacing()
        self.setFixedHeight(int(line * lines + 12))

    def focusOutEvent(self, event: QFocusEvent) -> None:
        super().focusOutEvent(event)
        self.committed.emit(self.toPlainText())

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if (event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter)
                and event.modifiers() & Qt.KeyboardModifier.ControlModifier):
            self.committed.emit(self.toPlainText())
            return
        super().keyPressEvent(event)


class StarRating(QWidget):
    """Five star buttons; clicking the current rating again clears it (0)."""

    rated = Signal(int)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setAccessibleName("Rating")
        self.value: int | None = 0
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        self.buttons: list[QToolButton] = []
        for n in range(1, 6):
            b = QToolButton()
            b.setAutoRaise(True)
            b.setToolTip(f"{n} star{'s' if n > 1 else ''} (key {n} in the grid)")
            b.setAccessibleName(f"Rate {n} star{'s' if n > 1 else ''}")
            b.clicked.connect(lambda _c=False, n=n: self._clicked(n))
            layout.addWidget(b)
            self.buttons.append(b)
        self.mixed = QLabel("(several ratings)")
        self.mixed.setStyleSheet("color: palette(mid); padding-left: 6px;")
        layout.addWidget(self.mixed)
        layout.addStretch()
        self.set_value(0)

    def set_value(self, value: int | None) -> None:
        """``None`` shows the selection has several ratings (said in words, not 0 stars)."""
        self.value = value
        for n, b in enumerate(self.buttons, start=1):
            b.setText("★" if value and n <= value else "☆")
        self.mixed.setVisible(value is None)
        self.setToolTip("The selected photos have different ratings: a click sets them all"
                        if value is None else "")

    def _clicked(self, n: int) -> None:
        self.rated.emit(0 if self.value == n else n)


class KeywordCompleter(QCompleter):
    """Completes the last comma-separated keyword of a line edit."""

    def __init__(self, words: list[str], parent: QLineEdit) -> None:
        super().__init__(parent)
        self.setModel(QStringListModel(words, self))
        self.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
        self.setFilterMode(Qt.MatchFlag.MatchContains)
        self._edit = parent

    def set_words(self, words: list[str]) -> None:
        self.model().setStringList(words)

    def splitPath(self, path: str) -> list[str]:
        return [path.split(",")[-1].strip()]

    def pathFromIndex(self, index) -> str:
        done = self._edit.text().split(",")[:-1]
        return ", ".join([*(d.strip() for d in done if d.strip()), index.data()]) + ", "


HIERARCHY = " › "  # how a keyword's levels read on screen (stored as Places|Liverpool)


def shown_keyword(keyword: str) -> str:
    """``Places|Liverpool`` → ``Places › Liverpool``, as the sidebar shows it."""
    return keyword.replace("|", HIERARCHY)


def split_keywords(text: str) -> list[str]:
    """``"a, b|c ,, d › e"`` → ``["a", "b|c", "d|e"]`` (levels typed with | or ›)."""
    out = []
    for part in text.split(","):
        levels = [p.strip() for p in part.replace("›", "|").split("|")]
        if any(levels):
            out.append("|".join(p for p in levels if p))
    return list(dict.fromkeys(out))
