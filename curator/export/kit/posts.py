"""Post texts for each image and day, within each platform's limits (``platforms.py``).

A template names what goes where: ``{campaign}`` (the campaign's name and year),
``{theme}``, ``{topic}`` (the day's topic, else the theme), ``{headline}`` ("campaign — topic"
or the campaign alone), ``{day}``, ``{date}``, ``{caption}``, ``{credit}``, ``{hashtags}``,
``{link}``, ``{partner}``. The template is filled in one pass, so a caption holding
``{link}`` stays those six characters. Lines left empty are dropped.

When a text is over a platform's limit, the caption is shortened first — at a word
boundary, ending in "…" — because the credit (the licence's condition), the link and the
hashtags are what the post is for; then, if the rest alone is over, the whole text.
Instagram's 30 hashtags: the campaign's hashtags are left out from the last one first.
Every shortening is said in the post's ``shortened`` note.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import date

from curator.errors import InvalidInput
from curator.export.kit import platforms as pf
from curator.export.text import clean

DEFAULT_TEMPLATE = "{headline}\n\n{caption}\n\n{credit}\n{link}\n\n{hashtags}"
PLACEHOLDERS = ("campaign", "theme", "topic", "headline", "day", "date", "caption", "credit",
                "hashtags", "link", "partner")
MAX_TEMPLATE = 5000
_SLOT = re.compile(r"\{(\w+)\}")


@dataclass(frozen=True)
class PostText:
    """One text for one platform, with its length as the platform counts it."""

    platform: str
    text: str
    length: int
    limit: int
    shortened: str | None = None   # what was shortened, in words; None: nothing
    edited: bool = False           # the curator changed it (the GUI)
    recommended: bool = False      # the limit is a recommendation (Instagram alt text)

    @property
    def over(self) -> bool:
        return self.length > self.limit

    def to_json(self) -> dict:
        return {"platform": self.platform, "text": self.text, "length": self.length,
                "limit": self.limit, "shortened": self.shortened, "edited": self.edited}


@dataclass
class PostFields:
    """What a template is filled with for one image on one day (untrusted text)."""

    campaign: str
    theme: str = ""
    topic: str = ""
    day: int | None = None
    on: date | None = None
    caption: str = ""
    credit: str = ""
    hashtags: tuple[str, ...] = ()
    link: str = ""
    partner: str = ""
    alt_text: str = ""


@dataclass
class Post:
    image_id: int
    day: int | None
    on: date | None
    topic: str
    texts: dict[str, PostText] = field(default_factory=dict)   # platform key → post
    alts: dict[str, PostText] = field(default_factory=dict)    # platform key → alt text

    @property
    def shortened(self) -> list[str]:
        return [f"{pf.BY_KEY[k].name}: {t.shortened}" for k, t in self.texts.items()
                if t.shortened] + \
               [f"{pf.BY_KEY[k].name} alt text: {t.shortened}" for k, t in self.alts.items()
                if t.shortened]

    def to_json(self) -> dict:
        return {"image_id": self.image_id, "day": self.day,
                "date": self.on.isoformat() if self.on else None, "topic": self.topic,
                "texts": {k: t.to_json() for k, t in self.texts.items()},
                "alt_texts": {k: t.to_json() for k, t in self.alts.items()},
                "shortened": self.shortened}


def check_template(template: str) -> str:
    """The template if every ``{name}`` in it is known; InvalidInput naming the first not."""
    if len(template) > MAX_TEMPLATE:
        raise InvalidInput(f"The post template is longer than {MAX_TEMPLATE} characters.")
    for m in _SLOT.finditer(template):
        if m.group(1) not in PLACEHOLDERS:
            raise InvalidInput(f"The post template names {{{m.group(1)}}}, which is not one "
                               f"of {', '.join('{' + p + '}' for p in PLACEHOLDERS)}.")
    return template


def _one_line(text: str) -> str:
    return " ".join(clean(text or "").split())


def _paragraphs(text: str) -> str:
    lines = [" ".join(line.split()) for line in clean(text or "").splitlines()]
    return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip()


def _fill(template: str, values: dict[str, str]) -> str:
    filled = _SLOT.sub(lambda m: values.get(m.group(1), ""), template)
    lines = [line.rstrip() for line in filled.split("\n")]
    # a line that held only empty placeholders goes; blank lines between paragraphs stay one
    out: list[str] = []
    template_lines = template.split("\n")
    for line, source in zip(lines, template_lines, strict=False):
        if not line.strip() and _SLOT.search(source):
            continue
        out.append(line)
    if len(lines) > len(template_lines):  # a caption with line breaks: keep the tail
        out.extend(lines[len(template_lines):])
    return re.sub(r"\n{3,}", "\n\n", "\n".join(out)).strip()


def _values(fields: PostFields, caption: str, hashtags: Iterable[str]) -> dict[str, str]:
    topic = _one_line(fields.topic) or _one_line(fields.theme)
    campaign = _one_line(fields.campaign)
    return {
        "campaign": campaign, "theme": _one_line(fields.theme), "topic": topic,
        "headline": f"{campaign} — {topic}" if topic else campaign,
        "day": str(fields.day) if fields.day else "",
        "date": fields.on.strftime("%A %-d %B %Y") if fields.on else "",
        "caption": caption, "credit": _one_line(fields.credit),
        "hashtags": " ".join(hashtags), "link": _one_line(fields.link),
        "partner": _one_line(fields.partner),
    }


def post_for(platform: pf.Platform, fields: PostFields, template: str) -> PostText:
    """The post for ``platform``: the template filled, shortened to the limits if need be."""
    caption = _paragraphs(fields.caption)
    tags = list(fields.hashtags)

    def fits(text: str) -> bool:
        return pf.count(text, platform) <= platform.post_limit and (
            platform.max_hashtags is None
            or len(pf.hashtags_in(text)) <= platform.max_hashtags)

    def render(cap: str) -> str:
        return _fill(template, _values(fields, cap, tags))

    notes: list[str] = []
    text = render(caption)
    if platform.max_hashtags is not None:
        dropped = 0
        while tags and len(pf.hashtags_in(text)) > platform.max_hashtags:
            tags.pop()
            dropped += 1
            text = render(caption)
        if dropped:
            notes.append(f"{dropped} campaign hashtag(s) left out (at most "
                         f"{platform.max_hashtags})")
    if not fits(text):
        dropped = 0
        while tags and not fits(render("")):  # the rest alone is over: hashtags go first
            tags.pop()
            dropped += 1
        if dropped:
            notes.append(f"{dropped} campaign hashtag(s) left out")
        short = pf.shorten(caption, lambda c: fits(render(c)))
        if caption and short and short != pf.ELLIPSIS and fits(render(short)):
            notes.append("caption shortened" if short != caption else "")
            text = render(short)
        else:
            bare = render("")
            text = pf.shorten(bare, fits, keep_words=False)
            cut = "text shortened" if text != bare else ""
            notes.append(f"caption left out{' and ' + cut if cut else ''}" if caption else cut)
    return PostText(platform.key, text, pf.count(text, platform), platform.post_limit,
                    "; ".join(n for n in notes if n) or None)


def alt_for(platform: pf.Platform, alt_text: str) -> PostText | None:
    """The alt text within ``platform``'s alt-text limit (None: the platform sets none)."""
    if platform.alt_limit is None:
        return None
    text = _paragraphs(alt_text).replace("\n", " ")
    limit = platform.alt_limit
    short = pf.shorten(text, lambda t: pf.count_alt(t) <= limit, keep_words=False)
    note = None
    if short != text:
        note = (f"shortened to the recommended {limit} characters" if platform.alt_recommended
                else f"shortened to {limit} characters")
    return PostText(platform.key, short, pf.count_alt(short), limit, note,
                    recommended=platform.alt_recommended)


