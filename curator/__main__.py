"""``python -m curator`` is the ``curator`` command; ``main`` is also its console script's entry.

The command line is imported only when ``main`` runs. pip writes a ``curator`` script that
imports its entry point's module at the top, and an import's worker processes are
*spawned* (a fresh interpreter) on macOS and Windows and re-run the parent's main script
before they start: with ``curator.cli`` there, every worker imported all the commands
again, ~0.2 s of CPU each before its first photo — a twentieth of a 48-photo import.
"""

from __future__ import annotations


def main() -> int:
    from curator.cli import main as run_command_line

    status = run_command_line()
    _exit_without_teardown(status)
    return status


def _exit_without_teardown(status: int) -> None:
    """End the process as ``exit`` does — exit handlers (logging, multiprocessing, temporary
    folders), then the output flushed — but without its last step, the interpreter freeing
    every object of every module one by one: 30–80 ms of CPU after the work is done, which a
    photographer waits for at the end of every import. Only with no other thread left
    (``exit`` would wait for it); otherwise this returns and ``exit`` runs as usual."""
    import atexit
    import contextlib
    import os
    import sys
    import threading

    if threading.active_count() != 1:
        return
    atexit._run_exitfuncs()
    for stream in (sys.stdout, sys.stderr):
        # Closed, or the reader went away: nothing left to keep.
        with contextlib.suppress(OSError, ValueError):
            stream.flush()
    os._exit(status)


if __name__ == "__main__":
    raise SystemExit(main())
