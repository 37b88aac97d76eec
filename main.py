"""Start the Curator desktop app: ``python main.py``."""

from ui.app import main

if __name__ == "__main__":
    raise SystemExit(main())
