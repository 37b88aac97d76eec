"""``python -m curator`` is the ``curator`` command; ``main`` is also its console script's entry.

The command line is imported only when ``main`` runs. pip writes a ``curator`` script that
imports its entry point's module at the top, and an import's worker processes are
*spawned* (a fresh interpreter, on every platform) and re-run the parent's main script
before they start: with ``curator.cli`` there, every worker imported all the commands
again, ~0.2 s of CPU each before its first photo — a twentieth of a 48-photo import.
"""

from __future__ import annotations


def main() -> int:
    from curator.cli import main as run_command_line

    return run_command_line()


if __name__ == "__main__":
    raise SystemExit(main())
