"""The importer over generated shoots and the real-photo corpus."""

from __future__ import annotations

import hashlib
import os
import stat
import sys
import threading
from pathlib import Path

import pytest
from PIL import Image

from curator.catalogue import open_catalogue
from curator.errors import LibraryBusy
from curator.ingest.importer import ImportOptions, recover, run_import
from curator.samples.photos import make_photo


def sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def rows(library):
    db = open_catalogue(library)
    try:
        return list(db.query("SELECT * FROM images ORDER BY id"))
    finally:
        db.close()


def test_copy_import_keeps_originals_byte_identical_and_read_only(library, make_shoot):
    shoot = make_shoot(4)
    before = {p.name: (sha(p), p.stat().st_mtime_ns) for p in shoot.iterdir()}
    report = run_import(library, [shoot], ImportOptions(shoot="Launch day",
                                                        photographer="Sam Lee"))
    assert len(report.imported) == 4 and not report.failed and not report.skipped
    after = {p.name: (sha(p), p.stat().st_mtime_ns) for p in shoot.iterdir()}
    assert after == before  # the source is never written to
    for row in rows(library):
        original = library.root / row["original_path"]
        assert row["original_path"].startswith("originals/2024/Launch day/")
        assert sha(original) == row["sha256"] == before[row["file_name"]][0]
        assert not original.stat().st_mode & (stat.S_IWUSR | stat.S_IWGRP | stat.S_IWOTH)
        assert library.thumb_path(row["sha256"]).is_file()
        assert library.preview_path(row["sha256"]).is_file()
        assert row["year"] == 2024 and row["year_source"] == "capture-time"
        assert row["camera_make"] == "Curator"
    assert not any(library.incoming.iterdir())


def test_reimport_imports_nothing_new_and_names_the_existing_image(library, make_shoot, tmp_path):
    shoot = make_shoot(3)
    first = run_import(library, [shoot])
    again = run_import(library, [shoot])
    assert len(again.imported) == 0 and len(again.duplicates) == 3
    assert all(d["reason"].startswith("already in library as #") for d in again.duplicates)
    # the same file from another folder is the same image
    other = tmp_path / "elsewhere"
    other.mkdir()
    (other / "copy.jpg").write_bytes((shoot / "IMG_0001.JPG").read_bytes())
    third = run_import(library, [other])
    # the report lists files in the order the workers finished them: look the file up
    first_id = next(i["id"] for i in first.imported if i["file_name"] == "IMG_0001.JPG")
    assert third.duplicates[0]["existing_id"] == first_id
    assert len(rows(library)) == 3


def test_same_file_twice_in_one_import_is_one_image(library, make_shoot):
    shoot = make_shoot(3)
    (shoot / "sub").mkdir()
    (shoot / "sub" / "again.jpg").write_bytes((shoot / "IMG_0002.JPG").read_bytes())
    report = run_import(library, [shoot], ImportOptions(workers=2))
    assert len(report.imported) == 3 and len(report.duplicates) == 1


def test_reference_mode_leaves_originals_in_place(library, make_shoot):
    shoot = make_shoot(3)
    run_import(library, [shoot], ImportOptions(reference=True))
    for row in rows(library):
        assert row["is_reference"] == 1
        assert Path(row["original_path"]) == (shoot / row["file_name"]).absolute()
    assert not any((library.originals).glob("2*"))


def test_same_name_different_content_gets_a_distinct_original(library, tmp_path):
    a, b = tmp_path / "a", tmp_path / "b"
    make_photo(a / "IMG_0001.JPG", (320, 240), seed=1)
    make_photo(b / "IMG_0001.JPG", (320, 240), seed=2)
    run_import(library, [a, b], ImportOptions(shoot="Two cards"))
    paths = sorted(r["original_path"] for r in rows(library))
    assert len(set(paths)) == 2
    assert any(p.endswith("/IMG_0001.JPG") for p in paths)
    assert any(p.endswith(".JPG") and "IMG_0001-" in p for p in paths)


