"""The one parser for every number a command takes: ids, positions, years, counts.

Each is an argparse ``type=``. An id that cannot name a row (0, negative, beyond SQLite's
64-bit integers) is answered like any id that names no row — "There is no image #0 in this
library." — instead of reaching SQLite, which refuses integers above 2**63 - 1 with an
OverflowError. These raise :class:`~curator.errors.CuratorError` subclasses, which
:func:`curator.cli.main` turns into one line and exit status 1.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from curator.dates import check_year
from curator.errors import InvalidInput, NotFound

SQLITE_MAX_INTEGER = 2**63 - 1
_INTEGER = re.compile(r"[+-]?\d+", re.ASCII)


def _integer(text: str) -> tuple[str, int | None]:
    """``text`` stripped (and without a leading ``#``), and its value if it is an integer
    that fits in SQLite (else ``None``)."""
    value = text.strip().removeprefix("#")
    if not _INTEGER.fullmatch(value):
        return value, None
    digits = value.lstrip("+-").lstrip("0") or "0"
    if len(digits) > 19:  # more than 2**63 can hold (and int() refuses 4,300+ digits)
        return value, SQLITE_MAX_INTEGER + 1
    return value, int(value)


def id_of(kind: str) -> Callable[[str], int]:
    """A ``type=`` for the id of a ``kind`` ("image", "exhibition", "person" …)."""
    article = "an" if kind[0] in "aeiou" else "a"

    def parse(text: str) -> int:
        value, number = _integer(text)
        if number is None and not re.fullmatch(r"[+-]?\d+", value, re.ASCII):
            raise InvalidInput(f"'{text}' is not {article} {kind} number: give the number "
                               f"Curator shows for it, e.g. 12.")
        if number is None or not 1 <= number <= SQLITE_MAX_INTEGER:
            raise NotFound(f"There is no {kind} #{value} in this library.")
        return number

    parse.__name__ = f"{kind} id"
    return parse


IMAGE_ID = id_of("image")
EXHIBITION_ID = id_of("exhibition")
PERSON_ID = id_of("person")
CONSENT_ID = id_of("consent")
VENUE_ID = id_of("venue")
PARTNER_ID = id_of("partner")
LICENCE_ID = id_of("licence")
CAMPAIGN_ID = id_of("campaign")


def whole_number(what: str, lowest: int, highest: int) -> Callable[[str], int]:
    """A ``type=`` for a count or position between ``lowest`` and ``highest``."""

    def parse(text: str) -> int:
        value, number = _integer(text)
        if number is None or not lowest <= number <= highest:
            raise InvalidInput(f"'{text}' is not a valid {what}: give a whole number from "
                               f"{lowest} to {highest}.")
        return number

    parse.__name__ = what
    return parse


POSITION = whole_number("position", 1, 1_000_000)


def rating(text: str) -> int:
    """A ``type=`` for a rating: 0 to 5 stars."""
    _, number = _integer(text)
    if number is None or not 0 <= number <= 5:
        raise InvalidInput(f"A rating is 0 to 5 stars, not {text}.")
    return number


RATING = rating
DAYS = whole_number("number of days", 0, 36_500)
LIMIT = whole_number("limit", 1, 1_000_000_000)


def year(text: str) -> int:
    """A ``type=`` for a year: the one rule of :func:`curator.dates.check_year`."""
    value, number = _integer(text)
    if number is None:
        raise InvalidInput(f"'{text}' is not a year: write it with four digits, e.g. 2024.")
    return check_year(number)
