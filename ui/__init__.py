"""Curator's desktop app (PySide6). Importing ``ui`` applies :mod:`ui.qtfix` first."""

from ui import qtfix as _qtfix

_qtfix.apply()
