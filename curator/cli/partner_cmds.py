"""``partner`` and ``licence``: who receives packs, and what they may do with them."""

from __future__ import annotations

from curator.cli.context import Context, one_line
from curator.cli.values import LICENCE_ID, PARTNER_ID
from curator.export import partners as pt


def register(sub) -> None:
    pa = sub.add_parser("partner", help="organisations that receive image packs")
    pasub = pa.add_subparsers(dest="partner_command", metavar="ACTION", required=True)
    p = pasub.add_parser("add", help="record a partner")
    p.add_argument("name", metavar="NAME")
    _partner_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_partner_add)
    p = pasub.add_parser("edit", help="change a partner's record")
    p.add_argument("partner_id", type=PARTNER_ID, metavar="PARTNER_ID")
    p.add_argument("--name")
    _partner_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_partner_edit)
    p = pasub.add_parser("list", help="list partners")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_partner_list)

    li = sub.add_parser("licence", help="what a partner may do with the images of a pack")
    lisub = li.add_subparsers(dest="licence_command", metavar="ACTION", required=True)
    p = lisub.add_parser("add", help="record a licence for a partner")
    p.add_argument("--partner", type=PARTNER_ID, required=True, metavar="ID")
    p.add_argument("--uses", required=True, metavar="USE[,USE...]",
                   help=f"from {', '.join(pt.LICENCE_USES)}")
    p.add_argument("--expires", required=True, metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("--from", dest="valid_from", metavar="DATE", help="first day (default today)")
    _licence_options(p)
    p.add_argument("--template", metavar="NAME",
                   help="terms from resources/licences/NAME.txt (default: standard)")
    p.add_argument("--allow-names", action="store_true",
                   help="the partner may name the people shown (default: no)")
    p.add_argument("--allow-ai-training", action="store_true",
                   help="the partner may use the images to train AI/ML (default: prohibited)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_licence_add)
    p = lisub.add_parser("edit", help="change a licence (a new version once a pack used it)")
    p.add_argument("licence_id", type=LICENCE_ID, metavar="LICENCE_ID")
    p.add_argument("--uses", metavar="USE[,USE...]")
    p.add_argument("--expires", metavar="DATE")
    p.add_argument("--from", dest="valid_from", metavar="DATE")
    _licence_options(p)
    for flag, dest in (("names", "allow_names"), ("ai-training", "allow_ai_training")):
        g = p.add_mutually_exclusive_group()
        g.add_argument(f"--allow-{flag}", dest=dest, action="store_true", default=None)
        g.add_argument(f"--forbid-{flag}", dest=dest, action="store_false")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_licence_edit)
    p = lisub.add_parser("list", help="list licences (latest versions)")
    p.add_argument("--partner", type=PARTNER_ID, metavar="ID")
    p.add_argument("--all-versions", action="store_true", help="include replaced versions")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_licence_list)
    p = lisub.add_parser("show", help="one licence with its terms")
    p.add_argument("licence_id", type=LICENCE_ID, metavar="LICENCE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_licence_show)


def _partner_options(p) -> None:
    p.add_argument("--contact", metavar="TEXT", help="the person to write to")
    p.add_argument("--email", metavar="ADDR")
    p.add_argument("--notes", metavar="TEXT")


def _licence_options(p) -> None:
    p.add_argument("--name", metavar="TEXT", help="e.g. 'Baby Week 2025 web use'")
    p.add_argument("--attribution", metavar="TEXT", help="the credit line, exactly as printed")
    p.add_argument("--terms-file", metavar="FILE", help="the terms in words, from a text file")
    p.add_argument("--licensor", metavar="NAME",
                   help="who grants the licence (default: each image's campaign)")
    p.add_argument("--licensor-email", metavar="ADDR")
    p.add_argument("--licensor-url", metavar="URL",
                   help="a web page about the licence (embedded as the web statement)")


def _terms(args) -> str | None:
    if not args.terms_file:
        return None
    from pathlib import Path

    from curator.errors import InvalidInput

    try:
        return Path(args.terms_file).read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise InvalidInput(f"The terms file {args.terms_file} cannot be read "
                           f"({type(exc).__name__}).") from None


def cmd_partner_add(args, ctx: Context) -> int:
    pid = pt.add_partner(ctx.db(create=True), args.name, contact=args.contact,
                         email=args.email, notes=args.notes)
    ctx.out({"id": pid}, f"Partner #{pid} '{one_line(args.name.strip())}' added.")
    return 0


def cmd_partner_edit(args, ctx: Context) -> int:
    row = pt.edit_partner(ctx.db(), args.partner_id, name=args.name, contact=args.contact,
                          email=args.email, notes=args.notes)
    ctx.out(row, f"Partner #{row['id']} '{one_line(row['name'])}' saved.")
    return 0


def cmd_partner_list(args, ctx: Context) -> int:
    rows = pt.list_partners(ctx.db())

    def text() -> str:
        if not rows:
            return "No partners yet: `curator partner add NAME`."
        return "\n".join(
            f"#{r['id']}  {one_line(r['name'])}  {one_line(r['contact'] or '')} "
            f"{one_line(r['email'] or '')}  ({r['licences']} licence(s), {r['packs']} pack(s))"
            for r in rows)

    ctx.out(rows, text)
    return 0


def cmd_licence_add(args, ctx: Context) -> int:
    lid = pt.add_licence(
        ctx.db(create=True), args.partner, uses=args.uses, expires_on=args.expires,
        valid_from=args.valid_from, name=args.name, attribution=args.attribution,
        terms=_terms(args), template=args.template, allow_names=args.allow_names,
        allow_ai_training=args.allow_ai_training, licensor=args.licensor,
        licensor_email=args.licensor_email, licensor_url=args.licensor_url)
    lic = pt.licence_of(ctx.db(), lid)
    ctx.out({"id": lid}, f"Licence #{lid} for {one_line(lic.partner)}: "
                         f"{', '.join(lic.uses)} until {lic.expires_on}.")
    return 0


def cmd_licence_edit(args, ctx: Context) -> int:
    new_id = pt.edit_licence(
        ctx.db(), args.licence_id, name=args.name, uses=args.uses, expires_on=args.expires,
        valid_from=args.valid_from, attribution=args.attribution, terms=_terms(args),
        allow_names=args.allow_names, allow_ai_training=args.allow_ai_training,
        licensor=args.licensor, licensor_email=args.licensor_email,
        licensor_url=args.licensor_url)
    lic = pt.licence_of(ctx.db(), new_id)
    if new_id == args.licence_id:
        text = f"Licence #{new_id} saved."
    else:
        text = (f"Licence #{args.licence_id} was used for a pack, so it stays as it was sent; "
                f"the new terms are licence #{new_id} (version {lic.version}).")
    ctx.out({"id": new_id, "version": lic.version, "supersedes_id": lic.supersedes_id}, text)
    return 0


def _licence_line(lic: pt.Licence) -> str:
    flags = ["names allowed" if lic.allow_names else "no names",
             "AI training allowed" if lic.allow_ai_training else "no AI training"]
    old = f", replaced by #{lic.superseded_by}" if lic.superseded_by else ""
    return (f"#{lic.id}  {one_line(lic.partner)} — {one_line(lic.name)} v{lic.version}: "
            f"{', '.join(lic.uses)}, {lic.valid_from} – {lic.expires_on}; "
            f"{'; '.join(flags)}{old}")


def cmd_licence_list(args, ctx: Context) -> int:
    rows = pt.list_licences(ctx.db(), args.partner, all_versions=args.all_versions)
    ctx.out([r.to_json() for r in rows],
            lambda: "\n".join(map(_licence_line, rows)) or "No licences yet.")
    return 0


def cmd_licence_show(args, ctx: Context) -> int:
    lic = pt.licence_of(ctx.db(), args.licence_id)

    def text() -> str:
        credit = f"Credit: {one_line(lic.attribution)}" if lic.attribution else "No credit line"
        return f"{_licence_line(lic)}\n{credit}\n\n{lic.terms}"

    ctx.out(lic.to_json(), text)
    return 0
