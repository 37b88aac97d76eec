"""PyInstaller's entry for the bundled command line (``dist/Curator/curator``); not named curator.py, which would hide the package."""

import multiprocessing

if __name__ == "__main__":
    multiprocessing.freeze_support()
    from curator.__main__ import main

    raise SystemExit(main())
