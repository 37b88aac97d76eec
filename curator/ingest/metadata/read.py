"""Reading a photo's metadata at import: EXIF, IPTC IIM, embedded XMP and an XMP sidecar.

Every source is read into candidate values, then one table, :data:`PRECEDENCE`, decides
which source gives each field (MWG 2.0 order, as exiftool implements it, with the XMP
sidecar first). Nothing here decodes pixels, and bad metadata never raises: it becomes a
note a curator can read.
"""

from __future__ import annotations

import re
import struct
import zlib
from collections.abc import Iterable
from dataclasses import dataclass, field
from math import isfinite
from pathlib import Path
from typing import Any

import piexif
from PIL import ExifTags, Image, IptcImagePlugin

from curator.ingest.metadata.text import (
    decode_bytes,
    exif_text,
    gps_point,
    is_boilerplate,
    iso_datetime,
    user_comment_text,
    xp_text,
)
from curator.ingest.metadata.xmp import XmpError, parse_xmp, xmp_fields

__all__ = ["PRECEDENCE", "SIDECAR_SUFFIXES", "PhotoMetadata", "find_sidecar", "read_metadata"]

SIDECAR_SUFFIXES = (".xmp",)


@dataclass
class PhotoMetadata:
    """What the importer stores about a photo; ``gps`` is private, ``exif`` is safe to show."""

    captured_at: str | None = None
    camera_make: str | None = None
    camera_model: str | None = None
    lens: str | None = None
    orientation: int = 1
    gps: dict | None = None
    exif: dict = field(default_factory=dict)
    title: str | None = None
    caption: str | None = None
    creator: str | None = None
    copyright: str | None = None
    keywords: list[str] = field(default_factory=list)
    alt_text: str | None = None
    credit: str | None = None
    sources: dict[str, str] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


# Where each field comes from, best first. MWG 2.0 (exiftool's MWG.pm): EXIF, then XMP,
# then IPTC for description/creator/rights; XMP, then IPTC for keywords and title. A sidecar
# is the later edit in every workflow (Lightroom, Photo Mechanic, darktable, digiKam), so it
# wins for whatever it holds. "exif-windows" are Windows' XP* tags and "exif-comment" is
# UserComment: both only as a last resort. "exif-modified" is IFD0 DateTime, the time the
# file was last changed: XMP's capture dates (MWG's fallbacks for EXIF DateTimeOriginal and
# DateTimeDigitized) come before it.
PRECEDENCE: dict[str, tuple[str, ...]] = {
    "captured_at": ("xmp-sidecar", "exif", "xmp", "exif-modified"),
    "camera_make": ("xmp-sidecar", "exif", "xmp"),
    "camera_model": ("xmp-sidecar", "exif", "xmp"),
    "lens": ("xmp-sidecar", "exif", "xmp"),
    "gps": ("xmp-sidecar", "exif", "xmp"),
    "title": ("xmp-sidecar", "xmp", "iptc", "exif-windows"),
    "caption": ("xmp-sidecar", "exif", "xmp", "iptc", "exif-windows", "exif-comment"),
    "creator": ("xmp-sidecar", "exif", "xmp", "iptc", "exif-windows"),
    "copyright": ("xmp-sidecar", "exif", "xmp", "iptc"),
    "keywords": ("xmp-sidecar", "xmp", "iptc", "exif-windows"),
    "alt_text": ("xmp-sidecar", "xmp"),
    "credit": ("xmp-sidecar", "xmp", "iptc"),
}
# The name a source is reported under in PhotoMetadata.sources.
_SOURCE_LABEL = {"exif-modified": "exif", "exif-windows": "exif", "exif-comment": "exif"}
# Free-text fields where cameras and tools write placeholders ("OLYMPUS DIGITAL CAMERA").
_BOILERPLATE_FIELDS = {"title", "caption", "creator", "copyright"}
_FIELD_WORDS = {
    "captured_at": "capture time",
    "camera_make": "camera make",
    "camera_model": "camera model",
    "lens": "lens",
    "gps": "GPS position",
    "title": "title",
    "caption": "caption",
    "creator": "photographer",
    "copyright": "copyright notice",
    "keywords": "keywords",
    "alt_text": "alt text",
    "credit": "credit line",
}