def test_bad_input_is_reported_per_file_and_the_rest_imports(library, tmp_path, corpus):
    src = tmp_path / "card with spaces — ünïcödé"
    make_photo(src / "good one.jpg", (320, 240), seed=5)
    make_photo(src / "ökologisch straße.jpg", (320, 240), seed=6)
    (src / "zero.jpg").write_bytes(b"")
    (src / "random.jpg").write_bytes(os.urandom(5000))
    Image.new("RGB", (50, 40), "red").save(src / "actually_png.jpg", "PNG")
    (src / "truncated.jpg").write_bytes((corpus / "broken/truncated_jpeg.jpg").read_bytes())
    (src / "notes.txt").write_text("call the venue")
    (src / "clip.MOV").write_bytes(b"\0" * 100)
    (src / "raw.CR2").write_bytes(b"\0" * 100)
    locked = make_photo(src / "locked.jpg", (320, 240), seed=7)
    locked.chmod(0)
    try:
        report = run_import(library, [src])
    finally:
        locked.chmod(0o644)
    reasons = {Path(e["path"]).name: e["reason"] for e in report.failed + report.skipped}
    imported = {e["file_name"] for e in report.imported}
    assert imported >= {"good one.jpg", "ökologisch straße.jpg", "actually_png.jpg"}
    assert "0 bytes" in reasons["zero.jpg"]
    assert "not a picture" in reasons["random.jpg"]
    assert "incomplete" in reasons["truncated.jpg"]
    assert "document" in reasons["notes.txt"]
    assert "video" in reasons["clip.MOV"]
    assert "RAW" in reasons["raw.CR2"]
    if os.geteuid() != 0:  # root reads anything
        assert "permission denied" in reasons["locked.jpg"]
    png_row = next(r for r in rows(library) if r["file_name"] == "actually_png.jpg")
    assert png_row["format"] == "PNG" and (png_row["width"], png_row["height"]) == (50, 40)


def test_decompression_bombs_are_refused(library, corpus, tmp_path):
    src = tmp_path / "bombs"
    src.mkdir()
    for name in ("broken/200MP.heic", "broken/decompression_bomb.gif"):
        (src / Path(name).name).write_bytes((corpus / name).read_bytes())
    # between 1x and 2x MAX_IMAGE_PIXELS Pillow only warns: must be refused as well
    big = Image.new("L", (10000, 9500))
    big.save(src / "95mp.png", optimize=False)
    report = run_import(library, [src])
    assert not report.imported
    assert len(report.failed) == 3
    assert all("safety limit" in f["reason"] for f in report.failed), report.failed


def test_missing_capture_time_falls_back_to_file_time_and_says_so(library, tmp_path):
    src = tmp_path / "s"
    src.mkdir()
    Image.new("RGB", (64, 48), "blue").save(src / "screenshot.png")
    os.utime(src / "screenshot.png", (1_600_000_000, 1_600_000_000))  # 2020-09-13
    report = run_import(library, [src])
    row = rows(library)[0]
    assert (row["year"], row["year_source"]) == (2020, "file-time")
    assert any("modification date" in n["note"] for n in report.notes)


def test_symlink_loop_and_unreadable_folder_are_reported(library, make_shoot):
    shoot = make_shoot(2)
    (shoot / "loop").symlink_to(shoot, target_is_directory=True)
    report = run_import(library, [shoot])
    assert len(report.imported) == 2
    assert any("loop" in s["reason"] for s in report.skipped)


def test_second_import_on_the_same_library_is_refused_while_one_runs(library, make_shoot):
    import filelock

    shoot = make_shoot(1)
    library.root.mkdir(parents=True)
    with filelock.FileLock(str(library.lock_path)), pytest.raises(LibraryBusy,
                                                                  match="Another import"):
        run_import(library, [shoot])


def test_cancel_keeps_what_was_done_consistent(library, make_shoot):
    shoot = make_shoot(12)
    calls = []

    def progress(done, total, current):
        calls.append((done, total))

    report = run_import(library, [shoot], ImportOptions(workers=2), progress=progress,
                        cancel=lambda: len(calls) >= 4)
    assert report.cancelled
    assert 3 <= len(report.imported) < 12
    assert calls[0] == (0, 12)
    for row in rows(library):
        assert (library.root / row["original_path"]).is_file()
    again = run_import(library, [shoot])
    assert len(again.imported) + len(report.imported) == 12


def test_recover_moves_committed_staged_originals_and_drops_the_rest(library, make_shoot):
    shoot = make_shoot(2)
    run_import(library, [shoot])
    db = open_catalogue(library)
    first = db.execute("SELECT sha256, original_path FROM images ORDER BY id").fetchone()
    original = library.root / first[1]
    # simulate a kill between commit and rename: the original is still staged
    original.chmod(0o644)
    os.replace(original, library.incoming / first[0])
    (library.incoming / ("f" * 64)).write_bytes(b"orphan")
    (library.incoming / "x.123.tmp").write_bytes(b"partial")
    assert recover(db, library) == 1
    assert original.is_file() and sha(original) == first[0]
    assert not any(library.incoming.iterdir())


def test_missing_cache_files_are_rebuilt_on_demand(library, make_shoot):
    from curator.ingest.derivatives import ensure_derivatives

    run_import(library, [make_shoot(1)])
    row = rows(library)[0]
    library.thumb_path(row["sha256"]).unlink()
    assert ensure_derivatives(library, row["sha256"], library.root / row["original_path"])
    with Image.open(library.thumb_path(row["sha256"])) as im:
        assert max(im.size) == 256