def build_post(image_id: int, fields: PostFields, template: str = DEFAULT_TEMPLATE,
               platforms: Iterable[pf.Platform] = pf.PLATFORMS) -> Post:
    post = Post(image_id, fields.day, fields.on, _one_line(fields.topic))
    for platform in platforms:
        post.texts[platform.key] = post_for(platform, fields, template)
        alt = alt_for(platform, fields.alt_text)
        if alt is not None:
            post.alts[platform.key] = alt
    return post


def checked(platform_key: str, text: str, *, alt: bool = False) -> PostText:
    """A text the curator wrote (the Kit dialog), counted; over the limit it is shortened
    at a word boundary and says so."""
    platform = pf.BY_KEY.get(platform_key)
    if platform is None:
        raise InvalidInput(f"'{platform_key}' is not a platform: "
                           f"{', '.join(pf.BY_KEY)}.")
    if alt:
        result = alt_for(platform, text)
        if result is None:
            raise InvalidInput(f"{platform.name} sets no alt-text limit here.")
        return replace(result, edited=True)
    body = _paragraphs(text)

    def fits(t: str) -> bool:
        return pf.count(t, platform) <= platform.post_limit and (
            platform.max_hashtags is None or len(pf.hashtags_in(t)) <= platform.max_hashtags)

    short = pf.shorten(body, fits, keep_words=False)
    return PostText(platform.key, short, pf.count(short, platform), platform.post_limit,
                    "text shortened" if short != body else None, edited=True)