# EXIF tags: IFD0 …
_DESCRIPTION, _MAKE, _MODEL, _ORIENTATION = 0x010E, 0x010F, 0x0110, 0x0112
_SOFTWARE, _DATETIME, _ARTIST, _COPYRIGHT = 0x0131, 0x0132, 0x013B, 0x8298
_XP_TITLE, _XP_COMMENT, _XP_AUTHOR, _XP_KEYWORDS = 0x9C9B, 0x9C9C, 0x9C9D, 0x9C9E
# … and the Exif sub-IFD.
_EXPOSURE, _FNUMBER, _ISO, _FOCAL = 0x829A, 0x829D, 0x8827, 0x920A
_DT_ORIGINAL, _DT_DIGITIZED, _USER_COMMENT, _LENS_MODEL = 0x9003, 0x9004, 0x9286, 0xA434
_OFFSET, _OFFSET_ORIGINAL, _OFFSET_DIGITIZED = 0x9010, 0x9011, 0x9012
# Capture-date tags, best first, with the offset tags that belong to them (EXIF 2.31).
# IFD0 DateTime is when the file was last changed: a separate, last-resort source.
_CAPTURE_DATE_TAGS = (
    ("exif", _DT_ORIGINAL, (_OFFSET_ORIGINAL, _OFFSET)),
    ("exif", _DT_DIGITIZED, (_OFFSET_DIGITIZED, _OFFSET_ORIGINAL, _OFFSET)),
)
_MODIFY_DATE_TAGS = (("ifd0", _DATETIME, (_OFFSET,)),)
_XMP_ORIENTATION = re.compile(rb'tiff:Orientation(?:="|>)([0-9])')


# --- small value helpers ------------------------------------------------------------


def _number(value: Any) -> float | None:
    """A finite float from an IFDRational, int, float or a one-item tuple of them."""
    if isinstance(value, tuple | list):
        value = value[0] if value else None
    if value is None or isinstance(value, str | bytes):
        return None
    try:
        number = float(value)
    except (TypeError, ValueError, ZeroDivisionError, OverflowError):
        return None
    return number if isfinite(number) else None


def _exposure_text(seconds: float | None) -> str | None:
    """Exposure time as exiftool prints it: "1/250" below 1/4 s, else "0.5", "2"."""
    if seconds is None or seconds <= 0:
        return None
    if seconds < 0.25001:
        return f"1/{int(0.5 + 1 / seconds)}"
    text = f"{seconds:.1f}"
    return text[:-2] if text.endswith(".0") else text


def _dms(value: Any) -> float | None:
    """Degrees from EXIF's (degrees, minutes, seconds) rationals."""
    parts = value if isinstance(value, tuple | list) else (value,)
    numbers = [_number(p) for p in parts[:3]]
    if not numbers or any(n is None or n < 0 for n in numbers):
        return None
    return sum(n / 60**i for i, n in enumerate(numbers))  # type: ignore[operator]


def _dedupe(items: Iterable[str]) -> list[str]:
    return list(dict.fromkeys(i for i in items if i))


def _error_text(exc: BaseException) -> str:
    text = " ".join(str(exc).split())
    return text[:200] if text else type(exc).__name__


# --- EXIF ---------------------------------------------------------------------------


