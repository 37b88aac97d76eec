"""Screenshots of each main screen on the sample library, for a human to look at.

    .venv/bin/python tests/gui/screens.py OUTDIR [--library DIR]

Builds the sample library in a temporary folder (unless ``--library`` names one), opens
the main window offscreen and writes one PNG per screen into OUTDIR.
"""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from PySide6.QtCore import QSettings, Qt  # noqa: E402
from PySide6.QtWidgets import QApplication, QWidget  # noqa: E402

import ui  # noqa: E402,F401
from curator.library import Library  # noqa: E402

SIZE = (1360, 860)


def wait_until(condition: Callable[[], bool], timeout: float = 30.0) -> None:
    """Process events until ``condition()`` holds (or fail after ``timeout`` seconds)."""
    end = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > end:
            raise TimeoutError("the screen did not get ready in time")
        QApplication.processEvents()
        time.sleep(0.01)


def settle(seconds: float = 0.3) -> None:
    end = time.monotonic() + seconds
    while time.monotonic() < end:
        QApplication.processEvents()
        time.sleep(0.01)


def capture_all(outdir: Path, library: Library | None = None) -> list[Path]:
    """Write the screenshots; returns their paths."""
    from curator.samples.library import build_sample_library
    from ui import workers
    from ui.main_window import MainWindow

    outdir.mkdir(parents=True, exist_ok=True)
    app = QApplication.instance() or QApplication([])
    tmp = tempfile.TemporaryDirectory(prefix="curator-screens-")
    base = Path(tmp.name)
    if library is None:
        library = Library(base / "Sample Library")
        build_sample_library(library, count=24)
    _vary(library)
    settings = QSettings(str(base / "settings.ini"), QSettings.Format.IniFormat)
    written: list[Path] = []

    def shot(widget: QWidget, name: str) -> None:
        settle()
        path = outdir / f"{name}.png"
        widget.grab().save(str(path))
        written.append(path)

    # 1. a new, empty library
    window = MainWindow(Library(base / "new library"), settings, sample_dir=base / "sample")
    window.resize(*SIZE)
    window.show()
    wait_until(lambda: window._refresh_task is None)
    shot(window, "01-empty-library")

    # 2. the sample library, one photo selected
    window.open_library(library)
    wait_until(lambda: window._refresh_task is None and window.model.rowCount() > 0)
    window._select_ids([window.model.row_dict(1)["id"]])
    wait_until(lambda: len(window.thumbs) >= min(12, window.model.rowCount()))
    wait_until(lambda: window.inspector.preview.pixmap() is not None
               and not window.inspector.preview.pixmap().isNull())
    shot(window, "02-library-grid")

    # 3. several selected, filtered by year, small thumbnails
    window.sidebar.choose("year", 2024)
    wait_until(lambda: window._refresh_task is None and window.filter.year == 2024)
    wait_until(lambda: window.model.rowCount() > 0)
    window._select_ids([window.model.row_dict(r)["id"] for r in range(3)])
    window.size_slider.setValue(112)
    wait_until(lambda: len(window.thumbs) >= min(16, window.model.rowCount()))
    shot(window, "03-filtered-multi-select")
    window.size_slider.setValue(176)
    window.sidebar.clear()
    wait_until(lambda: window._refresh_task is None and window.filter.year is None)

    # 4. the viewer
    window._select_ids([window.model.row_dict(0)["id"]])
    viewer = window.open_viewer()
    wait_until(lambda: viewer._pixmap is not None)
    shot(viewer, "04-viewer")
    viewer.close()

    # 5. the import dialog: set-up, then its report
    source = base / "card" / "DCIM"
    from curator.samples.photos import make_photo

    for i in range(3):
        make_photo(source / f"IMG_{9000 + i}.JPG", (640, 480), seed=500 + i)
    (source / "readme.txt").write_text("not a photo")
    dialog = window.import_photos([source])
    dialog.shoot.setText("Launch day — second camera")
    dialog.photographer.setText("Sam Okafor")
    shot(dialog, "05-import-dialog")
    dialog.start()
    wait_until(lambda: dialog.pages.currentIndex() == 2, timeout=120)
    shot(dialog, "06-import-report")
    dialog.accept()

    # 7. people & consent for a few photos
    window._select_ids([window.model.row_dict(r)["id"] for r in (0, 1)])
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    wait_until(lambda: panel._loading is None and panel.people.count() > 0)
    panel.people.setCurrentRow(0)
    shot(window, "07-people-and-consent")
    window.inspector_tab_action.trigger()

    # 8. Delete asks first: how many, where the originals go, which exhibitions hold them
    from curator.catalogue import open_catalogue
    from curator.exhibitions import sets as exhibitions

    chosen = [window.model.row_dict(r)["id"] for r in (3, 4)]
    db = open_catalogue(library)
    try:
        exhibitions.add_items(db, exhibitions.create(db, "I See You — shortlist"), chosen[:1])
    finally:
        db.close()
    window._select_ids(chosen)
    window.remove_selected()
    wait_until(lambda: getattr(window, "remove_dialog", None) is not None
               and window.remove_dialog.isVisible())
    shot(window.remove_dialog, "08-remove-dialog")
    window.remove_dialog.reject()

    # 9. the Exhibitions mode: a sequence with sections and print sizes, a tour, the checks
    from datetime import date, timedelta

    db = open_catalogue(library)
    try:
        exh_id = exhibitions.list_exhibitions(db)[0]["id"]
        ids = [window.model.row_dict(r)["id"] for r in range(window.model.rowCount())]
        exhibitions.add_items(db, exh_id, ids[:3] + ids[5:12], print_size="A2")
        for n in range(1, 11):
            section = "Mornings" if n <= 4 else "Afternoons" if n <= 8 else "Evenings"
            row = exhibitions.items(db, exh_id)[n - 1]
            exhibitions.update_item(db, exh_id, row["image_id"], at=n, section=section)
        exhibitions.edit(db, exh_id, subtitle="Families at Baby Week, 2023–2024",
                         statement="Eleven photographs of the first days of life in "
                                   "Liverpool, made with the families who took part.")
        start = date.today() + timedelta(days=30)
        exhibitions.add_venue(db, exh_id, "Open Eye Gallery", start, start + timedelta(days=60),
                              address="19 Mann Island, Liverpool",
                              contact="Jo (exhibitions), 0151 000 0000",
                              notes="Hang on the Monday; deliveries by the side door.")
        exhibitions.add_venue(db, exh_id, "Street Level Photoworks",
                              start + timedelta(days=75), start + timedelta(days=120))
    finally:
        db.close()
    window.exhibitions_mode_action.trigger()
    editor = window.exhibition_editor
    wait_until(lambda: editor.busy == 0 and editor.state is not None
               and editor.model.rowCount() > 0)
    editor.select_positions([2])
    wait_until(lambda: len(window.thumbs) >= 12)
    editor.reload([2])
    wait_until(lambda: editor.busy == 0)
    shot(window, "09-exhibition-editor")
    editor.tabs.setCurrentWidget(editor.tour)
    shot(window, "10-exhibition-tour")
    editor.tour.table.setCurrentCell(0, 0)
    venue = editor.tour.edit_venue()
    shot(venue, "20-venue-dialog")
    venue.reject()
    editor.tabs.setCurrentWidget(editor.texts)
    shot(window, "21-exhibition-texts")
    editor.tabs.setCurrentWidget(editor.item_editor)

    # 11–12. a pack for a partner: the pre-flight, then the pack written
    from curator.export import partners

    db = open_catalogue(library)
    try:
        echo = partners.add_partner(db, "Liverpool Echo", email="pictures@echo.example")
        partners.add_licence(db, echo, uses=("online", "press"),
                             expires_on=date.today() + timedelta(days=365))
    finally:
        db.close()
    window._select_ids(ids[:6])
    pack = editor.send_pack()
    pack.folder.setText(str(base / "packs"))
    wait_until(lambda: pack.plan is not None)
    shot(pack, "11-pack-preflight")
    pack.start()
    wait_until(lambda: pack.result is not None, timeout=120)
    shot(pack, "12-pack-written")
    pack.reject()

    # 13. wall labels as a PDF
    layout = editor.print_layout()
    layout.kind.setCurrentIndex(layout.kind.findData("labels"))
    layout.out.setText(str(base / "labels.pdf"))
    layout.start()
    wait_until(lambda: layout.result is not None and bool(layout.previews), timeout=120)
    shot(layout, "13-layout-labels")
    layout.reject()

    # 14. where the first photos of the sequence went
    editor.select_positions([1, 2, 3])
    trace = editor.trace_selected()
    wait_until(lambda: trace.trace is not None)
    shot(trace, "14-trace")
    trace.accept()

    # 15. partners: licences with expiry, what was sent and when
    partners_view = window.show_partners()
    wait_until(lambda: partners_view.data is not None and partners_view.packs.rowCount() > 0)
    shot(partners_view, "15-partners")
    partners_view.licences.selectRow(0)
    licence_form = partners_view.edit_licence()
    shot(licence_form, "22-licence-edit")
    licence_form.reject()
    partners_view.accept()

    # 23. where the photos of one person went (People & consent)
    window.library_mode_action.trigger()
    window._select_ids(ids[:12])
    window.consent_tab_action.trigger()
    panel = window.consent_panel
    wait_until(lambda: panel._loading is None and panel.people.count() > 0)
    panel.people.setCurrentRow(next(r for r in range(panel.people.count())
                                    if "Ben" in panel.people.item(r).text()))
    person_trace = panel.trace_person()
    wait_until(lambda: person_trace.trace is not None)
    shot(person_trace, "23-person-trace")
    person_trace.accept()
    window.inspector_tab_action.trigger()
    window.exhibitions_mode_action.trigger()

    # 16–17. the neutral dark grey appearance: library and exhibitions
    window.appearance_actions["dark"].trigger()
    window.library_mode_action.trigger()
    shot(window, "16-library-dark")
    window.exhibitions_mode_action.trigger()
    shot(window, "17-exhibitions-dark")
    window.appearance_actions["system"].trigger()

    # 18. the crop of one panel (A2: the panel's shape over the preview)
    editor.select_positions([2])
    crop = editor.crop_item()
    crop.size.setValue(70)
    wait_until(lambda: crop.view.pixmap is not None and not crop.view.pixmap.isNull())
    shot(crop, "18-crop")
    crop.reject()

    # 19. the consent calendar: Carol's consent ends mid-tour, Aisha turns 18 during it
    _dated_consents(library)
    window.calendar_mode_action.trigger()
    calendar = window.calendar_view
    wait_until(lambda: calendar._task is None and calendar.data is not None
               and any(e.kind == "consent-ends-on-wall" for e in calendar.data.entries))
    calendar.select_uid(next(e.uid for e in calendar.data.entries
                             if e.kind == "consent-ends-on-wall"))
    shot(window, "19-calendar")

    # 25–26. coverage: the exhibition's places against the photos cleared for its tour
    window.exhibitions_mode_action.trigger()
    _release_shoots(library, ("Stay and play, Bootle", "I See You workshop"))
    editor.tabs.setCurrentWidget(editor.coverage)
    editor.reload()
    wait_until(lambda: editor.busy == 0 and editor.coverage.chart.report is not None
               and editor.coverage.chart.report.archive_total > 6)
    shot(window, "25-coverage")
    window.appearance_actions["dark"].trigger()
    shot(window, "26-coverage-dark")
    window.appearance_actions["system"].trigger()
    editor.tabs.setCurrentWidget(editor.item_editor)
    window.library_mode_action.trigger()

    # 24. campaigns: the week's theme, dates, day topics, hashtags and events
    from curator.campaigns import records as campaigns
    from curator.tagging.events import list_events

    db = open_catalogue(library)
    try:
        if not campaigns.list_campaigns(db):
            events = [e["name"] for e in list_events(db) if "Infant" in e["name"]]
            campaigns.add_campaign(
                db, library, "Infant Mental Health Awareness Week", year=2024,
                theme="Speak up for babies", starts_on=date(2024, 6, 10),
                ends_on=date(2024, 6, 16),
                days={1: "Why the first 1001 days matter", 2: "Talking and singing",
                      3: "Dads and partners", 4: "Sleep", 5: "Asking for help",
                      6: "Family day out", 7: "Thank you"},
                hashtags=["IMHAW24", "speak up for babies"],
                description="A week of events across Liverpool's libraries and parks.",
                url="https://example.org/imhaw", logo_image_id=ids[0], events=events[:1])
    finally:
        db.close()
    campaigns_view = window.show_campaigns()
    wait_until(lambda: campaigns_view.data is not None and campaigns_view.current is not None)
    shot(campaigns_view, "24-campaigns")
    campaigns_view.accept()

    # 27. a comms kit: the crops of one photo around its focus point, its posts
    from datetime import datetime

    from curator.consent import people
    from curator.ingest.importer import ImportOptions, run_import
    from curator.tagging.edits import TagEdit, apply
    from ui.dialogs.kit_dialog import KitDialog

    big = base / "big"
    for n, size in enumerate(((3600, 2400), (2000, 3000))):
        make_photo(big / f"DSC_{7100 + n}.JPG", size, seed=700 + n,
                   captured=datetime(2024, 6, 10, 10, 30 + n))
    run_import(library, [big], ImportOptions(shoot="IMHAW launch", workers=1))
    db = open_catalogue(library)
    try:
        big_ids = [r[0] for r in db.execute(
            "SELECT id FROM images WHERE file_name LIKE 'DSC_71%' ORDER BY file_name")]
        people.set_identifiable(db, big_ids, False)
        apply(db, big_ids[:1], TagEdit(
            caption="Story time on the rug at the Central Library launch",
            alt_text="A reader holds up a picture book to babies and parents on a rug",
            credit="Photo: Sam Okafor / Baby Week Liverpool"))
        apply(db, big_ids[1:], TagEdit(caption="A dad and his daughter at the picnic",
                                       credit="Photo: Sam Okafor / Baby Week Liverpool"))
        network = partners.add_partner(db, "Liverpool Families Network")
        partners.add_licence(db, network, uses=("online", "print"),
                             expires_on=date.today() + timedelta(days=365))
    finally:
        db.close()
    kit = KitDialog(library, window.previews, selection=big_ids, thumbs=window.thumbs,
                    parent=window)
    kit.resize(1180, 860)
    kit.show()
    wait_until(lambda: kit.licence.count() > 0)
    kit.licence.setCurrentIndex(kit.licence.findText("Liverpool Families Network",
                                                     Qt.MatchFlag.MatchStartsWith))
    wait_until(lambda: kit.planned is not None and kit.licence.currentText().startswith(
        "Liverpool Families") and kit.planned.plan.licence.partner.startswith("Liverpool Fam"))
    kit.days.setChecked(True)
    wait_until(lambda: kit.planned is not None and kit.images.count() == 2
               and "day" in kit.images.item(0).text())
    kit.images.setCurrentRow(0)
    kit.move_focus(0.68, 0.45)
    wait_until(lambda: kit.crops["square"].pixmap is not None
               and not kit.images.item(1).icon().isNull())
    kit.posts.setCurrentIndex(0)
    shot(kit, "27-kit-dialog")
    kit.reject()

    window.close()
    workers.wait_all(30_000)
    app.processEvents()
    tmp.cleanup()
    return written


