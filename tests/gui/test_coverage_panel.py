"""The Coverage tab of the exhibition editor: bars per place against the cleared archive,
the "Count by" choice, updates after a change, and "show cleared photos from here"
switching to the Library with exactly those photos."""

from __future__ import annotations

from contextlib import closing
from datetime import date, timedelta

from PySide6.QtCore import QPointF, Qt
from PySide6.QtGui import QColor, QPalette

from curator.catalogue import open_catalogue
from curator.consent import people
from curator.exhibitions import sets as exhibitions
from curator.search.query import ImageFilter, find_image_ids
from tests.gui.conftest import wait_rows


def _prepare(library) -> dict:
    """Every sample photo cleared (nobody identifiable) except two of Bootle's; an
    exhibition of eight Liverpool photos touring next month."""
    with closing(open_catalogue(library)) as db:
        liverpool = find_image_ids(db, ImageFilter(keywords=["Places|Liverpool"]))
        sefton = find_image_ids(db, ImageFilter(keywords=["Places|Sefton"]))
        everyone = find_image_ids(db, ImageFilter())
        people.set_identifiable(db, [i for i in everyone if i not in sefton[:2]], False)
        exh = exhibitions.create(db, "Launch 2025")
        exhibitions.add_items(db, exh, liverpool[:8])
        start = date.today() + timedelta(days=30)
        exhibitions.add_venue(db, exh, "Open Eye", start, start + timedelta(days=60))
    return {"exh": exh, "liverpool": liverpool, "sefton": sefton, "all": everyone}


def _coverage_tab(window, qtbot):
    editor = window.exhibition_editor
    window.exhibitions_mode_action.trigger()
    qtbot.waitUntil(lambda: editor.busy == 0 and editor.state is not None, timeout=20_000)
    editor.tabs.setCurrentWidget(editor.coverage)
    qtbot.waitUntil(lambda: editor.busy == 0 and editor.coverage.chart.report is not None,
                    timeout=20_000)
    return editor, editor.coverage


def test_bars_and_show_cleared_photos(make_window, sample_library, qtbot):
    setup = _prepare(sample_library)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor, panel = _coverage_tab(window, qtbot)
    chart = panel.chart
    buckets = {b.label: b for b in chart.buckets}
    assert list(buckets) == ["Liverpool", "Sefton", "no place recorded"]
    sefton = buckets["Sefton"]
    assert (sefton.in_set, sefton.in_archive, sefton.judgement) == (0, 4, "under")
    assert sefton.available_ids == setup["sefton"][2:]        # only the cleared ones
    assert buckets["Liverpool"].in_set == 8 and buckets["Liverpool"].judgement == "over"
    assert "Under-represented: Sefton. 6 cleared photos have no place recorded." \
        in panel.summary.text()

    # the bars are painted: the exhibition's colour fills the first Liverpool bar
    image = chart.grab().toImage()
    assert not image.isNull() and chart.link_rect(1).isValid()
    highlight = chart.palette().color(QPalette.ColorRole.Highlight)
    y = int(chart.link_rect(0).top() - 2 * (chart.fontMetrics().height() + 3) +
            chart.fontMetrics().height() / 2)
    assert QColor(image.pixel(12, y)) == highlight

    # keyboard: Down to Sefton; the button names it
    chart.setFocus()
    qtbot.keyClick(chart, Qt.Key.Key_Down)
    assert chart.current_bucket() is sefton
    assert panel.show_button.text() == "Show 4 Cleared Photos: Sefton"
    assert "Sefton: 0 of 8 photos" in chart.accessibleDescription()

    # a click on "Show 4 cleared photos from here" → the Library with exactly those
    link = chart.link_rect(1).center()
    qtbot.mouseClick(chart, Qt.MouseButton.LeftButton, pos=QPointF(link).toPoint())
    assert window.modes.currentWidget() is window.splitter
    wait_rows(qtbot, window, 4)
    assert sorted(window.model.row_dict(r)["id"] for r in range(4)) == sefton.available_ids
    assert window.filter.image_ids == sefton.available_ids
    top = window.sidebar.tree.topLevelItem(1)
    assert "Sefton" in top.text(0) and top.text(1) == "4"
    window.sidebar._clicked(top)             # clicking the chosen set clears it
    wait_rows(qtbot, window, 24)


def test_updates_when_the_exhibition_changes(make_window, sample_library, qtbot):
    setup = _prepare(sample_library)
    window = make_window(sample_library)
    wait_rows(qtbot, window, 24)
    editor, panel = _coverage_tab(window, qtbot)
    editor.add_images(setup["sefton"][2:4])
    qtbot.waitUntil(lambda: {b.label: b.in_set for b in panel.chart.buckets}.get("Sefton") == 2,
                    timeout=20_000)
    panel.by.setCurrentIndex(panel.by.findData("year"))
    qtbot.waitUntil(lambda: editor.busy == 0 and panel.chart.report.by == "year",
                    timeout=20_000)
    assert [b.label for b in panel.chart.buckets] == ["2023", "2024"]
    assert sum(b.in_set for b in panel.chart.buckets) == 10
