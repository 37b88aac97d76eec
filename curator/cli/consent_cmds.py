"""``person``, ``consent``, ``clearance``, ``trace``, ``audit``: who is in the pictures and
what they agreed to."""

from __future__ import annotations

from pathlib import Path

from curator import audit, trace
from curator.cli.context import Context, one_line
from curator.cli.values import CONSENT_ID, IMAGE_ID, LIMIT, PERSON_ID
from curator.consent import people, records
from curator.consent import rule as consent
from curator.dates import parse_date
from curator.search.query import window


def register(sub) -> None:
    pe = sub.add_parser("person", help="people in images (personal data: never exported)")
    pesub = pe.add_subparsers(dest="person_command", metavar="ACTION", required=True)
    p = pesub.add_parser("add", help="record a person")
    p.add_argument("label", metavar="LABEL", help="name or pseudonym")
    _person_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_person_add)
    p = pesub.add_parser("edit", help="change a person's record")
    p.add_argument("person_id", type=PERSON_ID, metavar="PERSON_ID")
    p.add_argument("--label")
    p.add_argument("--adult", action="store_true", help="no longer a minor")
    p.add_argument("--publish", action="store_true", help="lift 'do not publish'")
    _person_options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_person_edit)
    p = pesub.add_parser("list", help="list people")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_person_list)

    co = sub.add_parser("consent", help="consent records, links and withdrawals")
    cosub = co.add_subparsers(dest="consent_command", metavar="ACTION", required=True)
    p = cosub.add_parser("add", help="record a signed release")
    who = p.add_mutually_exclusive_group(required=True)
    who.add_argument("--person", type=PERSON_ID, metavar="ID")
    who.add_argument("--shoot", metavar="TITLE", help="a group release for a whole shoot")
    p.add_argument("--uses", required=True, metavar="USE[,USE...]",
                   help=f"from {', '.join(consent.USES)}")
    p.add_argument("--signed", metavar="DATE", help="signed on (default: today)")
    p.add_argument("--expires", metavar="DATE", help="expires on (default: never)")
    p.add_argument("--signed-by", metavar="NAME",
                   help="who signed (for a minor: the parent or guardian)")
    p.add_argument("--witness", metavar="NAME")
    p.add_argument("--form", metavar="FILE", help="scan of the signed form (kept privately)")
    p.add_argument("--form-version", metavar="TEXT", help="which wording was signed")
    p.add_argument("--days", metavar="DATE[,DATE...]",
                   help="a group release: the event day(s) it was signed for; it covers the "
                        "shoot's pictures taken on them (default: the days of the shoot's "
                        "pictures so far)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_consent_add)
    p = cosub.add_parser("extend", help="extend a group release to more event days")
    p.add_argument("consent_id", type=CONSENT_ID, metavar="CONSENT_ID")
    p.add_argument("--days", required=True, metavar="DATE[,DATE...]",
                   help="the day(s) the release also covers")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_consent_extend)
    for name, handler, text in (("link", cmd_link, "link a person to images"),
                                ("unlink", cmd_unlink, "remove a person from images")):
        p = cosub.add_parser(name, help=text)
        p.add_argument("image_ids", nargs="+", type=IMAGE_ID, metavar="IMAGE_ID")
        p.add_argument("--person", type=PERSON_ID, required=True, metavar="ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    for name, handler, text in (
        ("not-needed", cmd_not_needed, "mark images as showing nobody identifiable"),
        ("needed", cmd_needed, "undo not-needed: the images show people"),
    ):
        p = cosub.add_parser(name, help=text)
        p.add_argument("image_ids", nargs="+", type=IMAGE_ID, metavar="IMAGE_ID")
        p.add_argument("--json", action="store_true")
        p.set_defaults(handler=handler)
    p = cosub.add_parser("withdraw", help="withdraw a consent and print the trace")
    p.add_argument("consent_id", type=CONSENT_ID, metavar="CONSENT_ID")
    p.add_argument("--on", metavar="DATE", help="withdrawn on (default: today)")
    p.add_argument("--reason", metavar="TEXT")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_withdraw)
    p = cosub.add_parser("list", help="list consent records")
    p.add_argument("--person", type=PERSON_ID, metavar="ID")
    p.add_argument("--shoot", metavar="TITLE")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_consent_list)

    p = sub.add_parser("clearance", help="is an image cleared for a use over a window?")
    p.add_argument("image_id", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--use", required=True, metavar="USE", help=", ".join(consent.USES))
    p.add_argument("--from", dest="start", metavar="DATE", help="window start (default: --to if given, else today)")
    p.add_argument("--to", dest="end", metavar="DATE", help="window end (default: the start)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_clearance)

    p = sub.add_parser("trace", help="the exhibitions and packs that hold an image")
    p.add_argument("image_id", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_trace)

    p = sub.add_parser("audit", help="the log of consent and clearance-relevant changes")
    p.add_argument("--image", type=IMAGE_ID, metavar="ID")
    p.add_argument("--person", type=PERSON_ID, metavar="ID")
    p.add_argument("--consent", type=CONSENT_ID, metavar="ID")
    p.add_argument("--limit", type=LIMIT, default=200)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_audit)


def _person_options(p) -> None:
    p.add_argument("--minor", action="store_true", help="a child: a guardian signs")
    p.add_argument("--guardian", metavar="NAME", help="parent or guardian of a minor")
    p.add_argument("--born", metavar="DATE", help="date of birth (to see when to renew)")
    p.add_argument("--contact", metavar="TEXT")
    p.add_argument("--do-not-publish", action="store_true",
                   help="refused, or asked never to appear: no image of them ever clears")
    p.add_argument("--notes", metavar="TEXT")


def cmd_person_add(args, ctx: Context) -> int:
    person_id = people.add_person(
        ctx.db(create=True), args.label, minor=args.minor, guardian=args.guardian,
        born_on=parse_date(args.born, "date of birth"), contact=args.contact,
        do_not_publish=args.do_not_publish, notes=args.notes)
    ctx.out({"id": person_id}, f"Person #{person_id}: {args.label.strip()}")
    return 0


def cmd_person_edit(args, ctx: Context) -> int:
    changes: dict = {}
    if args.label is not None:
        changes["label"] = args.label
    if args.minor or args.adult:
        changes["is_minor"] = args.minor
    if args.guardian is not None:
        changes["guardian"] = args.guardian
    if args.born is not None:
        changes["born_on"] = parse_date(args.born, "date of birth")
    if args.contact is not None:
        changes["contact"] = args.contact
    if args.do_not_publish or args.publish:
        changes["do_not_publish"] = args.do_not_publish
    if args.notes is not None:
        changes["notes"] = args.notes
    person = people.update_person(ctx.db(), args.person_id, **changes)
    ctx.out(person, f"Person #{person['id']}: {person['label']}")
    return 0


def cmd_person_list(args, ctx: Context) -> int:
    rows = people.list_people(ctx.db())

    def text() -> str:
        if not rows:
            return "No people recorded."
        return "\n".join(
            f"{r['id']:>5}  {one_line(r['label'])}"
            + (" (minor" + (f", guardian {one_line(r['guardian'])}" if r["guardian"] else "")
               + ")"
               if r["is_minor"] else "")
            + ("  DO NOT PUBLISH" if r["do_not_publish"] else "")
            + f"  {r['images']} image(s)" for r in rows)

    ctx.out(rows, text)
    return 0


def cmd_consent_add(args, ctx: Context) -> int:
    consent_id = records.add_consent(
        ctx.db(), ctx.library, uses=consent.parse_uses(args.uses), person_id=args.person,
        shoot=args.shoot, signed_on=parse_date(args.signed, "signing date"),
        expires_on=parse_date(args.expires, "expiry date"), signed_by=args.signed_by,
        witness=args.witness, form=Path(args.form) if args.form else None,
        form_version=args.form_version, days=_days(args.days))
    ctx.out({"id": consent_id}, f"Consent #{consent_id} recorded.")
    return 0


def _days(text: str | None) -> list | None:
    if text is None:
        return None
    return [parse_date(d, "event day") for d in text.split(",") if d.strip()]


def cmd_consent_extend(args, ctx: Context) -> int:
    days = records.extend_release(ctx.db(), args.consent_id, _days(args.days) or [])
    ctx.out({"id": args.consent_id, "days": days},
            f"Group release #{args.consent_id} now covers {', '.join(days)}.")
    return 0


def cmd_link(args, ctx: Context) -> int:
    added = people.link(ctx.db(), args.image_ids, args.person)
    ctx.out({"person_id": args.person, "linked": added},
            f"Linked person #{args.person} to {len(added)} image(s).")
    return 0


def cmd_unlink(args, ctx: Context) -> int:
    removed = people.unlink(ctx.db(), args.image_ids, args.person)
    ctx.out({"person_id": args.person, "unlinked": removed},
            f"Removed person #{args.person} from {len(removed)} image(s).")
    return 0


def cmd_not_needed(args, ctx: Context) -> int:
    changed = people.set_identifiable(ctx.db(), args.image_ids, False)
    ctx.out({"changed": changed}, f"Marked {len(changed)} image(s) not-needed.")
    return 0


def cmd_needed(args, ctx: Context) -> int:
    changed = people.set_identifiable(ctx.db(), args.image_ids, True)
    ctx.out({"changed": changed}, f"Marked {len(changed)} image(s) as showing people.")
    return 0


def cmd_withdraw(args, ctx: Context) -> int:
    result = trace.withdraw_and_trace(ctx.db(), args.consent_id,
                                      parse_date(args.on, "withdrawal date"), args.reason)

    def text() -> str:
        ids = ", ".join(f"#{i}" for i in result["images"]) or "none"
        return (f"Consent #{result['consent_id']} withdrawn from {result['withdrawn_on']}: "
                "it no longer clears any use whose window ends on or after that day.\n"
                f"Affected images: {ids}\n" + trace.format_trace(result))

    ctx.out(result, text)
    return 0


def cmd_consent_list(args, ctx: Context) -> int:
    rows = records.list_consents(ctx.db(), args.person, args.shoot)

    def text() -> str:
        if not rows:
            return "No consent records."
        out = []
        for r in rows:
            who = r["person"] if r["person_id"] else \
                f"group release for '{r['shoot']}' on {', '.join(r['days']) or 'no day'}"
            state = f", withdrawn {r['withdrawn_on']}" if r["withdrawn_on"] else ""
            out.append(f"#{r['id']:<4} {who}: {', '.join(r['uses'])}; signed {r['signed_on']}"
                       f", expires {r['expires_on'] or 'never'}{state}")
        return "\n".join(out)

    ctx.out(rows, text)
    return 0


def cmd_clearance(args, ctx: Context) -> int:
    start, end = window(parse_date(args.start, "window start"),
                        parse_date(args.end, "window end"))
    result = consent.clearance(ctx.db(), args.image_id, args.use, start, end)
    use = consent.check_use(args.use)
    data = {**result.to_json(), "image_id": args.image_id, "use": use,
            "from": start.isoformat(), "to": end.isoformat()}
    span = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"

    def text() -> str:
        if result.cleared:
            return f"Image #{args.image_id} is cleared for {use} use, {span}."
        return (f"Image #{args.image_id} is NOT cleared for {use} use, {span}:\n"
                + "\n".join(f"  - {r}" for r in result.reasons))

    ctx.out(data, text)
    return 0


def cmd_trace(args, ctx: Context) -> int:
    result = trace.image_trace(ctx.db(), args.image_id)
    ctx.out(result, lambda: f"Image #{args.image_id}:\n" + trace.format_trace(result))
    return 0


def cmd_audit(args, ctx: Context) -> int:
    entity, entity_id = None, None
    for name in ("image", "person", "consent"):
        if getattr(args, name) is not None:
            entity, entity_id = name, getattr(args, name)
    rows = audit.entries(ctx.db(), entity, entity_id, args.limit)

    def text() -> str:
        if not rows:
            return "The audit log is empty."
        return "\n".join(
            f"{r['at']}  {r['actor']}  {r['action']}  {r['entity']} #{r['entity_id']}"
            + (f"  {r['field']}: {r['before']!r} → {r['after']!r}" if r["field"] else "")
            for r in rows)

    ctx.out(rows, text)
    return 0
