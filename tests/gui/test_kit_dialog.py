"""The Kit dialog: a campaign, a licence and the selected photos planned in a worker; the
focus point dragged on a crop preview moves every crop of that photo; the post texts edited
with live counts; the kit written with progress, its crops and posts read back."""

from __future__ import annotations

import csv
import io
import zipfile
from contextlib import closing
from datetime import date, datetime, timedelta

from PIL import Image
from PySide6.QtCore import QPoint, Qt

from curator.campaigns import records as campaigns
from curator.catalogue import open_catalogue
from curator.consent import people
from curator.export import partners
from curator.ingest.importer import ImportOptions, run_import
from curator.library import Library
from curator.samples.photos import make_photo
from curator.tagging.edits import TagEdit, apply
from curator.tagging.focus import focus_of
from ui.dialogs.kit_dialog import KitDialog
from ui.thumbnails import ThumbnailCache

SIZES = {"wide": (3600, 2400), "tall": (1600, 2400), "small": (640, 480)}


def _kit_library(tmp_path) -> tuple[Library, dict[str, int], int]:
    library = Library(tmp_path / "lib")
    folder = tmp_path / "shoot"
    for n, (name, size) in enumerate(SIZES.items()):
        make_photo(folder / f"{name}.jpg", size, seed=70 + n,
                   captured=datetime(2024, 6, 10, 11, n))
    run_import(library, [folder], ImportOptions(shoot="Launch", workers=1))
    with closing(open_catalogue(library)) as db:
        ids = dict(db.execute("SELECT file_name, id FROM images").fetchall())
        ids = {name: ids[f"{name}.jpg"] for name in SIZES}
        people.set_identifiable(db, list(ids.values()), False)
        apply(db, list(ids.values()), TagEdit(caption="Families at the launch",
                                              alt_text="Parents and babies on a rug",
                                              credit="Photo: Sam Okafor"))
        echo = partners.add_partner(db, "Liverpool Echo")
        licence = partners.add_licence(db, echo, uses=("online", "print"),
                                       expires_on=date.today() + timedelta(days=300))
        campaigns.add_campaign(db, library, "Infant Mental Health Awareness Week", year=2024,
                               theme="Speak up for babies", starts_on="2024-06-10",
                               ends_on="2024-06-16", days={1: "Bonding", 2: "Talking"},
                               hashtags=["IMHAW24"], url="https://example.org/imhaw")
    return library, ids, licence


def test_kit_dialog_focus_posts_and_write(qtbot, tmp_path):
    library, ids, licence = _kit_library(tmp_path)
    previews = ThumbnailCache(capacity=8, threads=1, kind="preview")
    previews.set_library(library)
    dialog = KitDialog(library, previews, selection=list(ids.values()))
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.waitUntil(lambda: dialog.planned is not None, timeout=30_000)
    kit = dialog.planned.plan
    assert dialog.licence.currentData() == licence
    assert sorted(kit.included) == sorted(ids.values())
    assert dialog.images.count() == 3
    assert "3 photos for Liverpool Echo" in dialog.summary.text()

    # the small photo is too small for every crop, and says so
    warnings = [dialog.warnings.item(n).text() for n in range(dialog.warnings.count())]
    assert any(f"#{ids['small']}:" in w and "too small" in w for w in warnings)
    dialog.days.setChecked(True)  # dealt to days: planned again
    qtbot.waitUntil(lambda: dialog.planned is not None and dialog.planned.plan is not kit
                    and dialog.images.count() == 3, timeout=30_000)
    assert "day 1" in dialog.images.item(0).text()
    row = next(r for r in range(3) if dialog.images.item(r).text().startswith(f"#{ids['small']}"))
    dialog.images.setCurrentRow(row)
    assert all(dialog.crops[k].box is None for k in dialog.crops)

    # the wide photo: a click near the right edge of the 9:16 preview moves every crop
    row = next(r for r in range(3) if dialog.images.item(r).text().startswith(f"#{ids['wide']}"))
    dialog.images.setCurrentRow(row)
    qtbot.waitUntil(lambda: dialog.crops["story"].pixmap is not None, timeout=30_000)
    story = dialog.crops["story"]
    before = dialog.current.crops["square"].x
    photo = story.photo_rect()
    qtbot.mouseClick(story, Qt.MouseButton.LeftButton,
                     pos=QPoint(int(photo.x() + photo.width() * 0.9),
                                int(photo.y() + photo.height() * 0.5)))
    item = dialog.current
    assert abs(item.focus[0] - 0.9) < 0.02
    assert item.crops["square"].x > before
    for box in item.crops.values():
        assert box.contains(item.focus[0] * 3600, item.focus[1] * 2400)

    # the posts: counted live, the curator's words kept
    x = dialog.post_editors["x"]
    x.text.setPlainText("Long words " * 40)
    assert x.length() > 280 and "Over the limit" in x.note.text()
    assert "color" in x.counter.styleSheet()
    insta = dialog.post_editors["instagram"]
    insta.text.setPlainText("Our own words for the week #IMHAW24")
    assert insta.counter.text().startswith("35 / 2,200 · 1 / 30 hashtags")

    # the alt text: one text, counted against each platform's alt-text limit
    alt = dialog.alt_editor
    assert alt.text.toPlainText() == "Parents and babies on a rug"
    alt.text.setPlainText("A parent lifts a laughing baby above a picnic rug " * 3)
    assert "Instagram 150 / 100 (recommended)" in alt.counter.text()
    assert "color" in alt.counter.text() and "X 150 / 1,000" in alt.counter.text()

    out = tmp_path / "kits"
    dialog.folder.setText(str(out))
    dialog.start()
    assert not dialog.posts.isEnabled()  # nothing changes while it is written
    qtbot.waitUntil(lambda: dialog.result is not None, timeout=180_000)
    result = dialog.result
    assert dialog.after_button.isVisible() and "Kit " in dialog.status.text()
    assert result.kit.is_file() and sorted(result.included) == sorted(ids.values())

    with zipfile.ZipFile(result.kit) as z:
        names = z.namelist()
        stories = [n for n in names if "/social/story-1080x1920/" in n]
        assert len(stories) == 2  # the small photo is in no crop
        with Image.open(io.BytesIO(z.read(stories[0]))) as im:
            assert im.size == (1080, 1920)
        posts = next(n for n in names if n.endswith("/posts.csv"))
        rows = list(csv.DictReader(io.StringIO(z.read(posts).decode("utf-8-sig"))))
    wide = next(r for r in rows if r["Instagram"] == "Our own words for the week #IMHAW24")
    assert int(wide["X length"].split("/")[0]) <= 280
    assert wide["alt text X"].startswith("A parent lifts a laughing baby")
    assert len(wide["alt text Instagram"]) <= 100 < len(wide["alt text X"])
    with closing(open_catalogue(library)) as db:
        assert abs(focus_of(db, [ids["wide"]])[ids["wide"]][0] - 0.9) < 0.02
