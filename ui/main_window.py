"""The main window: sidebar filters · thumbnail grid · inspector, with menus and shortcuts."""

from __future__ import annotations

from pathlib import Path

import platformdirs
from PySide6.QtCore import QByteArray, QItemSelectionModel, QSettings, QSize, Qt, QTimer
from PySide6.QtGui import (
    QAction,
    QActionGroup,
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QKeySequence,
    QUndoStack,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QListView,
    QMainWindow,
    QMessageBox,
    QSlider,
    QSplitter,
    QStackedWidget,
    QTabWidget,
    QVBoxLayout,
    QWidget,
)

from curator.errors import CuratorError
from curator.export import renditions
from curator.library import Library
from curator.removal import RemovalPlan, RemovalReport
from curator.samples.library import ensure_sample_library
from curator.search.query import ImageFilter
from curator.tagging.edits import TagEdit
from ui import preferences, theme, workers
from ui.commands import EDITS_POOL, TagCommand
from ui.delegates.thumbnail_delegate import ThumbnailDelegate
from ui.dialogs.about_dialog import AboutDialog
from ui.dialogs.campaigns_dialog import CampaignsDialog
from ui.dialogs.import_dialog import ImportDialog, local_paths
from ui.dialogs.partners_dialog import PartnersDialog
from ui.dialogs.preferences_dialog import PreferencesDialog
from ui.dialogs.remove_dialog import RemoveDialog
from ui.dialogs.trace_dialog import TraceDialog
from ui.mode_drag import SpringLoadedModes
from ui.models.image_model import ImageListModel
from ui.models.queries import (
    GridData,
    load_facets,
    load_grid,
    load_rows,
    removal_plan,
    remove_photos,
)
from ui.panels.calendar_view import CalendarView
from ui.panels.consent_panel import ConsentPanel
from ui.panels.empty_state import EmptyState
from ui.panels.exhibition_editor import ExhibitionEditor
from ui.panels.inspector import Inspector
from ui.panels.sidebar import Sidebar
from ui.thumbnails import ThumbnailCache
from ui.viewer import Viewer

EMPTY_PAGE, GRID_PAGE = 0, 1
LOADING = "Loading…"


def sample_library_dir() -> Path:
    """Where "Open sample library" builds the demo library."""
    return Path(platformdirs.user_data_dir("Curator", appauthor=False)) / "Sample Library"


