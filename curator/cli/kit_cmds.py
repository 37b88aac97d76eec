"""``export kit``: a partner's comms kit for a campaign — the licensed pack plus social
crops, post texts and posters (``docs/kits.md``)."""

from __future__ import annotations

import sys
from pathlib import Path

from curator.cli.context import Context, one_line
from curator.cli.pack_cmds import _Bar, _excluded_text, _selection
from curator.cli.values import CAMPAIGN_ID, EXHIBITION_ID, LICENCE_ID
from curator.errors import InvalidInput


def register_export(export_sub) -> None:
    p = export_sub.add_parser(
        "kit", help="a partner's comms kit: pack + social crops, posts, posters",
        description="For a campaign and a partner's licence, write the licensed pack (same "
                    "clearance, metadata, BagIt and log) plus 1:1, 4:5, 9:16 and 1.91:1 "
                    "crops of each photograph placed by its focus point, posts.csv and "
                    "posts.md with post texts within each platform's limits, and an A4 "
                    "poster per photograph.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--exhibition", type=EXHIBITION_ID, metavar="ID")
    what.add_argument("--images", nargs="+", metavar="ID",
                      help="image ids; '-' reads them from standard input, one per line")
    p.add_argument("--campaign", type=CAMPAIGN_ID, required=True, metavar="ID")
    p.add_argument("--licence", type=LICENCE_ID, required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the ZIP in")
    p.add_argument("--days", action="store_true",
                   help="deal the photographs to the campaign's days in order: the first to "
                        "day 1, the second to day 2 …, round again after the last day")
    p.add_argument("--template", metavar="FILE",
                   help="the post template (placeholders {headline} {campaign} {theme} "
                        "{topic} {day} {date} {caption} {credit} {hashtags} {link} "
                        "{partner}); default in docs/kits.md")
    p.add_argument("--no-posters", action="store_true", help="leave the posters out")
    p.add_argument("--long-edge", default=None, metavar="N",
                   help="the pack's renditions: pixels, or social, web (default), print")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would go in, the crops and the posts; write nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_kit)


def _template(path: str | None) -> str | None:
    if path is None:
        return None
    try:
        return Path(path).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"The template {path} cannot be read ({type(exc).__name__}).") \
            from None


def cmd_kit(args, ctx: Context) -> int:
    # Imported here: the kit pulls in reportlab, the fonts and the imaging code, which
    # every other command would otherwise pay for at start-up.
    from curator.export.kit.build import write_kit
    from curator.export.kit.plan import plan_kit
    from curator.export.renditions import long_edge_of

    db = ctx.db()
    plan = plan_kit(db, ctx.library, args.campaign, args.licence, _selection(args, db),
                    days=args.days, template=_template(args.template),
                    long_edge=long_edge_of(args.long_edge), posters=not args.no_posters)
    if not plan.included:
        data = {"kit": None, "pack_id": None, "included": [], "excluded": plan.excluded,
                "crops": 0, "posts": 0, "warnings": plan.all_warnings()}
        ctx.out(data, lambda: "\n".join(["Nothing to send:", *_excluded_text(plan.excluded)]))
        sys.stderr.write(f"curator: every selected image ({len(plan.preflight.selected)}) is "
                         "excluded under this licence; nothing was written.\n")
        return 1
    if args.dry_run:
        data = {"kit": None, "pack_id": None, "dry_run": True, **plan.to_json()}
        ctx.out(data, lambda: "\n".join([
            f"Would make a kit of {len(plan.included)} image(s) for "
            f"{one_line(plan.licence.partner)}: " + ", ".join(f"#{i}" for i in plan.included),
            *_excluded_text(plan.excluded),
            *(f"  warning: {one_line(w)}" for w in plan.all_warnings()),
            "Dry run: nothing was written."]))
        return 0
    bar = _Bar(sys.stderr.isatty() and not ctx.json)
    result = write_kit(db, ctx.library, plan, Path(args.out), progress=bar)
    ctx.out(result.to_json(), lambda: "\n".join([
        f"Kit {result.kit_id}: {len(result.included)} image(s), {result.crops} crop(s), "
        f"{result.posts} post(s), {result.posters} poster(s) for "
        f"{one_line(plan.licence.partner)} → {result.kit}",
        *_excluded_text(result.excluded),
        *(f"  warning: {one_line(w)}" for w in result.warnings)]))
    return 0
