"""A work-around for a reference-counting bug in PySide6 6.12.0 on Python 3.11.

``SignalInstance.emit()`` returns ``True`` without taking a reference to it, so every
signal emitted from Python takes one reference away from ``True``; after a few hundred
emissions the interpreter aborts ("bool_dealloc: deallocating True or False"). Signals
emitted by Qt itself are not affected.

:func:`apply` checks whether the installed PySide6 has the bug and, only then, wraps
``emit`` so that it gives back the missing reference. Over-counting ``True`` is harmless
(it is never freed); under-counting is fatal, so the wrapper errs on the safe side.
"""

from __future__ import annotations

import ctypes
import sys

from PySide6.QtCore import QObject, Signal, SignalInstance

_applied = False


class _Probe(QObject):
    ping = Signal()


def has_emit_refcount_bug() -> bool:
    """True if emitting a signal from Python loses a reference to ``True``."""
    probe = _Probe()
    before = sys.getrefcount(True)
    for _ in range(8):
        probe.ping.emit()
    lost = before - sys.getrefcount(True)
    ctypes.pythonapi.Py_IncRef.argtypes = [ctypes.py_object]
    for _ in range(max(0, lost)):  # give back what the probe took
        ctypes.pythonapi.Py_IncRef(True)
    return lost >= 8


def apply() -> None:
    """Patch ``SignalInstance.emit`` if (and only if) this PySide6 needs it."""
    global _applied
    if _applied or not has_emit_refcount_bug():
        return
    original = SignalInstance.emit
    incref = ctypes.pythonapi.Py_IncRef
    incref.argtypes = [ctypes.py_object]

    def emit(self: SignalInstance, *args: object) -> object:
        result = original(self, *args)
        incref(result)
        return result

    SignalInstance.emit = emit  # type: ignore[method-assign]
    _applied = True