class GridView(QListView):
    """The thumbnail grid: icon mode, uniform cells, batched layout for big libraries."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setViewMode(QListView.ViewMode.IconMode)
        self.setResizeMode(QListView.ResizeMode.Adjust)
        self.setMovement(QListView.Movement.Static)
        self.setUniformItemSizes(True)
        self.setLayoutMode(QListView.LayoutMode.Batched)
        self.setBatchSize(500)
        self.setSpacing(4)
        self.setSelectionMode(QAbstractItemView.SelectionMode.ExtendedSelection)
        self.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.verticalScrollBar().setSingleStep(24)
        self.setMouseTracking(True)
        self.setWordWrap(False)
        self.setAccessibleName("Photos")
        # Photos are dragged out (over the Exhibitions tab, into a sequence), never moved.
        self.setDragEnabled(True)
        self.setDragDropMode(QAbstractItemView.DragDropMode.DragOnly)
        self.setDefaultDropAction(Qt.DropAction.CopyAction)


class MainWindow(QMainWindow):
    """One library at a time; everything it does goes through the core, off the GUI thread."""

    def __init__(self, library: Library, settings: QSettings | None = None,
                 sample_dir: Path | None = None) -> None:
        super().__init__()
        self.settings = settings or QSettings()
        self.sample_dir = sample_dir or sample_library_dir()
        self.library = library
        self.filter = ImageFilter()
        self.undo_stack = QUndoStack(self)
        self._refresh_task: workers.Task | None = None
        self._refresh_again = False
        self._sample_task: workers.Task | None = None
        self._keep_selection: list[int] = []
        self._removal_task: workers.Task | None = None
        self.last_data: GridData | None = None  # the last complete refresh (rows + counts)
        self._total = 0  # photos in the library, as the last refresh found

        self.thumbs = ThumbnailCache(capacity=1500, threads=2, kind="thumb", parent=self)
        self.previews = ThumbnailCache(capacity=12, threads=1, kind="preview", parent=self)
        self.model = ImageListModel(self.thumbs, self)
        self.delegate = ThumbnailDelegate(self, thumb_size=int(
            self.settings.value("grid/thumb_size", 176)))

        self.setAcceptDrops(True)
        # An export's render processes yield the CPU to this window (the pack tick test).
        renditions.set_worker_nice(10)
        theme.apply(theme.saved(self.settings))
        self._build_widgets()
        self._build_actions()
        self._restore_state()
        self.open_library(library)

    # ------------------------------------------------------------------ building
    def _build_widgets(self) -> None:
        self.sidebar = Sidebar()
        self.sidebar.filter_changed.connect(self.set_filter)
        self.grid = GridView()
        self.grid.setModel(self.model)
        self.grid.setItemDelegate(self.delegate)
        self.grid.selectionModel().selectionChanged.connect(self._selection_changed)
        self.grid.doubleClicked.connect(lambda _i: self.open_viewer())

        self.count_label = QLabel()
        self.count_label.setAccessibleName("Photo count")
        self.size_slider = QSlider(Qt.Orientation.Horizontal)
        self.size_slider.setRange(96, 320)
        self.size_slider.setSingleStep(16)
        self.size_slider.setPageStep(32)
        self.size_slider.setValue(self.delegate.thumb_size)
        self.size_slider.setFixedWidth(160)
        self.size_slider.setAccessibleName("Thumbnail size")
        self.size_slider.setToolTip("Thumbnail size (Ctrl+Plus / Ctrl+Minus)")
        self.size_slider.valueChanged.connect(self.set_thumb_size)
        bar = QHBoxLayout()
        bar.setContentsMargins(8, 2, 8, 4)
        bar.addWidget(self.count_label)
        bar.addStretch()
        small, big = QLabel("▫"), QLabel("◻")
        small.setToolTip("Smaller thumbnails")
        big.setToolTip("Larger thumbnails")
        bar.addWidget(small)
        bar.addWidget(self.size_slider)
        bar.addWidget(big)
        grid_page = QWidget()
        v = QVBoxLayout(grid_page)
        v.setContentsMargins(0, 0, 0, 0)
        v.setSpacing(0)
        v.addWidget(self.grid)
        v.addLayout(bar)

        self.empty = EmptyState()
        self.empty.import_requested.connect(self.import_photos)
        self.empty.sample_requested.connect(self.open_sample_library)
        self.empty.cancel_requested.connect(self._cancel_sample)
        self.pages = QStackedWidget()
        self.pages.addWidget(self.empty)
        self.pages.addWidget(grid_page)

        self.inspector = Inspector(self.previews, self.thumbs)
        self.inspector.preview.setFixedHeight(preferences.load(self.settings).preview_height)
        self.inspector.edit_requested.connect(self.apply_edit)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.sidebar)
        self.splitter.addWidget(self.pages)
        self.consent_panel = ConsentPanel(self)
        self.side_tabs = QTabWidget()
        self.side_tabs.setAccessibleName("Inspector and consent")
        self.side_tabs.addTab(self.inspector, "Inspector")
        self.side_tabs.addTab(self.consent_panel, "People && consent")
        self.side_tabs.currentChanged.connect(lambda _i: self._selection_changed())
        self.splitter.addWidget(self.side_tabs)
        self.splitter.setStretchFactor(0, 0)
        self.splitter.setStretchFactor(1, 1)
        self.splitter.setStretchFactor(2, 0)
        self.splitter.setSizes([330, 640, 360])  # event names are long: a wide sidebar
        self.splitter.setChildrenCollapsible(False)
        # Modes, as Lightroom's modules: the library, and the exhibitions built from it.
        self.exhibition_editor = ExhibitionEditor(self, self.model, self.grid.selectionModel())
        self.modes = QTabWidget()
        self.modes.setDocumentMode(True)
        self.modes.setAccessibleName("Modes")
        self.modes.addTab(self.splitter, "Library")
        self.modes.addTab(self.exhibition_editor, "Exhibitions")
        self.modes.setTabToolTip(1, "Drag photos from the grid over this tab to put them "
                                    "in the open exhibition's sequence")
        self.spring_modes = SpringLoadedModes(self.modes)
        # What drops out, where and when; its badge counts what falls within 30 days.
        self.calendar_view = CalendarView(self)
        self.calendar_view.images_requested.connect(self.show_images)
        self.calendar_view.exhibition_requested.connect(self.open_exhibition)
        self.calendar_view.soon_changed.connect(self._calendar_badge)
        self.modes.addTab(self.calendar_view, "Calendar")
        self.calendar_badge = QLabel()
        self.calendar_badge.setAccessibleName("Calendar entries within 30 days")
        self.statusBar().addPermanentWidget(self.calendar_badge)
        self.setCentralWidget(self.modes)
        self.resize(1300, 820)

    def _action(self, text: str, slot, shortcut=None, tip: str = "") -> QAction:
        action = QAction(text, self)
        if shortcut is not None:
            if isinstance(shortcut, list):
                action.setShortcuts(shortcut)
            else:
                action.setShortcut(shortcut)
        if tip:
            action.setStatusTip(tip)
            action.setToolTip(tip)
        action.triggered.connect(lambda _checked=False: slot())
        self.addAction(action)
        return action

    def _build_actions(self) -> None:
        K = QKeySequence.StandardKey
        self.import_action = self._action("&Import Photos…", self.import_photos,
                                          QKeySequence("Ctrl+I"),
                                          "Copy a shoot's pictures into this library")
        self.open_action = self._action("&Open Library…", self.choose_library, K.Open,
                                        "Open another library folder")
        self.sample_action = self._action("Open &Sample Library", self.open_sample_library,
                                          tip="A demo library of generated pictures")
        self.quit_action = self._action("&Quit", self.close, K.Quit)
        self.undo_action = self.undo_stack.createUndoAction(self, "&Undo")
        self.undo_action.setShortcuts([QKeySequence("Ctrl+Z")])
        self.redo_action = self.undo_stack.createRedoAction(self, "&Redo")
        self.redo_action.setShortcuts([QKeySequence("Ctrl+Shift+Z"), QKeySequence("Ctrl+Y")])
        self.select_all_action = self._action("Select &All", self.grid.selectAll, K.SelectAll)
        self.select_none_action = self._action("Select &None", self.grid.clearSelection,
                                               QKeySequence("Ctrl+Shift+A"))
        self.search_action = self._action("&Find…", self.focus_search, K.Find,
                                          "Search captions, keywords and file names")
        self.clear_filters_action = self._action("&Show All Photos", self.sidebar.clear,
                                                 QKeySequence("Ctrl+Shift+F"))
        self.view_action = self._action("&View Photo", self.open_viewer,
                                        [QKeySequence("Space"), QKeySequence("Return")],
                                        "Open the selected photos in the viewer")
        self.view_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.grid.addAction(self.view_action)
        self.bigger_action = self._action("&Larger Thumbnails",
                                          lambda: self.size_slider.setValue(
                                              self.size_slider.value() + 32), K.ZoomIn)
        self.smaller_action = self._action("S&maller Thumbnails",
                                           lambda: self.size_slider.setValue(
                                               self.size_slider.value() - 32), K.ZoomOut)
        self.refresh_action = self._action("&Refresh", self.refresh, K.Refresh)
        self.sidebar_action = QAction("Show &Filters", self, checkable=True, checked=True)
        self.sidebar_action.toggled.connect(
            lambda on: self.sidebar.setVisible(on and self.pages.currentIndex() == GRID_PAGE))
        self.inspector_action = QAction("Show &Inspector", self, checkable=True, checked=True)
        self.inspector_action.toggled.connect(
            lambda on: self.side_tabs.setVisible(on and self.pages.currentIndex() == GRID_PAGE))
        self.about_action = self._action("&About Curator", self.about)
        self.preferences_action = self._action("&Preferences…", self.edit_preferences,
                                               QKeySequence.StandardKey.Preferences)
        self.preferences_action.setMenuRole(QAction.MenuRole.PreferencesRole)
        self.consent_tab_action = self._action(
            "&People && Consent", lambda: (self.inspector_action.setChecked(True),
                                           self.side_tabs.setCurrentWidget(self.consent_panel)),
            QKeySequence("Ctrl+K"), "Who is in the selected photos, and their releases")
        self.inspector_tab_action = self._action(
            "I&nspector", lambda: (self.inspector_action.setChecked(True),
                                   self.side_tabs.setCurrentWidget(self.inspector)),
            QKeySequence("Ctrl+Shift+I"), "Describe the selected photos")

        self.appearance_actions: dict[str, QAction] = {}
        group = QActionGroup(self)
        for name, text in (("system", "&System"), ("dark", "&Dark (neutral grey)")):
            action = QAction(text, self, checkable=True)
            action.triggered.connect(lambda _c=False, n=name: self.set_appearance(n))
            group.addAction(action)
            self.appearance_actions[name] = action
        self.appearance_actions[theme.saved(self.settings)].setChecked(True)
        self.library_mode_action = self._action(
            "&Library", lambda: self.modes.setCurrentWidget(self.splitter),
            QKeySequence("Ctrl+1"), "Browse, describe and clear photos")
        self.exhibitions_mode_action = self._action(
            "&Exhibitions", lambda: self.modes.setCurrentWidget(self.exhibition_editor),
            QKeySequence("Ctrl+2"), "Build exhibitions: sequence, tour, checks")
        self.calendar_mode_action = self._action(
            "&Calendar", lambda: self.modes.setCurrentWidget(self.calendar_view),
            QKeySequence("Ctrl+3"), "What drops out, where and when: consents, tours, licences")
        self.pack_action = self._action(
            "Send &Pack to Partner…", lambda: self.exhibition_editor.send_pack(),
            QKeySequence("Ctrl+Shift+E"),
            "A licensed pack of the exhibition or the selected photos, for a partner")
        self.kit_action = self._action(
            "Make Comms &Kit for Partner…", lambda: self.exhibition_editor.send_kit(),
            tip="Social crops, post texts and posters of the exhibition or the selected "
                "photos for a campaign, under a partner's licence")
        self.print_action = self._action(
            "&Print Exhibition…", lambda: self.exhibition_editor.print_layout(),
            QKeySequence("Ctrl+P"), "Panels, wall labels or a catalogue as a print-ready PDF")
        self.campaigns_action = self._action(
            "Ca&mpaigns…", self.show_campaigns, tip="Campaigns: themes, dates, day topics, "
            "hashtags, logo and events")
        self.partners_action = self._action(
            "P&artners…", self.show_partners, tip="Partners, their licences and what was "
            "sent to them")
        self.trace_action = self._action(
            "&Where Did It Go?…", self.trace_selected, QKeySequence("Ctrl+T"),
            "Every exhibition and pack holding the selected photos")

        self.remove_action = self._action(
            "&Remove from Library…", self.remove_selected,
            [QKeySequence(K.Delete), QKeySequence("Ctrl+Backspace")],
            "Take the selected photos out of the catalogue (asks first; originals are kept)")
        self.remove_action.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
        self.grid.addAction(self.remove_action)

        self.rating_actions: list[QAction] = []
        self._grid_key_actions()
        bar = self.menuBar()
        m = bar.addMenu("&File")
        for a in (self.import_action, None, self.pack_action, self.kit_action,
                  self.print_action,
                  self.campaigns_action, self.partners_action, None,
                  self.open_action, self.sample_action, None,
                  self.quit_action):
            m.addSeparator() if a is None else m.addAction(a)
        m = bar.addMenu("&Edit")
        for a in (self.undo_action, self.redo_action, None, self.select_all_action,
                  self.select_none_action, None, self.search_action, self.clear_filters_action,
                  None, self.preferences_action):
            m.addSeparator() if a is None else m.addAction(a)
        self.edit_menu = m
        m = bar.addMenu("&Photo")
        for a in self.rating_actions:
            m.addAction(a)
        m.addSeparator()
        m.addAction(self.trace_action)
        m.addSeparator()
        m.addAction(self.remove_action)
        self.photo_menu = m
        m = bar.addMenu("&View")
        for a in (self.library_mode_action, self.exhibitions_mode_action,
                  self.calendar_mode_action, None,
                  self.view_action, None, self.bigger_action, self.smaller_action, None,
                  self.sidebar_action, self.inspector_action, self.inspector_tab_action,
                  self.consent_tab_action, None, self.refresh_action):
            m.addSeparator() if a is None else m.addAction(a)
        appearance = m.addMenu("&Appearance")
        for action in self.appearance_actions.values():
            appearance.addAction(action)
        m = bar.addMenu("&Help")
        m.addAction(self.about_action)

    # ------------------------------------------------------------------ library
    def open_library(self, library: Library) -> None:
        """Show ``library`` (created on first import if the folder is empty)."""
        self.library = library
        self.settings.setValue("library/last", str(library.root))
        self.setWindowTitle(f"Curator — {library.root.name or library.root}")
        self.thumbs.set_library(library)
        self.previews.set_library(library)
        self.undo_stack.clear()
        self.empty.set_library(str(library.root))
        self.filter = ImageFilter()
        self.sidebar.filter = self.filter
        self.model.set_rows([])
        self.exhibition_editor.set_library()
        self.calendar_view.reload()
        self._show_page(EMPTY_PAGE if not library.exists() else self.pages.currentIndex())
        self.refresh()

    def choose_library(self) -> None:
        folder = QFileDialog.getExistingDirectory(
            self, "Open a library folder (or an empty folder for a new library)",
            str(self.library.root.parent))
        if folder:
            self.open_library(Library(Path(folder)))

    def show_only(self, image_ids: list[int], label: str) -> None:
        """Switch to the Library showing exactly ``image_ids`` (the coverage panel's
        "show cleared photos from here"); the sidebar names the set and clears it."""
        self.library_mode_action.trigger()
        self.sidebar.show_only(image_ids, label)
        n = len(image_ids)
        self.statusBar().showMessage(f"Showing {n} photo{'s' if n != 1 else ''}: {label}. "
                                     "Show All Photos (or ✕ in the sidebar) clears it.", 8000)

    def set_filter(self, flt: ImageFilter) -> None:
        self.filter = flt
        self.refresh()

    def refresh(self) -> None:
        """Reload the grid and the sidebar counts (in workers; one refresh at a time).

        Three steps, each in a worker: the result's ids with its first rows (shown at
        once), then the sidebar counts, then the rest of the rows. A refresh asked for
        meanwhile starts over once the running step is back.
        """
        if self._refresh_task is not None:
            self._refresh_again = True
            return
        self._keep_selection = self.selected_ids() or self._keep_selection
        self._refresh_again = False
        library, flt = self.library, self.filter
        self._refresh_task = workers.run(load_grid, library, flt,
                                         on_result=lambda d: self._grid_loaded(library, flt, d),
                                         on_error=self._refresh_failed, owner=self)
        if not self.statusBar().currentMessage():  # never hide what an action just said
            self.statusBar().showMessage(LOADING)

    def _superseded(self, library: Library) -> bool:
        """A newer refresh was asked for (or another library opened): start that instead."""
        if self._refresh_again or library != self.library:
            self._refresh_task = None
            self.refresh()
            return True
        return False

    def _grid_loaded(self, library: Library, flt: ImageFilter, data: GridData) -> None:
        if self._superseded(library):
            return
        self._total = data.total
        keep = self._keep_selection
        if data.ids == self.model.target_ids():
            self.model.update_rows(data.rows)  # same photos: repaint in place, keep scroll
        else:
            self.model.set_rows(data.rows, data.ids)
        self._keep_selection = keep
        self._show_page(GRID_PAGE if data.total else EMPTY_PAGE)
        self._update_counts()
        self._refresh_task = workers.run(
            load_facets, library, flt,
            on_result=lambda facets: self._facets_loaded(library, data, facets),
            on_error=self._refresh_failed, owner=self)

    def _facets_loaded(self, library: Library, data: GridData, facets: dict) -> None:
        if self._superseded(library):
            return
        data.facets = facets
        self.last_data = data
        self.sidebar.set_facets(facets, data.total, len(data.ids))
        self.inspector.set_choices([str(f.value) for f in facets.get("event", [])],
                                   [str(f.value) for f in facets.get("keywords", [])])
        rest = data.ids[len(data.rows):]
        if not rest:
            self._refresh_done()
            return
        self._refresh_task = workers.run(
            load_rows, library, rest,
            on_result=lambda rows: self._rest_loaded(library, rows),
            on_error=self._refresh_failed, owner=self)

    def _rest_loaded(self, library: Library, rows: list[dict]) -> None:
        if self._superseded(library):
            return
        self.model.fill_rows(rows)
        self._refresh_done()

    def _refresh_done(self) -> None:
        self._refresh_task = None
        self._update_counts()
        self._select_ids(self._keep_selection)
        if self.statusBar().currentMessage() == LOADING:
            self.statusBar().clearMessage()

    def _show_page(self, page: int) -> None:
        """The grid with its sidebar and inspector, or the welcome page on its own."""
        was = self.pages.currentIndex()
        self.pages.setCurrentIndex(page)
        on_grid = page == GRID_PAGE
        self.sidebar.setVisible(on_grid and self.sidebar_action.isChecked())
        self.side_tabs.setVisible(on_grid and self.inspector_action.isChecked())
        for action in (self.select_all_action, self.select_none_action, self.view_action,
                       self.bigger_action, self.smaller_action, self.clear_filters_action,
                       self.remove_action, *self.rating_actions):
            action.setEnabled(on_grid)
        self.search_action.setEnabled(on_grid)
        if on_grid and was != GRID_PAGE:
            self.grid.setFocus()

    def _refresh_failed(self, exc: BaseException) -> None:
        self._refresh_task = None
        self.statusBar().showMessage(str(exc))
        if self._refresh_again:
            self.refresh()
            return
        if isinstance(exc, CuratorError):
            QMessageBox.warning(self, "Curator", str(exc))

    # ------------------------------------------------------------------ editing
    def apply_edit(self, edit: TagEdit, ids: list[int] | None = None) -> TagCommand | None:
        """Apply a tag edit to the selection (or ``ids``) as one undoable batch."""
        ids = ids if ids is not None else self.selected_ids()
        if not ids:
            return None
        command = TagCommand(self.library, ids, edit, self.rows_changed, self._edit_failed,
                             owner=self)
        self.undo_stack.push(command)  # runs redo()
        return command

    def rows_changed(self, rows: list[dict]) -> None:
        """Fresh rows after an edit: repaint them now, then recount (filters may change)."""
        self.model.update_rows(rows)
        self._selection_changed()
        self.refresh()

    def _edit_failed(self, exc: BaseException) -> None:
        message = str(exc) if isinstance(exc, CuratorError) else f"The change failed: {exc}"
        QMessageBox.warning(self, "Curator", message)
        self.refresh()

    def _grid_key_actions(self) -> None:
        """Lightroom-style keys in the grid: 0–5 rate, P pick, X reject, U unflag."""
        for n in range(6):
            a = self._action(f"Rate {n} Star{'s' if n != 1 else ''}" if n else "Clear Rating",
                             lambda n=n: self.apply_edit(TagEdit(rating=n)), QKeySequence(str(n)))
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.grid.addAction(a)
            self.rating_actions.append(a)
        for key, value, text in (("P", "pick", "Pick"), ("X", "reject", "Reject"),
                                 ("U", "unflagged", "Unflag")):
            a = self._action(text, lambda v=value: self.apply_edit(TagEdit(pick=v)),
                             QKeySequence(key))
            a.setShortcutContext(Qt.ShortcutContext.WidgetShortcut)
            self.grid.addAction(a)
            self.rating_actions.append(a)

    # ------------------------------------------------------------------ removing
    def remove_selected(self) -> None:
        """Delete key: ask what removing the selection would do, then confirm (no undo)."""
        ids = self.selected_ids()
        if not ids:
            self.statusBar().showMessage("Select the photos to remove first.", 5000)
            return
        if self._removal_task is not None:
            return
        self.statusBar().showMessage("Checking where the photos are used…")
        self._removal_task = workers.run(removal_plan, self.library, ids,
                                         on_result=self._confirm_removal,
                                         on_error=self._removal_failed, owner=self)

    def _confirm_removal(self, plan: RemovalPlan) -> RemoveDialog:
        self._removal_task = None
        self.statusBar().clearMessage()
        dialog = RemoveDialog(plan, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        if plan.allowed:
            dialog.accepted.connect(lambda: self._remove(plan.image_ids))
        dialog.open()
        self.remove_dialog = dialog
        return dialog

    def _remove(self, ids: list[int]) -> None:
        self.statusBar().showMessage(f"Removing {len(ids)} photo{'s' if len(ids) != 1 else ''}…")
        # The edits pool: runs after any tag edit still under way, in order.
        self._removal_task = workers.run(remove_photos, self.library, ids,
                                         on_result=self._removed,
                                         on_error=self._removal_failed,
                                         pool_name=EDITS_POOL, owner=self)

    def _removed(self, report: RemovalReport) -> None:
        self._removal_task = None
        gone = {r["id"] for r in report.removed}
        for n in range(self.undo_stack.count()):
            command = self.undo_stack.command(n)
            if isinstance(command, TagCommand):
                command.forget(gone)
        self._keep_selection = [i for i in self._keep_selection if i not in gone]
        n = len(gone)
        text = f"Removed {n} photo{'s' if n != 1 else ''} from the library"
        if report.moved:
            text += f"; originals moved to {report.removed_dir}"
        self.statusBar().showMessage(text, 10_000)
        self.last_removal = report
        self.refresh()

    def _removal_failed(self, exc: BaseException) -> None:
        self._removal_task = None
        self.statusBar().clearMessage()
        message = str(exc) if isinstance(exc, CuratorError) else f"The removal failed: {exc}"
        QMessageBox.warning(self, "Remove from library", message)
        self.refresh()

    # ------------------------------------------------------------------ selection
    def selected_row_numbers(self) -> list[int]:
        """The selected rows in grid order (from the selection's ranges: Select All on
        20,000 photos is one range, not 20,000 indexes)."""
        rows: set[int] = set()
        for rng in self.grid.selectionModel().selection():
            rows.update(range(rng.top(), rng.bottom() + 1))
        return sorted(rows)

    def selected_rows(self) -> list[dict]:
        return [self.model.row_dict(r) for r in self.selected_row_numbers()]

    def selected_ids(self) -> list[int]:
        return [r["id"] for r in self.selected_rows()]

    def organisation(self) -> str:
        """The campaign or organisation named in packs (Preferences)."""
        return preferences.load(self.settings).organisation

    def _select_ids(self, ids: list[int]) -> None:
        sel = self.grid.selectionModel()
        sel.clearSelection()
        first = None
        for image_id in ids:
            r = self.model.row_of_id(image_id)
            if r is None:
                continue
            idx = self.model.index(r, 0)
            sel.select(idx, QItemSelectionModel.SelectionFlag.Select)
            first = first or idx
        if first is not None:
            sel.setCurrentIndex(first, QItemSelectionModel.SelectionFlag.NoUpdate)
        self._selection_changed()

    def _selection_changed(self, *_args) -> None:
        rows = self.selected_rows()
        self._keep_selection = [r["id"] for r in rows]
        self.inspector.show_rows(rows)
        if self.side_tabs.currentWidget() is self.consent_panel:
            self.consent_panel.show_rows(rows)
        self._update_counts()

    def _update_counts(self) -> None:
        shown = self.model.target_count()
        total = self._total or shown
        n = len(self.selected_row_numbers())
        if shown != total:
            text = f"{shown:,} of {total:,} photos"
        else:
            text = f"{shown:,} photo{'s' if shown != 1 else ''}"
        if n:
            text += f" · {n:,} selected"
        self.count_label.setText(text)

    # ------------------------------------------------------------------ actions
    def import_photos(self, folders: list[Path] | None = None) -> ImportDialog:
        events = [f.value for f in (self.last_data.facets.get("event", [])
                                    if self.last_data else [])]
        dialog = ImportDialog(self.library, [str(e) for e in events], self, folders=folders)
        prefs = preferences.load(self.settings)
        dialog.photographer.setText(prefs.photographer)
        dialog.credit.setText(prefs.credit)
        dialog.reference.setChecked(prefs.reference_originals)
        dialog.imported.connect(lambda _r: self.refresh())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.import_dialog = dialog
        return dialog

    def open_sample_library(self) -> None:
        """Open the sample library, building it (in a worker) the first time."""
        if self._sample_task is not None:
            return
        target = Library(self.sample_dir)
        self._show_page(EMPTY_PAGE)
        self.empty.show_progress(0, 1, "Opening the sample library…")
        self._sample_task = workers.run(
            ensure_sample_library, target,
            on_progress=self.empty.show_progress,
            on_result=lambda _r: self._sample_done(target),
            on_error=self._sample_failed, owner=self)

    def _sample_done(self, target: Library) -> None:
        self._sample_task = None
        self.empty.hide_progress()
        self.open_library(target)
        self.statusBar().showMessage(
            f"Sample library opened: generated pictures in {target.root}", 8000)

    def _sample_failed(self, exc: BaseException) -> None:
        self._sample_task = None
        self.empty.hide_progress()
        QMessageBox.warning(self, "Sample library", str(exc))

    def _cancel_sample(self) -> None:
        if self._sample_task is not None:
            self._sample_task.cancel()
            self.empty.cancel_button.setEnabled(False)

    def open_viewer(self) -> Viewer | None:
        selected = self.selected_rows()
        current = self.grid.currentIndex()
        if len(selected) > 1:
            rows = selected
            cur_id = current.data(Qt.ItemDataRole.UserRole + 1) if current.isValid() else None
            index = next((n for n, r in enumerate(rows) if r["id"] == cur_id), 0)
        elif self.model.rowCount():
            rows = [self.model.row_dict(r) for r in range(self.model.rowCount())]
            index = current.row() if current.isValid() else 0
        else:
            return None
        viewer = Viewer(rows, index, self.previews, self)
        viewer.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        viewer.open()
        self.viewer = viewer
        return viewer

    def show_images(self, ids: list[int]) -> None:
        """The Library mode with these photos selected (filters cleared if they hide some)."""
        self.modes.setCurrentWidget(self.splitter)
        if all(self.model.row_of_id(i) is not None for i in ids):
            self._select_ids(ids)
            first = self.model.row_of_id(ids[0]) if ids else None
            if first is not None:
                self.grid.scrollTo(self.model.index(first, 0))
            return
        self.grid.clearSelection()
        self._keep_selection = list(ids)
        self.sidebar.clear()  # a refresh selects _keep_selection when it is done

    def open_exhibition(self, exh_id: int) -> None:
        self.modes.setCurrentWidget(self.exhibition_editor)
        self.exhibition_editor.open_exhibition(exh_id)

    def _calendar_badge(self, soon: int) -> None:
        label = "Calendar" if not soon else f"Calendar ({soon} soon)"
        self.modes.setTabText(self.modes.indexOf(self.calendar_view), label)
        self.calendar_badge.setText(
            f"⚑ {soon} calendar entr{'y' if soon == 1 else 'ies'} within 30 days"
            if soon else "")
        self.calendar_badge.setToolTip("View ▸ Calendar (Ctrl+3)" if soon else "")

    def show_partners(self) -> PartnersDialog:
        dialog = PartnersDialog(self.library, self, organisation=self.organisation())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.partners_dialog = dialog
        return dialog

    def show_campaigns(self) -> CampaignsDialog:
        dialog = CampaignsDialog(self.library, self, selection=self.selected_ids())
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.campaigns_dialog = dialog
        return dialog

    def set_appearance(self, appearance: str) -> None:
        theme.choose(self.settings, appearance)
        # Style sheets that name palette colours were resolved when they were set.
        self.inspector.preview.restyle()

    def trace_selected(self) -> TraceDialog | None:
        """The trace of the photos selected in the current mode."""
        if self.modes.currentWidget() is self.exhibition_editor:
            return self.exhibition_editor.trace_selected()
        ids = self.selected_ids()
        if not ids:
            return None
        dialog = TraceDialog(self.library, image_ids=ids, parent=self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.trace_dialog = dialog
        return dialog

    def focus_search(self) -> None:
        self.sidebar_action.setChecked(True)
        self.sidebar.focus_search()

    def set_thumb_size(self, size: int) -> None:
        self.delegate.thumb_size = size
        self.settings.setValue("grid/thumb_size", size)
        self.grid.setIconSize(QSize(size, size))  # makes the view re-lay out
        self.grid.doItemsLayout()

    def edit_preferences(self) -> PreferencesDialog:
        dialog = PreferencesDialog(preferences.load(self.settings), self)
        dialog.changed.connect(self.apply_preferences)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.preferences_dialog = dialog
        return dialog

    def apply_preferences(self, prefs: preferences.Preferences) -> None:
        """Save and apply at once; the library folder is where the next start opens."""
        preferences.save(self.settings, prefs)
        self.size_slider.setValue(prefs.thumb_size)
        self.inspector.preview.setFixedHeight(prefs.preview_height)

    def about(self) -> AboutDialog:
        dialog = AboutDialog(self.library.root, self.library.catalogue_path, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        self.about_dialog = dialog
        return dialog

    # ------------------------------------------------------------------ drag and drop
    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if local_paths(event.mimeData()):
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = local_paths(event.mimeData())
        if paths:
            event.acceptProposedAction()
            QTimer.singleShot(0, lambda: self.import_photos(paths))

    # ------------------------------------------------------------------ state
    def _restore_state(self) -> None:
        geometry = self.settings.value("window/geometry")
        if isinstance(geometry, QByteArray | bytes):
            self.restoreGeometry(QByteArray(geometry))
        splitter = self.settings.value("window/splitter")
        if isinstance(splitter, QByteArray | bytes):
            self.splitter.restoreState(QByteArray(splitter))

    def closeEvent(self, event: QCloseEvent) -> None:
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.settings.setValue("window/splitter", self.splitter.saveState())
        self.settings.setValue("library/last", str(self.library.root))
        self.settings.sync()
        if self._sample_task is not None:
            self._sample_task.cancel()
        dialog = getattr(self, "import_dialog", None)
        try:
            if dialog is not None and dialog.task is not None:
                dialog.task.cancel()
        except RuntimeError:  # the dialog was already deleted
            pass
        super().closeEvent(event)
