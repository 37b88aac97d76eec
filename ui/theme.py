"""Appearance: the system's look, or a neutral dark grey to judge pictures against.

Lightroom, digiKam and darktable show photographs on neutral grey so that the frame does not
tint the eye; ``dark`` is the Fusion style with a palette of neutral greys (no blue cast)
and a muted highlight. ``system`` puts back the style and palette the application started
with. The choice is kept in the settings under :data:`SETTING`.
"""

from __future__ import annotations

from PySide6.QtCore import QSettings
from PySide6.QtGui import QColor, QPalette
from PySide6.QtWidgets import QApplication, QStyleFactory

APPEARANCES = ("system", "dark")
SETTING = "view/appearance"

_original: tuple[str, QPalette] | None = None


def dark_palette() -> QPalette:
    p = QPalette()
    grey = {  # neutral: equal red, green and blue
        QPalette.ColorRole.Window: "#383838", QPalette.ColorRole.Base: "#2b2b2b",
        QPalette.ColorRole.AlternateBase: "#333333", QPalette.ColorRole.Button: "#404040",
        QPalette.ColorRole.Mid: "#5a5a5a", QPalette.ColorRole.Midlight: "#4a4a4a",
        QPalette.ColorRole.Dark: "#222222", QPalette.ColorRole.Shadow: "#151515",
        QPalette.ColorRole.Light: "#555555", QPalette.ColorRole.ToolTipBase: "#2b2b2b",
        QPalette.ColorRole.WindowText: "#dddddd", QPalette.ColorRole.Text: "#dddddd",
        QPalette.ColorRole.ButtonText: "#dddddd", QPalette.ColorRole.ToolTipText: "#dddddd",
        QPalette.ColorRole.BrightText: "#ffffff", QPalette.ColorRole.PlaceholderText: "#8a8a8a",
        QPalette.ColorRole.Highlight: "#5a6f8c", QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#8fb4e8",
    }
    for role, colour in grey.items():
        p.setColor(role, QColor(colour))
    for role in (QPalette.ColorRole.WindowText, QPalette.ColorRole.Text,
                 QPalette.ColorRole.ButtonText):
        p.setColor(QPalette.ColorGroup.Disabled, role, QColor("#7a7a7a"))
    return p


def apply(appearance: str) -> str:
    """Use ``appearance`` (``system`` or ``dark``; anything else counts as system)."""
    global _original
    app = QApplication.instance()
    if app is None:
        return "system"
    if _original is None:
        _original = (app.style().name(), QPalette(app.palette()))
    if appearance == "dark":
        app.setStyle(QStyleFactory.create("Fusion"))
        app.setPalette(dark_palette())
        return "dark"
    style, palette = _original
    app.setStyle(QStyleFactory.create(style) or QStyleFactory.create("Fusion"))
    app.setPalette(palette)
    return "system"


def saved(settings: QSettings) -> str:
    value = str(settings.value(SETTING, "system"))
    return value if value in APPEARANCES else "system"


def choose(settings: QSettings, appearance: str) -> str:
    """Apply and remember."""
    chosen = apply(appearance)
    settings.setValue(SETTING, chosen)
    return chosen
