"""Curator's domain core: catalogue, import, consent, exhibitions, exports.

Nothing in this package imports Qt; the desktop app in ``ui/`` and the ``curator``
command are two faces of the functions here.
"""

__version__ = "0.1.0"
