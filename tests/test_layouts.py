"""Print layouts (panels, wall labels, catalogue), read back with poppler: page boxes,
embedded fonts, text, and pixels where the picture, the caption and the crop marks must be."""

from __future__ import annotations

import json
from datetime import date

import pytest
from PIL import Image

from curator.errors import Cancelled, CuratorError
from curator.exhibitions import sets as exhibitions
from curator.exhibitions.validation import ExhibitionBlocked
from curator.export.layouts.common import MM
from curator.export.layouts.job import LayoutOptions, export_layout
from curator.export.log import exports_holding
from tests import pdf_tools
from tests.exhibition_support import run_cli
from tests.layout_support import QUADRANTS, add_photo, exhibition, grant

WELSH = "Mam a’r plentyn — ŵ ŷ Ŵ Ŷ yn y llyfrgell"
POLISH = "Zażółć gęślą jaźń — Łódź"
TURKISH = "Iğdır şehri, İstanbul’da çocuk ve öğretmen"
VIETNAMESE = "Tiếng Việt: mẹ và con ở thư viện"
ARABIC = "أم وطفل في يوم الإطلاق"
URDU = "ماں اور بچہ لائبریری میں"
DPI = 100


def _px(mm_value: float) -> int:
    return round(mm_value / 25.4 * DPI)


def _close(rgb, want, tol=40) -> bool:
    return all(abs(a - b) <= tol for a, b in zip(rgb, want, strict=True))


def _darkest(im: Image.Image, box_mm: tuple[float, float, float, float]) -> int:
    x0, y0, x1, y1 = (_px(v) for v in box_mm)
    return im.crop((x0, y0, x1, y1)).convert("L").getextrema()[0]


@pytest.fixture
def photos(db, library):
    return [add_photo(db, library, caption=c)
            for c in (WELSH, POLISH, TURKISH, VIETNAMESE)]


def test_panels_page_boxes_fonts_and_latin_text(db, library, photos, tmp_path):
    exh = exhibition(db, photos)  # 120×80 mm panels
    out = tmp_path / "panels.pdf"
    result = export_layout(db, library, exh, "panels", out, LayoutOptions(bleed_mm=3))
    assert result.pages == 4 and out.is_file()
    assert pdf_tools.info(out)["Pages"] == "4"
    boxes = pdf_tools.page_boxes(out)
    slug = 3 + 6  # bleed + crop-mark zone, mm
    assert boxes["MediaBox"] == pytest.approx((0, 0, (120 + 2 * slug) * MM, (80 + 2 * slug) * MM),
                                              abs=0.01)
    assert boxes["TrimBox"] == pytest.approx((slug * MM, slug * MM, (120 + slug) * MM,
                                              (80 + slug) * MM), abs=0.01)
    assert boxes["BleedBox"] == pytest.approx(((slug - 3) * MM, (slug - 3) * MM,
                                               (123 + slug) * MM, (83 + slug) * MM), abs=0.01)
    fonts = pdf_tools.fonts(out)
    assert fonts and all(f["emb"] == "yes" for f in fonts)
    extracted = pdf_tools.text(out)
    for caption in (WELSH, POLISH, TURKISH, VIETNAMESE):
        assert caption in extracted
    assert "Photo: Ana Photographer" in extracted
    assert pdf_tools.check_xref(out) > 10
    assert not list(tmp_path.glob(".*.tmp"))


def test_panel_pixels_picture_bleed_caption_and_crop_marks(db, library, photos, tmp_path):
    exh = exhibition(db, photos[:1])
    out = tmp_path / "panel.pdf"
    export_layout(db, library, exh, "panels", out, LayoutOptions(bleed_mm=3))
    im = Image.open(pdf_tools.render(out, tmp_path / "p", dpi=DPI)).convert("RGB")
    assert abs(im.size[0] - _px(138)) <= 1 and abs(im.size[1] - _px(98)) <= 1
    slug = 9.0
    red, green, blue, yellow = QUADRANTS
    # picture: its centred crop fills the trim's width above the caption block
    assert _close(im.getpixel((_px(slug + 15), _px(slug + 8))), red)
    assert _close(im.getpixel((_px(slug + 105), _px(slug + 8))), green)
    assert _close(im.getpixel((_px(slug + 15), _px(slug + 40))), blue)
    assert _close(im.getpixel((_px(slug + 105), _px(slug + 40))), yellow)
    # bleed: the picture runs 3 mm past the trim at the top left
    assert _close(im.getpixel((_px(slug - 1.5), _px(slug - 1.5))), red)
    # and not further: the slug outside the bleed is paper
    assert im.getpixel((_px(2), _px(2))) == (255, 255, 255)
    # the caption block below the picture (trim bottom 32 mm) holds dark text on white
    block = (slug + 5, slug + 80 - 30, slug + 115, slug + 80 - 5)
    assert _darkest(im, block) < 80
    assert im.getpixel((_px(slug + 118), _px(slug + 80 - 3))) == (255, 255, 255)
    # crop marks: in line with the trim, outside the bleed, at all four corners
    for x_mm, y_mm in ((3.5, slug), (138 - 3.5, slug), (3.5, 98 - slug), (138 - 3.5, 98 - slug),
                       (slug, 3.5), (138 - slug, 3.5), (slug, 98 - 3.5), (138 - slug, 98 - 3.5)):
        assert _darkest(im, (x_mm - 0.6, y_mm - 0.6, x_mm + 0.6, y_mm + 0.6)) < 160, (x_mm, y_mm)


