"""Parsing the dates users type (ISO ``YYYY-MM-DD``) with messages they understand."""

from __future__ import annotations

import re
from datetime import date

from curator.errors import InvalidInput

# Exactly YYYY-MM-DD: ``date.fromisoformat`` alone also takes ``20250101`` and week dates
# (``2025-W01-1``), which a curator did not mean and the contract does not promise.
_ISO_DAY = re.compile(r"\d{4}-\d{2}-\d{2}", re.ASCII)


def parse_date(text: str | None, what: str = "date") -> date | None:
    """``YYYY-MM-DD`` → ``date``; ``None`` stays ``None``; anything else is InvalidInput."""
    if text is None:
        return None
    value = text.strip()
    try:
        if not _ISO_DAY.fullmatch(value):
            raise ValueError(value)
        return date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"'{text}' is not a valid {what}: write it as YYYY-MM-DD, e.g. 2025-06-09."
        ) from None
