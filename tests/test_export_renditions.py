"""Renditions of real camera files: upright, sRGB, and nothing private survives."""

from __future__ import annotations

from pathlib import Path

import pytest

from curator.export.embed import Rights, exif_bytes, xmp_packet
from curator.export.files import pack_file_name
from curator.export.renditions import RenditionTask, long_edge_of, render
from curator.ingest.imaging import fit
from tests.pack_support import exiftool_json

# What a rendition may carry: its own EXIF and XMP, the sRGB profile, file facts.
ALLOWED_GROUPS = {"ExifTool", "System", "File", "JFIF", "IFD0", "ExifIFD", "Composite",
                  "ICC-header", "ICC_Profile", "ICC-view", "ICC-meas", "ICC-chrm", "XMP-x", "XMP-dc",
                  "XMP-photoshop", "XMP-iptcCore", "XMP-iptcExt", "XMP-xmpRights",
                  "XMP-plus"}
PRIVATE_WORDS = ("GPS", "Serial", "Owner", "MakerNote", "Thumbnail", "Region", "Lens",
                 "Make", "Model")


def _camera_files(corpus, expected) -> list[str]:
    return sorted(k for k, v in expected.items()
                  if v.get("pillow_decodes") and k.startswith(("cameras/", "formats/heic/"))
                  and Path(k).suffix.lower() in (".jpg", ".jpeg", ".heic", ".heif"))


def test_no_gps_makernote_or_serial_survives_a_rendition(corpus, expected, tmp_path):
    names = _camera_files(corpus, expected)
    originals = {Path(m["SourceFile"]).resolve(): m
                 for m in exiftool_json(*(corpus / n for n in names))}
    carriers = [n for n in names if any(
        w in key for key in originals[(corpus / n).resolve()] for w in ("GPS", "MakerNote",
                                                                          "Serial"))]
    # the corpus must really hold such files, or this test proves nothing
    assert len(carriers) >= 8, carriers
    assert any(n.lower().endswith((".heic", ".heif")) for n in carriers)
    rights = Rights(caption="x", creator="c", copyright="r")
    outputs = []
    for n, name in enumerate(carriers):
        dest = tmp_path / f"r{n}.jpg"
        r = render(RenditionTask(n, str(corpus / name), str(dest), 256, exif_bytes(rights),
                                 xmp_packet(rights)))
        assert r.error is None, (name, r.error)
        facts = expected[name]
        want = fit((facts["display_width"], facts["display_height"]), 256)
        assert r.size == want, (name, r.size, want)  # upright, never upscaled
        outputs.append((name, dest))
    for (name, _), meta in zip(outputs, exiftool_json(*(d for _, d in outputs)),
                               strict=True):
        groups = {k.split(":", 1)[0] for k in meta if ":" in k}
        assert groups <= ALLOWED_GROUPS, (name, groups - ALLOWED_GROUPS)
        leaked = [k for k in meta if not k.startswith("ICC")
                  and any(w in k for w in PRIVATE_WORDS)]
        assert not leaked, (name, leaked)
        assert meta.get("IFD0:Orientation") in (None, "Horizontal (normal)")


def test_a_rendition_is_never_upscaled_and_is_baked_upright(corpus, tmp_path):
    src = corpus / "orientation" / "Landscape_6.jpg"
    rights = Rights()
    r = render(RenditionTask(1, str(src), str(tmp_path / "a.jpg"), 5000, exif_bytes(rights),
                             xmp_packet(rights)))
    assert r.error is None
    from PIL import Image

    with Image.open(tmp_path / "a.jpg") as im:
        assert im.size == r.size and im.width > im.height  # stored portrait, shown landscape
        assert max(im.size) <= 1800  # its own size, not 5000
        assert im.getexif().get(0x0112) == 1


def test_a_missing_or_broken_original_is_one_line_not_a_crash(corpus, tmp_path):
    rights = Rights()
    for src, words in ((tmp_path / "gone.jpg", "missing"),
                       (corpus / "broken" / "truncated_jpeg.jpg", "incomplete")):
        r = render(RenditionTask(1, str(src), str(tmp_path / "o.jpg"), 256,
                                 exif_bytes(rights), xmp_packet(rights)))
        assert r.sha256 is None and words in r.error


@pytest.mark.parametrize("value,edge", [("social", 1080), ("web", 2048), ("print", 3000),
                                        ("1500", 1500), (None, 2048)])
def test_long_edge_presets(value, edge):
    assert long_edge_of(value) == edge


EVIL = ["../../etc/passwd", "-rf", ".hidden", "a/b\\c:d*e?f\"g<h>i|j", "\x1b[31mred\x00",
        "\u202eevil\u202c", "x" * 500, "", "  ", "Llŷn — يوم", "CON", "\n\r\t"]


