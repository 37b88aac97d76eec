"""Start the Curator desktop app: ``python main.py [--library DIR]``."""

import os
import sys


def _no_display() -> bool:
    """On Linux/BSD, Qt needs an X11 or Wayland display unless a platform is forced."""
    if not sys.platform.startswith(("linux", "freebsd")):
        return False
    return not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")
                or os.environ.get("QT_QPA_PLATFORM"))


if __name__ == "__main__":
    if _no_display():
        sys.stderr.write(
            "curator: no screen to open the window on (neither DISPLAY nor WAYLAND_DISPLAY "
            "is set). Run it from your desktop session, or on a headless machine with "
            "`xvfb-run make run`. The command line works without a screen: "
            ".venv/bin/curator --help\n"
        )
        raise SystemExit(1)
    from ui.app import main

    raise SystemExit(main())
