"""Undoable edits (``QUndoCommand``) wrapping the core's batch tag edits.

Each command runs its core call through :func:`ui.workers.run` on the single-threaded
``edits`` pool, so a redo and the undo that follows it always run in that order; the
redo leaves the images' earlier values in ``state`` for the undo to put back.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtGui import QUndoCommand

from curator.library import Library
from curator.tagging.edits import TagEdit
from ui import workers
from ui.models import exhibition_ops
from ui.models.queries import apply_tags, revert_tag_edit

EDITS_POOL = "edits"
workers.pool(EDITS_POOL, 1)


def describe(edit: TagEdit, n: int) -> str:
    """Menu text: "Caption 3 Photos", "Add Keyword to 1 Photo" …"""
    what = []
    for name, label in (("caption", "Caption"), ("alt_text", "Alt Text"), ("credit", "Credit"),
                        ("title", "Title"), ("year", "Year"), ("event", "Event"),
                        ("rating", "Rating"), ("pick", "Flag")):
        if getattr(edit, name) is not None:
            what.append(label)
    if edit.add_keywords:
        what.append("Add Keyword")
    if edit.remove_keywords:
        what.append("Remove Keyword")
    return f"{', '.join(what) or 'Edit'} ({n} photo{'s' if n != 1 else ''})"


class TagCommand(QUndoCommand):
    """Apply a TagEdit to some images; undo puts back each image's own earlier values."""

    def __init__(self, library: Library, ids: list[int], edit: TagEdit,
                 on_rows: Callable[[list[dict]], None],
                 on_error: Callable[[BaseException], None], owner=None) -> None:
        super().__init__(describe(edit, len(ids)))
        self.library, self.ids, self.edit = library, list(ids), edit
        self.state: dict = {}
        self._on_rows, self._on_error = on_rows, on_error
        self._owner = owner
        self.pending = 0

    def forget(self, removed: set[int]) -> None:
        """Images removed from the catalogue: leave them out; with none left, do nothing."""
        self.ids = [i for i in self.ids if i not in removed]
        before = self.state.get("before")
        if before:
            self.state["before"] = {i: v for i, v in before.items() if i not in removed}
        if not self.ids:
            self.setObsolete(True)  # QUndoStack drops it when it is next undone or redone

    def redo(self) -> None:
        self._run(apply_tags)

    def undo(self) -> None:
        self._run(revert_tag_edit)

    def _run(self, fn) -> None:
        if not self.ids:
            return
        self.pending += 1
        workers.run(fn, self.library, self.ids, self.edit, self.state,
                    on_result=self._on_rows, on_error=self._failed, on_done=self._done,
                    pool_name=EDITS_POOL, owner=self._owner)

    def _failed(self, exc: BaseException) -> None:
        self.setObsolete(True)
        self._on_error(exc)

    def _done(self) -> None:
        self.pending -= 1


class SequenceCommand(QUndoCommand):
    """A change to an exhibition: its sequence (add, move, remove, an item's fields), its
    tour (venues) or its texts (``what``).

    The first redo runs the change and keeps the sequence before and after it; undo and
    later redos put back one of those (:func:`curator.exhibitions.sets.restore_items`).
    ``on_done(exh_id, result)`` follows each run (``result`` is None after a restore).
    """

    def __init__(self, text: str, library: Library, exh_id: int, fn: Callable, args: tuple,
                 kwargs: dict, *, on_done: Callable, on_error: Callable[[BaseException], None],
                 on_start: Callable[[], None], on_end: Callable[[], None], owner=None,
                 what: str = "items") -> None:
        super().__init__(text)
        self.what = what  # "items", "tour" or "texts": what undo puts back
        self.library, self.exh_id = library, exh_id
        self._fn, self._args, self._kwargs = fn, args, kwargs
        self.state: dict = {}
        self._on_done, self._on_error = on_done, on_error
        self._on_start, self._on_end = on_start, on_end
        self._owner = owner

    def redo(self) -> None:
        if "after" in self.state:
            self._run(exhibition_ops.restore, self.state["after"], restoring=True)
        else:
            self._run(exhibition_ops.apply_recorded, self._fn, self._args, self._kwargs,
                      self.state, self.what, restoring=False)

    def undo(self) -> None:
        if "before" in self.state:
            self._run(exhibition_ops.restore, self.state["before"], restoring=True)

    def _run(self, fn, *args, restoring: bool) -> None:
        self._on_start()
        workers.run(fn, self.library, self.exh_id, *args,
                    on_result=lambda r: self._on_done(self.exh_id, None if restoring else r),
                    on_error=self._failed, on_done=self._on_end,
                    pool_name=EDITS_POOL, owner=self._owner)

    def _failed(self, exc: BaseException) -> None:
        self.setObsolete(True)
        self._on_error(exc)