def test_campaign_logo_from_the_library_sits_right_of_the_caption(capsys, db, library,
                                                                  photos, tmp_path):
    logo = add_photo(db, library, size=(400, 400), caption=None)
    exh = exhibition(db, photos[:1])
    out = tmp_path / "logo.pdf"
    rc, _, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "panels",
                         "--out", out, "--bleed-mm", "0", "--logo", logo, "--json")
    assert rc == 0, err
    assert len(pdf_tools.images(out)) == 2
    im = Image.open(pdf_tools.render(out, tmp_path / "g", dpi=DPI)).convert("RGB")
    # band 32 mm high at the bottom; the logo (square, 14.4 mm) ends at the right margin
    assert _close(im.getpixel((_px(120 - 10 - 11), _px(80 - 20))), QUADRANTS[0])
    assert _close(im.getpixel((_px(120 - 10 - 3), _px(80 - 12))), QUADRANTS[3])
    rc, _, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "panels",
                         "--out", out, "--logo", 9999)
    assert rc == 1 and "no image #9999" in err


def test_no_bleed_means_the_page_is_the_trim_without_marks(db, library, photos, tmp_path):
    exh = exhibition(db, photos[:1])
    out = tmp_path / "panel.pdf"
    export_layout(db, library, exh, "panels", out, LayoutOptions(bleed_mm=0))
    boxes = pdf_tools.page_boxes(out)
    assert boxes["MediaBox"] == pytest.approx((0, 0, 120 * MM, 80 * MM), abs=0.01)
    assert boxes["TrimBox"] == boxes["MediaBox"]


def test_fit_shows_the_whole_picture_with_white_margins(db, library, tmp_path):
    tall = add_photo(db, library, size=(800, 1200))  # portrait picture on a landscape panel
    exh = exhibition(db, [tall], print_size="120x80")
    exhibitions.update_item(db, exh, tall, orientation="landscape")
    out = tmp_path / "fit.pdf"
    export_layout(db, library, exh, "panels", out, LayoutOptions(bleed_mm=0, fit="fit"))
    im = Image.open(pdf_tools.render(out, tmp_path / "f", dpi=DPI)).convert("RGB")
    assert im.getpixel((_px(15), _px(25))) == (255, 255, 255)  # left margin, beside it
    # the whole picture: all four quadrants, centred
    assert _close(im.getpixel((_px(57), _px(12))), QUADRANTS[0])
    assert _close(im.getpixel((_px(63), _px(44))), QUADRANTS[3])


def test_orientation_is_applied_and_resolution_is_300_ppi_never_upsampled(db, library,
                                                                           tmp_path):
    big = add_photo(db, library, size=(2400, 1600), orientation=6)
    small = add_photo(db, library, size=(900, 600))
    exh = exhibition(db, [big, small], print_size="100x70")
    out = tmp_path / "ppi.pdf"
    export_layout(db, library, exh, "panels", out, LayoutOptions(bleed_mm=0))
    rows = pdf_tools.images(out)
    # JPEG as it was made, tagged with an ICC-based (sRGB) colour space
    assert [(r["enc"], r["color"]) for r in rows] == [("jpeg", "icc")] * 2
    assert int(rows[0]["x-ppi"]) == pytest.approx(300, abs=2)  # 2400 px available: 300 ppi
    assert int(rows[1]["x-ppi"]) < 300  # 900 px are all there is: never upsampled
    assert pdf_tools.check_xref(out) > 10
    im = Image.open(pdf_tools.render(out, tmp_path / "o", dpi=DPI)).convert("RGB")
    assert _close(im.getpixel((_px(10), _px(10))), QUADRANTS[0])  # upright: red top left


