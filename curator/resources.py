"""Where the files the app reads at run time live (fonts, licence templates, icons).

They ship in the top-level ``resources/`` folder; every reader goes through
:func:`resource_path`, so that moving them (into a wheel's package data) is one edit.
"""

from __future__ import annotations

from pathlib import Path

from curator.errors import CuratorError

RESOURCES = Path(__file__).resolve().parents[1] / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise CuratorError(f"Curator's bundled file {'/'.join(parts)} is missing; "
                           "reinstall Curator.")
    return path