def _png_extras(im: Image.Image) -> tuple[bytes | None, bytes | str | None]:
    """EXIF and XMP from a PNG's chunks without decoding pixels.

    Pillow's PNG ``getexif()`` calls ``load()`` (a full decode) to reach chunks after the
    image data, where ImageMagick puts ``eXIf`` and "Raw profile type exif". This walks the
    chunk list instead, skipping IDAT, and puts the file position back.
    """
    fp = getattr(im, "fp", None)
    if fp is None:
        return None, None
    exif: bytes | None = None
    xmp: bytes | str | None = None
    start = fp.tell()
    try:
        fp.seek(8)
        for _ in range(100_000):
            head = fp.read(8)
            if len(head) < 8:
                break
            length, kind = struct.unpack(">I4s", head)
            if kind == b"IEND":
                break
            wanted = kind in (b"eXIf", b"tEXt", b"zTXt", b"iTXt") and length < (8 << 20)
            if not wanted:
                fp.seek(length + 4, 1)
                continue
            data = fp.read(length)
            fp.seek(4, 1)
            if kind == b"eXIf":
                exif = exif or b"Exif\x00\x00" + data
                continue
            keyword, _, rest = data.partition(b"\x00")
            if keyword == b"Raw profile type exif" and exif is None and kind != b"iTXt":
                text = _inflate(rest[1:]) if kind == b"zTXt" else rest
                hex_digits = b"".join(text.split(b"\n")[3:])
                exif = bytes.fromhex(hex_digits.decode("ascii", "ignore"))
            elif keyword == b"XML:com.adobe.xmp" and kind == b"iTXt" and xmp is None:
                compressed = rest[:1] == b"\x01"
                text = rest[2:].split(b"\x00", 2)[-1]  # skip language and translated keyword
                xmp = _inflate(text) if compressed else text
    finally:
        fp.seek(start)
    return exif, xmp


def _inflate(data: bytes) -> bytes:
    """zlib-decompress at most 8 MB (text chunks are untrusted)."""
    return zlib.decompressobj().decompress(data, 8 << 20)


def _pillow_exif(im: Image.Image) -> tuple[Image.Exif, bytes | None]:
    """Pillow's EXIF for this opened image, and the raw EXIF bytes it came from."""
    raw = im.info.get("exif")
    if im.format == "PNG" and raw is None:
        raw, png_xmp = _png_extras(im)
        exif = Image.Exif()
        if raw:
            exif.load(raw)
        xmp = im.info.get("xmp") or png_xmp
        if _ORIENTATION not in exif and isinstance(xmp, bytes | str):
            # Pillow's own getexif() takes Orientation from XMP when EXIF has none.
            xmp_bytes = xmp.encode("utf-8", "replace") if isinstance(xmp, str) else xmp
            match = _XMP_ORIENTATION.search(xmp_bytes)
            if match:
                exif[_ORIENTATION] = int(match[1])
        return exif, raw
    return im.getexif(), raw if isinstance(raw, bytes) else None


def _piexif_problem(raw: bytes) -> str | None:
    """Why the strict reader (piexif) rejects these EXIF bytes, or None if it reads them."""
    if not (raw[:4] == b"Exif" or raw[:2] in (b"II", b"MM")):
        # piexif would take anything else for a file name.
        return "the EXIF block does not start with an EXIF or TIFF header"
    try:
        piexif.load(raw)
    except Exception as exc:  # piexif raises TypeError, struct.error, ValueError …
        return _error_text(exc)
    return None


@dataclass
class _ExifResult:
    orientation: int = 1
    summary: dict = field(default_factory=dict)
    by_source: dict[str, dict[str, Any]] = field(default_factory=dict)


