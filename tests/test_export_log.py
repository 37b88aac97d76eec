"""The export log joins the withdrawal trace."""

from curator.connection import transaction, utc_now
from curator.export.log import ExportedFile, exports_holding, record_export
from curator.trace import image_trace


def test_a_logged_export_shows_in_the_trace_of_its_images(db, library, make_shoot):
    from curator.ingest.importer import ImportOptions, run_import

    run_import(library, [make_shoot(2)], ImportOptions(shoot="s"))
    db.execute("INSERT INTO partners (name, created_at) VALUES ('Family Hub', ?)", [utc_now()])
    with transaction(db):
        record_export(db, kind="pack", public_id="P-1", partner_id=1,
                      files=[ExportedFile(1, "bw-2024-launch-1.jpg", "ab" * 32)])
    assert image_trace(db, 2)["packs"] == []
    packs = image_trace(db, 1)["packs"]
    assert [(p["public_id"], p["partner"], p["files"]) for p in packs] == [
        ("P-1", "Family Hub", ["bw-2024-launch-1.jpg"])]
    # the log outlives the image
    db.execute("DELETE FROM images WHERE id = 1")
    assert exports_holding(db, [1])[0]["public_id"] == "P-1"
