"""Where the files the app reads at run time live (fonts, licence templates, icons).

They live in the repository's top-level ``resources/`` folder, which installs as the package
``curator_resources`` (``setup.py``): a wheel carries them as package data, an editable
install maps the package onto the folder, and :mod:`importlib.resources` finds them in
either case, never by a path relative to the repository. Every reader goes through
:func:`resource_path`.
"""

from __future__ import annotations

import atexit
import contextlib
from importlib import resources
from pathlib import Path

from curator.errors import CuratorError

PACKAGE = "curator_resources"


def _resources_root() -> Path:
    root = resources.files(PACKAGE)
    if isinstance(root, Path):
        return root
    # Installed inside a zip (or another non-filesystem loader): reportlab and Qt need real
    # file names, so extract once for the life of the process.
    stack = contextlib.ExitStack()
    atexit.register(stack.close)
    return Path(stack.enter_context(resources.as_file(root)))


RESOURCES = _resources_root()


def resource_path(*parts: str) -> Path:
    """The path of a bundled resource, e.g. ``resource_path("fonts", "NotoSans-Regular.ttf")``."""
    path = RESOURCES.joinpath(*parts)
    if not path.exists():
        raise CuratorError(f"Curator's bundled file {'/'.join(parts)} is missing; "
                           "reinstall Curator.")
    return path
