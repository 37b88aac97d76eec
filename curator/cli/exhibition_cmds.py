"""``curator exhibition …``: sets, sequence, venues, validation, finalizing."""

from __future__ import annotations

from curator.cli.context import Context, one_line
from curator.cli.values import EXHIBITION_ID, IMAGE_ID, POSITION, VENUE_ID
from curator.errors import InvalidInput
from curator.exhibitions import sets as exhibitions
from curator.exhibitions import validation
from curator.exhibitions.print_sizes import ORIENTATIONS


def register(sub) -> None:
    top = sub.add_parser("exhibition", help="touring exhibitions: sets, venues, validation")
    cmds = top.add_subparsers(dest="exhibition_command", metavar="ACTION",
                              parser_class=type(top))
    cmds.required = True

    def cmd(name: str, handler, help: str, *, json: bool = False, exh: bool = True):
        p = cmds.add_parser(name, help=help, description=help)
        if exh:
            p.add_argument("exh_id", type=EXHIBITION_ID, metavar="EXH_ID")
        if json:
            p.add_argument("--json", action="store_true", help="print JSON")
        p.set_defaults(handler=handler)
        return p

    p = cmd("create", cmd_create, "create a draft exhibition", json=True, exh=False)
    p.add_argument("title", metavar="TITLE")
    p.add_argument("--subtitle", metavar="TEXT")
    p.add_argument("--statement", metavar="TEXT", help="the curator's statement")

    p = cmd("rename", cmd_rename, "change an exhibition's title")
    p.add_argument("title", metavar="TITLE")

    p = cmd("edit", cmd_edit, "change the title, subtitle or statement")
    p.add_argument("--title", metavar="TEXT")
    p.add_argument("--subtitle", metavar="TEXT", help="'' removes it")
    p.add_argument("--statement", metavar="TEXT", help="'' removes it")

    p = cmd("duplicate", cmd_duplicate, "copy the set (not the venues) into a new draft",
            json=True)
    p.add_argument("--title", metavar="TITLE", help="default: the old title + ' (copy)'")

    cmd("delete", cmd_delete, "delete a draft exhibition with its items and venues")
    cmd("list", cmd_list, "list exhibitions", json=True, exh=False)
    cmd("show", cmd_show, "an exhibition's items, venues and tour window", json=True)

    p = cmd("add", cmd_add, "add images (at the end, or from --at on)", json=True)
    p.add_argument("image_ids", type=IMAGE_ID, nargs="+", metavar="IMAGE_ID")
    p.add_argument("--section", metavar="NAME")
    p.add_argument("--print-size", metavar="SIZE", help="A4, A3, A2, A1, A0 or WIDTHxHEIGHT mm")
    p.add_argument("--orientation", choices=ORIENTATIONS,
                   help="default: the image's own shape")
    p.add_argument("--at", type=POSITION, metavar="POSITION", help="insert from this position")

    p = cmd("remove", cmd_remove, "take an image out of the set")
    _image_arg(p)

    p = cmd("move", cmd_move, "move an image to a position (1-based)")
    _image_arg(p)
    p.add_argument("--to", type=POSITION, required=True, metavar="POSITION")

    p = cmd("caption", cmd_caption, "the exhibition's caption for an image ('' = catalogue's)")
    _image_arg(p)
    p.add_argument("text", metavar="TEXT")

    p = cmd("item", cmd_item, "set an item's section, label, print size or crop")
    _image_arg(p)
    p.add_argument("--section", metavar="NAME", help="'' removes it")
    p.add_argument("--label", metavar="TEXT", help="label text; '' removes it")
    p.add_argument("--print-size", metavar="SIZE",
                   help="A4, A3, A2, A1, A0, WIDTHxHEIGHT mm, or 'none'")
    p.add_argument("--orientation", choices=ORIENTATIONS)
    crop = p.add_mutually_exclusive_group()
    crop.add_argument("--crop", metavar="X,Y,W,H", help="crop rectangle in image pixels")
    crop.add_argument("--no-crop", action="store_true", help="remove the crop")

    p = cmd("venue-add", cmd_venue_add, "add a venue to the tour", json=True)
    _venue_args(p, required=True)

    p = cmd("venue-edit", cmd_venue_edit, "change a venue")
    p.add_argument("venue_id", type=VENUE_ID, metavar="VENUE_ID")
    _venue_args(p, required=False)

    p = cmd("venue-remove", cmd_venue_remove, "remove a venue from the tour")
    p.add_argument("venue_id", type=VENUE_ID, metavar="VENUE_ID")

    cmd("venues", cmd_venues, "list the tour's venues", json=True)
    cmd("validate", cmd_validate, "check clearance, files, resolution, captions, dates",
        json=True)
    cmd("finalize", cmd_finalize, "mark final, and say which blockers stand", json=True)
    cmd("reopen", cmd_reopen, "make a final exhibition a draft again")