def _vary(library: Library) -> None:
    """Give the sample photos a mix of consent states, ratings and flags (via the core)."""
    from datetime import date, timedelta

    from curator.catalogue import open_catalogue
    from curator.consent import people, records
    from curator.consent.rule import uses_mask
    from curator.search.query import ImageFilter, find_image_ids
    from curator.tagging.edits import TagEdit, apply

    db = open_catalogue(library)
    try:
        ids = find_image_ids(db, ImageFilter())
        if db.execute("SELECT COUNT(*) FROM people").fetchone()[0]:
            return
        aisha = people.add_person(db, "Aisha (sample)", minor=True, guardian="Mariam")
        people.link(db, ids[0:3], aisha)
        records.add_consent(db, library, uses=uses_mask(["exhibition", "print"]),
                             person_id=aisha, signed_on=date.today() - timedelta(days=30))
        ben = people.add_person(db, "Ben (sample)")
        people.link(db, ids[3:5], ben)
        c = records.add_consent(db, library, uses=uses_mask(["online"]), person_id=ben,
                                 signed_on=date.today() - timedelta(days=60))
        records.withdraw(db, c, reason="asked by e-mail")
        carol = people.add_person(db, "Carol (sample)")
        people.link(db, ids[5:6], carol)
        people.set_identifiable(db, ids[6:9], False)
        apply(db, ids[0:2], TagEdit(rating=4, pick="pick"))
        apply(db, ids[9:10], TagEdit(pick="reject"))
        apply(db, ids[2:3], TagEdit(rating=2, alt_text="Two children read a picture book."))
    finally:
        db.close()


