"""Post texts and alt texts within every platform's limit, counted as each platform counts
(X's weighting, 23 per link, Instagram's 30 hashtags), for any caption — property-based,
with Chinese, Japanese, Arabic, emoji sequences and links."""

from __future__ import annotations

import unicodedata
from datetime import date

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.errors import InvalidInput
from curator.export.kit import platforms as pf
from curator.export.kit.posts import PostFields, build_post, check_template, checked

# Tokens with the weight X gives them (twitter-text v3): independent of the code's tables.
EMOJI = ["😀", "👍🏽", "👨‍👩‍👧‍👦", "🇬🇧", "1️⃣", "❤️", "🏳️‍🌈", "👩🏿‍🍼", "😷", "🇯🇵", "👍🏻",
         "©️"]
WORDS = ["baby", "Llŷn", "gęślą", "أم", "وطفل", "يوم", "母と子", "赤ちゃん", "아기", "naïve",
         "—", "“quoted”", "&", "<b>", "#tag", "#母", "@someone", "=SUM(A1)", "…"]
# links X certainly links as 23, each with a space on both sides in the generated text
URLS = ["https://example.org", "http://babyweek.co.uk/" + "x" * 60, "https://nhs.uk/a?b=1&c=2"]


def x_reference(text: str) -> int:
    """X's weighted length by the published rules, written apart from the code under test."""
    text = unicodedata.normalize("NFC", text)
    total = 0
    for url in sorted(URLS + ["https://example.org/imhaw?a=1"], key=len, reverse=True):
        total += 23 * text.count(url)
        text = text.replace(url, "")
    for emoji in sorted(EMOJI, key=len, reverse=True):
        total += 2 * text.count(emoji)
        text = text.replace(emoji, "")
    for char in text:
        cp = ord(char)
        light = cp <= 0x10FF or 0x2000 <= cp <= 0x200D or 0x2010 <= cp <= 0x201F \
            or 0x2032 <= cp <= 0x2037
        total += 1 if light else 2
    return total


