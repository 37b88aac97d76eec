"""Where tracebacks go: a rotating log file in the user's log folder, never the screen."""

from __future__ import annotations

import logging
import logging.handlers
import os
from pathlib import Path

import platformdirs

_configured = False


def log_path() -> Path:
    """The log file (``$CURATOR_LOG`` overrides the platform's user log folder)."""
    env = os.environ.get("CURATOR_LOG")
    if env:
        return Path(env)
    return Path(platformdirs.user_log_dir("Curator", appauthor=False)) / "curator.log"


def setup_logging(level: int = logging.INFO) -> Path:
    """Send the ``curator`` and ``ui`` loggers to the log file; return its path."""
    global _configured
    path = log_path()
    if _configured:
        return path
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handler: logging.Handler = logging.handlers.RotatingFileHandler(
            path, maxBytes=2_000_000, backupCount=3, encoding="utf-8"
        )
    except OSError:
        handler = logging.NullHandler()
    handler.setFormatter(
        logging.Formatter("%(asctime)s %(process)d %(name)s %(levelname)s %(message)s")
    )
    for name in ("curator", "ui"):
        logger = logging.getLogger(name)
        logger.setLevel(level)
        logger.addHandler(handler)
        logger.propagate = False
    _configured = True
    return path
