"""``tag`` and ``event``: describing images and the events they belong to."""

from __future__ import annotations

from curator.cli.context import Context, one_line
from curator.cli.values import IMAGE_ID, RATING, year
from curator.dates import parse_date
from curator.errors import InvalidInput
from curator.reads import PICKS
from curator.tagging import edits as tagging
from curator.tagging import events, focus


def register(sub) -> None:
    p = sub.add_parser("tag", help="describe images (one transaction, audit-logged)")
    p.add_argument("image_ids", nargs="+", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--year", type=year, help="override the year from the capture time")
    p.add_argument("--event", metavar="NAME", help="an existing event ('' clears)")
    p.add_argument("--create-event", action="store_true",
                   help="create the --event if it is not in the library yet")
    p.add_argument("--shoot", metavar="TITLE", help="move to another (existing) shoot")
    p.add_argument("--add-keyword", action="append", default=[], metavar="K",
                   help="add a keyword (hierarchies: Places|Liverpool); repeatable")
    p.add_argument("--remove-keyword", action="append", default=[], metavar="K")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--caption", metavar="TEXT", help="'' clears the caption")
    p.add_argument("--alt-text", metavar="TEXT", help="text for screen readers")
    p.add_argument("--credit", metavar="TEXT", help="credit line")
    p.add_argument("--rating", type=RATING, metavar="N", help="0–5 stars")
    p.add_argument("--flag", choices=sorted(PICKS), help="pick, reject or unflagged")
    p.add_argument("--pick", dest="flag", action="store_const", const="pick")
    p.add_argument("--reject", dest="flag", action="store_const", const="reject")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_tag)

    p = sub.add_parser("focus", help="where social crops of an image centre (docs/kits.md)")
    p.add_argument("image_ids", nargs="+", type=IMAGE_ID, metavar="IMAGE_ID")
    g = p.add_mutually_exclusive_group(required=True)
    g.add_argument("--at", metavar="X,Y",
                   help="fractions of the width and height: 0,0 top left, 0.5,0.5 the centre")
    g.add_argument("--centre", "--center", action="store_true",
                   help="back to the picture's centre (the default)")
    g.add_argument("--estimate", action="store_true",
                   help="where the picture's detail is (texture, never faces or people); "
                        "check it and move it where the subject is")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_focus)

    ev = sub.add_parser("event", help="events: campaign, occasion, dates, place, theme")
    evsub = ev.add_subparsers(dest="event_command", metavar="ACTION", required=True)
    p = evsub.add_parser("add", help="create an event, or change its fields")
    p.add_argument("name", metavar="NAME")
    p.add_argument("--campaign")
    p.add_argument("--year", type=year)
    p.add_argument("--occasion")
    p.add_argument("--starts", metavar="DATE")
    p.add_argument("--ends", metavar="DATE")
    p.add_argument("--place")
    p.add_argument("--theme")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_event_add)
    p = evsub.add_parser("list", help="list events")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_event_list)


def cmd_tag(args, ctx: Context) -> int:
    db = ctx.db()
    edit = tagging.TagEdit(
        year=args.year, event=args.event, shoot=args.shoot, add_keywords=args.add_keyword,
        remove_keywords=args.remove_keyword, title=args.title, caption=args.caption,
        alt_text=args.alt_text, credit=args.credit, rating=args.rating, pick=args.flag,
        create_event=args.create_event)
    result = tagging.apply(db, args.image_ids, edit)
    result["tags"] = [tagging.tags_of(db, i) for i in dict.fromkeys(args.image_ids)]
    ctx.out(result, f"Changed {result['changed']} of {result['images']} image(s).")
    return 0


def cmd_focus(args, ctx: Context) -> int:
    point = None
    if args.at is not None:
        x, sep, y = args.at.partition(",")
        if not sep:
            raise InvalidInput(f"'{args.at}' is not a focus point: write X,Y, e.g. 0.5,0.3.")
        point = focus.check_focus(x.strip(), y.strip())
    db = ctx.db()
    if args.estimate:
        changed = sum(focus.set_focus(db, [i], focus.estimate_for_image(db, ctx.library, i))
                      for i in dict.fromkeys(args.image_ids))
        where = "where their detail is"
    else:
        changed = focus.set_focus(db, args.image_ids, point)
        where = "the centre" if point is None else f"{point[0]:g},{point[1]:g}"
    points = focus.focus_of(db, args.image_ids)
    ctx.out({"changed": changed, "focus": {str(i): list(p) for i, p in points.items()}},
            lambda: f"Focus point of {changed} image(s) set to {where}: " + ", ".join(
                f"#{i} {p[0]:g},{p[1]:g}" for i, p in points.items()))
    return 0


def cmd_event_add(args, ctx: Context) -> int:
    db = ctx.db(create=True)
    event = events.save_event(
        db, args.name, campaign=args.campaign, year=args.year, occasion=args.occasion,
        starts_on=parse_date(args.starts, "start date"),
        ends_on=parse_date(args.ends, "end date"), place=args.place, theme=args.theme)
    ctx.out(event, f"Event #{event['id']}: {event['name']}")
    return 0


def cmd_event_list(args, ctx: Context) -> int:
    rows = events.list_events(ctx.db())

    def text() -> str:
        if not rows:
            return "No events."
        return "\n".join(
            f"{r['id']:>4}  {one_line(r['name'])}"
            + (f" — theme '{one_line(r['theme'])}'" if r["theme"] else "")
            + (f", {r['starts_on']}" if r["starts_on"] else "")
            + f"  ({r['images']} image(s))" for r in rows)

    ctx.out(rows, text)
    return 0