def _read_exif(im: Image.Image, notes: list[str]) -> _ExifResult:
    out = _ExifResult()
    try:
        exif, raw = _pillow_exif(im)
        ifd0 = dict(exif)
    except Exception as exc:  # noqa: BLE001 — any failure here means "no EXIF"
        notes.append(
            f"The EXIF block could not be read at all ({_error_text(exc)}); "
            "no camera data was stored."
        )
        return out
    sub: dict[str, dict] = {"ifd0": ifd0, "exif": {}, "gps": {}}
    for name, ifd in (("exif", ExifTags.IFD.Exif), ("gps", ExifTags.IFD.GPSInfo)):
        try:
            sub[name] = dict(exif.get_ifd(ifd))
        except Exception as exc:  # noqa: BLE001
            what = "camera settings" if name == "exif" else "GPS position"
            notes.append(f"The EXIF {what} could not be read ({_error_text(exc)}); it was skipped.")

    problem = _piexif_problem(raw) if raw else None
    if problem and not any(sub.values()):
        notes.append(
            f"The EXIF block could not be read at all (piexif: {problem}); "
            "no camera data was stored."
        )
        return out
    if problem:
        notes.append(
            f"This file's EXIF is malformed (piexif: {problem}); "
            "it was read with Pillow's more tolerant reader."
        )
    try:
        _fill_exif(out, sub, notes)
    except Exception as exc:  # noqa: BLE001 — odd value types in a damaged EXIF
        notes.append(
            f"Part of the EXIF could not be interpreted ({_error_text(exc)}); it was skipped."
        )
    return out


def _exif_date(sub: dict[str, dict], tags: tuple, notes: list[str]) -> str | None:
    """The first real date among ``tags`` as ISO 8601, with its EXIF offset when given."""
    for where, tag, offset_tags in tags:
        raw_date = exif_text(sub[where].get(tag))
        if not raw_date:
            continue
        offsets = (exif_text(sub["exif"].get(t)) for t in offset_tags)
        found = iso_datetime(raw_date, next((o for o in offsets if o), None))
        if found:
            return found
        notes.append(f"The EXIF date {raw_date!r} is not a real date; it was ignored.")
    return None


def _fill_exif(out: _ExifResult, sub: dict[str, dict], notes: list[str]) -> None:
    ifd0, exif_ifd, gps_ifd = sub["ifd0"], sub["exif"], sub["gps"]

    orientation = _number(ifd0.get(_ORIENTATION))
    valid = orientation is not None and orientation.is_integer() and 1 <= orientation <= 8
    out.orientation = int(orientation) if valid else 1  # type: ignore[arg-type]

    make, model = exif_text(ifd0.get(_MAKE)), exif_text(ifd0.get(_MODEL))
    lens = exif_text(exif_ifd.get(_LENS_MODEL)) or exif_text(ifd0.get(_LENS_MODEL))

    captured_at = _exif_date(sub, _CAPTURE_DATE_TAGS, notes)
    modified_at = _exif_date(sub, _MODIFY_DATE_TAGS, notes)

    gps = None
    if gps_ifd:
        lat, lon = _dms(gps_ifd.get(2)), _dms(gps_ifd.get(4))
        lat_ref = (exif_text(gps_ifd.get(1)) or "N")[:1].upper()
        lon_ref = (exif_text(gps_ifd.get(3)) or "E")[:1].upper()
        alt = _number(gps_ifd.get(6))
        alt_ref = gps_ifd.get(5)
        if alt is not None and alt_ref in (1, b"\x01", (1,)):
            alt = -alt
        if lat is not None and lon is not None:
            gps = gps_point(-lat if lat_ref == "S" else lat, -lon if lon_ref == "W" else lon, alt)

    out.by_source["exif"] = {
        "captured_at": captured_at,
        "camera_make": make,
        "camera_model": model,
        "lens": lens,
        "gps": gps,
        "caption": exif_text(ifd0.get(_DESCRIPTION)),
        "creator": exif_text(ifd0.get(_ARTIST)),
        "copyright": exif_text(ifd0.get(_COPYRIGHT), nul_separated=True),
    }
    xp_keywords = xp_text(ifd0.get(_XP_KEYWORDS)) or ""
    out.by_source["exif-modified"] = {"captured_at": modified_at}
    out.by_source["exif-windows"] = {
        "title": xp_text(ifd0.get(_XP_TITLE)),
        "caption": xp_text(ifd0.get(_XP_COMMENT)),
        "creator": xp_text(ifd0.get(_XP_AUTHOR)),
        "keywords": _dedupe(k.strip() for k in xp_keywords.split(";")),
    }
    out.by_source["exif-comment"] = {"caption": user_comment_text(exif_ifd.get(_USER_COMMENT))}

    iso = _number(exif_ifd.get(_ISO))
    fnumber, focal = _number(exif_ifd.get(_FNUMBER)), _number(exif_ifd.get(_FOCAL))
    summary = {
        "Make": make,
        "Model": model,
        "LensModel": lens,
        "DateTimeOriginal": exif_text(exif_ifd.get(_DT_ORIGINAL)),
        "OffsetTimeOriginal": exif_text(exif_ifd.get(_OFFSET_ORIGINAL)),
        "ExposureTime": _exposure_text(_number(exif_ifd.get(_EXPOSURE))),
        "FNumber": round(fnumber, 2) if fnumber else None,
        "ISO": int(iso) if iso else None,
        "FocalLength": round(focal, 2) if focal else None,
        "Software": exif_text(ifd0.get(_SOFTWARE)),
        "Orientation": out.orientation if _ORIENTATION in ifd0 else None,
    }
    out.summary = {k: v for k, v in summary.items() if v is not None}


