"""Parsing XMP packets (embedded or sidecar) into the fields Curator uses.

XMP is untrusted XML: it is parsed with ``defusedxml`` (no DTDs, no entities). Real
packets come with ``<?xpacket?>`` wrappers, whitespace padding, trailing NULs, several
``rdf:Description`` blocks, properties written as attributes or as elements, and
``rdf:Alt``/``rdf:Bag``/``rdf:Seq`` arrays; all of these are read.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any
from xml.etree.ElementTree import Element

from defusedxml import DefusedXmlException
from defusedxml import ElementTree as SafeET

from curator.ingest.metadata.text import clean_text, decode_bytes, gps_point, iso_datetime

__all__ = ["NS", "XmpData", "XmpError", "parse_xmp", "xmp_fields"]

NS = {
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "xml": "http://www.w3.org/XML/1998/namespace",
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "exif": "http://ns.adobe.com/exif/1.0/",
    "exifEX": "http://cipa.jp/exif/1.0/",
    "aux": "http://ns.adobe.com/exif/1.0/aux/",
    "tiff": "http://ns.adobe.com/tiff/1.0/",
    "lr": "http://ns.adobe.com/lightroom/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
}
_RDF = "{" + NS["rdf"] + "}"
_XML_LANG = "{" + NS["xml"] + "}lang"
_CONTAINERS = {_RDF + "Alt": "Alt", _RDF + "Bag": "Bag", _RDF + "Seq": "Seq"}
_XML_DECL = re.compile(r"^\s*<\?xml[^>]*\?>")


class XmpError(ValueError):
    """The packet is not well-formed XML (or uses forbidden XML features)."""


@dataclass
class XmpArray:
    """An ``rdf:Alt``/``rdf:Bag``/``rdf:Seq`` value: its kind and ``(lang, text)`` items."""

    kind: str
    items: list[tuple[str | None, str]] = field(default_factory=list)


XmpValue = str | XmpArray


@dataclass
class XmpData:
    """Top-level properties of a packet, keyed by ``(namespace URI, local name)``."""

    props: dict[tuple[str, str], XmpValue] = field(default_factory=dict)

    def text(self, prefix: str, name: str) -> str | None:
        """A property as one string: ``x-default`` of an Alt, items of a Bag/Seq joined by "; "."""
        value = self.props.get((NS[prefix], name))
        if value is None:
            return None
        if isinstance(value, str):
            return clean_text(value)
        texts = [(lang, t) for lang, t in ((lang, clean_text(t)) for lang, t in value.items) if t]
        if not texts:
            return None
        if value.kind == "Alt":
            default = next((t for lang, t in texts if lang == "x-default"), None)
            return default or texts[0][1]
        return "; ".join(t for _, t in texts)

    def array(self, prefix: str, name: str) -> list[str]:
        """A property as a list of strings (a lone simple value becomes a one-item list)."""
        value = self.props.get((NS[prefix], name))
        if value is None:
            return []
        if isinstance(value, str):
            text = clean_text(value)
            return [text] if text else []
        return [t for t in (clean_text(text) for _, text in value.items) if t]


def _split(tag: str) -> tuple[str, str]:
    if tag.startswith("{"):
        ns, _, local = tag[1:].partition("}")
        return ns, local
    return "", tag


def _value(elem: Element) -> XmpValue | None:
    """The value of a property element; None for structs (not used by Curator)."""
    for child in elem:
        kind = _CONTAINERS.get(child.tag)
        if kind:
            items = [
                (li.get(_XML_LANG), li.text or "")
                for li in child
                if li.tag == _RDF + "li" and len(li) == 0
            ]
            return XmpArray(kind, items)
    resource = elem.get(_RDF + "resource")
    if resource is not None:
        return resource
    if len(elem) or elem.get(_RDF + "parseType") == "Resource":
        return None
    return elem.text or ""


def _parse(data: bytes | str) -> Element:
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except DefusedXmlException as exc:
        raise XmpError("it declares a DTD or entities, which XMP never uses") from exc
    except Exception as exc:  # ParseError, ValueError …
        raise XmpError(str(exc) or type(exc).__name__) from exc


def parse_xmp(data: bytes | str) -> XmpData:
    """Parse a raw XMP packet; raises :class:`XmpError` if it is not usable XML."""
    if isinstance(data, bytes | bytearray):
        data = bytes(data)
        if data[:2] in (b"\xff\xfe", b"\xfe\xff"):
            data = data.decode("utf-16", errors="replace")
    if isinstance(data, str):
        start, end = data.find("<"), data.rfind(">")
        if start < 0 or end < start:
            raise XmpError("no XML in the packet")
        root = _parse(_XML_DECL.sub("", data[start : end + 1]))
    else:
        start, end = data.find(b"<"), data.rfind(b">")
        if start < 0 or end < start:
            raise XmpError("no XML in the packet")
        body = data[start : end + 1]
        try:
            root = _parse(body)
        except XmpError:
            try:
                body.decode("utf-8")
            except UnicodeDecodeError:
                # Packets declared UTF-8 but written in a legacy charset: read as cp1252.
                root = _parse(_XML_DECL.sub("", decode_bytes(body)))
            else:
                raise
    return _collect(root)


def _collect(root: Element) -> XmpData:
    out = XmpData()
    rdfs = [root] if root.tag == _RDF + "RDF" else list(root.iter(_RDF + "RDF"))
    for rdf in rdfs:
        for desc in rdf:
            if desc.tag != _RDF + "Description":
                continue
            for key, raw in desc.attrib.items():
                ns, local = _split(key)
                if ns and ns not in (NS["rdf"], NS["xml"]):
                    _store(out, (ns, local), raw)
            for child in desc:
                ns, local = _split(child.tag)
                if ns and ns != NS["rdf"]:
                    _store(out, (ns, local), _value(child))
    return out


def _store(out: XmpData, key: tuple[str, str], value: XmpValue | None) -> None:
    """Keep the first non-empty value of a property (packets may repeat them)."""
    if value is None:
        return
    old = out.props.get(key)
    if (
        old is None
        or (isinstance(old, str) and not old.strip())
        or (isinstance(old, XmpArray) and not old.items)
    ):
        out.props[key] = value


# --- Curator's fields ---------------------------------------------------------------

_XMP_GPS = re.compile(
    r"^\s*(\d+(?:\.\d+)?)(?:,(\d+(?:\.\d+)?))?(?:,(\d+(?:\.\d+)?))?\s*([NSEW])\s*$"
)


def _rational(text: str | None) -> float | None:
    if not text:
        return None
    num, _, den = text.strip().partition("/")
    try:
        return float(num) / float(den) if den else float(num)
    except (ValueError, ZeroDivisionError):
        return None


def _coordinate(text: str | None) -> float | None:
    """XMP GPS coordinate "DDD,MM.mmk" or "DDD,MM,SSk" (k = N/S/E/W) as signed degrees."""
    m = _XMP_GPS.match(text or "")
    if not m:
        return None
    deg = float(m.group(1)) + float(m.group(2) or 0) / 60 + float(m.group(3) or 0) / 3600
    return -deg if m.group(4) in "SW" else deg


def _dedupe(items: list[str]) -> list[str]:
    return list(dict.fromkeys(items))


def xmp_fields(xmp: XmpData) -> dict[str, Any]:
    """Candidate values for PhotoMetadata fields from one packet (missing fields left out)."""
    dates = (
        xmp.text("exif", "DateTimeOriginal"),
        xmp.text("photoshop", "DateCreated"),
        xmp.text("xmp", "CreateDate"),
    )
    alt = _rational(xmp.text("exif", "GPSAltitude"))
    if alt is not None and xmp.text("exif", "GPSAltitudeRef") == "1":
        alt = -alt
    fields: dict[str, Any] = {
        "captured_at": next((d for d in map(iso_datetime, dates) if d), None),
        "camera_make": xmp.text("tiff", "Make"),
        "camera_model": xmp.text("tiff", "Model"),
        "lens": xmp.text("exifEX", "LensModel") or xmp.text("aux", "Lens"),
        "gps": gps_point(
            _coordinate(xmp.text("exif", "GPSLatitude")),
            _coordinate(xmp.text("exif", "GPSLongitude")),
            alt,
        ),
        "title": xmp.text("dc", "title"),
        "caption": xmp.text("dc", "description"),
        "creator": xmp.text("dc", "creator"),
        "copyright": xmp.text("dc", "rights"),
        "keywords": _dedupe(xmp.array("dc", "subject") + xmp.array("lr", "hierarchicalSubject")),
        "alt_text": xmp.text("Iptc4xmpCore", "AltTextAccessibility"),
        "credit": xmp.text("photoshop", "Credit"),
    }
    return {k: v for k, v in fields.items() if v not in (None, "", [])}
