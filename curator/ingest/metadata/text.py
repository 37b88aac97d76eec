"""Turning the bytes and odd values found in photo metadata into clean text.

EXIF and IPTC strings carry no reliable charset: new tools write UTF-8, old cameras and
Windows tools Latin-1/cp1252. Everything here is total: bad input gives ``None`` or a
best-effort string, never an exception.
"""

from __future__ import annotations

import re
from datetime import datetime
from math import isfinite
from typing import Any

__all__ = [
    "clean_text",
    "decode_bytes",
    "exif_text",
    "gps_point",
    "iso_datetime",
    "iso_offset",
    "is_boilerplate",
    "user_comment_text",
    "xp_text",
]


def decode_bytes(data: bytes) -> str:
    """Decode metadata bytes of unknown charset: UTF-8 if valid, else cp1252, else Latin-1."""
    for encoding in ("utf-8", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return data.decode("latin-1")


def clean_text(value: str | None, *, nul_separated: bool = False) -> str | None:
    """Strip whitespace; blank -> None.

    A NUL ends an EXIF string (what follows is junk), except in EXIF Copyright, where it
    separates the photographer's and the editor's notices (``nul_separated``: joined by "; ").
    """
    if value is None:
        return None
    if nul_separated:
        parts = [p.strip() for p in value.split("\x00")]
        return "; ".join(p for p in parts if p) or None
    text = value.lstrip("\x00 \t\r\n").split("\x00", 1)[0].strip()
    return text or None


def _as_bytes(value: Any) -> bytes | None:
    """Bytes from what Pillow hands back for BYTE/UNDEFINED tags (bytes or a tuple of ints)."""
    if isinstance(value, bytes | bytearray):
        return bytes(value)
    if isinstance(value, tuple | list) and all(isinstance(v, int) and 0 <= v < 256 for v in value):
        return bytes(value)
    return None


def exif_text(value: Any, *, nul_separated: bool = False) -> str | None:
    """Clean text from an EXIF ASCII tag as Pillow returns it.

    Pillow decodes ASCII tags as Latin-1, which is lossless, so the original bytes are
    recovered and decoded again as UTF-8 (else cp1252).
    """
    if value is None:
        return None
    if isinstance(value, str):
        try:
            text = decode_bytes(value.encode("latin-1"))
        except UnicodeEncodeError:
            text = value
        return clean_text(text, nul_separated=nul_separated)
    data = _as_bytes(value)
    if data is not None:
        return clean_text(decode_bytes(data), nul_separated=nul_separated)
    if isinstance(value, tuple | list) and value:
        return exif_text(value[0], nul_separated=nul_separated)
    return None


def xp_text(value: Any) -> str | None:
    """Text of a Windows ``XPTitle``/``XPComment``/``XPAuthor``/``XPKeywords`` tag (UTF-16LE)."""
    if isinstance(value, str):
        # Some writers store these as plain ASCII; Pillow then hands back a str.
        return exif_text(value)
    data = _as_bytes(value)
    if data is None:
        return None
    if len(data) % 2:
        data = data[:-1]
    return clean_text(data.decode("utf-16-le", errors="replace"))


_UC_PREFIXES = {
    b"ASCII\x00\x00\x00": "ascii",
    b"UNICODE\x00": "unicode",
    b"JIS\x00\x00\x00\x00\x00": "jis",
    b"\x00\x00\x00\x00\x00\x00\x00\x00": "undefined",
}


def _utf16_guess(data: bytes) -> str:
    """Decode UTF-16 of unknown byte order (EXIF uses the TIFF byte order, not a BOM)."""
    if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
        return data.decode("utf-16", errors="replace")
    # Mostly-Latin text has its zero bytes on odd positions in little-endian.
    zeros_even = data[0::2].count(0)
    zeros_odd = data[1::2].count(0)
    encoding = "utf-16-be" if zeros_even > zeros_odd else "utf-16-le"
    return data.decode(encoding, errors="replace")


def user_comment_text(value: Any) -> str | None:
    """Text of EXIF ``UserComment``: an 8-byte charset code, then the comment."""
    if isinstance(value, str):
        return exif_text(value)
    data = _as_bytes(value)
    if data is None:
        return None
    kind = _UC_PREFIXES.get(data[:8])
    body = data[8:] if kind else data
    if kind == "unicode":
        if len(body) % 2:
            body = body[:-1]
        return clean_text(_utf16_guess(body))
    if kind == "jis":
        for encoding in ("iso2022_jp", "shift_jis", "euc_jp"):
            try:
                return clean_text(body.decode(encoding))
            except UnicodeDecodeError:
                continue
    return clean_text(decode_bytes(body))


# --- camera boilerplate -------------------------------------------------------------

_BOILERPLATE = {
    "DIGITAL CAMERA",
    "DIGITAL STILL CAMERA",
    "OLYMPUS DIGITAL CAMERA",
    "SONY DSC",
    "KONICA MINOLTA DIGITAL CAMERA",
    "MINOLTA DIGITAL CAMERA",
    "SANYO DIGITAL CAMERA",
    "SAMSUNG DIGITAL CAMERA",
    "KODAK DIGITAL STILL CAMERA",
    "HP DIGITAL CAMERA",
    "DCIM",
    "DEFAULT",
    "IMAGE",
    "PICTURE",
    "NO TITLE",
    "UNTITLED",
    "SCREENSHOT",
}
_BOILERPLATE_PREFIXES = (
    "FILE WRITTEN BY ADOBE PHOTOSHOP",
    "CREATED WITH GIMP",
    "LEAD TECHNOLOGIES",
)
# All-caps text naming a camera, as cameras fill ImageDescription ("SANYO DIGITAL CAMERA").
_CAPS_CAMERA = re.compile(r"^[A-Z0-9 .,\-_()/&#]*\b(CAMERA|DSC)\b[A-Z0-9 .,\-_()/&#]*$")
# A copyright with no owner in it ("COPYRIGHT, 2005", "(C) 2010").
_OWNERLESS_COPYRIGHT = re.compile(r"^(\(C\)|©|COPYRIGHT)?[\s,.:]*(\d{4})?[\s,.]*$", re.IGNORECASE)
# Machine identifiers (hashes, UUIDs) some tools put into comment fields.
_MACHINE_ID = re.compile(r"^[0-9a-fA-F\-]{24,}$")


def is_boilerplate(
    text: str | None,
    make: str | None = None,
    model: str | None = None,
    *,
    camera_written: bool = False,
) -> bool:
    """True for blank text and the placeholder strings cameras and tools write.

    Examples from real files: ``OLYMPUS DIGITAL CAMERA``, ``SONY DSC``, ``WWL`` (the make),
    ``COPYRIGHT, 2005`` (no owner), ``File written by Adobe Photoshop. 4.0``. With
    ``camera_written`` (EXIF, which cameras fill in) text that merely contains the model
    name counts too: ``<Digimax i50 MP3, Samsung #1 MP3>``, ``(C) by RDC-5300 User``.
    """
    if text is None:
        return True
    norm = " ".join(text.split()).strip()
    if not norm:
        return True
    upper = norm.upper()
    if upper in _BOILERPLATE or upper.startswith(_BOILERPLATE_PREFIXES):
        return True
    if _CAPS_CAMERA.match(norm):
        return True
    if _OWNERLESS_COPYRIGHT.match(norm):
        return True
    if _MACHINE_ID.match(norm):
        return True
    make_upper = " ".join((make or "").split()).upper()
    model_upper = " ".join((model or "").split()).upper()
    if upper in (make_upper, model_upper, f"{make_upper} {model_upper}"):
        return True
    # The model's name inside the text is a camera's own label, not a caption.
    return camera_written and len(model_upper) >= 4 and model_upper in upper


# --- dates --------------------------------------------------------------------------

_DATE = re.compile(
    r"^\s*(\d{4})[:\-/.](\d{1,2})[:\-/.](\d{1,2})"
    r"(?:[ T]+(\d{1,2}):(\d{1,2})(?::(\d{1,2}))?(?:[.,]\d+)?)?"
    r"\s*(Z|[+-]\d{1,2}(?::?\d{2})?)?\s*$"
)
_OFFSET = re.compile(r"^\s*(?:(Z)|([+-])(\d{1,2})(?::?(\d{2}))?)\s*$")


def iso_offset(value: str | None) -> str | None:
    """Normalise a UTC offset ("+09:00", "-4:00", "+0900", "Z") to "+HH:MM"; else None."""
    if not value:
        return None
    m = _OFFSET.match(value.replace("\x00", ""))
    if not m:
        return None
    if m.group(1):
        return "+00:00"
    hours, minutes = int(m.group(3)), int(m.group(4) or 0)
    if hours > 14 or minutes > 59:
        return None
    return f"{m.group(2)}{hours:02d}:{minutes:02d}"


def iso_datetime(value: str | None, offset: str | None = None) -> str | None:
    """ISO 8601 "YYYY-MM-DDTHH:MM:SS[+HH:MM]" from an EXIF or XMP date; None if not a real date.

    Accepts EXIF's "2008:10:22 16:28:39" and XMP's "2008-10-22T16:28:39.53-04:00". A date
    without a time, and placeholders like "0000:00:00 00:00:00", give None. An offset in the
    value itself wins over ``offset`` (EXIF OffsetTime* tags).
    """
    if not value:
        return None
    m = _DATE.match(value.replace("\x00", ""))
    if not m or m.group(4) is None:
        return None
    year, month, day, hour, minute = (int(m.group(i)) for i in range(1, 6))
    second = int(m.group(6) or 0)
    if year < 1800:
        return None
    try:
        stamp = datetime(year, month, day, hour, minute, second)
    except ValueError:
        return None
    zone = iso_offset(m.group(7)) if m.group(7) else iso_offset(offset)
    return stamp.strftime("%Y-%m-%dT%H:%M:%S") + (zone or "")


# --- positions ----------------------------------------------------------------------


def gps_point(lat: float | None, lon: float | None, alt: float | None = None) -> dict | None:
    """``{"lat", "lon", "alt"}`` in signed decimal degrees, or None when the fix is unusable.

    Out-of-range or non-finite values are unusable, and so is exactly 0,0: receivers
    without a fix write zeros.
    """
    if lat is None or lon is None or not (isfinite(lat) and isfinite(lon)):
        return None
    if abs(lat) > 90 or abs(lon) > 180 or (lat == 0 and lon == 0):
        return None
    if alt is not None and not isfinite(alt):
        alt = None
    return {"lat": lat, "lon": lon, "alt": alt}
