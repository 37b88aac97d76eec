"""One decode → upright sRGB preview and thumbnail."""

from __future__ import annotations

from PIL import Image, ImageStat

from curator.ingest import imaging


def test_draft_decodes_a_large_jpeg_at_reduced_scale(tmp_path):
    from curator.samples.photos import make_photo

    path = make_photo(tmp_path / "big.jpg", (4000, 3000), seed=1)
    im = imaging.open_image(path.read_bytes())
    imaging.decode_for(im, imaging.PREVIEW_SIZE)
    assert im.size == (2000, 1500)  # the JPEG decoder scaled by 1/2; no full-size decode
    preview, thumb = imaging.make_derivatives(imaging.open_image(path.read_bytes()), 1)
    assert preview.size == (1280, 960) and thumb.size == (256, 192)


def test_orientation_is_applied_after_draft(corpus):
    data = (corpus / "orientation/Landscape_6.jpg").read_bytes()  # stored 1200x1800
    im = imaging.open_image(data)
    assert imaging.orientation_of(im) == 6
    preview, thumb = imaging.make_derivatives(im, 6)
    assert preview.size == (1280, 853) and thumb.size == (256, 171)


def test_embedded_icc_profile_is_converted_to_srgb(corpus):
    data = (corpus / "formats/png/xmp_tags_orientation.png").read_bytes()  # ColorMatch RGB
    im = imaging.open_image(data)
    im.load()
    converted = imaging.to_srgb(im)
    naive = im.convert("RGB")
    assert converted.mode == "RGB"
    diff = [abs(a - b) for a, b in zip(ImageStat.Stat(converted).mean,
                                       ImageStat.Stat(naive).mean, strict=True)]
    assert max(diff) > 1.0  # the profile changed the colours


def test_cmyk_16bit_and_alpha_come_out_as_rgb(corpus):
    for name in ("formats/jpeg/pil_sample_cmyk.jpg", "formats/tiff/16bit.cropped.tif",
                 "formats/png/LA_8__128x128.png"):
        im = imaging.open_image((corpus / name).read_bytes())
        preview, _ = imaging.make_derivatives(im, 1)
        assert preview.mode == "RGB", name
    # transparent pixels are composited on white
    rgba = Image.new("RGBA", (10, 10), (0, 0, 0, 0))
    assert imaging.to_srgb(rgba).getpixel((5, 5)) == (255, 255, 255)