def test_arabic_and_urdu_captions_read_right_to_left(db, library, tmp_path):
    ids = [add_photo(db, library, caption=ARABIC), add_photo(db, library, caption=URDU)]
    exh = exhibition(db, ids)
    out = tmp_path / "rtl.pdf"
    export_layout(db, library, exh, "panels", out)
    for page, caption in ((1, ARABIC), (2, URDU)):
        words = [w for w in pdf_tools.words(out) if w.page == page and w.text in caption.split()]
        assert [w.text for w in sorted(words, key=lambda w: -w.x_max)] == caption.split()


def test_caption_markup_is_printed_as_text(db, library, tmp_path):
    caption = "<b>Tom</b> & Jerry <font size=40>big</font> &amp;"
    exh = exhibition(db, [add_photo(db, library, caption=caption)])
    out = tmp_path / "markup.pdf"
    export_layout(db, library, exh, "labels", out)
    assert caption in pdf_tools.text(out).replace("\n", " ")


def test_long_caption_shrinks_then_is_cut_with_a_warning(db, library, tmp_path):
    long_caption = "A very long caption about the launch day. " * 60
    ids = [add_photo(db, library, caption=long_caption)]
    exh = exhibition(db, ids)
    out = tmp_path / "long.pdf"
    result = export_layout(db, library, exh, "panels", out)
    assert any("cut short" in w and w.startswith("Position 1") for w in result.warnings)
    assert "…" in pdf_tools.text(out)
    im = Image.open(pdf_tools.render(out, tmp_path / "l", dpi=DPI)).convert("RGB")
    # nothing overflows into the picture or past the trim's bottom margin
    slug = 9.0
    assert _close(im.getpixel((_px(slug + 15), _px(slug + 40))), QUADRANTS[2])
    assert _darkest(im, (slug + 1, slug + 80 - 2.5, slug + 119, slug + 80 + 2.9)) > 200


def test_a_final_exhibition_with_blockers_is_refused(capsys, db, library, photos, tmp_path):
    blocked = add_photo(db, library, cleared=False)
    exh = exhibition(db, [*photos[:2], blocked], final=True)
    out = tmp_path / "final.pdf"
    with pytest.raises(ExhibitionBlocked):
        export_layout(db, library, exh, "panels", out)
    rc, stdout, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "labels",
                              "--out", out)
    assert rc == 1 and stdout == ""
    assert len(err.strip().splitlines()) == 1 and "blocker" in err
    assert not out.exists() and not list(tmp_path.glob(".*.tmp"))
    assert db["exports"].count == 0


def test_uncleared_images_are_left_out_and_the_log_traces_the_rest(db, library, photos,
                                                                    tmp_path):
    refused = add_photo(db, library, cleared=False)
    exh = exhibition(db, [photos[0], refused, photos[1]])
    out = tmp_path / "draft.pdf"
    result = export_layout(db, library, exh, "panels", out)
    assert result.pages == 2
    assert any(w.startswith(f"Position 2 (image #{refused}): left out") for w in result.warnings)
    assert result.image_ids == sorted([photos[0], photos[1]])
    traced = exports_holding(db, [photos[1]])
    assert [(t["kind"], t["exhibition_id"], t["path"]) for t in traced] == [
        ("layout", exh, str(out.resolve()))]
    assert traced[0]["files"] == ["draft.pdf page 2"]
    assert exports_holding(db, [refused]) == []


