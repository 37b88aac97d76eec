"""``init``, ``import``, ``images``, ``show``: the library and its pictures."""

from __future__ import annotations

import contextlib
import signal
import sys
import threading
from pathlib import Path

from curator.cli.context import Context, one_line
from curator.cli.values import DAYS, IMAGE_ID, PERSON_ID, RATING, year
from curator.consent import rule as consent
from curator.dates import parse_date
from curator.errors import CuratorError, InvalidInput
from curator.ingest.derivatives import ensure_derivatives
from curator.ingest.importer import DiskFullDuringImport, ImportOptions, run_import
from curator.originals import check_library
from curator.search.query import ImageFilter, find_image_ids
from curator.search.rows import detail, summaries


def register(sub) -> None:
    p = sub.add_parser("init", help="create a library (does nothing if one exists)")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_init)

    p = sub.add_parser("import", help="import files and folders as a shoot")
    p.add_argument("paths", nargs="+", metavar="PATH")
    p.add_argument("--shoot", metavar="TITLE", help="shoot title (default: the folder's name)")
    p.add_argument("--photographer", metavar="NAME")
    p.add_argument("--event", metavar="NAME")
    p.add_argument("--reference", action="store_true",
                   help="leave the originals where they are instead of copying them")
    p.add_argument("--json", action="store_true", help="print the report as JSON")
    p.set_defaults(handler=cmd_import)

    p = sub.add_parser("check", help="verify the library: catalogue integrity, every original "
                       "present and unchanged, the cache rebuildable",
                       description="Check the catalogue (PRAGMA integrity_check), that every "
                       "image's original is present and is the file imported (size and "
                       "modification time, and its sha256 when those changed), that no file in "
                       "originals/ lacks its image, and that missing thumbnails can be rebuilt. "
                       "Exit status 1 when a problem is found.")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_check)

    p = sub.add_parser("images", help="list images")
    add_image_filters(p)
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_images)

    p = sub.add_parser("show", help="everything about one image")
    p.add_argument("image_id", type=IMAGE_ID, metavar="IMAGE_ID")
    p.add_argument("--json", action="store_true")
    p.set_defaults(handler=cmd_show)


def add_image_filters(p) -> None:
    """The filters of ``images`` (and any command that works on a selection)."""
    p.add_argument("--year", type=year)
    p.add_argument("--event", metavar="NAME")
    p.add_argument("--shoot", metavar="TITLE")
    p.add_argument("--keyword", action="append", default=[], metavar="K",
                   help="has this keyword (Places also matches Places|Liverpool); repeatable")
    p.add_argument("--consent", metavar="STATUS[,STATUS...]",
                   help="consent status today: " + ", ".join(consent.STATUSES))
    p.add_argument("--cleared-for", metavar="USE", help="cleared for USE over --from/--to: "
                   + ", ".join(consent.USES))
    p.add_argument("--from", dest="start", metavar="DATE",
                   help="window start for --cleared-for (default: --to if given, else today)")
    p.add_argument("--to", dest="end", metavar="DATE",
                   help="window end for --cleared-for (default: the start)")
    p.add_argument("--text", metavar="Q", help="words in captions, titles, keywords, file names")
    p.add_argument("--rating", type=RATING, metavar="N", help="at least N stars")
    p.add_argument("--flag", choices=["pick", "reject", "unflagged"])
    p.add_argument("--person", type=PERSON_ID, metavar="ID", help="shows this person")
    for name, what in (("caption", "a caption"), ("alt-text", "alt text")):
        group = p.add_mutually_exclusive_group()
        group.add_argument(f"--has-{name}", action="store_const", const=True,
                           dest=f"has_{name.replace('-', '_')}", help=f"has {what}")
        group.add_argument(f"--no-{name}", action="store_const", const=False,
                           dest=f"has_{name.replace('-', '_')}", help=f"lacks {what}")
    p.add_argument("--expiring-within", type=DAYS, metavar="DAYS",
                   help="granted today, expired DAYS from now")


def image_filter(args) -> ImageFilter:
    return ImageFilter(
        year=args.year, event=args.event, shoot=args.shoot, keywords=args.keyword,
        consent=[s for s in (args.consent or "").split(",") if s.strip()],
        cleared_for=args.cleared_for, start=parse_date(args.start, "window start"),
        end=parse_date(args.end, "window end"), text=args.text, rating=args.rating,
        pick=args.flag, has_caption=args.has_caption, has_alt_text=args.has_alt_text,
        person=args.person, expiring_within=args.expiring_within)


