"""Each platform's limits, counted the way the platform counts.

X (twitter-text v3, the configuration X publishes): text is NFC-normalised; every URL
counts 23 whatever its length (``transformedURLLength``; see ``_URL`` for what is taken
as one); every emoji sequence counts 2;
every other code point weighs 1 if it lies in one of four ranges (U+0000–U+10FF — Latin,
Greek, Cyrillic, Arabic, Hebrew, Indic …; U+2000–U+200D, U+2010–U+201F, U+2032–U+2037 —
spaces, dashes, quotes, primes) and 2 otherwise (CJK, kana, hangul, most symbols). The
weighted length may be at most 280.

Instagram, LinkedIn, Facebook and Mastodon publish a number of "characters" and their
web composers count JavaScript string length, i.e. UTF-16 code units: an emoji or a
character beyond the Basic Multilingual Plane counts 2. Counting that way is never less
than counting code points or grapheme clusters, so a text within it is within the limit
however the platform counts. Mastodon counts every URL as 23, like X.

Emoji sequences are recognised without a Unicode emoji table (the standard library has
none): a pictographic code point (the emoji blocks, the regional-indicator flags, the
dingbat and misc-symbol blocks) together with what may follow it in a sequence —
variation selector 16, skin tones, tag characters, the keycap mark, and zero-width-joined
further pictographs — or a keycap ``1️⃣``. An unusual sequence split in two costs 2 more
than X would count: the error is on the safe side.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

URL_LENGTH = 23
ELLIPSIS = "…"

_X_LIGHT_RANGES = ((0x0000, 0x10FF), (0x2000, 0x200D), (0x2010, 0x201F), (0x2032, 0x2037))

_PICTO = ("\U0001F000-\U0001FAFF\u2600-\u27BF\u2B00-\u2BFF\u2300-\u23FF\u2190-\u21FF"
          "\u3030\u303D\u3297\u3299\u203C\u2049\u2122\u2139")
_MODIFIERS = "\uFE0F\uFE0E\U0001F3FB-\U0001F3FF\U000E0020-\U000E007F\u20E3"
# A flag is an emoji (2) only for a region Unicode lists (ISO 3166-1 and AC CP DG EA EU IC
# TA UN XK); X counts any other pair of regional indicators as two letters of weight 2.
_FLAG_REGIONS = (
    "AC AD AE AF AG AI AL AM AO AQ AR AS AT AU AW AX AZ BA BB BD BE BF BG BH BI BJ BL BM "
    "BN BO BQ BR BS BT BV BW BY BZ CA CC CD CF CG CH CI CK CL CM CN CO CP CR CU CV CW CX "
    "CY CZ DE DG DJ DK DM DO DZ EA EC EE EG EH ER ES ET EU FI FJ FK FM FO FR GA GB GD GE "
    "GF GG GH GI GL GM GN GP GQ GR GS GT GU GW GY HK HM HN HR HT HU IC ID IE IL IM IN IO "
    "IQ IR IS IT JE JM JO JP KE KG KH KI KM KN KP KR KW KY KZ LA LB LC LI LK LR LS LT LU "
    "LV LY MA MC MD ME MF MG MH MK ML MM MN MO MP MQ MR MS MT MU MV MW MX MY MZ NA NC NE "
    "NF NG NI NL NO NP NR NU NZ OM PA PE PF PG PH PK PL PM PN PR PS PT PW PY QA RE RO RS "
    "RU RW SA SB SC SD SE SG SH SI SJ SK SL SM SN SO SR SS ST SV SX SY SZ TA TC TD TF TG "
    "TH TJ TK TL TM TN TO TR TT TV TW TZ UA UG UM UN US UY UZ VA VC VE VG VI VN VU WF WS "
    "XK YE YT ZA ZM ZW "
)
_FLAGS = "|".join(chr(0x1F1E6 + ord(a) - 65) + chr(0x1F1E6 + ord(b) - 65)
                  for a, b in _FLAG_REGIONS.split())
_EMOJI = re.compile(
    f"[0-9#*]\uFE0F?\u20E3"                                        # keycaps
    f"|{_FLAGS}"                                                   # flags
    f"|[\u00A9\u00AE]\uFE0F"                  # © ® are letters unless asked to be emoji
    f"|[{_PICTO}][{_MODIFIERS}]*(?:\u200D[{_PICTO}][{_MODIFIERS}]*)*")
# Links. X and Mastodon count a link as 23, but which characters belong to it follows
# twitter-text's long rules (valid top-level domains, characters allowed in a path, a
# trailing full stop left out, no link right after a letter). Counted here: each run from
# ``http(s)://`` to the next space costs the larger of its letters and 23 plus what follows
# its plainly valid ASCII address (``_URL``: RFC 3986 characters, ending in a letter, digit
# or ``/ = _ # - +``); a run right after a letter or digit costs its letters. That is
# never less than the platform counts, and is exactly it for an ordinary link.
_RUN = re.compile(r"https?://\S*", re.IGNORECASE)
_URL = re.compile(r"https?://[A-Za-z0-9\-._~:/?#\[\]@!$&'*+,;=%]*[A-Za-z0-9/=_#\-+]",
                  re.IGNORECASE)
_GLUED = re.compile(r"[A-Za-z0-9@$#＠＃]")
_HOST = re.compile(r"https?://(?:[^/?#@]*@)?([A-Za-z0-9.-]+)", re.IGNORECASE)
# Top-level domains X certainly links (its list has ~1,500; these are the ones campaigns
# and partners use). A link under another is counted at its full length: never less than X.
_SURE_TLD_NAMES = """
com org net edu gov int info biz app dev io ai co me tv ngo charity health london scot
wales cymru uk ie eu de fr es it nl be lu at ch dk se no fi is pl cz sk hu pt gr ro bg hr
si ee lv lt ua us ca mx br ar cl au nz jp cn hk tw kr in pk bd lk np sg my id ph th vn
sa ae qa kw bh om jo lb eg ma tn dz ng ke gh za tr il ir iq
"""
SURE_TLDS = frozenset(_SURE_TLD_NAMES.split())
_HASHTAG = re.compile(r"(?:^|(?<=[^\w&]))[#＃](\w+)")


@dataclass(frozen=True)
class Platform:
    key: str
    name: str
    post_limit: int
    alt_limit: int | None          # alt text on that platform (None: not limited here)
    weighted: bool = False         # X's weighting
    urls_count_23: bool = False
    max_hashtags: int | None = None
    alt_recommended: bool = False  # the alt limit is a recommendation, not a hard limit


X = Platform("x", "X", 280, 1000, weighted=True, urls_count_23=True)
INSTAGRAM = Platform("instagram", "Instagram", 2200, 100, max_hashtags=30,
                     alt_recommended=True)
LINKEDIN = Platform("linkedin", "LinkedIn", 3000, None)
FACEBOOK = Platform("facebook", "Facebook", 63206, None)
MASTODON = Platform("mastodon", "Mastodon", 500, 1500, urls_count_23=True)
PLATFORMS: tuple[Platform, ...] = (X, INSTAGRAM, LINKEDIN, FACEBOOK, MASTODON)
BY_KEY = {p.key: p for p in PLATFORMS}


def _utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def _x_weight(text: str) -> int:
    total = 0
    for char in text:
        cp = ord(char)
        total += 1 if any(lo <= cp <= hi for lo, hi in _X_LIGHT_RANGES) else 2
    return total


def count(text: str, platform: Platform) -> int:
    """``text``'s length as ``platform`` counts it against its post limit (for X and
    Mastodon links: see ``_RUN``)."""
    if platform.weighted:
        text = unicodedata.normalize("NFC", text)
    plain = _x_plain if platform.weighted else _utf16
    if not platform.urls_count_23:
        return plain(text)
    total, at = 0, 0
    for m in _RUN.finditer(text):
        total += plain(text[at:m.start()])
        run = m.group()
        letters = plain(run)
        url = _URL.match(run)
        if m.start() and _GLUED.match(text[m.start() - 1]):
            total += letters                       # glued to a word: not a link
        elif url and _sure_host(url.group()):
            total += URL_LENGTH + plain(run[url.end():])
        elif url:
            total += max(letters, URL_LENGTH + plain(run[url.end():]))
        else:                                      # perhaps an address in other letters
            total += max(letters, URL_LENGTH + letters - plain(run[:run.index("//") + 2]))
        at = m.end()
    return total + plain(text[at:])


def _sure_host(url: str) -> bool:
    host = _HOST.match(url)
    labels = host.group(1).rstrip(".").lower().split(".") if host else []
    return len(labels) >= 2 and all(labels) and labels[-1] in SURE_TLDS


def _x_plain(text: str) -> int:
    """X's weight of text without links: emoji sequences 2 each, the rest by code point."""
    total, at = 0, 0
    for m in _EMOJI.finditer(text):
        total += _x_weight(text[at:m.start()]) + 2
        at = m.end()
    return total + _x_weight(text[at:])