def _image_arg(p) -> None:
    p.add_argument("image_id", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--at", type=POSITION, metavar="POSITION",
                   help="which occurrence, when the image is in the set more than once")


def _venue_args(p, *, required: bool) -> None:
    p.add_argument("--name", required=required, metavar="NAME")
    p.add_argument("--opens", required=required, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--closes", required=required, metavar="DATE", help="YYYY-MM-DD")
    p.add_argument("--address", metavar="TEXT")
    p.add_argument("--contact", metavar="TEXT")
    p.add_argument("--notes", metavar="TEXT")


def _given(args, *names: str) -> dict:
    """The options the user actually gave (argparse leaves the others ``None``)."""
    return {n: getattr(args, n) for n in names if getattr(args, n) is not None}


# ---------------------------------------------------------------- the set


def cmd_create(args, ctx: Context) -> int:
    exh_id = exhibitions.create(ctx.db(create=True), args.title, subtitle=args.subtitle, statement=args.statement)
    ctx.out({"id": exh_id}, f"Created exhibition #{exh_id} '{args.title.strip()}' (draft).")
    return 0


def cmd_rename(args, ctx: Context) -> int:
    exhibitions.rename(ctx.db(), args.exh_id, args.title)
    ctx.out(None, f"Exhibition #{args.exh_id} is now '{args.title.strip()}'.")
    return 0


def cmd_edit(args, ctx: Context) -> int:
    changes = _given(args, "title", "subtitle", "statement")
    if not changes:
        raise InvalidInput("Nothing to change: give --title, --subtitle or --statement.")
    exhibitions.edit(ctx.db(), args.exh_id, **changes)
    ctx.out(None, f"Exhibition #{args.exh_id} changed ({', '.join(changes)}).")
    return 0


def cmd_duplicate(args, ctx: Context) -> int:
    new_id = exhibitions.duplicate(ctx.db(), args.exh_id, title=args.title)
    title = exhibitions.get(ctx.db(), new_id)["title"]
    ctx.out({"id": new_id, "duplicated_from": args.exh_id},
            f"Created exhibition #{new_id} '{title}' (draft) from #{args.exh_id}; "
            "add its venues with `curator exhibition venue-add`.")
    return 0


def cmd_delete(args, ctx: Context) -> int:
    title = exhibitions.get(ctx.db(), args.exh_id)["title"]
    exhibitions.delete(ctx.db(), args.exh_id)
    ctx.out(None, f"Deleted exhibition #{args.exh_id} '{title}'.")
    return 0


def cmd_list(args, ctx: Context) -> int:
    rows = exhibitions.list_exhibitions(ctx.db())

    def text() -> str:
        if not rows:
            return "No exhibitions yet: create one with `curator exhibition create TITLE`."
        lines = [f"{'ID':>4}  {'STATUS':6}  {'ITEMS':>5}  {'VENUES':>6}  {'TOUR':23}  TITLE"]
        for r in rows:
            tour = " → ".join(r["window"]) if r["window"] else "no venues"
            lines.append(f"{r['id']:>4}  {r['status']:6}  {r['item_count']:>5}  "
                         f"{r['venue_count']:>6}  {tour:23}  {one_line(r['title'])}")
        return "\n".join(lines)

    ctx.out(rows, text)
    return 0


def cmd_show(args, ctx: Context) -> int:
    data = exhibitions.show(ctx.db(), args.exh_id)

    def text() -> str:
        lines = [f"#{data['id']} {one_line(data['title'])} ({data['status']})"]
        if data["subtitle"]:
            lines.append(f"   {one_line(data['subtitle'])}")
        if data["statement"]:
            lines.append(f"   Statement: {one_line(data['statement'])}")
        tour = " → ".join(data["window"]) if data["window"] else "no venues yet"
        lines.append(f"Tour: {tour}")
        for v in data["venues"]:
            where = f", {v['address']}" if v["address"] else ""
            lines.append(f"  [venue {v['id']}] {v['opens']} → {v['closes']}  "
                         f"{one_line(v['name'])}{one_line(where)}")
        lines.append(f"Items: {len(data['items'])}")
        for i in data["items"]:
            size = f"{i['print_size']} {i['orientation']}" if i["print_size"] else "no size"
            section = f"[{one_line(i['section'])}] " if i["section"] else ""
            lines.append(f"  {i['position']:>3}. image {i['image_id']:<6} {size:16} {section}"
                         f"{one_line(i['caption']) or '(no caption)'}")
        return "\n".join(lines)

    ctx.out(data, text)
    return 0


def cmd_add(args, ctx: Context) -> int:
    db = ctx.db()
    already = {i["image_id"] for i in exhibitions.show(db, args.exh_id)["items"]}
    placed = exhibitions.add_items(db, args.exh_id, args.image_ids, section=args.section,
                          print_size=args.print_size, orientation=args.orientation, at=args.at)
    again = sorted({i for i in args.image_ids if i in already})
    given_twice = sorted({i for i in args.image_ids if args.image_ids.count(i) > 1} - set(again))
    lines = [f"Added {len(placed)} image(s) to exhibition #{args.exh_id} at "
             f"position(s) {_ranges(placed)}."]
    if again:
        lines.append("Note: image(s) " + ", ".join(f"#{i}" for i in again)
                     + " were already in the set; validation will warn about the duplicate.")
    if given_twice:
        lines.append("Note: image(s) " + ", ".join(f"#{i}" for i in given_twice)
                     + " were given more than once and are now in the set more than once; "
                     "validation will warn about the duplicate.")
    ctx.out({"positions": placed, "image_ids": args.image_ids,
             "duplicates": sorted(set(again) | set(given_twice))}, "\n".join(lines))
    return 0


def cmd_remove(args, ctx: Context) -> int:
    position = exhibitions.remove_item(ctx.db(), args.exh_id, args.image_id, at=args.at)
    ctx.out(None, f"Removed image #{args.image_id} (was at position {position}).")
    return 0


def cmd_move(args, ctx: Context) -> int:
    came_from = exhibitions.move_item(ctx.db(), args.exh_id, args.image_id, args.to, at=args.at)
    ctx.out(None, f"Moved image #{args.image_id} from position {came_from} to {args.to}.")
    return 0


def cmd_caption(args, ctx: Context) -> int:
    position = exhibitions.set_caption(ctx.db(), args.exh_id, args.image_id, args.text, at=args.at)
    what = "the catalogue's caption" if not args.text.strip() else "its exhibition caption"
    ctx.out(None, f"Image #{args.image_id} at position {position} now uses {what}.")
    return 0


def cmd_item(args, ctx: Context) -> int:
    changes = _given(args, "section", "label", "orientation")
    if args.print_size is not None:
        changes["print_size"] = None if args.print_size.lower() == "none" else args.print_size
    if args.crop is not None:
        changes["crop"] = _parse_crop(args.crop)
    elif args.no_crop:
        changes["crop"] = None
    if not changes:
        raise InvalidInput("Nothing to change: give --section, --label, --print-size, "
                           "--orientation, --crop or --no-crop.")
    position = exhibitions.update_item(ctx.db(), args.exh_id, args.image_id, at=args.at, **changes)
    ctx.out(None, f"Image #{args.image_id} at position {position} changed "
                  f"({', '.join(changes)}).")
    return 0


def _parse_crop(text: str) -> tuple[int, int, int, int]:
    parts = [p.strip() for p in text.split(",")]
    if len(parts) != 4 or not all(p.isdigit() for p in parts):
        raise InvalidInput(f"'{text}' is not a crop: write X,Y,WIDTH,HEIGHT in pixels, "
                           "e.g. 0,500,3000,2000.")
    x, y, w, h = (int(p) for p in parts)
    return x, y, w, h


def _ranges(positions: list[int]) -> str:
    if len(positions) > 1 and positions == list(range(positions[0], positions[-1] + 1)):
        return f"{positions[0]}–{positions[-1]}"
    return ", ".join(map(str, positions))


# ---------------------------------------------------------------- venues


def cmd_venue_add(args, ctx: Context) -> int:
    venue_id = exhibitions.add_venue(ctx.db(), args.exh_id, args.name, args.opens, args.closes,
                            address=args.address, contact=args.contact, notes=args.notes)
    window = exhibitions.tour_window(ctx.db(), args.exh_id)
    ctx.out({"id": venue_id, "exhibition_id": args.exh_id},
            f"Added venue #{venue_id} '{args.name.strip()}' ({args.opens} → {args.closes}); "
            f"the tour now runs {window[0]} → {window[1]}.")
    return 0


def cmd_venue_edit(args, ctx: Context) -> int:
    changes = _given(args, "name", "opens", "closes", "address", "contact", "notes")
    if not changes:
        raise InvalidInput("Nothing to change: give --name, --opens, --closes, --address, "
                           "--contact or --notes.")
    exhibitions.edit_venue(ctx.db(), args.exh_id, args.venue_id, **changes)
    ctx.out(None, f"Venue #{args.venue_id} changed ({', '.join(changes)}).")
    return 0


def cmd_venue_remove(args, ctx: Context) -> int:
    exhibitions.remove_venue(ctx.db(), args.exh_id, args.venue_id)
    ctx.out(None, f"Removed venue #{args.venue_id} from exhibition #{args.exh_id}.")
    return 0


def cmd_venues(args, ctx: Context) -> int:
    exhibitions.get(ctx.db(), args.exh_id)
    rows = exhibitions.venues(ctx.db(), args.exh_id)

    def text() -> str:
        if not rows:
            return f"Exhibition #{args.exh_id} has no venues yet."
        return "\n".join(f"{v['id']:>4}  {v['opens']} → {v['closes']}  {v['name']}"
                         + (f" — {v['address']}" if v["address"] else "") for v in rows)

    ctx.out(rows, text)
    return 0


# ---------------------------------------------------------------- validation and status


def cmd_validate(args, ctx: Context) -> int:
    report = validation.validate(ctx.db(), ctx.library, args.exh_id)
    ctx.out(report.to_json(), report.summary)
    return 0


def cmd_finalize(args, ctx: Context) -> int:
    report = validation.finalize(ctx.db(), ctx.library, args.exh_id)
    lines = [f"Exhibition #{args.exh_id} '{report.title}' is final."]
    if report.blockers:
        lines.append(f"It cannot be exported while these {len(report.blockers)} blocker(s) "
                     "stand:")
        lines += [f"  {'tour' if p.position is None else f'#{p.position} (image {p.image_id})'}"
                  f": {p.message}" for p in report.blockers]
    else:
        lines.append("No blockers: it can be exported.")
    if report.warnings:
        lines.append(f"{len(report.warnings)} warning(s): see `curator exhibition validate "
                     f"{args.exh_id}`.")
    data = {"id": args.exh_id, "status": "final", "exportable": report.ok,
            "blockers": [p for p in report.to_json()["problems"] if p["severity"] == "blocker"],
            "warnings": len(report.warnings)}
    ctx.out(data, "\n".join(lines))
    return 0


def cmd_reopen(args, ctx: Context) -> int:
    exhibitions.set_status(ctx.db(), args.exh_id, "draft")
    ctx.out(None, f"Exhibition #{args.exh_id} is a draft again: its items can be changed.")
    return 0
