"""The controls every export dialog shares: a progress bar, a status line, and
Start / Cancel (then Close) / an "after" button (Open PDF, Show in Folder), with the
export itself run in :mod:`ui.workers` so the window never waits on it.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QDialog, QHBoxLayout, QLabel, QProgressBar, QPushButton

from curator.errors import Cancelled, CuratorError
from ui import workers

# Progress arrives once per photo (hundreds a second with small photos); the bar and the
# status line are redrawn at most this often, each time with the latest figures.
PROGRESS_MS = 80


class ExportJobMixin:
    """Mixed into a :class:`QDialog` that defines ``start`` and what its after button does."""

    task: workers.Task | None
    result: object | None

    def _job_controls(self: QDialog, start_text: str, after_text: str,
                      on_after: Callable[[], None], status: QLabel) -> QHBoxLayout:
        """Create ``progress``, ``export_button``, ``cancel_button``, ``after_button``;
        return the row of buttons. ``status`` is the label the job writes to."""
        self.task = None
        self.result = None
        self.job_status = status
        self.progress = QProgressBar()
        self.progress.setVisible(False)
        self.export_button = QPushButton(start_text)
        self.export_button.setDefault(True)
        self.export_button.clicked.connect(lambda _c=False: self.start())
        self.cancel_button = QPushButton("Cancel")
        self.cancel_button.clicked.connect(lambda _c=False: self.cancel())
        self.after_button = QPushButton(after_text)
        self.after_button.setVisible(False)
        self.after_button.clicked.connect(lambda _c=False: on_after())
        buttons = QHBoxLayout()
        buttons.addWidget(self.after_button)
        buttons.addStretch()
        buttons.addWidget(self.cancel_button)
        buttons.addWidget(self.export_button)
        return buttons

    def _run_job(self, busy_text: str, fn: Callable, *args, on_done: Callable,
                 on_failed: Callable[[], None] | None = None,
                 progress_text: Callable[[int, int, str], str], failure: str) -> None:
        """Run ``fn(*args)`` in a worker with progress; ``on_done(result)`` at the end."""
        self.export_button.setEnabled(False)
        self.after_button.setVisible(False)
        self.progress.setVisible(True)
        self.progress.setRange(0, 0)
        self.job_status.setText(busy_text)

        latest: list[tuple[int, int, str]] = []

        def show_progress() -> None:
            if latest and self.task is not None:
                done, total, what = latest[-1]
                self.progress.setRange(0, max(total, 1))
                self.progress.setValue(done)
                self.job_status.setText(progress_text(done, total, what))
            latest.clear()

        self._progress_timer = QTimer(self)
        self._progress_timer.setSingleShot(True)
        self._progress_timer.setInterval(PROGRESS_MS)
        self._progress_timer.timeout.connect(show_progress)

        def progress(done: int, total: int, what: str) -> None:
            first = not latest
            latest.append((done, total, what))
            del latest[:-1]
            if first and not self._progress_timer.isActive():
                self._progress_timer.start()

        def done(result) -> None:
            self.task = None
            self.result = result
            self.progress.setVisible(False)
            self.after_button.setVisible(True)
            self.cancel_button.setText("Close")
            on_done(result)

        def failed(exc: BaseException) -> None:
            self.task = None
            self.progress.setVisible(False)
            if isinstance(exc, Cancelled):
                self.job_status.setText("Cancelled: nothing was written.")
            else:
                self.job_status.setText(str(exc) if isinstance(exc, CuratorError)
                                        else f"{failure}: {exc}")
            self.export_button.setEnabled(True)
            if on_failed is not None:
                on_failed()

        self.task = workers.run(fn, *args, on_progress=progress, on_result=done,
                                on_error=failed, owner=self)

    def cancel(self) -> None:
        if self.task is not None:
            self.task.cancel()
            self.job_status.setText("Cancelling…")
        else:
            self.reject()

    def reject(self) -> None:
        if self.task is not None:
            self.task.cancel()
        super().reject()  # type: ignore[misc]
