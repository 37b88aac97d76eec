"""PyInstaller's entry for the bundled desktop app (``dist/Curator/curator-gui``)."""

import multiprocessing

if __name__ == "__main__":
    # An import's workers are spawned: in a frozen app they re-enter through this script.
    multiprocessing.freeze_support()
    from ui.app import main

    raise SystemExit(main())
