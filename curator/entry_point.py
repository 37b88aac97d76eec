"""The ``curator`` console script's entry point: it imports the command line only when run.

pip writes a ``curator`` script that imports its entry point's module at the top. An
import's worker processes are *spawned* (a fresh interpreter, on every platform) and
re-run the parent's main script before they start, so whatever that module imports, every
worker imports again: ``curator.cli`` with all its commands cost each worker ~0.2 s of
CPU before its first photo, a twentieth of a 48-photo import. Here that costs nothing.
"""

from __future__ import annotations


def main() -> int:
    from curator.cli import main as run_command_line

    return run_command_line()