def _dated_consents(library: Library) -> None:
    """Dates for the calendar: Carol's consent ends 50 days from today, in the middle of the
    tour's first venue; Aisha (a minor) turns 18 in 120 days."""
    from datetime import date, timedelta

    from curator.catalogue import open_catalogue
    from curator.consent import people, records
    from curator.consent.rule import uses_mask

    today = date.today()
    db = open_catalogue(library)
    try:
        by_label = {p["label"]: p["id"] for p in people.list_people(db)}
        records.add_consent(db, library, uses=uses_mask(["exhibition", "print"]),
                            person_id=by_label["Carol (sample)"],
                            signed_on=today - timedelta(days=200),
                            expires_on=today + timedelta(days=50))
        born = today + timedelta(days=120)
        try:
            born = born.replace(year=born.year - 18)
        except ValueError:  # 29 February
            born = born.replace(year=born.year - 18, day=28)
        people.update_person(db, by_label["Aisha (sample)"], born_on=born)
    finally:
        db.close()


def _release_shoots(library: Library, titles: tuple[str, ...]) -> None:
    """Group releases for exhibition use on these sample shoots (skipped where missing)."""
    from datetime import date, timedelta

    from curator.catalogue import open_catalogue
    from curator.consent import records
    from curator.consent.rule import uses_mask
    from curator.errors import NotFound

    db = open_catalogue(library)
    try:
        for title in titles:
            try:
                records.add_consent(db, library, uses=uses_mask(["exhibition"]), shoot=title,
                                     signed_on=date.today() - timedelta(days=90))
            except NotFound:
                continue
    finally:
        db.close()


def main(argv: list[str]) -> int:
    if not argv or argv[0] in ("-h", "--help"):
        print(__doc__)
        return 1
    library = None
    if "--library" in argv:
        library = Library(Path(argv[argv.index("--library") + 1]))
    for path in capture_all(Path(argv[0]), library):
        print(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main(sys.argv[1:]))
