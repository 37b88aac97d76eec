"""``campaign``: the awareness weeks behind the archive and their day topics, hashtags, logo."""

from __future__ import annotations

from curator.campaigns import records as cp
from curator.cli.context import Context, one_line
from curator.cli.values import CAMPAIGN_ID, IMAGE_ID, year
from curator.errors import InvalidInput


def register(sub) -> None:
    ca = sub.add_parser("campaign", help="campaigns: theme, dates, day topics, hashtags, logo")
    casub = ca.add_subparsers(dest="campaign_command", metavar="ACTION", required=True)
    p = casub.add_parser("add", help="record a campaign")
    p.add_argument("name", metavar="NAME")
    _options(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_campaign_add)
    p = casub.add_parser("edit", help="change a campaign")
    p.add_argument("campaign_id", type=CAMPAIGN_ID, metavar="CAMPAIGN_ID")
    p.add_argument("--name")
    _options(p)
    p.add_argument("--clear-topics", action="store_true",
                   help="remove every day topic (before the --topic given)")
    p.add_argument("--no-hashtags", action="store_true", help="remove the hashtags")
    p.add_argument("--no-logo", action="store_true", help="remove the logo")
    p.add_argument("--remove-event", action="append", default=[], metavar="NAME",
                   help="take an event out of the campaign; repeatable")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_campaign_edit)
    p = casub.add_parser("list", help="list campaigns")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_campaign_list)
    p = casub.add_parser("show", help="one campaign with its days, hashtags and events")
    p.add_argument("campaign_id", type=CAMPAIGN_ID, metavar="CAMPAIGN_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_campaign_show)


def _options(p) -> None:
    p.add_argument("--year", type=year)
    p.add_argument("--theme", metavar="TEXT", help="e.g. 'Speak up for babies'")
    p.add_argument("--starts", metavar="DATE", help="first day (YYYY-MM-DD)")
    p.add_argument("--ends", metavar="DATE", help="last day (YYYY-MM-DD)")
    p.add_argument("--topic", action="append", default=[], metavar="DAY=TOPIC",
                   help="the topic of a day: '1=Bonding' (day number, 1 = the first day) or "
                        "'2024-06-10=Bonding'; an empty topic removes the day; repeatable")
    p.add_argument("--hashtag", action="append", default=[], metavar="TAG",
                   help="a hashtag ('Speak up for babies' becomes #SpeakUpForBabies); "
                        "repeatable or comma-separated; on edit they replace the list")
    p.add_argument("--description", metavar="TEXT", help="a short description")
    p.add_argument("--url", metavar="URL", help="the campaign's web page")
    p.add_argument("--logo-image", type=IMAGE_ID, metavar="IMAGE_ID",
                   help="the logo: an image in the library")
    p.add_argument("--logo-file", metavar="FILE",
                   help="the logo: a PNG or JPEG file (copied into the library)")
    p.add_argument("--event", action="append", default=[], metavar="NAME",
                   help="an event of this campaign (existing); repeatable")


def _topics(items: list[str]) -> dict[str, str]:
    out: dict[str, str] = {}
    for item in items:
        day, sep, topic = item.partition("=")
        if not sep or not day.strip():
            raise InvalidInput(f"'{item}' is not DAY=TOPIC: write e.g. --topic '1=Bonding' or "
                               "--topic '2024-06-10=Bonding'.")
        out[day.strip()] = topic
    return out


def cmd_campaign_add(args, ctx: Context) -> int:
    campaign = cp.add_campaign(
        ctx.db(create=True), ctx.library, args.name, year=args.year, theme=args.theme,
        starts_on=args.starts, ends_on=args.ends, days=_topics(args.topic),
        hashtags=args.hashtag, description=args.description, url=args.url,
        logo_image_id=args.logo_image, logo_file=args.logo_file, events=args.event)
    ctx.out(campaign.to_json(), f"Campaign #{campaign.id} '{one_line(campaign.title)}' added.")
    return 0


def cmd_campaign_edit(args, ctx: Context) -> int:
    dated = {k: v for k, v in (("year", args.year), ("starts_on", args.starts),
                               ("ends_on", args.ends)) if v is not None}
    if args.no_hashtags and args.hashtag:
        raise InvalidInput("--no-hashtags and --hashtag contradict each other: give one.")
    campaign = cp.edit_campaign(
        ctx.db(), ctx.library, args.campaign_id, name=args.name, theme=args.theme,
        days=_topics(args.topic), replace_days=args.clear_topics,
        hashtags=[] if args.no_hashtags else (args.hashtag or None),
        description=args.description, url=args.url, logo_image_id=args.logo_image,
        logo_file=args.logo_file, clear_logo=args.no_logo, add_events=args.event,
        remove_events=args.remove_event, **dated)
    ctx.out(campaign.to_json(), f"Campaign #{campaign.id} '{one_line(campaign.title)}' saved.")
    return 0


def _line(c: cp.Campaign) -> str:
    bits = [f"#{c.id}  {one_line(c.title)}"]
    if c.theme:
        bits.append(f"“{one_line(c.theme)}”")
    if c.dates_text():
        bits.append(c.dates_text())
    bits.append(f"{len(c.days)} day topic(s), {len(c.events)} event(s)")
    return " — ".join(bits)


def cmd_campaign_list(args, ctx: Context) -> int:
    rows = cp.list_campaigns(ctx.db())
    ctx.out([c.to_json() for c in rows],
            lambda: "\n".join(map(_line, rows)) or "No campaigns yet: `curator campaign add "
                                                    "NAME --year Y`.")
    return 0


def cmd_campaign_show(args, ctx: Context) -> int:
    c = cp.get_campaign(ctx.db(), args.campaign_id)

    def text() -> str:
        lines = [_line(c)]
        if c.description:
            lines.append(one_line(c.description))
        if c.url:
            lines.append(f"Link: {one_line(c.url)}")
        if c.hashtags:
            lines.append("Hashtags: " + " ".join(c.hashtags))
        if c.logo_image_id:
            lines.append(f"Logo: image #{c.logo_image_id}")
        elif c.logo_path:
            lines.append(f"Logo: {c.logo_path}")
        for d in c.days:
            when = f" ({d.on:%a %d %b})" if d.on else ""
            lines.append(f"  Day {d.day}{when}: {one_line(d.topic)}")
        for e in c.events:
            lines.append(f"  Event #{e['id']}: {one_line(e['name'])}")
        return "\n".join(lines)

    ctx.out(c.to_json(), text)
    return 0
