"""``export pack``, ``export packs``, ``export notice``: licensed packs for partners, the log
of what was sent, and takedown notices after a withdrawal."""

from __future__ import annotations

import sys
from pathlib import Path

from curator.cli.context import Context, one_line, printable
from curator.cli.values import CONSENT_ID, EXHIBITION_ID, LICENCE_ID, PARTNER_ID
from curator.export import preflight as pf
from curator.export.renditions import long_edge_of


def register_export(export_sub) -> None:
    p = export_sub.add_parser(
        "pack", help="a licensed image pack (ZIP) for a partner",
        description="Check every selected image against the licence (its uses plus "
                    "'partners', over its whole window), then write renditions with the "
                    "rights embedded, captions.csv, LICENCE.txt, a contact sheet and an "
                    "offline gallery as a BagIt bag inside a ZIP in DIR, and log it.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--exhibition", type=EXHIBITION_ID, metavar="ID")
    what.add_argument("--images", nargs="+", metavar="ID",
                      help="image ids; '-' reads them from standard input, one per line")
    p.add_argument("--licence", type=LICENCE_ID, required=True, metavar="ID")
    p.add_argument("--out", required=True, metavar="DIR", help="folder to write the ZIP in")
    p.add_argument("--long-edge", default=None, metavar="N",
                   help="pixels, or social (1080), web (2048, default), print (3000)")
    p.add_argument("--dry-run", action="store_true",
                   help="show what would be included and excluded; write nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_pack)

    p = export_sub.add_parser("packs", help="the log of packs and comms kits sent to partners")
    p.add_argument("--partner", type=PARTNER_ID, metavar="ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_packs)

    p = export_sub.add_parser(
        "notice", help="takedown notices for the partners holding images of a consent",
        description="For every partner that was sent an image covered by CONSENT_ID, write "
                    "a takedown notice (text and PDF) naming the exact files to delete and "
                    "the pack they came in.")
    p.add_argument("consent_id", type=CONSENT_ID, metavar="CONSENT_ID")
    p.add_argument("--out", required=True, metavar="DIR")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_notice)


def _selection(args, db) -> list[int]:
    if args.exhibition is not None:
        return pf.exhibition_image_ids(db, args.exhibition)
    values = list(args.images)
    if "-" in values:
        values.remove("-")
        values.extend(sys.stdin.read().splitlines())
    return pf.parse_image_ids(values)


def _excluded_text(excluded: list[dict]) -> list[str]:
    lines = []
    for e in excluded:
        lines.append(f"  #{e['image_id']} excluded:")
        lines.extend(f"    {one_line(r)}" for r in e["reasons"])
    return lines


class _Bar:
    """A one-line progress bar on a terminal (stderr); silent otherwise."""

    def __init__(self, enabled: bool):
        self.enabled = enabled

    def __call__(self, done: int, total: int, current: str) -> None:
        if not self.enabled or not total:
            return
        width = 30
        filled = int(width * done / total)
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} "
                         f"{printable(one_line(current))[:40]:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_pack(args, ctx: Context) -> int:
    from curator.export.pack import build_pack

    long_edge = long_edge_of(args.long_edge)
    db = ctx.db()
    plan = pf.preflight(db, _selection(args, db), args.licence)
    if not plan.included:
        data = {"pack": None, "pack_id": None, **plan.to_json()}
        ctx.out(data, lambda: "\n".join(["Nothing to send:", *_excluded_text(plan.excluded)]))
        sys.stderr.write(f"curator: every selected image ({len(plan.selected)}) is excluded "
                         "under this licence; nothing was written.\n")
        return 1
    if args.dry_run:
        data = {"pack": None, "pack_id": None, "dry_run": True, **plan.to_json()}
        ctx.out(data, lambda: "\n".join([
            f"Would send {len(plan.included)} image(s) to {one_line(plan.licence.partner)} "
            f"under licence #{plan.licence.id} (v{plan.licence.version}) at {long_edge} px: "
            + ", ".join(f"#{i}" for i in plan.included),
            *_excluded_text(plan.excluded), "Dry run: nothing was written."]))
        return 0
    bar = _Bar(sys.stderr.isatty() and not ctx.json)
    result = build_pack(db, ctx.library, plan, Path(args.out), long_edge=long_edge,
                        progress=bar)
    ctx.out(result.to_json(), lambda: "\n".join([
        f"Pack {result.pack_id}: {len(result.included)} image(s) for "
        f"{one_line(plan.licence.partner)} → {result.pack}",
        *_excluded_text(result.excluded)]))
    return 0


def cmd_packs(args, ctx: Context) -> int:
    from curator.export.log import packs_sent
    from curator.export.partners import partner_of

    db = ctx.db()
    if args.partner is not None:
        partner_of(db, args.partner)
    rows = packs_sent(db, args.partner)

    def text() -> str:
        if not rows:
            return "No packs have been sent."
        return "\n".join(
            f"{r['pack_id']}  {r['kind']:<4}  {r['created'][:10]}  {one_line(r['partner'])}  licence "
            f"#{r['licence_id']} v{r['licence_version']}  {r['images']} image(s)  "
            f"{one_line(r['path'])}" for r in rows)

    ctx.out(rows, text)
    return 0


def cmd_notice(args, ctx: Context) -> int:
    from curator.export.notices import write_notices

    db = ctx.db()
    notices = write_notices(db, args.consent_id, Path(args.out))
    data = {"notices": [{"partner": n.partner, "path": str(n.path), "files": n.files}
                        for n in notices]}

    def text() -> str:
        if not notices:
            return f"No partner holds an image covered by consent #{args.consent_id}."
        return "\n".join(f"{one_line(n.partner)}: {len(n.files)} file(s) → {n.path}"
                         for n in notices)

    ctx.out(data, text)
    return 0


