"""The text files of a pack: ``LICENCE.txt``, ``captions.csv``, ``index.html``, ``manifest.json``.

Every value that came from the catalogue is untrusted: HTML gets ``html.escape`` (quotes
too, for attributes), CSV cells are neutralised (:func:`curator.export.files.csv_bytes`),
JSON is JSON. No internal path or internal id is written, only public ids.
"""

from __future__ import annotations

import json
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass
from html import escape

from curator.export.files import csv_bytes
from curator.export.partners import Licence

USE_WORDS = {
    "online": "on websites, social media and in e-mail newsletters",
    "print": "in printed material (leaflets, posters, reports)",
    "press": "by the press, to report on the campaign",
    "exhibition": "in exhibitions and displays",
}


@dataclass
class PackImage:
    """One image as the partner sees it."""

    image_id: int             # internal: never written into the pack
    public_id: str
    file_name: str
    title: str | None
    caption: str | None
    alt_text: str | None
    credit: str | None
    year: int | None
    event: str | None
    sha256: str | None = None
    width: int | None = None
    height: int | None = None


def usage_terms(licence: Licence) -> str:
    """The licence in one sentence, for ``xmpRights:UsageTerms`` and the CSV."""
    uses = ", ".join(licence.uses)
    credit = f" Credit: {licence.attribution}." if licence.attribution else ""
    ai = "" if licence.allow_ai_training else " No AI/ML training."
    names = "" if licence.allow_names else " Do not name the people shown."
    return (f"Licensed to {licence.partner} for {uses} use from "
            f"{licence.valid_from.isoformat()} until {licence.expires_on.isoformat()} "
            f"only (licence {licence.name}, version {licence.version}).{credit}{names}{ai} "
            "See LICENCE.txt.")


def licence_text(licence: Licence, pack_id: str, created: str, count: int,
                 contact: str | None) -> str:
    may = [f"- use these {count} photographs {USE_WORDS.get(u, u)}" for u in licence.uses]
    may_not = [f"- use them after {licence.expires_on.isoformat()}",
               "- use them in any way not listed under 'You may'",
               "- pass them, or this pack, to anyone else"]
    if not licence.allow_names:
        may_not.append("- name, tag or otherwise identify the people shown")
    if not licence.allow_ai_training:
        may_not.append("- use them to train, test or improve any AI or machine-learning system")
    credit = licence.attribution or "the credit given for each photograph in captions.csv"
    lines = [
        f"LICENCE — {licence.name} (version {licence.version})",
        "",
        f"Pack {pack_id}, made {created[:10]}, for {licence.partner}.",
        "",
        f"Valid from {licence.valid_from.isoformat()} until {licence.expires_on.isoformat()} "
        "(both days included).",
        "",
        "You may:", *may, "",
        "You may not:", *may_not, "",
        "Credit exactly as:", f"  {credit}", "",
        f"Until: {licence.expires_on.isoformat()}. After that day, remove the photographs "
        "from websites and social media and do not print them again.",
        "",
        "Contact:",
        f"  {contact}" if contact else "  the campaign that sent you this pack",
        "",
        "If you receive a takedown notice:",
        "  A person in a photograph can withdraw their consent. We will then send you a",
        "  takedown notice naming the exact files and this pack's id. Within 7 days, delete",
        "  those files from your website, social media, shared drives and this pack, do not",
        "  print them again, and reply to confirm. Nothing else in the pack is affected.",
        "",
        "Checking the pack:",
        "  This pack is a BagIt bag (RFC 8493). manifest-sha256.txt lists every file with its",
        "  SHA-256; any BagIt tool (e.g. `bagit.py --validate`) tells you whether it is",
        "  complete and unaltered.",
    ]
    if licence.terms.strip():
        lines += ["", "Terms in full:", ""]
        lines += [textwrap.fill(p, 88) if "\n" not in p.strip() else p
                  for p in licence.terms.strip().split("\n\n")]
    return "\n".join(lines).rstrip() + "\n"


