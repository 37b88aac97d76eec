"""People & consent for the selected photos: who is in them, their releases, withdrawal.

Every button calls the core (:mod:`curator.consent.people`, :mod:`curator.consent.records`) in a worker,
then asks the main window to refresh, so the consent badges of the visible thumbnails
change at once.
"""

from __future__ import annotations

from typing import Protocol

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QGridLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.library import Library
from ui import workers
from ui.dialogs.consent_dialogs import ConsentDialog, PersonDialog, WithdrawDialog
from ui.dialogs.trace_dialog import TraceDialog
from ui.models import consent_ops
from ui.models.consent_ops import PeopleState

PERSON_ROLE = Qt.ItemDataRole.UserRole + 1
CONSENT_ROLE = Qt.ItemDataRole.UserRole + 2
PERSON_LABEL_ROLE = Qt.ItemDataRole.UserRole + 3


class Host(Protocol):
    library: Library

    def selected_rows(self) -> list[dict]: ...
    def refresh(self) -> None: ...


def consent_line(c: dict) -> str:
    """``#3 exhibition, print · signed 2024-11-14 · until 2027-11-14``."""
    parts = [f"#{c['id']} {', '.join(c['uses'])}", f"signed {c['signed_on']}"]
    if c.get("expires_on"):
        parts.append(f"until {c['expires_on']}")
    if c.get("withdrawn_on"):
        parts.append(f"WITHDRAWN {c['withdrawn_on']}")
    if c.get("form_path"):
        parts.append("form scanned")
    return " · ".join(parts)


def _button(text: str, name: str, slot) -> QPushButton:
    b = QPushButton(text)
    b.setAccessibleName(name)
    b.clicked.connect(lambda _c=False: slot())
    return b


