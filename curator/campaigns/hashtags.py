"""Hashtags as the platforms link them: ``#`` then letters, digits and underscores.

A curator types "Speak up for babies", "#imhaw17" or "understanding-early-trauma"; what a
post needs is ``#SpeakUpForBabies``, ``#imhaw17``, ``#UnderstandingEarlyTrauma``. Words
are joined with each word's first letter raised (the letters already there keep their
case: ``IMHAW17`` stays), so the tag stays readable to screen readers, which read
CamelCase as words. Duplicates (ignoring case) are dropped, the first spelling kept.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from curator.errors import InvalidInput

MAX_HASHTAG_LENGTH = 100  # characters after '#'; longer ones are not linked everywhere
_SEPARATORS = re.compile(r"[^\w]+")


def normalise_hashtag(text: str) -> str:
    """``"speak up for babies"`` → ``"#SpeakUpForBabies"``; InvalidInput if nothing is left."""
    words = [w for w in _SEPARATORS.split(text.strip().lstrip("#＃")) if w]
    body = "".join(w[:1].upper() + w[1:] if i else w for i, w in enumerate(words))
    if len(words) > 1:
        body = body[:1].upper() + body[1:]
    if not body:
        raise InvalidInput(f"'{text}' is not a hashtag: use letters, digits or _ "
                           "(e.g. #BabyWeek).")
    if body.isdigit():
        raise InvalidInput(f"'{text}' is not a hashtag: a hashtag of digits only is not "
                           "linked by the platforms; add a word (e.g. #BabyWeek2025).")
    if len(body) > MAX_HASHTAG_LENGTH:
        raise InvalidInput(f"The hashtag '#{body[:30]}…' is longer than "
                           f"{MAX_HASHTAG_LENGTH} characters.")
    return f"#{body}"


def normalise_hashtags(texts: Iterable[str]) -> list[str]:
    """Every tag normalised, in order, without repeats (case ignored); a comma or a
    space-separated ``#`` starts a new tag (``"#A #B, c d"`` → ``#A``, ``#B``, ``#CD``)."""
    out: list[str] = []
    seen: set[str] = set()
    for text in texts:
        for part in re.split(r",|\s+(?=[#＃])", text):
            if not part.strip():
                continue
            tag = normalise_hashtag(part)
            if tag.casefold() not in seen:
                seen.add(tag.casefold())
                out.append(tag)
    return out
