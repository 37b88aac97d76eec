"""``curator export layout``: print-ready PDFs of an exhibition (panels, labels, catalogue)."""

from __future__ import annotations

import sys
from pathlib import Path

from curator.cli.context import Context, one_line
from curator.cli.values import EXHIBITION_ID, IMAGE_ID
from curator.exhibitions.print_sizes import parse_print_size
from curator.export.layouts import FITS, KINDS


def register_export(export_sub) -> None:
    p = export_sub.add_parser(
        "layout", help="print-ready PDF of an exhibition: panels, wall labels or a catalogue",
        description="Lay out an exhibition as a print-ready PDF. Only images cleared for "
                    "exhibition use (panels, labels) or print use (catalogue) over the tour "
                    "go in; a final exhibition with blockers is refused.")
    p.add_argument("exh_id", type=EXHIBITION_ID, metavar="EXH_ID")
    p.add_argument("--kind", required=True, choices=KINDS)
    p.add_argument("--out", required=True, type=Path, metavar="FILE.pdf")
    p.add_argument("--paper", metavar="SIZE",
                   help="A4…A0 or WIDTHxHEIGHT mm: panels without a print size (default A3), "
                        "the label sheet (A4), the catalogue page (A4)")
    p.add_argument("--landscape", action="store_true", help="turn the paper to landscape")
    p.add_argument("--bleed-mm", type=float, default=3.0, metavar="N",
                   help="bleed around each panel, with crop marks (default 3; 0 for none)")
    p.add_argument("--fit", choices=FITS, default="crop",
                   help="crop: the picture fills its area (the item's crop, else centred); "
                        "fit: the whole picture with margins")
    p.add_argument("--label-size", metavar="WxH", default="148x105",
                   help="wall labels: width x height in mm (default 148x105)")
    p.add_argument("--logo", type=IMAGE_ID, metavar="IMAGE_ID",
                   help="panels: a campaign logo (an image in the library) beside the caption")
    p.add_argument("--json", action="store_true", help="print JSON")
    p.set_defaults(handler=cmd_layout)


def cmd_layout(args, ctx: Context) -> int:
    # Imported here, not at the top: the layout engine pulls in reportlab and the fonts,
    # which every other command (an import above all) would otherwise pay for at start-up.
    from curator.export.layouts.job import LayoutOptions, export_layout

    label = parse_print_size(args.label_size)
    if label.name != "custom":
        label = parse_print_size(args.label_size, "landscape")
    options = LayoutOptions(paper=args.paper, landscape=args.landscape,
                            bleed_mm=args.bleed_mm, fit=args.fit,
                            label_mm=(label.width_mm, label.height_mm),
                            logo_image_id=args.logo)
    show_progress = not ctx.json and sys.stderr.isatty()

    def progress(done: int, total: int, what: str) -> None:
        if show_progress:
            sys.stderr.write(f"\r{done}/{total} laid out")
            sys.stderr.flush()

    result = export_layout(ctx.db(), ctx.library, args.exh_id, args.kind, args.out, options,
                           progress=progress)
    if show_progress:
        sys.stderr.write("\n")
    data = result.to_json()

    def text() -> str:
        lines = [f"Wrote {data['pdf']}: {data['pages']} page(s)."]
        lines += [f"  warning: {one_line(w)}" for w in data["warnings"]]
        return "\n".join(lines)

    ctx.out(data, text)
    return 0