class ConsentPanel(QWidget):
    """The People & consent tab."""

    def __init__(self, host: Host, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.host = host
        self.setAccessibleName("People and consent")
        self.state = PeopleState()
        self.rows: list[dict] = []
        self._loading: workers.Task | None = None
        self._again = False

        self.summary = QLabel("Select photos to record who is in them.")
        self.summary.setWordWrap(True)
        self.people = QListWidget()
        self.people.setAccessibleName("People")
        self.people.setAlternatingRowColors(True)
        self.people.currentItemChanged.connect(lambda *_: self._show_consents())
        self.add_person_button = _button("Add person…", "Add a person", self.add_person)
        self.link_button = _button("Link to selected", "Link the person to the selected photos",
                                   self.link)
        self.unlink_button = _button("Unlink", "Unlink the person from the selected photos",
                                     self.unlink)
        self.not_needed_button = _button("No identifiable people",
                                         "Mark the selected photos: no identifiable people",
                                         lambda: self.set_identifiable(False))
        self.not_needed_button.setToolTip("Consent is not needed for these photos")
        self.shows_people_button = _button("Shows people", "Mark the selected photos: shows "
                                           "people", lambda: self.set_identifiable(True))
        self.consents = QListWidget()
        self.consents.setAccessibleName("Consents")
        self.consents.currentItemChanged.connect(lambda *_: self._update_buttons())
        self.record_button = _button("Record consent…", "Record a consent for the person",
                                     self.record_consent)
        self.group_button = _button("Group release…", "Record a group release for the shoot",
                                    self.record_group_release)
        self.group_button.setToolTip("A signed sheet covering everyone photographed in the "
                                     "selected photos' shoot")
        self.withdraw_button = _button("Withdraw…", "Withdraw the chosen consent",
                                       self.withdraw)
        self.person_trace_button = _button(
            "Where are their photos?…", "Every exhibition (venues showing now, to come) and "
            "pack (partner, date, files) holding a photo of the chosen person; takedown "
            "notices after a withdrawal", self.trace_person)
        self.trace_button = _button("Where did they go?…",
                                    "Exhibitions and packs holding the chosen consent's photos; "
                                    "takedown notices after a withdrawal", self.trace)

        grid = QGridLayout()
        grid.addWidget(self.add_person_button, 0, 0)
        grid.addWidget(self.link_button, 0, 1)
        grid.addWidget(self.unlink_button, 0, 2)
        grid.addWidget(self.not_needed_button, 1, 0, 1, 2)
        grid.addWidget(self.shows_people_button, 1, 2)
        consent_grid = QGridLayout()
        consent_grid.addWidget(self.record_button, 0, 0)
        consent_grid.addWidget(self.group_button, 0, 1)
        consent_grid.addWidget(self.withdraw_button, 0, 2)
        consent_grid.addWidget(self.trace_button, 1, 0, 1, 3)
        grid.addWidget(self.person_trace_button, 2, 0, 1, 3)
        layout = QVBoxLayout(self)
        layout.addWidget(self.summary)
        layout.addWidget(QLabel("<b>People</b> (✓ in every selected photo, ◐ in some)"))
        layout.addWidget(self.people, 3)
        layout.addLayout(grid)
        self.consents_title = QLabel("<b>Consents</b>")
        layout.addWidget(self.consents_title)
        layout.addWidget(self.consents, 2)
        layout.addLayout(consent_grid)
        self._update_buttons()

    # ------------------------------------------------------------------ state
    def show_rows(self, rows: list[dict]) -> None:
        self.rows = rows
        self._summarise()
        self._update_buttons()
        self.reload()

    def reload(self) -> None:
        if self._loading is not None:
            self._again = True
            return
        self._again = False
        ids = [r["id"] for r in self.rows]
        shoots = sorted({r["shoot"] for r in self.rows if r.get("shoot")})
        self._loading = workers.run(consent_ops.load_people, self.host.library, ids, shoots,
                                    on_result=self._loaded, on_error=self._load_failed,
                                    owner=self)

    def _loaded(self, state: PeopleState) -> None:
        self._loading = None
        if self._again:
            self.reload()
            return
        self.state = state
        current = self.current_person()
        self.people.blockSignals(True)
        self.people.clear()
        n = len(self.rows)
        for p in state.people:
            mark = "✓ " if n and p["linked"] == n else "◐ " if p["linked"] else "    "
            extra = []
            if p["is_minor"]:
                extra.append(f"child, guardian {p['guardian'] or '?'}")
            if p["do_not_publish"]:
                extra.append("DO NOT PUBLISH")
            all_ = state.consents.get(p["id"], [])
            live = [c for c in all_ if not c["withdrawn_on"]]
            extra.append(f"{len(live)} consent{'s' if len(live) != 1 else ''}")
            if len(all_) > len(live):
                extra.append(f"{len(all_) - len(live)} withdrawn")
            item = QListWidgetItem(f"{mark}{p['label']}  ({'; '.join(extra)})")
            item.setData(PERSON_ROLE, p["id"])
            item.setData(PERSON_LABEL_ROLE, p["label"])
            item.setToolTip(f"In {p['images']} photo(s) of the library")
            self.people.addItem(item)
            if p["id"] == current:
                self.people.setCurrentItem(item)
        self.people.blockSignals(False)
        self._summarise()
        self._show_consents()

    def _load_failed(self, exc: BaseException) -> None:
        self._loading = None
        self.summary.setText(str(exc))

    def _summarise(self) -> None:
        n = len(self.rows)
        if not n:
            self.summary.setText("Select photos to record who is in them.")
            return
        counts: dict[str, int] = {}
        for r in self.rows:
            counts[r.get("consent_status") or "unknown"] = counts.get(
                r.get("consent_status") or "unknown", 0) + 1
        text = ", ".join(f"{k} {v}" for k, v in sorted(counts.items()))
        self.summary.setText(f"{n} photo{'s' if n != 1 else ''} selected — consent: {text}")

    def current_person(self) -> int | None:
        item = self.people.currentItem()
        return item.data(PERSON_ROLE) if item is not None else None

    def current_consent(self) -> int | None:
        item = self.consents.currentItem()
        return item.data(CONSENT_ROLE) if item is not None else None

    def _show_consents(self) -> None:
        self.consents.clear()
        pid = self.current_person()
        person = next((p for p in self.state.people if p["id"] == pid), None)
        if person is not None:
            for c in self.state.consents.get(pid, []):
                item = QListWidgetItem(f"{person['label']}: {consent_line(c)}")
                item.setData(CONSENT_ROLE, c["id"])
                self.consents.addItem(item)
        for shoot, group in self.state.group_releases.items():
            for c in group:
                item = QListWidgetItem(f"Group release “{shoot}”: {consent_line(c)}")
                item.setData(CONSENT_ROLE, c["id"])
                self.consents.addItem(item)
        if not self.consents.count():
            item = QListWidgetItem("No consent recorded for this person or these shoots."
                                   if person or self.state.group_releases else
                                   "Choose a person to see their consents.")
            item.setFlags(Qt.ItemFlag.NoItemFlags)
            self.consents.addItem(item)
        self._update_buttons()

    def _update_buttons(self) -> None:
        has_rows = bool(self.rows)
        has_person = self.current_person() is not None
        self.link_button.setEnabled(has_rows and has_person)
        self.unlink_button.setEnabled(has_rows and has_person)
        self.not_needed_button.setEnabled(has_rows)
        self.shows_people_button.setEnabled(has_rows)
        self.record_button.setEnabled(has_person)
        self.group_button.setEnabled(len({r.get("shoot") for r in self.rows}) == 1
                                     and bool(self.rows[0].get("shoot")) if self.rows else False)
        self.withdraw_button.setEnabled(self.current_consent() is not None)
        self.trace_button.setEnabled(self.current_consent() is not None)
        self.person_trace_button.setEnabled(has_person)

    # ------------------------------------------------------------------ actions
    def _run(self, fn, *args, done_message: str = "", **kwargs) -> workers.Task:
        def ok(_result) -> None:
            if done_message:
                self.window().statusBar().showMessage(done_message, 6000)
            self.host.refresh()
            self.reload()
        return workers.run(fn, self.host.library, *args, on_result=ok,
                           on_error=self._failed, owner=self, **kwargs)

    def _failed(self, exc: BaseException) -> None:
        text = str(exc) if isinstance(exc, CuratorError) else f"That did not work: {exc}"
        QMessageBox.warning(self, "People & consent", text)
        self.reload()

    def _ids(self) -> list[int]:
        return [r["id"] for r in self.rows]

    def add_person(self) -> PersonDialog:
        dialog = PersonDialog(self)
        dialog.accepted.connect(lambda: self._run(consent_ops.add_person, **dialog.fields(),
                                                  done_message="Person added"))
        dialog.open()
        self.dialog = dialog
        return dialog

    def link(self) -> None:
        pid = self.current_person()
        if pid is not None and self.rows:
            self._run(consent_ops.link, self._ids(), pid, done_message="Linked")

    def unlink(self) -> None:
        pid = self.current_person()
        if pid is not None and self.rows:
            self._run(consent_ops.unlink, self._ids(), pid, done_message="Unlinked")

    def set_identifiable(self, identifiable: bool) -> None:
        if self.rows:
            self._run(consent_ops.set_identifiable, self._ids(), identifiable)

    def record_consent(self) -> ConsentDialog | None:
        pid = self.current_person()
        person = next((p for p in self.state.people if p["id"] == pid), None)
        if person is None:
            return None
        dialog = ConsentDialog(person["label"], person["guardian"], self)
        dialog.accepted.connect(lambda: self._run(
            consent_ops.add_consent, person_id=pid, **dialog.fields(),
            done_message="Consent recorded"))
        dialog.open()
        self.dialog = dialog
        return dialog

    def record_group_release(self) -> ConsentDialog | None:
        if not self.rows or not self.rows[0].get("shoot"):
            return None
        shoot = self.rows[0]["shoot"]
        dialog = ConsentDialog(f"everyone photographed in “{shoot}” (group release)", None, self)
        dialog.accepted.connect(lambda: self._run(
            consent_ops.add_consent, shoot=shoot, **dialog.fields(),
            done_message="Group release recorded"))
        dialog.open()
        self.dialog = dialog
        return dialog

    def trace(self) -> QDialog | None:
        """Where the chosen consent's photos went (and its takedown notices)."""
        cid = self.current_consent()
        if cid is None:
            return None
        dialog = TraceDialog(self.host.library, consent_id=cid, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def trace_person(self) -> QDialog | None:
        """Where the photos of the chosen person went (and takedown notices)."""
        pid = self.current_person()
        if pid is None:
            return None
        label = self.people.currentItem().data(PERSON_LABEL_ROLE) or ""
        dialog = TraceDialog(self.host.library, person_id=pid, person=label, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.dialog = dialog
        return dialog

    def withdraw(self) -> None:
        """Show the trace first; withdraw only once the curator confirms."""
        cid = self.current_consent()
        if cid is None:
            return
        workers.run(consent_ops.withdrawal_preview, self.host.library, cid,
                    on_result=self._confirm_withdrawal, on_error=self._failed, owner=self)

    def _confirm_withdrawal(self, preview: dict) -> None:
        dialog = WithdrawDialog(preview, self)
        cid = preview["consent"]["id"]

        def confirmed() -> None:
            self._run(consent_ops.withdraw, cid, dialog.reason.text().strip() or None,
                      done_message=f"Consent #{cid} withdrawn")
        dialog.accepted.connect(confirmed)
        dialog.open()
        self.dialog: QDialog = dialog
