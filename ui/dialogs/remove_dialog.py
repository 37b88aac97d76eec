"""Asks before removing photos from the library: how many, where the originals go, which
exhibitions hold them — or says why they cannot be removed (a final exhibition)."""

from __future__ import annotations

from html import escape

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QStyle,
    QVBoxLayout,
    QWidget,
)

from curator.removal import RemovalPlan


def _photos(n: int) -> str:
    return f"{n} photo{'s' if n != 1 else ''}"


def _positions(e: dict) -> str:
    p = e["positions"]
    return f"position{'s' if len(p) != 1 else ''} {', '.join(map(str, p))}"


def describe(plan: RemovalPlan) -> str:
    """The dialog's text (rich text; every title from the catalogue is escaped)."""
    n = len(plan.image_ids)
    removed = escape(plan.removed_dir)
    if not plan.allowed:
        lines = [f"<b>These {_photos(n)} cannot be removed.</b>" if n != 1 else
                 "<b>This photo cannot be removed.</b>"]
        for e in plan.blocked_by:
            lines.append(f"The final exhibition #{e['id']} “{escape(e['title'])}” shows "
                         f"{_photos(len(e['image_ids']))} of them ({_positions(e)}).")
        lines.append("Reopen the exhibition as a draft and take the photos out of it first, "
                     "or leave them in the library. Nothing was changed.")
        return "<br><br>".join(lines)
    lines = [f"<b>Remove {_photos(n)} from the library?</b>",
             "They leave the catalogue with their captions, keywords, ratings and people "
             "links. People and consent records stay."]
    originals = []
    if plan.to_move:
        originals.append(
            f"The original{'s are' if plan.to_move != 1 else ' is'} <b>not deleted</b>: "
            f"{'they are' if plan.to_move != 1 else 'it is'} moved to <b>{removed}</b> "
            "(in folders by year and shoot, read-only).")
    if plan.referenced:
        originals.append(f"{_photos(plan.referenced)} imported by reference: "
                         f"{'their originals stay' if plan.referenced != 1 else 'its original stays'}"
                         " where they are, untouched.")
    if plan.missing:
        originals.append(f"{_photos(plan.missing)} already "
                         f"{'have' if plan.missing != 1 else 'has'} no original on disk.")
    lines.append(" ".join(originals))
    if plan.exhibitions:
        held = "; ".join(f"“{escape(e['title'])}” ({_positions(e)})" for e in plan.exhibitions)
        lines.append(f"In {len(plan.exhibitions)} draft exhibition"
                     f"{'s' if len(plan.exhibitions) != 1 else ''}: {held}. They will be taken "
                     "out and the positions after them close up.")
    else:
        lines.append("They are in no exhibition.")
    where = removed if plan.to_move else "where they are"
    lines.append(f"This cannot be undone from the Edit menu; the originals stay in {where}.")
    return "<br><br>".join(lines)


class RemoveDialog(QDialog):
    """Confirm a removal (``accepted``), or explain why it is refused (only a Close button)."""

    def __init__(self, plan: RemovalPlan, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.plan = plan
        n = len(plan.image_ids)
        self.setWindowTitle(f"Remove {_photos(n)} from the library" if plan.allowed
                            else "Cannot remove these photos")
        icon = QLabel()
        kind = (QStyle.StandardPixmap.SP_MessageBoxQuestion if plan.allowed
                else QStyle.StandardPixmap.SP_MessageBoxWarning)
        icon.setPixmap(self.style().standardIcon(kind).pixmap(40, 40))
        icon.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.text = QLabel(describe(plan))
        self.text.setTextFormat(Qt.TextFormat.RichText)
        self.text.setWordWrap(True)
        self.text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.text.setAccessibleName("What removing does")
        self.text.setMinimumWidth(440)
        box = QDialogButtonBox()
        self.remove_button: QPushButton | None = None
        if plan.allowed:
            self.remove_button = box.addButton(
                f"Remove {_photos(n)}", QDialogButtonBox.ButtonRole.DestructiveRole)
            self.remove_button.setAccessibleName("Remove from the library")
            self.remove_button.clicked.connect(self.accept)
            cancel = box.addButton(QDialogButtonBox.StandardButton.Cancel)
            cancel.setDefault(True)  # Return does not remove anything
            cancel.setFocus()
        else:
            close = box.addButton(QDialogButtonBox.StandardButton.Close)
            close.setDefault(True)
        box.rejected.connect(self.reject)
        row = QHBoxLayout()
        row.addWidget(icon)
        row.addWidget(self.text, 1)
        layout = QVBoxLayout(self)
        layout.addLayout(row)
        layout.addWidget(box)