CSV_HEADER = ("file", "caption", "alt text", "credit", "year", "event", "usage", "expiry")


def captions_csv(images: Sequence[PackImage], licence: Licence) -> bytes:
    usage = usage_terms(licence)
    return csv_bytes(CSV_HEADER, (
        (f"images/{i.file_name}", i.caption or "", i.alt_text or "", i.credit or "",
         i.year or "", i.event or "", usage, licence.expires_on.isoformat())
        for i in images))


def index_html(images: Sequence[PackImage], licence: Licence, pack_id: str) -> bytes:
    """A gallery that works offline in any browser: no script, every text escaped."""
    def e(value: object) -> str:
        return escape("" if value is None else str(value), quote=True)

    figures = []
    for n, img in enumerate(images, 1):
        cap = f"<p class=\"cap\">{e(img.caption)}</p>" if img.caption else ""
        title = f"<p class=\"title\">{e(img.title)}</p>" if img.title else ""
        figures.append(
            f"<figure><a href=\"images/{e(img.file_name)}\"><img src=\"images/"
            f"{e(img.file_name)}\" alt=\"{e(img.alt_text or img.caption or '')}\" "
            f"loading=\"lazy\"></a><figcaption><span class=\"n\">{n}</span>{title}{cap}"
            f"<p class=\"credit\">{e(img.credit)}</p>"
            f"<p class=\"file\">{e(img.file_name)}</p></figcaption></figure>")
    credit = e(licence.attribution) if licence.attribution else "as given under each photograph"
    page = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="robots" content="noindex, noai, noimageai">
<title>{e(licence.partner)} — photographs ({e(pack_id)})</title>
<style>
body {{ font-family: system-ui, sans-serif; margin: 2rem; color: #222; }}
header {{ max-width: 60rem; }}
.grid {{ display: grid; grid-template-columns: repeat(auto-fill, minmax(16rem, 1fr));
         gap: 1.5rem; }}
figure {{ margin: 0; }}
img {{ width: 100%; height: 14rem; object-fit: contain; background: #f2f2f2; }}
.n {{ font-weight: bold; margin-right: .5em; }}
.cap, .title {{ margin: .3em 0; unicode-bidi: plaintext; }}
.title {{ font-weight: bold; }}
.credit, .file {{ color: #555; font-size: .85em; margin: .2em 0; }}
</style>
</head>
<body>
<header>
<h1>Photographs for {e(licence.partner)}</h1>
<p>Pack {e(pack_id)} · licence “{e(licence.name)}” version {licence.version} ·
for {e(", ".join(licence.uses))} use until <strong>{licence.expires_on.isoformat()}</strong>.</p>
<p>Credit exactly as: <strong>{credit}</strong>. Read LICENCE.txt before you use them.</p>
</header>
<main class="grid">
{chr(10).join(figures)}
</main>
</body>
</html>
"""
    return page.encode("utf-8")


def manifest_json(pack_id: str, licence: Licence, created: str, long_edge: int,
                  images: Sequence[PackImage], other_files: dict[str, str]) -> bytes:
    files = [{"file": f"images/{i.file_name}", "sha256": i.sha256, "public_id": i.public_id,
              "width": i.width, "height": i.height} for i in images]
    files += [{"file": name, "sha256": digest, "public_id": None}
              for name, digest in sorted(other_files.items())]
    data = {
        "pack_id": pack_id,
        "partner": licence.partner,
        "licence": {"name": licence.name, "version": licence.version,
                    "uses": list(licence.uses), "valid_from": licence.valid_from.isoformat(),
                    "expires_on": licence.expires_on.isoformat(),
                    "attribution": licence.attribution,
                    "people_may_be_named": licence.allow_names,
                    "ai_training_allowed": licence.allow_ai_training},
        "created": created,
        "long_edge": long_edge,
        "files": files,
    }
    return (json.dumps(data, ensure_ascii=False, indent=2) + "\n").encode("utf-8")
