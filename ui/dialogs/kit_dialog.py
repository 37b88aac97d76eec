"""A partner's comms kit (beside the pack dialog): a campaign, a licence and a selection
(this exhibition, or the photos selected in the library), planned by the core before
anything is written (:func:`curator.export.kit.plan.plan_kit`, in a worker); for each photo
a preview of every social crop (1:1, 4:5, 9:16, 1.91:1) on which the curator drags the
focus point, and its post texts, editable, with each platform's count against its limit
as they type; then the kit written in a worker with progress, Cancel and Show in Folder.

The plan is plain data: moving a focus point (:meth:`KitPlan.move_focus`) and checking a
post (:meth:`KitPlan.edit_post`) are arithmetic on the GUI thread; pixels are only read in
the thumbnail workers (the previews) and when the kit is written.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPointF, QRectF, QSize, Qt, QUrl, Signal
from PySide6.QtGui import (
    QColor,
    QDesktopServices,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPen,
    QPixmap,
)
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QRadioButton,
    QSizePolicy,
    QSplitter,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.export.kit import platforms as pf
from curator.export.kit.crops import ASPECTS, Aspect, CropBox
from curator.export.kit.plan import KitImage
from curator.library import Library
from ui import workers
from ui.dialogs.export_job import ExportJobMixin
from ui.models import kit_ops as ops
from ui.thumbnails import ThumbnailCache

IMAGE_ROLE = Qt.ItemDataRole.UserRole + 1
OVER = QColor("#c62828")


class CropPreview(QWidget):
    """The whole photo, dimmed outside one shape's crop, with the focus point; a click or
    a drag puts the focus point there (``focus_moved`` with fractions of the photo)."""

    focus_moved = Signal(float, float)

    def __init__(self, aspect: Aspect, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.aspect = aspect
        self.pixmap: QPixmap | None = None
        self.size_px: tuple[int, int] = (1, 1)
        self.box: CropBox | None = None
        self.focus = (0.5, 0.5)
        self.active = False
        self.setMinimumSize(150, 150)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Expanding)
        self.setCursor(Qt.CursorShape.CrossCursor)
        self.setAccessibleName(f"{aspect.label} crop")
        self.setToolTip(f"{aspect.label} · {aspect.width}×{aspect.height} px — "
                        f"{aspect.use}. Click or drag to move the focus point.")

    def show_image(self, pixmap: QPixmap | None, size: tuple[int, int], box: CropBox | None,
                   focus: tuple[float, float], active: bool) -> None:
        self.pixmap, self.size_px, self.box, self.focus = pixmap, size, box, focus
        self.active = active
        self.update()

    def sizeHint(self) -> QSize:
        return QSize(200, 200)

    def photo_rect(self) -> QRectF:
        w, h = self.size_px
        area = QRectF(self.rect()).adjusted(4, 4, -4, -4)
        scale = min(area.width() / max(1, w), area.height() / max(1, h))
        pw, ph = w * scale, h * scale
        return QRectF(area.x() + (area.width() - pw) / 2, area.y() + (area.height() - ph) / 2,
                      pw, ph)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.fillRect(self.rect(), QColor("#262626"))
        if not self.active:
            painter.setPen(QColor("#bbbbbb"))
            painter.drawText(self.rect(), Qt.AlignmentFlag.AlignCenter, "—")
            return
        photo = self.photo_rect()
        if self.pixmap is not None and not self.pixmap.isNull():
            painter.drawPixmap(photo, self.pixmap, QRectF(self.pixmap.rect()))
        else:
            painter.fillRect(photo, QColor("#555555"))
        k = photo.width() / max(1, self.size_px[0])
        if self.box is None:
            painter.fillRect(photo, QColor(0, 0, 0, 170))
            painter.setPen(QColor("white"))
            painter.drawText(photo.adjusted(8, 8, -8, -8),
                             Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap,
                             f"Too small for {self.aspect.width}×{self.aspect.height}: "
                             "left out of this size (never enlarged)")
        else:
            crop = QRectF(photo.x() + self.box.x * k, photo.y() + self.box.y * k,
                          self.box.width * k, self.box.height * k)
            outside = QPainterPath()
            outside.addRect(photo)
            inner = QPainterPath()
            inner.addRect(crop)
            painter.fillPath(outside.subtracted(inner), QColor(0, 0, 0, 150))
            painter.setPen(QPen(QColor("white"), 1.5))
            painter.setBrush(Qt.BrushStyle.NoBrush)
            painter.drawRect(crop)
        centre = QPointF(photo.x() + self.focus[0] * photo.width(),
                         photo.y() + self.focus[1] * photo.height())
        painter.setPen(QPen(QColor("black"), 3))
        painter.drawEllipse(centre, 7, 7)
        painter.setPen(QPen(QColor("#ffd54f"), 2))
        painter.drawEllipse(centre, 7, 7)
        painter.drawLine(centre + QPointF(-11, 0), centre + QPointF(11, 0))
        painter.drawLine(centre + QPointF(0, -11), centre + QPointF(0, 11))

    def _move(self, event: QMouseEvent) -> None:
        if not self.active:
            return
        photo = self.photo_rect()
        p = event.position()
        fx = min(1.0, max(0.0, (p.x() - photo.x()) / max(1.0, photo.width())))
        fy = min(1.0, max(0.0, (p.y() - photo.y()) / max(1.0, photo.height())))
        self.focus_moved.emit(fx, fy)

    def mousePressEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self._move(event)

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        if event.buttons() & Qt.MouseButton.LeftButton:
            self._move(event)


class PostEditor(QWidget):
    """One platform's post: the text and its count against the limit, live."""

    def __init__(self, platform: pf.Platform, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.platform = platform
        self.text = QPlainTextEdit()
        self.text.setAccessibleName(f"{platform.name} post")
        self.counter = QLabel()
        self.counter.setAccessibleName(f"{platform.name} count")
        self.note = QLabel()
        self.note.setWordWrap(True)
        self.text.textChanged.connect(self._count)
        row = QHBoxLayout()
        row.addWidget(self.note, 1)
        row.addWidget(self.counter)
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        v.addWidget(self.text, 1)
        v.addLayout(row)

    def show_text(self, text: str, note: str | None) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self._count(note)

    def length(self) -> int:
        return pf.count(self.text.toPlainText(), self.platform)

    def _count(self, note: str | None = None) -> None:
        n, limit = self.length(), self.platform.post_limit
        tags = len(pf.hashtags_in(self.text.toPlainText()))
        over_tags = self.platform.max_hashtags is not None and tags > self.platform.max_hashtags
        text = f"{n:,} / {limit:,}"
        if self.platform.max_hashtags is not None:
            text += f" · {tags} / {self.platform.max_hashtags} hashtags"
        self.counter.setText(text)
        over = n > limit or over_tags
        self.counter.setStyleSheet(f"color: {OVER.name()}; font-weight: bold;" if over else "")
        if over:
            self.note.setText("Over the limit: it will be shortened at a word boundary "
                              "when the kit is written.")
        elif isinstance(note, str):
            self.note.setText(note)
        elif self.text.hasFocus():
            self.note.setText("")


class AltTextEditor(QWidget):
    """The photo's alt text for the kit, counted against each platform's alt-text limit."""

    PLATFORMS = tuple(p for p in pf.PLATFORMS if p.alt_limit is not None)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.text = QPlainTextEdit()
        self.text.setAccessibleName("Alt text")
        self.text.setPlaceholderText("What the picture shows, for people who cannot see it")
        self.counter = QLabel()
        self.counter.setWordWrap(True)
        self.text.textChanged.connect(self._count)
        v = QVBoxLayout(self)
        v.setContentsMargins(4, 4, 4, 4)
        v.addWidget(self.text, 1)
        v.addWidget(self.counter)

    def show_text(self, text: str) -> None:
        self.text.blockSignals(True)
        self.text.setPlainText(text)
        self.text.blockSignals(False)
        self._count()

    def _count(self) -> None:
        n = pf.count_alt(self.text.toPlainText())
        parts = []
        for p in self.PLATFORMS:
            part = f"{p.name} {n:,} / {p.alt_limit:,}"
            if p.alt_recommended:
                part += " (recommended)"
            if n > (p.alt_limit or 0):
                part = f"<span style='color:{OVER.name()}; font-weight:bold'>{part}</span>"
            parts.append(part)
        self.counter.setText(" · ".join(parts))


class KitDialog(ExportJobMixin, QDialog):
    """See the module docstring."""

    def __init__(self, library: Library, previews: ThumbnailCache, *,
                 exhibition: dict | None = None, selection: list[int] | None = None,
                 thumbs: ThumbnailCache | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Make a comms kit for a partner")
        self.thumbs = thumbs
        self.library = library
        self.previews = previews
        self.exhibition = exhibition
        self.selection = list(selection or [])
        self.planned: ops.PlannedKit | None = None
        self.focus_moved: dict[int, tuple[float, float]] = {}
        self.current: KitImage | None = None
        self._serial = 0

        self.campaign = QComboBox()
        self.campaign.setAccessibleName("Campaign")
        self.licence = QComboBox()
        self.licence.setAccessibleName("Licence")
        self.from_exhibition = QRadioButton(
            f"This exhibition: {exhibition['title']}" if exhibition else "This exhibition")
        self.from_exhibition.setEnabled(exhibition is not None)
        self.from_selection = QRadioButton(
            f"The photos selected in the library ({len(self.selection)})")
        self.from_selection.setEnabled(bool(self.selection))
        self.source = QButtonGroup(self)
        self.source.addButton(self.from_exhibition)
        self.source.addButton(self.from_selection)
        (self.from_exhibition if exhibition is not None else self.from_selection).setChecked(True)
        self.days = QCheckBox("Deal the photos to the campaign's days (day 1, day 2 …)")
        self.days.setToolTip("Each post then names its day's topic")
        self.folder = QLineEdit(str(library.exports / "kits"))
        browse = QPushButton("Choose…")
        browse.clicked.connect(lambda _c=False: self._browse())
        frow = QHBoxLayout()
        frow.addWidget(self.folder, 1)
        frow.addWidget(browse)
        sources = QVBoxLayout()
        sources.addWidget(self.from_exhibition)
        sources.addWidget(self.from_selection)
        form = QFormLayout()
        form.addRow("&Campaign:", self.campaign)
        form.addRow("&Licence:", self.licence)
        form.addRow("Photos:", sources)
        form.addRow("", self.days)
        form.addRow("Into folder:", frow)
        for w in (self.campaign, self.licence):
            w.currentIndexChanged.connect(lambda _i: self.replan())
        self.source.buttonToggled.connect(lambda _b, on: self.replan() if on else None)
        self.days.toggled.connect(lambda _on: self.replan())

        self.summary = QLabel("Loading campaigns and licences…")
        self.summary.setWordWrap(True)
        self.images = QListWidget()
        self.images.setAccessibleName("Kit photos")
        self.images.setIconSize(QSize(48, 48))
        self.images.currentItemChanged.connect(lambda *_a: self._show_image())
        self.crops = {a.key: CropPreview(a) for a in ASPECTS}
        crops_row = QHBoxLayout()
        for a in ASPECTS:
            box = QVBoxLayout()
            title = QLabel(f"<b>{a.label}</b> {a.width}×{a.height}")
            title.setToolTip(a.use)
            box.addWidget(title, alignment=Qt.AlignmentFlag.AlignHCenter)
            box.addWidget(self.crops[a.key], 1)
            crops_row.addLayout(box, 1)
            self.crops[a.key].focus_moved.connect(self.move_focus)
        self.focus_hint = QLabel("Drag on any crop to put the focus point where the picture "
                                 "matters: every crop follows it. Applies to this photo.")
        self.focus_hint.setWordWrap(True)
        self.posts = QTabWidget()
        self.post_editors = {p.key: PostEditor(p) for p in pf.PLATFORMS}
        for p in pf.PLATFORMS:
            self.posts.addTab(self.post_editors[p.key], p.name)
        self.alt_editor = AltTextEditor()
        self.posts.addTab(self.alt_editor, "Alt text")
        right = QWidget()
        rv = QVBoxLayout(right)
        rv.setContentsMargins(0, 0, 0, 0)
        rv.addLayout(crops_row, 3)
        rv.addWidget(self.focus_hint)
        rv.addWidget(self.posts, 2)
        split = QSplitter()
        split.addWidget(self.images)
        split.addWidget(right)
        split.setSizes([230, 770])
        self.warnings = QListWidget()
        self.warnings.setAccessibleName("Kit warnings")
        self.warnings.setWordWrap(True)
        self.warnings.setMaximumHeight(90)
        self.status = QLabel()
        self.status.setWordWrap(True)
        buttons = self._job_controls("Write Kit", "Show in Folder", self.show_in_folder,
                                     self.status)
        self.export_button.setEnabled(False)

        v = QVBoxLayout(self)
        v.addLayout(form)
        v.addWidget(self.summary)
        v.addWidget(split, 1)
        v.addWidget(self.warnings)
        v.addWidget(self.progress)
        v.addWidget(self.status)
        v.addLayout(buttons)
        self.resize(1100, 860)
        previews.ready.connect(self._preview_ready)
        if thumbs is not None:
            thumbs.ready.connect(self._thumb_ready)
        workers.run(ops.kit_choices, library, on_result=self._choices, on_error=self._failed,
                    owner=self)

    # ------------------------------------------------------------------ planning
    def _choices(self, choices: ops.KitChoices) -> None:
        for w in (self.campaign, self.licence):
            w.blockSignals(True)
        for c in choices.campaigns:
            self.campaign.addItem(c.title + (f" — “{c.theme}”" if c.theme else ""), c.id)
        for lic in choices.licences:
            if lic.superseded_by is None:
                self.licence.addItem(f"{lic.partner} · #{lic.id} {lic.name} v{lic.version} · "
                                     f"{', '.join(lic.uses)} · until {lic.expires_on}", lic.id)
        for w in (self.campaign, self.licence):
            w.blockSignals(False)
        if not self.campaign.count():
            self.summary.setText("No campaign yet: add one in File ▸ Campaigns… first.")
        elif not self.licence.count():
            self.summary.setText("No licence yet: add a partner and a licence in File ▸ "
                                 "Partners… first.")
        self.replan()

    def replan(self) -> None:
        campaign, licence = self.campaign.currentData(), self.licence.currentData()
        if campaign is None or licence is None or self.task is not None:
            return
        self._serial += 1
        serial = self._serial
        self.export_button.setEnabled(False)
        self.summary.setText("Checking clearance and planning the crops and posts…")
        exhibition = self.exhibition["id"] if (self.exhibition is not None
                                               and self.from_exhibition.isChecked()) else None
        workers.run(ops.plan, self.library, campaign, licence,
                    None if exhibition is not None else self.selection, exhibition,
                    self.days.isChecked(),
                    on_result=lambda p: self._planned(serial, p),
                    on_error=lambda exc: self._plan_failed(serial, exc), owner=self)

    def _planned(self, serial: int, planned: ops.PlannedKit) -> None:
        if serial != self._serial:
            return
        self._store_posts()
        self.current = None  # its texts belong to the old plan
        self.planned = planned
        kit = planned.plan
        for image_id, point in self.focus_moved.items():
            if image_id in kit.included:
                kit.move_focus(image_id, point)
        n, left = len(kit.included), len(kit.excluded)
        parts = []
        if kit.aspects:
            parts.append(f"{len(kit.aspects)} crops and the posts of each")
        if kit.posters:
            parts.append("a poster each")
        self.summary.setText(
            f"Nothing has been written yet. <b>{n} photo{'s' if n != 1 else ''} for "
            f"{_html(kit.licence.partner)}</b>" + (f" ({', '.join(parts)})" if parts else "")
            + (f"; {left} left out (see below)." if left else "."))
        self.warnings.clear()
        for e in kit.excluded:
            self.warnings.addItem(f"Photo #{e['image_id']} left out: {' '.join(e['reasons'])}")
        self.warnings.addItems(kit.all_warnings())
        self.images.blockSignals(True)
        self.images.clear()
        for item in kit.images:
            line = f"#{item.image_id}"
            if item.post and item.post.day:
                line += f" · day {item.post.day}"
                if item.post.topic:
                    line += f"\n{item.post.topic}"
            row = QListWidgetItem(line)
            row.setData(IMAGE_ROLE, item.image_id)
            if self.thumbs is not None:
                pixmap = self.thumbs.get(planned.sha256[item.image_id], item.image_id)
                if pixmap is not None:
                    row.setIcon(pixmap)
            self.images.addItem(row)
        self.images.blockSignals(False)
        if self.images.count():
            self.images.setCurrentRow(0)
        else:
            self.current = None
            self._show_image()
        self.export_button.setEnabled(bool(kit.included))

    def _plan_failed(self, serial: int, exc: BaseException) -> None:
        if serial != self._serial:
            return
        self.planned = None
        self.images.clear()
        self.current = None
        self._show_image()
        self.summary.setText(str(exc) if isinstance(exc, CuratorError)
                             else f"The kit cannot be planned: {exc}")

    # ------------------------------------------------------------------ one photo
    def _show_image(self) -> None:
        self._store_posts()
        item = self.images.currentItem()
        kit = self.planned.plan if self.planned else None
        self.current = kit.image(item.data(IMAGE_ROLE)) if (kit and item) else None
        self._show_crops()
        post = self.current.post if self.current else None
        self.posts.setEnabled(post is not None)
        for key, editor in self.post_editors.items():
            text = post.texts.get(key) if post else None
            editor.show_text(text.text if text else "",
                             f"Shortened: {text.shortened}." if text and text.shortened
                             else "")
        alts = list(post.alts.values()) if post else []
        self.alt_editor.show_text(max((a.text for a in alts), key=len, default=""))

    def _pixmap(self) -> QPixmap | None:
        if self.current is None or self.planned is None:
            return None
        sha = self.planned.sha256.get(self.current.image_id)
        return self.previews.get(sha, self.current.image_id) if sha else None

    def _show_crops(self) -> None:
        item = self.current
        pixmap = self._pixmap()
        for key, preview in self.crops.items():
            if item is None or key not in item.crops:
                preview.show_image(None, (1, 1), None, (0.5, 0.5), False)
            else:
                preview.show_image(pixmap, item.size, item.crops[key], item.focus, True)

    def _preview_ready(self, sha: str) -> None:
        if self.current is not None and self.planned is not None \
                and self.planned.sha256.get(self.current.image_id) == sha:
            self._show_crops()

    def _thumb_ready(self, sha: str) -> None:
        if self.planned is None or self.thumbs is None:
            return
        for r in range(self.images.count()):
            row = self.images.item(r)
            if self.planned.sha256.get(row.data(IMAGE_ROLE)) == sha:
                pixmap = self.thumbs.peek(sha)
                if pixmap is not None:
                    row.setIcon(pixmap)

    def move_focus(self, fx: float, fy: float) -> None:
        if self.current is None or self.planned is None or self.task is not None:
            return
        point = (round(fx, 4), round(fy, 4))
        self.current = self.planned.plan.move_focus(self.current.image_id, point)
        self.focus_moved[self.current.image_id] = point
        self._show_crops()

    def _store_posts(self) -> None:
        """The texts as the curator left them, checked into the plan."""
        item, kit = self.current, self.planned.plan if self.planned else None
        if item is None or kit is None or item.post is None:
            return
        for key, editor in self.post_editors.items():
            text = editor.text.toPlainText()
            if key in item.post.texts and text != item.post.texts[key].text:
                kit.edit_post(item.image_id, key, text)
        alt = self.alt_editor.text.toPlainText()
        shown = max((a.text for a in item.post.alts.values()), key=len, default="")
        if alt != shown:  # the curator's alt text, checked against each platform's limit
            for key in AltTextEditor.PLATFORMS:
                kit.edit_post(item.image_id, key.key, alt, alt=True)

    # ------------------------------------------------------------------ writing
    def start(self) -> None:
        if self.planned is None or not self.planned.plan.included:
            return
        self._store_posts()
        out = Path(self.folder.text()).expanduser()
        for w in (self.campaign, self.licence, self.from_exhibition, self.from_selection,
                  self.days, self.posts):
            w.setEnabled(False)
        self._run_job("Writing the kit…", ops.write, self.library, self.planned.plan, out,
                      dict(self.focus_moved), on_done=self._done,
                      on_failed=self._unlock,
                      progress_text=lambda done, total, what: (
                          f"{done} of {total}: {what}" if what else f"{done} of {total}"),
                      failure="The kit failed")

    def _unlock(self) -> None:
        for w in (self.campaign, self.licence, self.days, self.posts):
            w.setEnabled(True)
        self.from_exhibition.setEnabled(self.exhibition is not None)
        self.from_selection.setEnabled(bool(self.selection))

    def _done(self, result) -> None:
        self.status.setText(
            f"Kit {result.kit_id}: {len(result.included)} photo(s), {result.crops} crop(s), "
            f"{result.posts} post(s), {result.posters} poster(s) written to {result.kit}")
        if result.warnings:
            self.warnings.addItems(result.warnings)

    def show_in_folder(self) -> None:
        if self.result is not None and self.result.kit is not None:
            QDesktopServices.openUrl(QUrl.fromLocalFile(str(Path(self.result.kit).parent)))

    def _browse(self) -> None:
        folder = QFileDialog.getExistingDirectory(self, "Write the kit into", self.folder.text())
        if folder:
            self.folder.setText(folder)

    def _failed(self, exc: BaseException) -> None:
        self.summary.setText(str(exc) if isinstance(exc, CuratorError)
                             else f"That did not work: {exc}")


def _html(text: str | None) -> str:
    return (text or "").replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