def cmd_init(args, ctx: Context) -> int:
    existed = ctx.library.exists()
    ctx.db(create=True)
    ctx.out({"library": str(ctx.library.root), "created": not existed},
            f"{'Library already exists' if existed else 'Created a library'} in {ctx.library.root}")
    return 0


class _ProgressBar:
    def __init__(self) -> None:
        self.last = 0.0

    def __call__(self, done: int, total: int, current: str) -> None:
        import time

        now = time.monotonic()
        if done != total and now - self.last < 0.1:
            return
        self.last = now
        width = 30
        filled = int(width * done / total) if total else width
        name = Path(current).name[:40] if current else ""
        sys.stderr.write(f"\r[{'#' * filled}{'.' * (width - filled)}] {done}/{total} {name:<40}")
        if done == total:
            sys.stderr.write("\n")
        sys.stderr.flush()


def cmd_import(args, ctx: Context) -> int:
    opts = ImportOptions(shoot=args.shoot, photographer=args.photographer, event=args.event,
                         reference=args.reference)
    progress = _ProgressBar() if (sys.stderr.isatty() and not ctx.json) else None
    with _stop_on_signals() as stop:
        try:
            report = run_import(ctx.library, [Path(p) for p in args.paths], opts,
                                progress=progress, cancel=stop.is_set)
        except DiskFullDuringImport as exc:
            ctx.out(exc.report.to_json())
            raise
    ctx.out(report.to_json(), report.summary)
    if report.cancelled and stop.signal:
        sys.stderr.write("curator: interrupted; what was imported is kept — run the same "
                         "import again to finish it.\n")
        return 128 + stop.signal
    if report.missing:  # like cp: the rest was done, the typo still fails the command
        shown = ", ".join(report.missing)
        raise InvalidInput(f"{shown} does not exist (everything else given was imported).")
    return 0


class _StopFlag:
    """Set by Ctrl-C or SIGTERM: the import stops after writing what is done."""

    def __init__(self) -> None:
        self.event = threading.Event()
        self.signal = 0

    def is_set(self) -> bool:
        return self.event.is_set()


@contextlib.contextmanager
def _stop_on_signals():
    """SIGINT and SIGTERM ask the import to stop cleanly (commit what is done, clean up,
    print the partial report); a second Ctrl-C interrupts at once."""
    flag = _StopFlag()
    if threading.current_thread() is not threading.main_thread():
        yield flag
        return

    def stop(signum, frame) -> None:
        if flag.event.is_set() and signum == signal.SIGINT:
            raise KeyboardInterrupt
        flag.signal = flag.signal or signum
        flag.event.set()

    previous = {s: signal.signal(s, stop) for s in (signal.SIGINT, signal.SIGTERM)}
    try:
        yield flag
    finally:
        for s, handler in previous.items():
            signal.signal(s, handler)


def cmd_check(args, ctx: Context) -> int:
    report = check_library(ctx.db(), ctx.library)
    ctx.out(report.to_json(), report.summary)
    if not report.ok:
        raise LibraryProblems("The library has problems: see the report above.")
    return 0


class LibraryProblems(CuratorError):
    """``curator check`` found problems (they are listed on stdout)."""


def cmd_images(args, ctx: Context) -> int:
    db = ctx.db()
    rows = summaries(db, find_image_ids(db, image_filter(args)))
    ctx.out(rows, lambda: _table(rows))
    return 0


def _table(rows: list[dict]) -> str:
    if not rows:
        return "No images match."
    lines = [f"{'ID':>6}  {'YEAR':4}  {'SIZE':>11}  {'CONSENT':10}  FILE / CAPTION"]
    for r in rows:
        size = f"{r['width']}×{r['height']}"
        caption = f" — {one_line(r['caption'])}" if r["caption"] else ""
        lines.append(f"{r['id']:>6}  {r['year']:4}  {size:>11}  {r['consent_status']:10}  "
                     f"{one_line(r['file_name'])}{caption}")
    lines.append(f"{len(rows)} image(s)")
    return "\n".join(lines)


def cmd_show(args, ctx: Context) -> int:
    db = ctx.db()
    item = detail(db, ctx.library, args.image_id)
    ensure_derivatives(ctx.library, item["sha256"], item["original_path"])
    lines = [f"{k:>16}: {one_line(v)}" for k, v in item.items()]
    if not item["original_exists"]:
        lines.append(f"The original is missing from {one_line(item['original_path'])}: "
                     "was the drive or folder moved? Its thumbnail and preview cannot be "
                     "rebuilt until it is back.")
    ctx.out(item, "\n".join(lines))
    return 0
