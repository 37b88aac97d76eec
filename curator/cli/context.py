"""What every command handler gets: the library, an open catalogue, and output helpers."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from curator.catalogue import open_catalogue
from curator.library import Library


@dataclass
class Context:
    library: Library
    json: bool = False
    _db: sqlite_utils.Database | None = field(default=None, repr=False)

    def db(self, *, create: bool = False) -> sqlite_utils.Database:
        """The library's catalogue; a writing command passes ``create=True``."""
        if self._db is None:
            self._db = open_catalogue(self.library, create=create)
        return self._db

    def out(self, data: Any, text: str | Callable[[], str] | None = None) -> None:
        """Print ``data`` as one JSON document with ``--json``, else ``text``."""
        if self.json:
            json.dump(data, sys.stdout, ensure_ascii=False, indent=2, default=str)
            sys.stdout.write("\n")
        elif text is not None:
            sys.stdout.write((text() if callable(text) else text).rstrip("\n") + "\n")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