def utf16(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


@pytest.mark.parametrize("text, weight", [
    ("A lie gets halfway around the world before the truth has a chance to get its pants "
     "on.", 86),
    ("你好", 4), ("こんにちは", 10), ("안녕", 4), ("مرحبا", 5), ("Ελλάδα", 6),
    ("😷", 2), ("👨‍👩‍👧‍👦", 2), ("🇯🇵", 2), ("👍🏻", 2), ("1️⃣", 2),
    ("🇦🇦", 4), ("🇬🇧🇦🇦", 6),                                 # AA is no region: two letters
    ("e\u0301", 1),                                       # NFC: one é
    ("see https://example.org/a/very/long/path/that/goes/on/and/on", 27),
    ("“—”", 3), ("…", 2), ("go to https://example.org.", 30), ("中" * 140, 280), ("©", 1),
    ("©️", 2), ("glued:https://example.org", 29), ("xhttps://example.org", 20),
    ("https://a.b/" + "x" * 40, 52),                      # no valid domain: its letters
])
def test_x_counts_as_twitter_text_does(text, weight):
    assert pf.count(text, pf.X) == weight
    if "http" not in text:
        assert x_reference(text) == weight


def test_other_platforms_count_utf16_units_and_mastodon_links_as_23():
    assert pf.count("👍🏽 baby", pf.INSTAGRAM) == 9
    assert pf.count("https://example.org/" + "x" * 100, pf.MASTODON) == 23
    assert pf.count("https://example.org/" + "x" * 100, pf.LINKEDIN) == 120
    assert pf.hashtags_in("#a b#c #é_1 ＃x &#39; #母") == ["#a", "#é_1", "＃x", "#母"]


tokens = st.one_of(st.sampled_from(WORDS), st.sampled_from(EMOJI),
                   st.sampled_from(URLS).map(lambda url: f" {url} "),
                   st.text(alphabet=st.characters(codec="utf-8", categories=(
                       "L", "N", "P", "S", "Zs")), min_size=1, max_size=12))
captions = st.lists(st.tuples(tokens, st.sampled_from([" ", " ", "\n", ""])),
                    max_size=400).map(lambda parts: "".join(t + s for t, s in parts))
hashtags = st.lists(st.from_regex(r"#[A-Za-z][A-Za-z0-9_]{0,14}", fullmatch=True),
                    max_size=45, unique=True)


@settings(max_examples=60, deadline=None)
@given(caption=captions, alt=captions, tags=hashtags, topic=st.sampled_from(
    ["", "Bonding", "母と子の日", "يوم الآباء"]), credit=st.lists(st.sampled_from(WORDS),
                                                              max_size=30).map(" ".join))
def test_every_post_and_alt_text_is_within_every_limit(caption, alt, tags, topic, credit):
    fields = PostFields(campaign="Infant Mental Health Awareness Week 2024",
                        theme="Speak up for babies", topic=topic, day=2,
                        on=date(2024, 6, 11), caption=caption, credit=credit,
                        hashtags=tuple(tags), link="https://example.org/imhaw?a=1",
                        alt_text=alt)
    post = build_post(1, fields)
    for platform in pf.PLATFORMS:
        t = post.texts[platform.key]
        counted = x_reference(t.text) if platform.weighted else (
            t.length if platform.urls_count_23 else utf16(t.text))
        # a link cut by shortening ("https://exa…") X counts as letters, here as a link
        assert counted <= t.length <= platform.post_limit, (platform.key, t.text)
        if "http" not in t.text.replace("https://example.org/imhaw?a=1", ""):
            assert counted == t.length
        if platform.max_hashtags:
            assert len(pf.hashtags_in(t.text)) <= platform.max_hashtags
        if t.shortened is None:
            assert " ".join(caption.split()) in " ".join(t.text.split())
        elif "caption shortened" in t.shortened:
            assert "…" in t.text
        alt_text = post.alts.get(platform.key)
        if platform.alt_limit is None:
            assert alt_text is None
        else:
            assert utf16(alt_text.text) == alt_text.length <= platform.alt_limit
            assert (alt_text.shortened is None) == (alt_text.text == " ".join(alt.split()))


def test_shortening_cuts_at_a_word_and_says_which_platform():
    words = " ".join(f"word{i}" for i in range(200))
    fields = PostFields(campaign="Baby Week 2025", caption=words, credit="Photo: Siân",
                        hashtags=("#BabyWeek",), link="https://babyweek.example")
    post = build_post(1, fields)
    x = post.texts["x"]
    assert x.shortened == "caption shortened" and x.length <= 280
    cut = x.text.split("\n\n")[1]
    assert cut.endswith("…") and cut[:-1] in words and words[len(cut) - 1] == " "
    assert "Photo: Siân" in x.text and "#BabyWeek" in x.text
    assert post.texts["facebook"].shortened is None
    assert post.shortened == ["X: caption shortened", "Mastodon: caption shortened"]


def test_instagram_keeps_thirty_hashtags_and_templates_are_checked():
    fields = PostFields(campaign="C", caption="#one #two", hashtags=tuple(
        f"#Tag{i}" for i in range(35)))
    ig = build_post(1, fields).texts["instagram"]
    assert len(pf.hashtags_in(ig.text)) == 30
    assert ig.shortened == "7 campaign hashtag(s) left out (at most 30)"
    with pytest.raises(InvalidInput, match=r"\{caption\.__class__\}|\{nope\}"):
        check_template("{headline} {nope}")
    template = "{caption} {link}"
    fields = PostFields(campaign="C", caption="{link} {credit}", link="https://x.org")
    assert build_post(1, fields, template).texts["x"].text == "{link} {credit} https://x.org"
    edited = checked("instagram", "ok " + " ".join(f"#t{i}" for i in range(31)))
    assert edited.shortened == "text shortened" and len(pf.hashtags_in(edited.text)) <= 30