def test_orientation_is_applied_to_derivatives_and_sizes(library, corpus, expected, tmp_path):
    names = [k for k in expected if k.startswith("orientation/")]
    report = run_import(library, [corpus / "orientation"], ImportOptions(shoot="orient"))
    assert not report.failed
    by_name = {r["file_name"]: r for r in rows(library)}
    for key in names:
        facts = expected[key]
        row = by_name[Path(key).name]
        assert (row["width"], row["height"]) == (facts["display_width"], facts["display_height"])
        with Image.open(library.preview_path(row["sha256"])) as prev:
            pw, ph = prev.size
        assert (pw >= ph) == (facts["display_width"] >= facts["display_height"]), key


def test_whole_corpus_imports_every_decodable_file_and_reports_the_rest(library, corpus,
                                                                        expected):
    report = run_import(library, [corpus], ImportOptions(shoot="corpus"))
    reported = {str(Path(e["path"]).resolve().relative_to(corpus.resolve()))
                for e in report.failed + report.skipped}
    decodable = {k for k, v in expected.items() if v.get("pillow_decodes")}
    assert not (reported & decodable), sorted(reported & decodable)
    imported = {str(Path(e["path"]).resolve().relative_to(corpus.resolve()))
                for e in report.imported + report.duplicates}
    assert imported == decodable
    assert not (set(expected) - decodable - reported - {"sidecars/DSCN0027.xmp",
                                                          "sidecars/DSCN0029.JPG.xmp"})
    # corpus originals are untouched
    for key in list(decodable)[:20]:
        assert sha(corpus / key) == expected[key]["sha256"]
    by_sha = {r["sha256"]: r for r in rows(library)}
    for key in decodable:
        facts = expected[key]
        row = by_sha[facts["sha256"]]
        assert (row["width"], row["height"]) == (facts["display_width"], facts["display_height"]), key
        if facts.get("datetime_original"):
            assert row["year"] == int(facts["datetime_original"][:4]), key
    heic = by_sha[expected["formats/heic/arrow.heic"]["sha256"]]
    assert (heic["width"], heic["height"]) == (3024, 4032) and heic["orientation"] == 1
    gps = by_sha[expected["cameras/gps/DSCN0010.jpg"]["sha256"]]
    assert gps["gps_json"] and "GPS" not in gps["exif_json"]


def test_folder_disappearing_mid_import_is_reported_and_the_rest_kept(library, tmp_path):
    import shutil

    src = tmp_path / "card"
    for i in range(3):
        make_photo(src / "a" / f"A{i}.jpg", (200, 150), seed=i)
        make_photo(src / "b" / f"B{i}.jpg", (200, 150), seed=10 + i)

    def progress(done, total, current):
        if done == 1:
            shutil.rmtree(src / "b")  # the card is pulled out half way

    report = run_import(library, [src], ImportOptions(workers=1), progress=progress)
    assert len(report.imported) == 3
    assert len(report.failed) == 3
    assert all("disappeared" in f["reason"] for f in report.failed)


def test_disk_full_before_start_says_how_much_space_is_needed(library, make_shoot, monkeypatch):
    import shutil
    from collections import namedtuple

    from curator.errors import DiskFull

    shoot = make_shoot(2)
    usage = namedtuple("usage", "total used free")
    monkeypatch.setattr(shutil, "disk_usage", lambda p: usage(10**9, 10**9 - 5000, 5000))
    with pytest.raises(DiskFull, match=r"needs about \d+ MB"):
        run_import(library, [shoot])


def test_disk_filling_during_import_stops_cleanly_and_resumes(library, make_shoot, monkeypatch):
    import errno

    from curator.ingest import imaging
    from curator.ingest.importer import DiskFullDuringImport

    shoot = make_shoot(5)
    real_save = imaging.save_jpeg
    calls = {"n": 0}

    def filling_save(im, path, quality):
        calls["n"] += 1
        if calls["n"] > 4:  # two images' worth of previews+thumbnails, then the disk is full
            raise OSError(errno.ENOSPC, "No space left on device")
        real_save(im, path, quality)

    monkeypatch.setattr(imaging, "save_jpeg", filling_save)
    with pytest.raises(DiskFullDuringImport, match="Free about .* then run the same import") \
            as info:
        run_import(library, [shoot], ImportOptions(workers=1))
    assert len(info.value.report.imported) == 2
    assert len(rows(library)) == 2
    monkeypatch.setattr(imaging, "save_jpeg", real_save)
    again = run_import(library, [shoot])
    assert len(again.imported) == 3 and len(again.duplicates) == 2


