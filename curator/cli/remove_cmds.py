"""``remove``: take images out of the catalogue; their originals move to ``removed/``."""

from __future__ import annotations

from curator import removal
from curator.cli.context import Context
from curator.cli.values import IMAGE_ID


def register(sub) -> None:
    p = sub.add_parser(
        "remove",
        help="remove images from the catalogue (originals are moved to <library>/removed/, "
             "never deleted)",
        description="Remove images from the catalogue in one transaction, with their keyword "
                    "and people links; they leave draft exhibitions (positions close up). "
                    "Copied originals are moved to <library>/removed/<year>/<shoot>/ and stay "
                    "read-only; originals imported with --reference are not touched. Refused "
                    "when a final exhibition holds an image.")
    p.add_argument("image_ids", nargs="+", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--dry-run", action="store_true",
                   help="say what would happen and change nothing")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_remove)


def cmd_remove(args, ctx: Context) -> int:
    db = ctx.db()
    if args.dry_run:
        plan = removal.plan_removal(db, ctx.library, args.image_ids)
        ctx.out(plan.to_json(), lambda: _plan_text(plan))
        return 0 if plan.allowed else 1
    report = removal.remove_images(db, ctx.library, args.image_ids)
    ctx.out(report.to_json(), report.summary)
    return 0


def _plan_text(plan: removal.RemovalPlan) -> str:
    n = len(plan.image_ids)
    lines = [f"Would remove {n} image{'s' if n != 1 else ''} from the catalogue."]
    if plan.to_move:
        lines.append(f"{plan.to_move} original(s) would move to {plan.removed_dir}.")
    if plan.referenced:
        lines.append(f"{plan.referenced} original(s) imported by reference stay where they are.")
    if plan.missing:
        lines.append(f"{plan.missing} original(s) are already missing.")
    for e in plan.exhibitions:
        verb = "holds them: refused" if e["status"] == "final" else "would lose them"
        lines.append(f"Exhibition #{e['id']} '{e['title']}' ({e['status']}) {verb} "
                     f"(positions {', '.join(map(str, e['positions']))}).")
    lines += removal.partners_holding_lines(plan.packs)
    return "\n".join(lines)
