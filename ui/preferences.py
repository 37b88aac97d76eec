"""The user's preferences, kept in QSettings under ``preferences/``.

Read where they are used (the import dialog, the grid, the inspector, start-up), so a change
applies at once except the default library folder, which is where the next start opens.
"""

from __future__ import annotations

from dataclasses import dataclass, fields

from PySide6.QtCore import QSettings

THUMB_SIZES = (96, 320)  # the grid slider's range
PREVIEW_HEIGHTS = (120, 600)  # the inspector's preview, in pixels


@dataclass
class Preferences:
    library_folder: str = ""  # empty: --library, $CURATOR_LIBRARY, the last one, the default
    photographer: str = ""
    credit: str = ""  # credit line for imported photos whose files carry none
    organisation: str = ""  # campaign or organisation named in packs
    thumb_size: int = 176
    preview_height: int = 220
    reference_originals: bool = False  # leave originals in place instead of copying them


def load(settings: QSettings) -> Preferences:
    prefs = Preferences()
    for f in fields(Preferences):
        default = getattr(prefs, f.name)
        key = "grid/thumb_size" if f.name == "thumb_size" else f"preferences/{f.name}"
        value = settings.value(key, default)
        if isinstance(default, bool):
            value = value in (True, "true", "1", 1)
        elif isinstance(default, int):
            try:
                value = int(value)
            except (TypeError, ValueError):
                value = default
        else:
            value = str(value or "")
        setattr(prefs, f.name, value)
    prefs.thumb_size = min(max(prefs.thumb_size, THUMB_SIZES[0]), THUMB_SIZES[1])
    prefs.preview_height = min(max(prefs.preview_height, PREVIEW_HEIGHTS[0]), PREVIEW_HEIGHTS[1])
    return prefs


def save(settings: QSettings, prefs: Preferences) -> None:
    for f in fields(Preferences):
        key = "grid/thumb_size" if f.name == "thumb_size" else f"preferences/{f.name}"
        settings.setValue(key, getattr(prefs, f.name))
    settings.sync()
