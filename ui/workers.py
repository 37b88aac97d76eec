"""The one bridge between the GUI thread and long work (Picard's ``run_task``, Qt-style).

::

    task = workers.run(run_import, library, sources, options,
                       on_result=self._imported, on_error=self._failed,
                       on_progress=self._progress)
    cancel_button.clicked.connect(task.cancel)

``fn`` runs in a ``QThreadPool``; when it accepts ``progress``/``cancel`` keyword
arguments (the core's convention) they are passed in: ``progress(done, total, message)``
becomes the ``progress`` signal and ``cancel()`` returns True once :meth:`Task.cancel`
was called. The result or the exception comes back on the GUI thread through queued
signals. Nothing else in the app starts threads: the thumbnail loader uses
:func:`run` with its own small pool.
"""

from __future__ import annotations

import inspect
import logging
import sys
import threading
import traceback
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, Signal, Slot
from shiboken6 import Shiboken

from curator.errors import CuratorError

# Long work runs in threads of the GUI process, and while one runs Python the GUI thread
# gets the interpreter lock only when the running thread's switch interval is up (5 ms by
# default; a busy GUI thread asks often and queues each time). At 1 ms the worst stall of
# the window during a 200-photo pack fell from 95-102 ms to 64-70 ms (tick test, quiet
# machine, 3-4 runs each), with the GUI thread's own work 3-4 ms throughout.
GUI_SWITCH_INTERVAL = 0.001
sys.setswitchinterval(GUI_SWITCH_INTERVAL)

log = logging.getLogger("curator.ui.workers")

_live: set[Task] = set()  # keeps running tasks (and their signals) alive
_pools: dict[str, QThreadPool] = {}


def pool(name: str = "default", threads: int | None = None) -> QThreadPool:
    """The named thread pool (created on first use)."""
    if name not in _pools:
        p = QThreadPool()
        p.setObjectName(f"curator-{name}")
        if threads:
            p.setMaxThreadCount(threads)
        _pools[name] = p
    return _pools[name]


class Task(QObject):
    """A core call running off the GUI thread; its signals arrive on the GUI thread."""

    progress = Signal(int, int, str)
    succeeded = Signal(object)
    failed = Signal(object)  # the exception
    done = Signal()  # after succeeded or failed

    # Emitted on the pool thread; received by this object's slots on the GUI thread
    # (the task lives there, so Qt queues them), which re-emit the public signals.
    _progress_from_thread = Signal(int, int, str)
    _ok_from_thread = Signal(object)
    _error_from_thread = Signal(object)

    def __init__(self, fn: Callable[..., Any], args: tuple, kwargs: dict,
                 owner: QObject | None = None) -> None:
        super().__init__()
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self._owner = owner
        self._cancel = threading.Event()
        self.finished = False
        self._progress_from_thread.connect(self._relay_progress, Qt.QueuedConnection)
        self._ok_from_thread.connect(self._relay_ok, Qt.QueuedConnection)
        self._error_from_thread.connect(self._relay_error, Qt.QueuedConnection)

    def cancel(self) -> None:
        """Ask the call to stop (it polls ``cancel()``)."""
        self._cancel.set()

    @property
    def cancelled(self) -> bool:
        return self._cancel.is_set()

    def _run(self) -> None:  # on a pool thread
        kwargs = dict(self._kwargs)
        params = _parameters(self._fn)
        if "progress" in params and "progress" not in kwargs:
            kwargs["progress"] = lambda d, t, m="": self._progress_from_thread.emit(
                int(d), int(t), str(m))
        if "cancel" in params and "cancel" not in kwargs:
            kwargs["cancel"] = self._cancel.is_set
        try:
            result = self._fn(*self._args, **kwargs)
        except BaseException as exc:  # noqa: BLE001 - handed to the GUI to show
            if not _is_expected(exc):
                log.error("background task failed:\n%s", traceback.format_exc())
            self._error_from_thread.emit(exc)
        else:
            self._ok_from_thread.emit(result)

    def _owner_alive(self) -> bool:
        return self._owner is None or Shiboken.isValid(self._owner)

    @Slot(int, int, str)
    def _relay_progress(self, done: int, total: int, message: str) -> None:
        if not self.finished and self._owner_alive():
            self.progress.emit(done, total, message)

    @Slot(object)
    def _relay_ok(self, value: object) -> None:
        self._finish(self.succeeded, value)

    @Slot(object)
    def _relay_error(self, exc: object) -> None:
        self._finish(self.failed, exc)

    def _finish(self, signal: Any, value: object) -> None:
        self.finished = True
        try:
            if self._owner_alive():  # the widget that asked may have closed meanwhile
                signal.emit(value)
                self.done.emit()
        finally:
            _live.discard(self)


class _Runnable(QRunnable):
    def __init__(self, task: Task) -> None:
        super().__init__()
        self._task = task
        self.setAutoDelete(True)

    def run(self) -> None:
        self._task._run()


def _parameters(fn: Callable[..., Any]) -> set[str]:
    try:
        return set(inspect.signature(fn).parameters)
    except (TypeError, ValueError):
        return set()


def _is_expected(exc: BaseException) -> bool:
    return isinstance(exc, CuratorError)


def run(
    fn: Callable[..., Any],
    *args: Any,
    on_result: Callable[[Any], None] | None = None,
    on_error: Callable[[BaseException], None] | None = None,
    on_progress: Callable[[int, int, str], None] | None = None,
    on_done: Callable[[], None] | None = None,
    pool_name: str = "default",
    priority: int = 0,
    owner: QObject | None = None,
    **kwargs: Any,
) -> Task:
    """Run ``fn(*args, **kwargs)`` off the GUI thread; see the module docstring.

    With ``owner``, the callbacks are skipped if that object was deleted meanwhile.
    """
    task = Task(fn, args, kwargs, owner)
    if on_progress:
        task.progress.connect(on_progress)
    if on_result:
        task.succeeded.connect(on_result)
    if on_error:
        task.failed.connect(on_error)
    if on_done:
        task.done.connect(on_done)
    _live.add(task)
    pool(pool_name).start(_Runnable(task), priority)
    return task


def wait_all(msecs: int = 30_000) -> bool:
    """Wait for every pool to finish (used when the app closes and by tests)."""
    return all(p.waitForDone(msecs) for p in _pools.values())
