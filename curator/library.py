"""The library folder: where the catalogue, originals, caches and forms live.

```
<library>/
  catalogue.sqlite
  originals/<year>/<shoot>/       byte-identical, read-only copies
  originals/.incoming/            staging for an import in progress
  cache/thumbs/ab/<sha256>.jpg    cache/previews/ab/<sha256>.jpg
  consent-forms/                  personal data: never exported
  exports/
  removed/<year>/<shoot>/         originals of images removed from the catalogue (read-only)
```
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

import platformdirs

from curator.errors import CuratorError, LibraryNotFound

CATALOGUE_NAME = "catalogue.sqlite"
THUMB_SIZE = 256
PREVIEW_SIZE = 1280


def default_library_dir() -> Path:
    """``$CURATOR_LIBRARY`` if set, else ``<user data dir>/Curator/Library``."""
    env = os.environ.get("CURATOR_LIBRARY")
    if env:
        return Path(env).expanduser()
    return Path(platformdirs.user_data_dir("Curator", appauthor=False)) / "Library"


@dataclass(frozen=True)
class Library:
    """Paths inside one library folder."""

    root: Path

    @property
    def catalogue_path(self) -> Path:
        return self.root / CATALOGUE_NAME

    @property
    def originals(self) -> Path:
        return self.root / "originals"

    @property
    def incoming(self) -> Path:
        return self.originals / ".incoming"

    @property
    def thumbs(self) -> Path:
        return self.root / "cache" / "thumbs"

    @property
    def previews(self) -> Path:
        return self.root / "cache" / "previews"

    @property
    def consent_forms(self) -> Path:
        return self.root / "consent-forms"

    @property
    def exports(self) -> Path:
        return self.root / "exports"

    @property
    def removed(self) -> Path:
        """Where the originals of images removed from the catalogue are kept."""
        return self.root / "removed"

    @property
    def lock_path(self) -> Path:
        return self.root / ".curator.lock"

    def exists(self) -> bool:
        return self.catalogue_path.is_file()

    def thumb_path(self, sha256: str) -> Path:
        return self.thumbs / sha256[:2] / f"{sha256}.jpg"

    def preview_path(self, sha256: str) -> Path:
        return self.previews / sha256[:2] / f"{sha256}.jpg"

    def resolve_original(self, stored: str) -> Path:
        """An image's ``original_path`` as stored (relative to the library, or absolute)."""
        p = Path(stored)
        return p if p.is_absolute() else self.root / p

    def make_root(self) -> None:
        """Create the library folder; a folder that cannot be made is a ``CuratorError``."""
        self._mkdirs(self.root)

    def make_dirs(self) -> None:
        self._mkdirs(self.root, self.originals, self.thumbs, self.previews, self.consent_forms,
                     self.exports)

    def _mkdirs(self, *folders: Path) -> None:
        try:
            for d in folders:
                d.mkdir(parents=True, exist_ok=True)
        except OSError as exc:  # a file in the way, no permission, a read-only disk …
            raise CuratorError(
                f"A library cannot be created in {self.root}: {exc.strerror or exc} — "
                "choose another folder with --library."
            ) from exc

    def require(self) -> Library:
        """Raise ``LibraryNotFound`` unless the folder holds a library."""
        if not self.exists():
            raise LibraryNotFound(
                f"No Curator library in {self.root} — create one with `curator init` "
                "or import a shoot into it."
            )
        return self