# --- IPTC IIM -----------------------------------------------------------------------


def _read_iptc(im: Image.Image, notes: list[str]) -> dict[str, Any]:
    try:
        info = IptcImagePlugin.getiptcinfo(im)  # type: ignore[arg-type]
        return _iptc_fields(info) if info else {}
    except Exception as exc:  # noqa: BLE001
        notes.append(f"The IPTC block could not be read ({_error_text(exc)}); it was skipped.")
        return {}


def _iptc_fields(info: dict) -> dict[str, Any]:
    """Candidate fields from IPTC IIM datasets (UTF-8 when 1:90 says so, else guessed)."""
    charset = info.get((1, 90))
    utf8 = charset == b"\x1b%G" or (isinstance(charset, list) and b"\x1b%G" in charset)

    def texts(dataset: int) -> list[str]:
        value = info.get((2, dataset))
        values = value if isinstance(value, list) else [value] if value is not None else []
        decoded = (
            v.decode("utf-8", "replace") if utf8 else decode_bytes(v)
            for v in values
            if isinstance(v, bytes)
        )
        return _dedupe(t.replace("\x00", "").strip() for t in decoded)

    def first(dataset: int) -> str | None:
        found = texts(dataset)
        return found[0] if found else None

    return {
        "title": first(5),
        "caption": first(120),
        "creator": "; ".join(texts(80)) or None,
        "copyright": first(116),
        "credit": first(110),
        "keywords": texts(25),
    }


# --- XMP ----------------------------------------------------------------------------


def _read_xmp(data: Any, notes: list[str], where: str) -> dict[str, Any] | None:
    """Candidate fields from an XMP packet; None (and a note) when it cannot be parsed."""
    if not isinstance(data, bytes | bytearray | str) or not data:
        return {}
    try:
        return xmp_fields(parse_xmp(data))
    except XmpError as exc:
        notes.append(f"{where} is malformed ({_error_text(exc)}); it was ignored.")
    except Exception as exc:  # noqa: BLE001 — metadata must never stop an import
        notes.append(f"{where} could not be read ({_error_text(exc)}); it was ignored.")
    return None


# --- putting it together ------------------------------------------------------------


def _usable(name: str, value: Any, source: str, make: str | None, model: str | None) -> bool:
    if value in (None, "", []):
        return False
    if name in _BOILERPLATE_FIELDS:
        return not is_boilerplate(value, make, model, camera_written=source.startswith("exif"))
    return True


def _resolve(
    candidates: dict[str, dict[str, Any]], skip: str | None = None
) -> dict[str, tuple[Any, str]]:
    """Field -> (value, source) following PRECEDENCE, optionally ignoring one source."""
    exif = candidates.get("exif", {})
    make, model = exif.get("camera_make"), exif.get("camera_model")
    chosen: dict[str, tuple[Any, str]] = {}
    for name, order in PRECEDENCE.items():
        for source in order:
            if source == skip:
                continue
            value = (candidates.get(source) or {}).get(name)
            if _usable(name, value, source, make, model):
                chosen[name] = (value, source)
                break
    return chosen


