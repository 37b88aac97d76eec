"""``posts.csv`` and ``posts.md``: the posts of a kit, ready to paste.

Every caption, topic and credit is untrusted. In the CSV every cell that a spreadsheet
would read as a formula (a leading ``= + - @``, tab or CR) is neutralised
(:func:`curator.export.files.csv_bytes`); in Markdown every ASCII punctuation character
that could start markup is backslash-escaped (``\\ ` * _ [ ] < > & ! | ~ { } #`` anywhere,
``- + =`` and ``1.`` at a line's start), so a caption cannot make a link, an image, a
heading, a list or HTML, and ``&lt;`` stays those four characters.
"""

from __future__ import annotations

import re
from collections.abc import Sequence

from curator.export.files import csv_bytes
from curator.export.kit import platforms as pf
from curator.export.kit.crops import ASPECTS
from curator.export.kit.posts import Post, PostText

# Inline markup (emphasis, code, links, images, HTML and entities, tables, strike-through);
# at a line's start also lists, headings, rules and numbered items.
_INLINE = re.compile(r"([\\`*_\[\]<>&!|~{}#])")
_LINE_START = re.compile(r"^(\s*)([-+=]|\d+(?=[.)]))")
ALT_PLATFORMS = tuple(p for p in pf.PLATFORMS if p.alt_limit is not None)


def md_escape(text: str) -> str:
    """``text`` as literal Markdown text (one line): what could be markup escaped."""
    escaped = _INLINE.sub(r"\\\1", text)
    return _LINE_START.sub(lambda m: m.group(1) + "\\" + m.group(2)
                           if not m.group(2).isdigit() else m.group(1) + m.group(2) + "\\",
                           escaped)


def _header() -> tuple[str, ...]:
    head = ["day", "date", "topic", "image", "picture"]
    head += [f"crop {a.label} ({a.width}x{a.height})" for a in ASPECTS]
    head.append("poster")
    for p in pf.PLATFORMS:
        head += [p.name, f"{p.name} length"]
    head += [f"alt text {p.name}" for p in ALT_PLATFORMS]
    head.append("shortened")
    return tuple(head)


def _length(t: PostText | None) -> str:
    return f"{t.length}/{t.limit}" if t else ""


def posts_csv(posts: Sequence[Post], public: dict[int, str], pictures: dict[int, str],
              crops: dict[int, dict[str, str]], posters: dict[int, str]) -> bytes:
    rows = []
    for post in posts:
        i = post.image_id
        row: list[object] = [post.day or "", post.on.isoformat() if post.on else "",
                             post.topic, public[i], pictures[i]]
        row += [crops.get(i, {}).get(a.key, "") for a in ASPECTS]
        row.append(posters.get(i, ""))
        for p in pf.PLATFORMS:
            t = post.texts.get(p.key)
            row += [t.text if t else "", _length(t)]
        row += [post.alts[p.key].text if p.key in post.alts else "" for p in ALT_PLATFORMS]
        row.append("; ".join(post.shortened))
        rows.append(row)
    return csv_bytes(_header(), rows)


def _quote(text: str) -> list[str]:
    lines = text.split("\n")
    return [f"> {md_escape(line)}  " if line.strip() else ">" for line in lines]


def posts_md(plan, posts: Sequence[Post], public: dict[int, str], pictures: dict[int, str],
             crops: dict[int, dict[str, str]], posters: dict[int, str], kit_id: str) -> bytes:
    campaign, licence = plan.campaign, plan.licence
    out = [f"# {md_escape(campaign.title)}: posts for {md_escape(licence.partner)}", ""]
    if campaign.theme:
        out += [f"Theme: **{md_escape(campaign.theme)}**" + (
            f" · {md_escape(campaign.dates_text())}" if campaign.dates_text() else ""), ""]
    credit = licence.attribution or "the credit in each post"
    out += [f"Kit {md_escape(kit_id)} · licence “{md_escape(licence.name)}” version "
            f"{licence.version} · for {md_escape(', '.join(licence.uses))} use until "
            f"**{licence.expires_on.isoformat()}**. Credit exactly as: "
            f"**{md_escape(credit)}**. Read LICENCE.txt before you post.", ""]
    if campaign.hashtags:
        out += ["Hashtags: " + " ".join(md_escape(h) for h in campaign.hashtags), ""]
    order = sorted(posts, key=lambda p: (p.day is None, p.day or 0))
    current: object = object()
    for n, post in enumerate(order, 1):
        if post.day != current:
            current = post.day
            if post.day is not None:
                when = f"{post.on:%A} {post.on.day} {post.on:%B %Y}" if post.on else ""
                head = " — ".join(p for p in (f"Day {post.day}", when,
                                               md_escape(post.topic)) if p)
                out += [f"## {head}", ""]
        i = post.image_id
        out += [f"### Picture {n} ({md_escape(public[i])})", "",
                f"Picture: [{md_escape(pictures[i])}]({pictures[i]})  "]
        links = [f"[{a.label}]({crops[i][a.key]})" for a in ASPECTS if a.key in crops.get(i, {})]
        if links:
            out.append("Crops: " + " · ".join(links) + "  ")
        if i in posters:
            out.append(f"Poster: [{md_escape(posters[i])}]({posters[i]})  ")
        out.append("")
        for p in pf.PLATFORMS:
            t = post.texts.get(p.key)
            if t is None:
                continue
            note = f"; {md_escape(t.shortened)}" if t.shortened else ""
            out += [f"**{p.name}** ({t.length} of {t.limit}{note})", "", *_quote(t.text), ""]
        for p in ALT_PLATFORMS:
            t = post.alts.get(p.key)
            if t is None or not t.text:
                continue
            kind = "recommended " if t.recommended else ""
            note = f"; {md_escape(t.shortened)}" if t.shortened else ""
            out += [f"*Alt text, {p.name}* ({t.length} of {kind}{t.limit}{note})", "",
                    *_quote(t.text), ""]
    return ("\n".join(out).rstrip() + "\n").encode("utf-8")
