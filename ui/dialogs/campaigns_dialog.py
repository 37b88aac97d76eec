"""Campaigns (File ▸ Campaigns…): every campaign, and one campaign's name, year, theme,
dates, the topic of each day, hashtags, logo, description, link and events.

A small view over :mod:`curator.campaigns.records`: the list on the left, the form on the
right, saved in a worker; the core's message (a bad link, a day outside the dates, a name
already taken) is shown under the form and nothing is saved.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDateEdit,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from curator.campaigns.records import Campaign
from curator.errors import CuratorError
from curator.library import Library
from ui import workers
from ui.dates import date_of, to_qdate
from ui.models import campaign_ops as ops

CAMPAIGN_ROLE = Qt.ItemDataRole.UserRole + 1
DEFAULT_DAYS = 7  # an awareness week, until dates say otherwise



def campaign_line(c: Campaign) -> str:
    second = " · ".join(x for x in (c.dates_text(), c.theme and f"“{c.theme}”") if x)
    return f"{c.title}\n{second or 'no dates yet'}"


class CampaignsDialog(QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, parent: QWidget | None = None, *,
                 selection: list[int] | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Campaigns")
        self.library = library
        self.selection = list(selection or [])
        self.data: ops.CampaignsView | None = None
        self.current: Campaign | None = None
        self.logo: tuple[str, object] | None = None
        self.saving = False

        self.list = QListWidget()
        self.list.setAccessibleName("Campaigns")
        self.list.currentItemChanged.connect(lambda *_a: self._show_campaign())
        new = QPushButton("New Campaign")
        new.clicked.connect(lambda _c=False: self.new_campaign())
        left = QWidget()
        lv = QVBoxLayout(left)
        lv.setContentsMargins(0, 0, 0, 0)
        lv.addWidget(self.list, 1)
        lv.addWidget(new)

        self.name = QLineEdit()
        self.name.setAccessibleName("Name")
        self.name.setPlaceholderText("e.g. Infant Mental Health Awareness Week")
        self.year = QSpinBox()
        self.year.setRange(0, 2200)
        self.year.setSpecialValueText("from the dates")
        self.year.setAccessibleName("Year")
        self.theme = QLineEdit()
        self.theme.setPlaceholderText("e.g. Speak up for babies")
        self.dated = QCheckBox("Dates:")
        self.starts = QDateEdit()
        self.ends = QDateEdit()
        for edit, name in ((self.starts, "Starts"), (self.ends, "Ends")):
            edit.setCalendarPopup(True)
            edit.setDisplayFormat("d MMM yyyy")
            edit.setAccessibleName(name)
            edit.dateChanged.connect(lambda _d: self._dates_changed())
        self.dated.toggled.connect(lambda _on: self._dates_changed())
        dates = QHBoxLayout()
        dates.addWidget(self.dated)
        dates.addWidget(self.starts)
        dates.addWidget(QLabel("to"))
        dates.addWidget(self.ends)
        dates.addStretch()
        self.days = QTableWidget(0, 2)
        self.days.setHorizontalHeaderLabels(["Day", "Topic of the day"])
        self.days.verticalHeader().setVisible(False)
        self.days.verticalHeader().setDefaultSectionSize(self.fontMetrics().height() + 8)
        self.days.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents)
        self.days.horizontalHeader().setStretchLastSection(True)
        self.days.setAccessibleName("Day topics")
        self.days.setMinimumHeight(self.fontMetrics().height() * 12)
        self.hashtags = QLineEdit()
        self.hashtags.setPlaceholderText("#IMHAW24 #SpeakUpForBabies, or words: "
                                         "speak up for babies")
        self.hashtags.setAccessibleName("Hashtags")
        self.logo_text = QLabel()
        use_photo = QPushButton("Use Selected Photo")
        use_photo.setEnabled(bool(self.selection))
        use_photo.setToolTip("The photo selected in the library (import the logo as a photo)")
        use_photo.clicked.connect(lambda _c=False: self._set_logo(("image", self.selection[0])))
        use_file = QPushButton("Choose File…")
        use_file.setToolTip("A PNG or JPEG logo, copied into the library")
        use_file.clicked.connect(lambda _c=False: self._choose_logo_file())
        no_logo = QPushButton("No Logo")
        no_logo.clicked.connect(lambda _c=False: self._set_logo(None))
        logo = QHBoxLayout()
        logo.addWidget(self.logo_text, 1)
        for b in (use_photo, use_file, no_logo):
            logo.addWidget(b)
        self.description = QPlainTextEdit()
        self.description.setPlaceholderText("A few lines about the campaign")
        self.description.setFixedHeight(64)
        self.url = QLineEdit()
        self.url.setPlaceholderText("https://…")
        self.url.setAccessibleName("Link")
        self.events = QListWidget()
        self.events.setAccessibleName("Events")
        self.events.setFixedHeight(84)
        self.events.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

        form = QFormLayout()
        form.addRow("&Name:", self.name)
        form.addRow("&Year:", self.year)
        form.addRow("&Theme:", self.theme)
        form.addRow("", dates)
        form.addRow("Day topics:", self.days)
        form.addRow("&Hashtags:", self.hashtags)
        form.addRow("Logo:", logo)
        form.addRow("&Description:", self.description)
        form.addRow("&Link:", self.url)
        form.addRow("Events:", self.events)
        self.message = QLabel()
        self.message.setWordWrap(True)
        self.save_button = QPushButton("Save")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(lambda _c=False: self.save())
        bottom = QHBoxLayout()
        bottom.addWidget(self.message, 1)
        bottom.addWidget(self.save_button)
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(form)
        rv.addLayout(bottom)

        splitter = QSplitter()
        splitter.addWidget(left)
        splitter.addWidget(right)
        splitter.setSizes([260, 620])
        close = QPushButton("Close")
        close.clicked.connect(lambda _c=False: self.accept())
        v = QVBoxLayout(self)
        v.addWidget(splitter, 1)
        v.addWidget(close, alignment=Qt.AlignmentFlag.AlignRight)
        self.resize(920, 680)
        self.reload()

    # ------------------------------------------------------------------ loading
    def reload(self, select: int | None = None, message: str = "") -> None:
        workers.run(ops.campaigns_view, self.library,
                    on_result=lambda d: self._loaded(d, select, message),
                    on_error=self._failed, owner=self)

    def _loaded(self, data: ops.CampaignsView, select: int | None, message: str = "") -> None:
        try:
            self._show_loaded(data, select, message)
        finally:
            # A save is over only once the list shows what was saved: until then the form
            # would still be refilled from the reload (and a second Save could race it).
            self.saving = False
            self.save_button.setEnabled(True)

    def _show_loaded(self, data: ops.CampaignsView, select: int | None, message: str) -> None:
        self.data = data
        want = select if select is not None else (self.current.id if self.current else None)
        self.list.blockSignals(True)
        self.list.clear()
        chosen = None
        for c in data.campaigns:
            item = QListWidgetItem(campaign_line(c))
            item.setData(CAMPAIGN_ROLE, c.id)
            self.list.addItem(item)
            if c.id == want:
                chosen = item
        self.list.blockSignals(False)
        if chosen is None and self.list.count():
            chosen = self.list.item(0)
        if chosen is not None:
            self.list.setCurrentItem(chosen)
        self._show_campaign()
        if message:
            self.message.setText(message)

    def current_id(self) -> int | None:
        item = self.list.currentItem()
        return item.data(CAMPAIGN_ROLE) if item is not None else None

    def _show_campaign(self) -> None:
        if self.data is None:
            return
        cid = self.current_id()
        c = next((c for c in self.data.campaigns if c.id == cid), None)
        self.current = c
        self.message.setText("" if c or self.data.campaigns else
                             "No campaigns yet: fill in the form and Save to add one.")
        self.name.setText(c.name if c else "")
        self.year.setValue(c.year or 0 if c else date.today().year)
        self.theme.setText(c.theme or "" if c else "")
        self.dated.blockSignals(True)
        self.dated.setChecked(bool(c and c.starts_on))
        self.dated.blockSignals(False)
        start = c.starts_on if c and c.starts_on else date.today()
        self.starts.blockSignals(True)
        self.ends.blockSignals(True)
        self.starts.setDate(to_qdate(start))
        self.ends.setDate(to_qdate(c.ends_on if c and c.ends_on
                                 else start + timedelta(days=DEFAULT_DAYS - 1)))
        self.starts.blockSignals(False)
        self.ends.blockSignals(False)
        self._fill_days({d.day: d.topic for d in c.days} if c else {})
        self.hashtags.setText(" ".join(c.hashtags) if c else "")
        self.logo = ("keep", None) if c and (c.logo_image_id or c.logo_path) else None
        self._show_logo(c)
        self.description.setPlainText(c.description or "" if c else "")
        self.url.setText(c.url or "" if c else "")
        self.events.clear()
        linked = {e["id"] for e in c.events} if c else set()
        for e in self.data.events:
            item = QListWidgetItem(e["name"])
            item.setFlags(Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsUserCheckable)
            item.setCheckState(Qt.CheckState.Checked if e["id"] in linked
                               else Qt.CheckState.Unchecked)
            if e.get("campaign_id") and e["id"] not in linked:
                item.setToolTip("Part of another campaign: checking it moves it here")
            self.events.addItem(item)
        self._dates_changed()

    # ------------------------------------------------------------------ the form
    def _dates_changed(self) -> None:
        on = self.dated.isChecked()
        self.starts.setEnabled(on)
        self.ends.setEnabled(on)
        if on and self.ends.date() < self.starts.date():
            self.ends.setDate(self.starts.date())
        self._fill_days(self.topics())

    def _day_count(self) -> int:
        if self.dated.isChecked():
            return max(1, self.starts.date().daysTo(self.ends.date()) + 1)
        return DEFAULT_DAYS

    def _fill_days(self, topics: dict[int, str]) -> None:
        count = max(self._day_count(), max(topics, default=0))
        start = date_of(self.starts) if self.dated.isChecked() else None
        self.days.setRowCount(count)
        for n in range(1, count + 1):
            when = f"Day {n}"
            if start is not None:
                when += f" · {start + timedelta(days=n - 1):%a %d %b}"
            label = QTableWidgetItem(when)
            label.setFlags(Qt.ItemFlag.ItemIsEnabled)
            label.setData(Qt.ItemDataRole.UserRole, n)
            self.days.setItem(n - 1, 0, label)
            self.days.setItem(n - 1, 1, QTableWidgetItem(topics.get(n, "")))

    def topics(self) -> dict[int, str]:
        out = {}
        for r in range(self.days.rowCount()):
            topic = self.days.item(r, 1)
            if topic is not None and topic.text().strip():
                out[r + 1] = topic.text().strip()
        return out

    def _show_logo(self, c: Campaign | None = None) -> None:
        kind, value = self.logo if self.logo else ("none", None)
        if kind == "keep" and c is not None:
            text = (f"Photo #{c.logo_image_id}" if c.logo_image_id
                    else f"File {Path(c.logo_path or '').name}")
        elif kind == "image":
            text = f"Photo #{value} (not saved yet)"
        elif kind == "file":
            text = f"{Path(str(value)).name} (not saved yet)"
        else:
            text = "No logo"
        self.logo_text.setText(text)

    def _set_logo(self, logo: tuple[str, object] | None) -> None:
        self.logo = logo
        self._show_logo(self.current)

    def _choose_logo_file(self) -> None:
        path, _ = QFileDialog.getOpenFileName(self, "Campaign logo", "",
                                              "Images (*.png *.jpg *.jpeg)")
        if path:
            self._set_logo(("file", path))

    def form(self) -> ops.CampaignForm:
        # the core splits "#A #B, some words" into #A, #B, #SomeWords
        tags = [self.hashtags.text()] if self.hashtags.text().strip() else []
        return ops.CampaignForm(
            name=self.name.text(), year=self.year.value() or None, theme=self.theme.text(),
            starts_on=date_of(self.starts) if self.dated.isChecked() else None,
            ends_on=date_of(self.ends) if self.dated.isChecked() else None,
            days=self.topics(), hashtags=tags, description=self.description.toPlainText(),
            url=self.url.text().strip(), logo=self.logo,
            events=[self.events.item(r).text() for r in range(self.events.count())
                    if self.events.item(r).checkState() == Qt.CheckState.Checked])

    # ------------------------------------------------------------------ actions
    def new_campaign(self) -> None:
        self.list.blockSignals(True)
        self.list.setCurrentItem(None)
        self.list.clearSelection()
        self.list.blockSignals(False)
        self._show_campaign()
        self.message.setText("A new campaign: fill in the form and Save.")
        self.name.setFocus()

    def save(self) -> None:
        cid = self.current.id if self.current else None
        self.saving = True
        self.save_button.setEnabled(False)
        self.message.setText("Saving…")
        workers.run(ops.save_campaign, self.library, cid, self.form(),
                    on_result=self._saved, on_error=self._failed, owner=self)

    def _saved(self, campaign: Campaign) -> None:
        self.current = campaign
        self.reload(campaign.id, f"Saved {campaign.title}.")

    def _failed(self, exc: BaseException) -> None:
        self.saving = False
        self.save_button.setEnabled(True)
        self.message.setText(str(exc) if isinstance(exc, CuratorError)
                             else f"That did not work: {exc}")