def _same(a: Any, b: Any) -> bool:
    """Equal values; GPS positions count as equal within about 10 cm (XMP rounds them)."""
    if isinstance(a, dict) and isinstance(b, dict):
        return abs(a["lat"] - b["lat"]) < 1e-6 and abs(a["lon"] - b["lon"]) < 1e-6
    return a == b


def _words(names: list[str]) -> str:
    words = [_FIELD_WORDS[n] for n in names]
    text = words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]
    return text[:1].upper() + text[1:]


def read_metadata(
    im: Image.Image, sidecar: bytes | None = None, sidecar_name: str | None = None
) -> PhotoMetadata:
    """Read EXIF, IPTC, XMP and an optional XMP sidecar of an opened (not loaded) image.

    Never decodes pixels and never raises on bad metadata: problems become ``notes``.
    """
    meta = PhotoMetadata()
    notes = meta.notes
    candidates: dict[str, Any] = {}

    exif = _read_exif(im, notes)
    meta.orientation, meta.exif = exif.orientation, exif.summary
    candidates.update(exif.by_source)
    candidates["iptc"] = _read_iptc(im, notes)
    xmp_packet = im.info.get("xmp") or im.info.get("XML:com.adobe.xmp")
    candidates["xmp"] = _read_xmp(xmp_packet, notes, "The embedded XMP") or {}
    label = f"The XMP sidecar {sidecar_name}" if sidecar_name else "The XMP sidecar"
    if isinstance(sidecar, str):
        sidecar = sidecar.encode("utf-8")
    if sidecar is not None and not sidecar.strip(b" \t\r\n\x00"):
        notes.append(f"{label} is empty; it was ignored.")
        sidecar = None
    if sidecar is not None:
        candidates["xmp-sidecar"] = _read_xmp(sidecar, notes, label)

    chosen = _resolve(candidates)
    for name, (value, source) in chosen.items():
        setattr(meta, name, list(value) if isinstance(value, list) else value)
        meta.sources[name] = _SOURCE_LABEL.get(source, source)
    if sidecar is not None and candidates["xmp-sidecar"] is not None:
        notes.extend(_sidecar_notes(candidates, chosen, label))
    return meta


def _sidecar_notes(
    candidates: dict[str, dict[str, Any]], chosen: dict[str, tuple[Any, str]], label: str
) -> list[str]:
    """Say which fields the sidecar gave (those that differ from what the file holds)."""
    used = [name for name, (_, source) in chosen.items() if source == "xmp-sidecar"]
    if not used:
        return [f"{label} holds none of the fields Curator reads."]
    embedded = _resolve(candidates, skip="xmp-sidecar")
    changed = [n for n in used if n not in embedded or not _same(embedded[n][0], chosen[n][0])]
    if not changed:
        return [f"{label} was read; it agrees with the metadata inside the file."]
    verb = "were" if len(changed) > 1 or changed == ["keywords"] else "was"
    return [f"{_words(changed)} {verb} taken from {label[:1].lower()}{label[1:]}."]


# --- sidecars -----------------------------------------------------------------------


def find_sidecar(image_path: Path, names_in_dir: Iterable[str]) -> str | None:
    """The name of the image's XMP sidecar among ``names_in_dir``, or None.

    Full-name form (``IMG_0001.JPG.xmp``: darktable, digiKam) is preferred over base-name
    form (``IMG_0001.xmp``: Lightroom, Capture One, Photo Mechanic); case-insensitive.
    """
    path = Path(image_path)
    if path.suffix.lower() in SIDECAR_SUFFIXES:
        return None
    full = {path.name.lower() + s for s in SIDECAR_SUFFIXES}
    base = {path.stem.lower() + s for s in SIDECAR_SUFFIXES}
    names = sorted(set(names_in_dir))
    for wanted in (full, base):
        for name in names:
            if name.lower() in wanted:
                return name
    return None