def test_file_names_are_safe_whatever_the_text():
    taken: set[str] = set()
    names = [pack_file_name(c, 2024, e, "3fa2b1c4d5e6", taken) for c in EVIL for e in EVIL[:4]]
    assert len(set(n.lower() for n in names)) == len(names)  # unique
    for name in names:
        assert name.endswith(".jpg") and len(name.encode("utf-8")) <= 120
        assert not name.startswith((".", "-", "_"))
        assert "/" not in name and "\\" not in name and ".." not in name
        assert all(c.isprintable() and c not in ':*?"<>|' for c in name)
        assert "3fa2b1c4d5e6" in name
    assert pack_file_name("Baby Week", 2024, "Launch day", "abc123", set()) == \
        "baby_week-2024-launch_day-abc123.jpg"
    assert "llŷn_يوم" in pack_file_name("Llŷn — يوم", None, None, "abc", set())


def test_face_regions_and_private_xmp_never_survive(tmp_path):
    """An original whose XMP holds face regions (MWG and Microsoft), a person and a GPS
    position, and whose EXIF holds GPS, owner and serial: the rendition holds none of it."""
    import piexif
    from PIL import Image

    packet = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF '
        'xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">'
        '<rdf:Description rdf:about="" xmlns:mwg-rs="http://www.metadataworkinggroup.com/'
        'schemas/regions/" xmlns:stArea="http://ns.adobe.com/xmp/sType/Area#" '
        'xmlns:MP="http://ns.microsoft.com/photo/1.2/" '
        'xmlns:MPRI="http://ns.microsoft.com/photo/1.2/t/RegionInfo#" '
        'xmlns:MPReg="http://ns.microsoft.com/photo/1.2/t/Region#" '
        'xmlns:exif="http://ns.adobe.com/exif/1.0/" '
        'xmlns:Iptc4xmpExt="http://iptc.org/std/Iptc4xmpExt/2008-02-29/">'
        '<mwg-rs:Regions rdf:parseType="Resource"><mwg-rs:RegionList><rdf:Bag>'
        '<rdf:li rdf:parseType="Resource"><mwg-rs:Name>Regionname Secretperson</mwg-rs:Name>'
        '<mwg-rs:Type>Face</mwg-rs:Type><mwg-rs:Area stArea:x="0.5" stArea:y="0.5" '
        'stArea:w="0.1" stArea:h="0.1" stArea:unit="normalized"/></rdf:li>'
        '</rdf:Bag></mwg-rs:RegionList></mwg-rs:Regions>'
        '<MP:RegionInfo rdf:parseType="Resource"><MPRI:Regions><rdf:Bag>'
        '<rdf:li rdf:parseType="Resource"><MPReg:PersonDisplayName>Msregion Secretperson'
        '</MPReg:PersonDisplayName><MPReg:Rectangle>0.1, 0.1, 0.2, 0.2</MPReg:Rectangle>'
        '</rdf:li></rdf:Bag></MPRI:Regions></MP:RegionInfo>'
        '<Iptc4xmpExt:PersonInImage><rdf:Bag><rdf:li>Xmpperson Secretperson</rdf:li>'
        '</rdf:Bag></Iptc4xmpExt:PersonInImage>'
        '<exif:GPSLatitude>53,24.5N</exif:GPSLatitude>'
        '</rdf:Description></rdf:RDF></x:xmpmeta><?xpacket end="w"?>').encode()
    exif = piexif.dump({
        "0th": {piexif.ImageIFD.Make: b"Cam", piexif.ImageIFD.Model: b"X1"},
        "Exif": {piexif.ExifIFD.BodySerialNumber: b"SERIAL123456",
                 piexif.ExifIFD.CameraOwnerName: b"Ownername Secretperson"},
        "GPS": {piexif.GPSIFD.GPSLatitudeRef: b"N",
                piexif.GPSIFD.GPSLatitude: ((53, 1), (24, 1), (30, 1))},
        "1st": {}, "thumbnail": None})
    src = tmp_path / "faces.jpg"
    Image.new("RGB", (400, 300), "teal").save(src, "JPEG", exif=exif, xmp=packet)
    before = exiftool_json(src)[0]
    assert any(k.startswith("XMP-mwg-rs:") for k in before)
    assert any(k.startswith("XMP-MP:") for k in before)
    assert any(k.startswith("GPS:") for k in before)
    rights = Rights(caption="ok")
    dest = tmp_path / "out.jpg"
    r = render(RenditionTask(1, str(src), str(dest), 200, exif_bytes(rights),
                             xmp_packet(rights)))
    assert r.error is None
    meta = exiftool_json(dest)[0]
    groups = {k.split(":", 1)[0] for k in meta if ":" in k}
    assert groups <= ALLOWED_GROUPS, groups - ALLOWED_GROUPS
    assert b"Secretperson" not in dest.read_bytes()
    assert b"SERIAL123456" not in dest.read_bytes()
