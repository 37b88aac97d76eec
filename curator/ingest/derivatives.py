"""The cache of thumbnails and previews: rebuilt from the original when a file is missing."""

from __future__ import annotations

import logging
from pathlib import Path

from curator.ingest import imaging
from curator.library import Library

log = logging.getLogger("curator.ingest.derivatives")


def ensure_derivatives(library: Library, sha256: str, original_path: str | Path) -> bool:
    """Make sure the thumbnail and preview of an image exist; True if they do afterwards."""
    thumb, preview = library.thumb_path(sha256), library.preview_path(sha256)
    if thumb.exists() and preview.exists():
        return True
    try:
        data = Path(original_path).read_bytes()
        imaging.write_derivatives(data, thumb, preview)
    except Exception:
        log.exception("could not rebuild the cached pictures of %s", sha256)
        return False
    return True
