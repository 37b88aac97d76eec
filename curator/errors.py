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


class NotFound(CuratorError):
    """An id or name that is not in the catalogue."""


class InvalidInput(CuratorError):
    """A value the user gave that cannot be used (bad date, unknown use …)."""


class DiskFull(CuratorError):
    """The library's disk has no room left."""


class Cancelled(CuratorError):
    """The user cancelled a long operation."""
