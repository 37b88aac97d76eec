"""A work-around for reference-counting bugs of PySide6 6.12.0 on Python 3.11.

PySide6/shiboken 6.12.0 treats ``None``, ``True`` and ``False`` as immortal objects, as
they are on Python 3.12+, and sometimes returns or drops them without counting the
reference: ``Signal.emit()`` takes a reference from ``True`` each time, a model's
``data()`` returning ``None`` or a virtual method such as ``setVisible`` takes one from
``None``. On Python 3.11 the count eventually reaches zero and the interpreter aborts
("Fatal Python error: none_dealloc" / "bool_dealloc"), at the latest when it exits.

:func:`apply` gives those singletons (and the other objects Python 3.12 makes immortal
that a binding could treat the same way: ``Ellipsis``, ``NotImplemented``, the small
integers) a reference count so large that no amount of missing references can bring it
to zero — what Python 3.12 does by design. It changes nothing on Python 3.12 and later.
Remove this module once the project runs on Python 3.12+ or a fixed PySide6.
"""

from __future__ import annotations

import ctypes
import sys

_BOOST = 1 << 40
_applied = False


def _immortal_candidates() -> list[object]:
    return [None, True, False, Ellipsis, NotImplemented, *range(-5, 257)]


def apply() -> None:
    """Make Python 3.11's singletons effectively immortal (once; no-op on 3.12+)."""
    global _applied
    if _applied or sys.version_info >= (3, 12):
        return
    for obj in _immortal_candidates():
        # ob_refcnt is the first field of every PyObject (Py_ssize_t) in release builds.
        ctypes.c_ssize_t.from_address(id(obj)).value += _BOOST
    _applied = True
