"""``export``: what leaves the library — licensed packs (``pack``, ``packs``, ``notice``)
and print layouts (``layout``).

Each kind of export lives in its own module with ``register_export(export_sub)``; this
module only makes the ``export`` group and lists them.
"""

from __future__ import annotations

import importlib

EXPORT_MODULES: list[str] = ["curator.cli.pack_cmds", "curator.cli.layout_cmds",
                             "curator.cli.kit_cmds"]


def register(sub) -> None:
    p = sub.add_parser("export", help="licensed image packs for partners, print layouts",
                       description="Everything that leaves the library: licensed image packs "
                                   "for partners, takedown notices, print-ready layouts.")
    export_sub = p.add_subparsers(dest="export_command", metavar="ACTION", required=True)
    for name in EXPORT_MODULES:
        importlib.import_module(name).register_export(export_sub)
