"""The metadata a rendition carries out: a fresh EXIF block and an XMP packet.

Nothing of the original's metadata is copied: the rendition is a new JPEG whose EXIF holds
only the tags below and whose XMP is built here, so GPS, MakerNotes, serial numbers,
owner names, thumbnails and face regions cannot leave (``docs/export.md`` says why Pillow
and this packet rather than python-exiv2). Rights data is always written.

Every text value is XML-escaped element content (never an attribute), so a caption with
``& < > "`` or any script reads back exactly in exiftool.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from xml.sax.saxutils import escape

import piexif

PLUS_VOCAB = "http://ns.useplus.org/ldf/vocab/"

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "photoshop": "http://ns.adobe.com/photoshop/1.0/",
    "Iptc4xmpCore": "http://iptc.org/std/Iptc4xmpCore/1.0/xmlns/",
    "Iptc4xmpExt": "http://iptc.org/std/Iptc4xmpExt/2008-02-29/",
    "xmpRights": "http://ns.adobe.com/xap/1.0/rights/",
    "plus": "http://ns.useplus.org/ldf/xmp/1.0/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
}

# One APP1 segment holds at most 65,502 bytes of packet (XMP spec part 3); leave margin.
MAX_PACKET = 60_000


@dataclass
class Rights:
    """What one rendition says about itself. ``None`` or empty: the property is left out."""

    title: str | None = None
    caption: str | None = None
    alt_text: str | None = None
    creator: str | None = None
    credit: str | None = None
    copyright: str | None = None
    keywords: Sequence[str] = ()
    event: str | None = None
    usage_terms: str | None = None
    web_statement: str | None = None
    licensor_name: str | None = None
    licensor_email: str | None = None
    licensor_url: str | None = None
    model_release: str | None = None          # a PLUS code: MR-NAP, MR-LMR …
    minor_age: str | None = None              # a PLUS code: AG-UNK, AG-U14 …
    data_mining: str = "DMI-PROHIBITED-AIMLTRAINING"
    people: Sequence[str] = ()                # only when the licence allows naming
    captured: str | None = None               # ISO 8601, offset kept when known
    notes: list[str] = field(default_factory=list)


# --- EXIF ---------------------------------------------------------------------------------------

def exif_bytes(r: Rights) -> bytes:
    """A fresh EXIF block: Artist, Copyright, ImageDescription, Orientation 1, capture time."""
    zeroth: dict[int, object] = {piexif.ImageIFD.Orientation: 1}
    for tag, value in ((piexif.ImageIFD.Artist, r.creator),
                       (piexif.ImageIFD.Copyright, r.copyright),
                       (piexif.ImageIFD.ImageDescription, r.caption)):
        if value:
            zeroth[tag] = _exif_text(value)
    exif: dict[int, object] = {}
    when, offset = _exif_time(r.captured)
    if when:
        exif[piexif.ExifIFD.DateTimeOriginal] = when.encode("ascii")
        if offset:
            exif[piexif.ExifIFD.OffsetTimeOriginal] = offset.encode("ascii")
    return piexif.dump({"0th": zeroth, "Exif": exif, "GPS": {}, "1st": {}, "thumbnail": None})


def _exif_text(value: str) -> bytes:
    # UTF-8 (exiftool, Windows and macOS read it back); NUL would end the string early.
    return value.replace("\x00", "").encode("utf-8")


def _exif_time(iso: str | None) -> tuple[str | None, str | None]:
    if not iso or len(iso) < 19 or iso[4] != "-" or iso[10] not in "T ":
        return None, None
    when = f"{iso[0:4]}:{iso[5:7]}:{iso[8:10]} {iso[11:19]}"
    rest = iso[19:]
    if "." in rest[:1]:
        rest = rest.lstrip(".0123456789")
    offset = "+00:00" if rest == "Z" else rest if len(rest) == 6 and rest[0] in "+-" else None
    return when, offset


# --- XMP ----------------------------------------------------------------------------------------

def _text(value: str) -> str:
    # XML 1.0 forbids most C0 controls even as character references: drop them.
    clean = "".join(c for c in value if c in "\t\n\r" or ord(c) >= 0x20)
    clean = clean.replace("\ufffe", "").replace("\uffff", "")
    return escape(clean)


def _alt(prop: str, value: str | None) -> str:
    if not value:
        return ""
    return (f"<{prop}><rdf:Alt><rdf:li xml:lang=\"x-default\">{_text(value)}</rdf:li>"
            f"</rdf:Alt></{prop}>")


def _list(prop: str, kind: str, values: Sequence[str]) -> str:
    items = "".join(f"<rdf:li>{_text(v)}</rdf:li>" for v in values if v)
    return f"<{prop}><rdf:{kind}>{items}</rdf:{kind}></{prop}>" if items else ""


def _simple(prop: str, value: str | None) -> str:
    return f"<{prop}>{_text(value)}</{prop}>" if value else ""


def _uri(prop: str, code: str | None) -> str:
    return f"<{prop}>{_text(PLUS_VOCAB + code)}</{prop}>" if code else ""


def xmp_packet(r: Rights) -> bytes:
    """The XMP packet (UTF-8) with the IPTC Core/Extension and PLUS properties of ``r``."""
    licensor = ""
    if r.licensor_name or r.licensor_email or r.licensor_url:
        fields = (_simple("plus:LicensorName", r.licensor_name)
                  + _simple("plus:LicensorEmail", r.licensor_email)
                  + _simple("plus:LicensorURL", r.licensor_url))
        licensor = (f"<plus:Licensor><rdf:Seq><rdf:li rdf:parseType=\"Resource\">{fields}"
                    f"</rdf:li></rdf:Seq></plus:Licensor>")
    body = "".join((
        _alt("dc:title", r.title),
        _alt("dc:description", r.caption),
        _list("dc:creator", "Seq", [r.creator] if r.creator else []),
        _alt("dc:rights", r.copyright),
        _list("dc:subject", "Bag", list(r.keywords)),
        _simple("photoshop:Credit", r.credit),
        _alt("Iptc4xmpCore:AltTextAccessibility", r.alt_text),
        _alt("Iptc4xmpExt:Event", r.event),
        _list("Iptc4xmpExt:PersonInImage", "Bag", list(r.people)),
        _alt("xmpRights:UsageTerms", r.usage_terms),
        _simple("xmpRights:WebStatement", r.web_statement),
        "<xmpRights:Marked>True</xmpRights:Marked>",
        licensor,
        _uri("plus:ModelReleaseStatus", r.model_release),
        _uri("plus:MinorModelAgeDisclosure", r.minor_age),
        _uri("plus:DataMining", r.data_mining),
    ))
    xmlns = " ".join(f'xmlns:{p}="{u}"' for p, u in NAMESPACES.items())
    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">'
        '<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        f'<rdf:Description rdf:about="" {xmlns}>{body}</rdf:Description>'
        "</rdf:RDF></x:xmpmeta>"
        '<?xpacket end="w"?>'
    ).encode()
    if len(packet) > MAX_PACKET:
        raise ValueError("the image's captions and keywords are too long to embed "
                         f"({len(packet):,} bytes of XMP, at most {MAX_PACKET:,})")
    return packet