def count_alt(text: str) -> int:
    """Alt text is counted in UTF-16 code units on every platform here (never less than
    the platforms' own counts)."""
    return _utf16(text)


def hashtags_in(text: str) -> list[str]:
    return [m.group(0) for m in _HASHTAG.finditer(text)]


def shorten(text: str, fits, *, keep_words: bool = True) -> str:
    """The longest start of ``text`` ending at a word boundary, plus "…", for which
    ``fits(candidate)`` holds; ``""`` if not even "…" fits. ``fits`` must be monotone."""
    if fits(text):
        return text
    cuts = [m.start() for m in re.finditer(r"\s+", text)]
    cuts = [c for c in cuts if c > 0]
    # the boundary before each word; the text's start stands for "nothing but …"
    lo, hi, best = 0, len(cuts) - 1, None
    while lo <= hi:  # binary search: the candidates grow with the cut
        mid = (lo + hi) // 2
        candidate = text[:cuts[mid]].rstrip(" \t\n,;:–—-") + ELLIPSIS
        if fits(candidate):
            best, lo = candidate, mid + 1
        else:
            hi = mid - 1
    if best is not None:
        return best
    if not keep_words:
        # one long word (a URL, a CJK sentence without spaces): cut at a character
        lo, hi = 0, len(text)
        while lo < hi:
            mid = (lo + hi + 1) // 2
            if fits(text[:mid] + ELLIPSIS):
                lo = mid
            else:
                hi = mid - 1
        if lo:
            return text[:lo] + ELLIPSIS
    return ELLIPSIS if fits(ELLIPSIS) else ""
