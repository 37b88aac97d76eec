"""What every command handler gets: the library, an open catalogue, and output helpers."""

from __future__ import annotations

import json
import re
import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import sqlite_utils

from curator.catalogue import open_catalogue
from curator.library import Library

# Characters that must never reach a terminal as they are: C0/C1 controls and DEL (an ESC
# sequence in a caption could recolour, retitle or rewrite the curator's terminal; a
# carriage return can overwrite what was printed) and the bidirectional overrides/isolates
# (text that reads differently from what it is). Newline and tab are kept here; values
# that must stay on one line go through :func:`one_line` as well.
_UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]")


def printable(text: str) -> str:
    """``text`` with every terminal control character shown as an escape (``\\x1b``)."""
    return _UNSAFE.sub(lambda m: f"\\x{ord(m.group()):02x}" if ord(m.group()) < 0x100
                       else f"\\u{ord(m.group()):04x}", text)


def one_line(value: Any) -> str:
    """A value from user text (a caption, a title) on one line of a listing: line breaks
    become ``⏎``, so a caption cannot forge extra rows."""
    text = "" if value is None else str(value)
    return re.sub(r"\s*(?:\r\n|\r|\n|\u2028|\u2029)\s*", " ⏎ ", text)


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
            shown = text() if callable(text) else text
            sys.stdout.write(printable(shown.rstrip("\n")) + "\n")

    def close(self) -> None:
        if self._db is not None:
            self._db.close()
            self._db = None
