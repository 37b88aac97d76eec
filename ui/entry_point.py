"""The ``curator-gui`` script's entry point: Qt is imported only when it runs.

An import's worker processes are spawned and re-run the main script before they start
(see ``curator/__main__.py``): with ``ui.app`` there, each would load Qt and the whole
desktop app before decoding a photo.
"""

from __future__ import annotations


def main() -> int:
    from ui.app import main as run_app

    return run_app()
