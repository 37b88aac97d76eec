"""Parsing the dates and years users type, with messages they understand.

One range for both: a day or year outside ``MIN_YEAR``–``MAX_YEAR`` is refused at entry
(a venue "closing 9999-12-31" cannot have a margin added to it, and no photograph was
taken before photography).
"""

from __future__ import annotations

import re
from datetime import date

from curator.errors import InvalidInput

MIN_YEAR, MAX_YEAR = 1826, 2200  # the oldest surviving photograph … far enough ahead

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
        day = date.fromisoformat(value)
    except ValueError:
        raise InvalidInput(
            f"'{text}' is not a valid {what}: write it as YYYY-MM-DD, e.g. 2025-06-09."
        ) from None
    return check_day(day, what)


def check_day(day: date, what: str = "date") -> date:
    """``day`` if its year is within the range Curator works with, else InvalidInput."""
    if not MIN_YEAR <= day.year <= MAX_YEAR:
        raise InvalidInput(f"{day.isoformat()} is not a usable {what}: Curator works with "
                           f"dates from {MIN_YEAR} to {MAX_YEAR}.")
    return day


def check_year(year: int) -> int:
    """``year`` if it is a plausible year for a photograph, else InvalidInput."""
    if not MIN_YEAR <= year <= MAX_YEAR:
        raise InvalidInput(f"{year} is not a plausible year for a photograph "
                           f"({MIN_YEAR} to {MAX_YEAR}).")
    return year
