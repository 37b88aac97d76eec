"""What Curator is: its identity, version, catalogue schema and the licences it ships under.

The About dialog, the desktop entry and ``--version`` read these; the licences of libraries
are read from their installed metadata, so the list says what is really installed.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from importlib import metadata
from pathlib import Path

from curator import __version__
from curator.catalogue import MIGRATIONS
from curator.resources import resource_path

APP_NAME = "Curator"
# Reverse-DNS application id: names the desktop entry, the AppStream metainfo and the icon.
APP_ID = "net.curatorapp.Curator"
ORGANISATION = "Curator"
ORGANISATION_DOMAIN = "curatorapp.net"
ICON_LICENCE = "CC0 1.0 (drawn for Curator, resources/icons/curator.svg)"

# The libraries a user would want to know about, by distribution name.
MAIN_LIBRARIES = ("PySide6-Essentials", "pillow", "pillow-heif", "reportlab", "uharfbuzz",
                  "python-bidi", "sqlite-utils", "piexif", "platformdirs", "defusedxml",
                  "filelock", "bagit")


@dataclass(frozen=True)
class Licensed:
    name: str
    version: str
    licence: str


def version() -> str:
    return __version__


def schema_version() -> int:
    """The catalogue schema this Curator writes (``PRAGMA user_version`` after migrating)."""
    return len(MIGRATIONS)


def catalogue_schema_of(catalogue: Path) -> int | None:
    """The schema version of an existing catalogue file, read without changing it."""
    if not catalogue.is_file():
        return None
    try:
        with sqlite3.connect(f"file:{catalogue}?mode=ro", uri=True) as db:
            return int(db.execute("PRAGMA user_version").fetchone()[0])
    except sqlite3.Error:
        return None


def _licence_of(dist: metadata.Distribution) -> str:
    meta = dist.metadata
    if meta.get("License-Expression"):
        return str(meta["License-Expression"])
    text = (meta.get("License") or "").strip()
    if text and len(text) <= 60 and "\n" not in text:
        return text
    kinds = [c.split("::")[-1].strip() for c in meta.get_all("Classifier") or []
             if c.startswith("License ::")]
    return ", ".join(kinds) or "see the package's licence file"


def library_licences() -> list[Licensed]:
    found = []
    for name in MAIN_LIBRARIES:
        try:
            dist = metadata.distribution(name)
        except metadata.PackageNotFoundError:
            continue
        found.append(Licensed(dist.metadata["Name"], dist.version, _licence_of(dist)))
    return found


def font_licences() -> list[Licensed]:
    fonts = sorted(p.stem for p in resource_path("fonts").glob("*.ttf"))
    return [Licensed(f, "", "SIL Open Font License 1.1") for f in fonts]


def font_licence_text() -> str:
    return resource_path("fonts", "OFL.txt").read_text(encoding="utf-8")
