"""Caption text in PDFs: bundled fonts embedded, diacritics exact, Arabic and Urdu right to
left in the right word order, markup inert, long text shrunk then cut — read back with
poppler's tools."""

from __future__ import annotations

import pytest
from reportlab.pdfgen.canvas import Canvas

from curator.export import fonts, text
from tests import pdf_tools

LATIN = [
    "Mam a’r plentyn — ŵ ŷ Ŵ Ŷ yn y llyfrgell",
    "Zażółć gęślą jaźń — Łódź, Kraków",
    "Iğdır şehri, İstanbul’da çocuk ve öğretmen",
    "Tiếng Việt: mẹ và con ở thư viện, ngày khai trương",
]
ARABIC = "أم وطفل في يوم الإطلاق 2024"
URDU = "ماں اور بچہ لائبریری میں"


def _pdf(tmp_path, captions, width=300.0, size=12.0, height=200.0):
    fonts.register_fonts()
    path = tmp_path / "t.pdf"
    canvas = Canvas(str(path), pagesize=(400, 60 + len(captions) * (height + 10)),
                    initialFontName=fonts.SANS)
    y = 30 + len(captions) * (height + 10)
    blocks = []
    for caption in captions:
        block = text.fit(caption, width, height, fonts.REGULAR, size, 7)
        text.draw(canvas, block, 40, y, width)
        blocks.append(block)
        y -= height + 10
    canvas.save()
    return path, blocks


def test_bundled_fonts_are_embedded_and_latin_diacritics_come_back_exactly(tmp_path):
    path, _ = _pdf(tmp_path, LATIN + [ARABIC])
    rows = pdf_tools.fonts(path)
    assert {r["name"].split("+")[-1] for r in rows} == {"NotoSans-Regular",
                                                        "NotoNaskhArabic-Regular"}
    assert all(r["emb"] == "yes" for r in rows)
    extracted = pdf_tools.text(path)
    for caption in LATIN:
        assert caption in extracted


def _rtl_line_words(path, caption):
    found = [w for w in pdf_tools.words(path)]
    wanted = set(caption.split())
    # the words of this caption: on the lines holding its first word
    first = next(w for w in found if w.text == caption.split()[0])
    line = [w for w in found if abs(w.y_min - first.y_min) < 2 and w.text in wanted]
    return [w.text for w in sorted(line, key=lambda w: -w.x_max)]


@pytest.mark.parametrize("caption", [URDU, "أم وطفل في المكتبة"])
def test_arabic_and_urdu_read_right_to_left_in_caption_order(tmp_path, caption):
    path, blocks = _pdf(tmp_path, [caption])
    assert len(blocks[0].lines) == 1 and blocks[0].lines[0].rtl
    assert _rtl_line_words(path, caption) == caption.split()
    # right-aligned: the line ends at the block's right edge (x 40 + 300)
    words = pdf_tools.words(path)
    assert max(w.x_max for w in words) == pytest.approx(340, abs=1.5)


def test_arabic_with_a_year_puts_the_number_at_the_left_end(tmp_path):
    path, _ = _pdf(tmp_path, [ARABIC])
    words = sorted(pdf_tools.words(path), key=lambda w: -w.x_max)
    assert [w.text for w in words] == ARABIC.split()[:-1] + ["2024"]


def test_mixed_english_and_arabic_line_keeps_both_scripts_in_their_fonts(tmp_path):
    caption = "Launch day: أم وطفل في المكتبة with friends"
    path, _ = _pdf(tmp_path, [caption])
    words = sorted(pdf_tools.words(path), key=lambda w: w.x_min)
    texts = [w.text for w in words]
    # LTR paragraph: Latin left to right, the Arabic phrase inside it right to left
    assert texts[:2] == ["Launch", "day:"] and texts[-2:] == ["with", "friends"]
    assert texts[2:6] == ["المكتبة", "في", "وطفل", "أم"]


