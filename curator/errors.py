"""Errors a curator can act on.

Per-item problems (one bad file in an import) never raise: they go into a report.
A ``CuratorError`` is for a problem with the whole operation; its message is shown
to the user as it is, so it must be a sentence a curator understands.
"""


class CuratorError(Exception):
    """A problem with a whole operation, worded for the user."""


class LibraryNotFound(CuratorError):
    """The folder holds no Curator library."""


class LibraryBusy(CuratorError):
    """Another process holds the library for a long operation."""


class ReadOnlyLibrary(CuratorError):
    """The library can be read but not written (read-only disk or permissions)."""


class NotFound(CuratorError):
    """An id or name that is not in the catalogue."""


class ImageNotFound(NotFound):
    """Image ids that are not in the catalogue: the one wording every path uses."""

    SHOWN = 10

    def __init__(self, image_ids: int | list[int]) -> None:
        self.image_ids = [image_ids] if isinstance(image_ids, int) else list(image_ids)
        shown = ", ".join(f"#{i}" for i in self.image_ids[:self.SHOWN])
        extra = len(self.image_ids) - self.SHOWN
        more = f" and {extra} more" if extra > 0 else ""
        super().__init__(f"There is no image {shown}{more} in this library.")


class InvalidInput(CuratorError):
    """A value the user gave that cannot be used (bad date, unknown use …)."""


class DiskFull(CuratorError):
    """The library's disk has no room left."""


class Cancelled(CuratorError):
    """The user cancelled a long operation."""
