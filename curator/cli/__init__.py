"""The ``curator`` command: parse → call the core → print.

Each ``*_cmds`` module in this package has ``register(subparsers)`` that adds its
sub-commands, each with ``set_defaults(handler=fn)``; a handler takes
``(args, ctx: Context)`` and returns the exit status. To add commands, write a module
and list it in ``COMMAND_MODULES``.
"""

from __future__ import annotations

import argparse
import importlib
import logging
import sys
from collections.abc import Sequence

from curator import __version__
from curator.cli.context import Context, one_line, printable
from curator.errors import CuratorError, InvalidInput
from curator.library import Library, default_library_dir
from curator.logs import setup_logging

COMMAND_MODULES = [
    "curator.cli.library_cmds",
    "curator.cli.exhibition_cmds",
    "curator.cli.tag_cmds",
    "curator.cli.consent_cmds",
    "curator.cli.remove_cmds",
    "curator.cli.partner_cmds",
    "curator.cli.campaign_cmds",
    "curator.cli.export_cmds",
    "curator.cli.calendar_cmds",
    "curator.cli.coverage_cmds",
]

# The module of a command that is timed against other tools (``curator import`` of every
# shoot, bench/import_bench.py): only it is imported when it is the command given, not all
# of COMMAND_MODULES (~60 ms of CPU before the import's workers can start).
QUICK_COMMANDS = {"import": "curator.cli.library_cmds"}

log = logging.getLogger("curator.cli")


class _Parser(argparse.ArgumentParser):
    """argparse with one-line errors and exit status 1 (a user error)."""

    def error(self, message: str) -> None:  # type: ignore[override]
        sys.stderr.write(f"curator: {message} (see `curator --help`)\n")
        raise SystemExit(1)


def build_parser(command: str | None = None) -> argparse.ArgumentParser:
    """The whole command line; or, for a ``command`` of ``QUICK_COMMANDS``, the same
    parser with only that command's module registered."""
    parser = _Parser(prog="curator", description="Curate photo exhibitions and image packs.")
    parser.add_argument(
        "--library",
        metavar="DIR",
        help="library folder (default: $CURATOR_LIBRARY, else your user data folder)",
    )
    parser.add_argument("--version", action="version", version=f"curator {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)
    sub.required = True
    quick = QUICK_COMMANDS.get(command or "")
    for name in [quick] if quick else COMMAND_MODULES:
        importlib.import_module(name).register(sub)
    return parser


def _command_word(argv: Sequence[str]) -> str | None:
    """The command ``argv`` runs (``import`` in ``--library X import …``); None when the
    options before it are anything but ``--library`` (``--help``, ``--version``, a typo)."""
    args = iter(argv)
    for arg in args:
        if arg == "--library":
            next(args, None)
        elif arg.startswith("--library="):
            continue
        elif arg.startswith("-"):
            return None
        else:
            return arg
    return None


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``curator`` console script."""
    log_file = setup_logging()
    argv = sys.argv[1:] if argv is None else list(argv)
    parser = build_parser(_command_word(argv))
    try:
        args = parser.parse_args(argv)
        root = default_library_dir() if args.library is None else _library_folder(args.library)
    except SystemExit as exc:  # usage errors (1) and --help (0) return like any command
        return int(exc.code or 0)
    except CuratorError as exc:  # an id or year refused by its parser (curator.cli.values)
        sys.stderr.write(f"curator: {printable(one_line(exc))}\n")
        return 1
    ctx = Context(library=Library(root=_absolute(root)), json=getattr(args, "json", False))
    try:
        return int(args.handler(args, ctx) or 0)
    except CuratorError as exc:
        log.info("user error in %s: %s", args.command, exc)
        # One line whatever the message quotes (a title with a line break, an ESC …).
        sys.stderr.write(f"curator: {printable(one_line(exc))}\n")
        return 1
    except BrokenPipeError:
        # The reader went away (``curator images | head``): not an error of ours. Point
        # stdout at nothing so the flush at exit does not raise again.
        _silence_stdout()
        return 1
    except KeyboardInterrupt:
        sys.stderr.write("curator: interrupted.\n")
        return 130
    except Exception as exc:  # the user gets a sentence, the log the traceback
        log.exception("unexpected error in %s", args.command)
        sys.stderr.write(
            f"curator: something went wrong ({type(exc).__name__}: {printable(one_line(exc))}); "
            f"the details are in {log_file}\n"
        )
        return 2
    finally:
        ctx.close()


def _silence_stdout() -> None:
    import os

    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
    except (OSError, ValueError):  # stdout is not a real file (tests): nothing to flush
        pass


def _library_folder(text: str) -> str:
    # An empty --library (an unset shell variable) would mean the current folder: refused.
    if not text.strip():
        raise InvalidInput("--library is empty: give the library's folder, e.g. "
                           "--library ~/Pictures/Curator.")
    return text


def _absolute(path):
    from pathlib import Path

    return Path(path).expanduser().absolute()
