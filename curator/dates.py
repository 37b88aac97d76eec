"""Parsing the dates users type (ISO ``YYYY-MM-DD``) with messages they understand."""

from __future__ import annotations

from datetime import date

from curator.errors import InvalidInput


def parse_date(text: str | None, what: str = "date") -> date | None:
    """``YYYY-MM-DD`` → ``date``; ``None`` stays ``None``; anything else is InvalidInput."""
    if text is None:
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise InvalidInput(
            f"'{text}' is not a valid {what}: write it as YYYY-MM-DD, e.g. 2025-06-09."
        ) from None