def test_malformed_exif_is_read_by_the_fallback_and_reported(library, corpus, tmp_path):
    src = tmp_path / "odd"
    src.mkdir()
    for name in ("exif_typeerror.jpg", "hopper_bad_exif.jpg"):
        (src / name).write_bytes((corpus / "broken" / name).read_bytes())
    report = run_import(library, [src])
    assert len(report.imported) == 2
    assert {Path(n["path"]).name for n in report.notes if "malformed" in n["note"]} == \
        {"exif_typeerror.jpg", "hopper_bad_exif.jpg"}


def test_captions_keywords_and_sidecars_are_read_at_import(library, corpus):
    from curator.reads import keywords_of

    run_import(library, [corpus / "sidecars", corpus / "metadata"], ImportOptions(shoot="meta"))
    db = open_catalogue(library)
    try:
        by_name = {r["file_name"]: r for r in db.query("SELECT * FROM images")}
        latin = by_name["iptc_latin1_no_charset.jpg"]
        assert "Café crèche — naïve" in (latin["caption"] or "")
        # base-name sidecar (Lightroom) and full-name sidecar (darktable/digiKam)
        for name, keyword, caption in (
            ("DSCN0027.jpg", "Places|Liverpool", None),
            ("DSCN0029.JPG", "Speak up for babies", "Matka z dzieckiem — Zażółć gęślą jaźń"),
        ):
            row = by_name[name]
            kws = keywords_of(db, [row["id"]])[row["id"]]
            assert keyword in kws, (name, kws)
            assert row["caption"] and (caption is None or row["caption"].startswith(caption))
    finally:
        db.close()


def test_an_import_that_brings_nothing_new_leaves_no_empty_shoot(library, make_shoot, tmp_path):
    shoot = make_shoot(2)
    run_import(library, [shoot], ImportOptions(shoot="Launch day"))
    again = run_import(library, [shoot], ImportOptions(shoot="Launch day — copy"))
    nothing = run_import(library, [tmp_path / "no such folder"], ImportOptions(shoot="Ghost"))
    assert again.shoot_id is None and nothing.shoot_id is None
    assert nothing.skipped[0]["reason"] == "does not exist"
    db = open_catalogue(library)
    try:
        assert [r[0] for r in db.execute("SELECT title FROM shoots")] == ["Launch day"]
    finally:
        db.close()


def test_pillow_remarks_on_odd_files_do_not_reach_the_terminal(library, corpus, tmp_path):
    import subprocess
    import sys

    src = tmp_path / "odd"
    src.mkdir()
    for name in ("broken/exif_typeerror.jpg", "broken/sugarshack_bad_mpo_header.jpg",
                 "broken/hopper_bad_exif.jpg"):
        (src / Path(name).name).write_bytes((corpus / name).read_bytes())
    done = subprocess.run([sys.executable, "-m", "curator", "--library", str(library.root),
                           "import", str(src), "--json"], capture_output=True, text=True)
    assert done.returncode == 0 and done.stderr == ""


def test_image_ids_follow_the_scan_order_whatever_order_workers_finish(library, make_shoot):
    shoot = make_shoot(8)
    run_import(library, [shoot], ImportOptions(workers=2))
    assert [r["file_name"] for r in rows(library)] == [f"IMG_{i:04d}.JPG" for i in range(1, 9)]


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="workers fork only on Linux")
def test_workers_fork_only_from_one_thread_with_the_catalogue_closed(library, make_shoot):
    """Forked workers are copies of this process: never of one with other threads (the
    desktop app imports from a thread) or with the catalogue open; both ways import alike."""
    from curator.ingest.importer import worker_start_method

    assert worker_start_method(library) == "fork"
    methods: list[str] = []
    thread = threading.Thread(target=lambda: methods.append(worker_start_method(library)))
    thread.start()
    thread.join()
    assert methods == ["spawn"]
    db = open_catalogue(library, create=True)
    try:
        assert worker_start_method(library) == "spawn"
    finally:
        db.close()
    assert worker_start_method(library) == "fork"

    reports = []
    for seed, name in enumerate(("forked", "spawned")):
        shoot = make_shoot(4, name, start_seed=10 * seed)
        if name == "forked":
            reports.append(run_import(library, [shoot], ImportOptions(workers=2)))
        else:  # from a thread, as the desktop app does
            thread = threading.Thread(target=lambda s=shoot: reports.append(
                run_import(library, [s], ImportOptions(workers=2))))
            thread.start()
            thread.join()
    assert [len(r.imported) for r in reports] == [4, 4]
    assert not list(library.incoming.iterdir())