def test_wrapped_rtl_caption_keeps_word_order_line_by_line(tmp_path):
    caption = " ".join([URDU] * 4)
    path, blocks = _pdf(tmp_path, [caption], width=120)
    assert len(blocks[0].lines) > 2
    words = pdf_tools.words(path)
    ordered = [w.text for w in sorted(words, key=lambda w: (round(w.y_min), -w.x_max))]
    assert ordered == caption.split()


def test_brackets_are_mirrored_in_a_right_to_left_line(tmp_path):
    caption = "أم وطفل (Mother and child) في المكتبة"
    path, _ = _pdf(tmp_path, [caption])
    texts = [w.text for w in sorted(pdf_tools.words(path), key=lambda w: w.x_min)]
    assert "(Mother" in texts and "child)" in texts


def test_caption_markup_is_text_not_markup(tmp_path):
    caption = 'Tom & Jerry <b>not bold</b> <font color="red">x</font> &amp; <br/>'
    path, _ = _pdf(tmp_path, [caption])
    assert caption in pdf_tools.text(path).replace("\n", " ")
    assert text.escape_markup("<b>&") == "&lt;b&gt;&amp;"


def test_long_caption_shrinks_then_truncates():
    fonts.register_fonts()
    medium = "A caption of a fair length that needs two or three lines at the start size."
    block = text.fit(medium * 2, 200, 40, fonts.REGULAR, 12, 7)
    assert block.shrunk and not block.truncated and block.height <= 40
    assert block.size < 12
    huge = "word " * 400
    block = text.fit(huge, 200, 40, fonts.REGULAR, 12, 7)
    assert block.truncated and block.size == 7 and block.height <= 40
    assert block.lines[-1].text.endswith(text.ELLIPSIS)
    assert all(line.width <= 200 for line in block.lines)


def test_a_word_longer_than_the_line_is_broken_not_overflowing():
    fonts.register_fonts()
    lines = text.wrap("https://example.org/" + "x" * 200, 150, fonts.REGULAR, 10)
    assert len(lines) > 1 and all(line.width <= 150 for line in lines)


def test_fonts_come_from_the_bundled_resources_not_the_system():
    from reportlab.pdfbase import pdfmetrics

    from curator.resources import RESOURCES

    fonts.register_fonts()
    for name in (fonts.SANS, fonts.SANS_BOLD, fonts.SANS_ITALIC, fonts.NASKH, fonts.NASKH_BOLD,
                 fonts.CJK):
        assert str(pdfmetrics.getFont(name).face.filename).startswith(str(RESOURCES / "fonts"))
    assert (RESOURCES / "fonts" / "OFL.txt").read_text().count("SIL OPEN FONT LICENSE") == 1


CJK = ["母と赤ちゃん、図書館の開館日に", "妈妈和宝宝在图书馆", "엄마와 아기, 도서관에서"]


def test_chinese_japanese_and_korean_are_set_in_the_bundled_fallback_and_read_back(tmp_path):
    path, _ = _pdf(tmp_path, ["Launch day / " + CJK[0], *CJK[1:]])
    rows = pdf_tools.fonts(path)
    assert {r["name"].split("+")[-1] for r in rows} == {"NotoSans-Regular", "DroidSansFallback"}
    assert all(r["emb"] == "yes" and r["sub"] == "yes" for r in rows)
    extracted = pdf_tools.text(path).replace("\n", "")
    assert "Launch day" in extracted
    for caption in CJK:
        assert caption.replace(" ", "") in extracted.replace(" ", "")


def test_a_long_japanese_caption_without_spaces_wraps_inside_the_width():
    fonts.register_fonts()
    lines = text.wrap(CJK[0] * 8, 150, fonts.REGULAR, 10)
    assert len(lines) > 2 and all(line.width <= 150 for line in lines)
    assert "".join(line.text for line in lines) == CJK[0] * 8


def test_control_characters_and_bidi_overrides_are_not_printed(tmp_path):
    caption = "Safe\x1b[31m caption \u202egnp.exe\u202c\tend"
    path, _ = _pdf(tmp_path, [caption])
    extracted = pdf_tools.text(path)
    assert "Safe[31m caption gnp.exe end" in extracted
    assert "\x1b" not in extracted and "\u202e" not in extracted