def test_catalogue_takes_print_clearance_cover_outline_and_metadata(db, library, photos,
                                                                    tmp_path):
    exhibition_only = add_photo(db, library, caption="Cleared for the walls only")
    grant(db, library, exhibition_only, "exhibition")
    exh = exhibition(db, [*photos, exhibition_only], final=True)
    exhibitions.add_venue(db, exh, "Alder Hey", date(2025, 3, 10), date(2025, 6, 30))
    out = tmp_path / "catalogue.pdf"
    result = export_layout(db, library, exh, "catalogue", out)
    assert any("left out: not cleared for print use" in w for w in result.warnings)
    assert exhibition_only not in result.image_ids
    # cover + one grid page (4 of 6 cells) + credits
    assert result.pages == 3
    info = pdf_tools.info(out)
    assert info["Title"] == "I See You" and info["Page size"].startswith("595.276 x 841.89")
    cover = pdf_tools.text(out, 1, 1)
    for words in ("I See You", "Baby Week on tour", "Photographs from the launch week.",
                  "Central Library — 10 January 2025 to 1 March 2025", "Alder Hey"):
        assert words in cover
    grid = pdf_tools.text(out, 2, 2)
    assert "1. " + WELSH in grid.replace("\n", " ") and "\n2\n" in grid + "\n"
    assert "Credits" in pdf_tools.text(out, 3, 3)
    assert pdf_tools.check_xref(out) > 10
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(out))
    raw = out.read_bytes()
    assert b"/Outlines" in raw and b"/Lang (en)" in raw
    # panels of the same exhibition do take the image cleared for exhibition use
    panels = export_layout(db, library, exh, "panels", tmp_path / "panels.pdf")
    assert exhibition_only in panels.image_ids


def test_labels_tile_four_to_an_a4_sheet_with_cut_guides(db, library, photos, tmp_path):
    extra = add_photo(db, library, caption="Fifth", alt_text="A father reads to twins")
    exh = exhibition(db, [*photos, extra])
    out = tmp_path / "labels.pdf"
    result = export_layout(db, library, exh, "labels", out)
    assert result.pages == 2
    assert pdf_tools.info(out)["Page size"].startswith("841.89 x 595.276")  # A4 landscape
    assert all(f["emb"] == "yes" for f in pdf_tools.fonts(out))
    second = pdf_tools.text(out, 2, 2)
    assert "Fifth" in second and "A father reads to twins" in second and "5" in second
    im = Image.open(pdf_tools.render(out, tmp_path / "s", dpi=DPI)).convert("RGB")
    # the cut between the two columns runs down the middle of the sheet (148.5 mm)
    assert _darkest(im, (148.5 - 0.4, 50, 148.5 + 0.4, 60)) < 220


def test_cli_label_size_and_a3_sheet(capsys, db, library, photos, tmp_path):
    exh = exhibition(db, photos)
    out = tmp_path / "small-labels.pdf"
    rc, stdout, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "labels",
                              "--out", out, "--paper", "A3", "--label-size", "100x70",
                              "--json")
    assert rc == 0, err
    # 100×70 mm on A3 (297×420): 2 across × 6 down portrait, or 4 × 4 landscape = 16
    assert json.loads(stdout)["pages"] == 1
    assert pdf_tools.info(out)["Page size"].startswith("1190.55 x 841.89")
    assert all(c in pdf_tools.text(out).replace("\n", " ") for c in (WELSH, VIETNAMESE))
    # no warning about panel resolution on labels
    assert not any("ppi" in w for w in json.loads(stdout)["warnings"])


def test_cancel_writes_nothing(db, library, photos, tmp_path):
    exh = exhibition(db, photos)
    out = tmp_path / "cancelled.pdf"
    calls = []
    with pytest.raises(Cancelled):
        export_layout(db, library, exh, "panels", out, progress=lambda *a: calls.append(a),
                      cancel=lambda: len(calls) >= 2)
    assert not out.exists() and not list(tmp_path.glob(".*"))  # no temp file, no spool
    assert db["exports"].count == 0


def test_cli_contract(capsys, db, library, photos, tmp_path):
    exh = exhibition(db, photos[:2])
    out = tmp_path / "cli.pdf"
    rc, stdout, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "panels",
                              "--out", out, "--bleed-mm", "0", "--fit", "fit", "--json")
    assert rc == 0, err
    data = json.loads(stdout)
    assert list(data) == ["pdf", "pages", "warnings"]
    assert data["pdf"] == str(out) and data["pages"] == 2 and isinstance(data["warnings"], list)
    rc, stdout, err = run_cli(capsys, library, "export", "layout", exh, "--kind", "catalogue",
                              "--out", tmp_path / "c.pdf", "--paper", "A5")
    assert rc == 1 and "not a print size" in err and len(err.strip().splitlines()) == 1
    rc, stdout, err = run_cli(capsys, library, "export", "layout", 999, "--kind", "labels",
                              "--out", tmp_path / "x.pdf")
    assert rc == 1 and "no exhibition #999" in err


def test_nothing_cleared_is_a_clear_error(db, library, tmp_path):
    exh = exhibition(db, [add_photo(db, library, cleared=False)])
    with pytest.raises(CuratorError, match="Nothing to lay out"):
        export_layout(db, library, exh, "labels", tmp_path / "none.pdf")
