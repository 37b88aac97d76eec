"""``coverage``: how a set (an exhibition, a pack, chosen images) spreads over places,
events, years, photographers and shoots, against the archive cleared for its use."""

from __future__ import annotations

import sys

from curator.cli.context import Context, one_line
from curator.cli.values import EXHIBITION_ID
from curator.consent.rule import USES
from curator.coverage import report as cov
from curator.coverage import scope as scopes
from curator.coverage.facts import DIMENSIONS
from curator.dates import parse_date
from curator.errors import InvalidInput
from curator.export.preflight import parse_image_ids

SHOWN_IDS = 12


def register(sub) -> None:
    p = sub.add_parser(
        "coverage", help="a set's spread over places, events, years … against the cleared "
                         "archive",
        description="Count a set's photos by place (Places|… keywords, else the event's "
                    "place), event, year, photographer or shoot, beside the same counts over "
                    "every photo cleared for the set's use over its window; say which places "
                    "(etc.) are under- or over-represented and which cleared photos could "
                    "fill a gap. Only facts the curator recorded are counted: nothing is "
                    "inferred about the people in the pictures.")
    what = p.add_mutually_exclusive_group(required=True)
    what.add_argument("--exhibition", type=EXHIBITION_ID, metavar="ID",
                      help="an exhibition (cleared for exhibition use over its tour)")
    what.add_argument("--pack", metavar="ID",
                      help="a pack from `curator export packs`: its number or pack id "
                           "(cleared for its licence's uses + partners over the licence)")
    what.add_argument("--images", nargs="+", metavar="ID",
                      help="image ids; '-' reads them from standard input, one per line")
    p.add_argument("--by", choices=DIMENSIONS, default="place",
                   help="what to count by (default: place)")
    p.add_argument("--use", choices=USES, default=None,
                   help="with --images: the use the archive must be cleared for "
                        "(default: exhibition)")
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="with --images: first day of the use (default: today)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="with --images: last day of the use (default: the first)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_coverage)


def _scope(args, db) -> scopes.CoverageScope:
    if args.images is None and (args.use or args.start or args.end):
        raise InvalidInput("--use, --from and --to go with --images: an exhibition or a "
                           "pack says its own use and window.")
    if args.exhibition is not None:
        return scopes.exhibition_scope(db, args.exhibition)
    if args.pack is not None:
        return scopes.pack_scope(db, args.pack)
    values = list(args.images)
    if "-" in values:
        values.remove("-")
        values.extend(sys.stdin.read().splitlines())
    return scopes.images_scope(db, parse_image_ids(values), args.use or "exhibition",
                               parse_date(args.start, "--from date"),
                               parse_date(args.end, "--to date"))


def cmd_coverage(args, ctx: Context) -> int:
    db = ctx.db()
    scope = _scope(args, db)
    report = cov.coverage(db, scope, args.by)
    ctx.out(report.to_json(), lambda: render(report))
    return 0


def _share(count: int, share: float) -> str:
    return f"{count} ({share:.0%})"


def render(report: cov.CoverageReport) -> str:
    """The readable table: one line per bucket, then the gaps cleared photos could fill."""
    s = report.scope
    named = {"exhibition": f"exhibition #{s.ref} '{one_line(s.title)}'",
             "pack": f"pack #{s.ref} ({one_line(s.title)})",
             "images": one_line(s.title)}[s.kind]
    window = s.start.isoformat() if s.start == s.end else \
        f"{s.start.isoformat()} to {s.end.isoformat()}"
    lines = [f"Coverage of {named} by {report.by}: {report.set_total} photo(s), against "
             f"{report.archive_total} photo(s) cleared for {', '.join(s.uses)} use "
             f"({window}).", *s.notes, ""]
    rows = [(one_line(b.label), _share(b.in_set, b.set_share),
             _share(b.in_archive, b.archive_share), f"{b.expected:.1f}", b.judgement,
             str(b.available)) for b in report.buckets]
    head = (report.by, "in set", "cleared archive", "expected", "judgement", "more cleared")
    widths = [max(len(r[i]) for r in [head, *rows]) for i in range(len(head))]
    for r in [head, *rows]:
        lines.append("  ".join(c.ljust(w) if i in (0, 4) else c.rjust(w)
                               for i, (c, w) in enumerate(zip(r, widths, strict=True)))
                     .rstrip())
    if not report.buckets:
        lines.append("(no photos in the set and none cleared)")
    gaps = cov.gaps(report)
    if gaps:
        lines += ["", "Gaps that cleared photos could fill:"]
        for b in gaps:
            ids = ", ".join(str(i) for i in b.available_ids[:SHOWN_IDS])
            more = f" and {b.available - SHOWN_IDS} more" if b.available > SHOWN_IDS else ""
            lines.append(f"  {one_line(b.summary(report.set_total))}: images {ids}{more}")
    lines += ["", "Expected: the photos the set would hold if it mirrored the cleared "
                  "archive; 'under'/'over': at least one photo and a quarter away from it."]
    return "\n".join(lines)
