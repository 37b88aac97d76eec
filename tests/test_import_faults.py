"""Issue 15, import items 1, 2, 7, 8 and 12: bad names, failed moves, typos, the library
itself, files that are not regular files, sidecars with no photo.

Each failed before its fix: an aborted import (exit 2), rows without originals, exit 0 on
a typo, Curator's own cache imported as new pictures, a FIFO silently left out (or an
import that hangs on it), a sidecar neither imported nor reported.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import datetime
from pathlib import Path

from curator.catalogue import open_catalogue
from curator.cli import main
from curator.ingest.importer import ImportOptions, run_import
from curator.library import Library
from curator.samples.photos import make_photo
from tests.test_crash_points import check_library


def photo(path: Path, seed: int) -> Path:
    make_photo(path, (160, 120), seed=seed, captured=datetime(2024, 11, 14, 10, seed % 60))
    return path


def cli(capsys, library: Library, *argv) -> tuple[int, dict | None, str]:
    code = main(["--library", str(library.root), *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


def reasons(report: dict) -> dict[str, str]:
    return {Path(s["path"]).name: s["reason"] for s in report["skipped"] + report["failed"]}


# ---------------------------------------------------------------- 1: names that are not UTF-8


def _bad_name_folder(tmp_path: Path) -> Path:
    folder = tmp_path / "cameras"
    photo(folder / "good.jpg", 1)
    photo(Path(os.fsdecode(os.fsencode(folder) + b"/bad\xff.jpg")), 2)
    return folder


def test_a_name_that_is_not_utf8_is_imported_under_an_escaped_name(capsys, library, tmp_path):
    code, report, err = cli(capsys, library, "import", _bad_name_folder(tmp_path))
    assert code == 0, err
    assert report["imported"] == 2 and report["failed"] == []
    db = open_catalogue(library)
    names = sorted(r[0] for r in db.execute("SELECT file_name FROM images"))
    db.close()
    assert names == ["bad\\xff.jpg", "good.jpg"]
    assert not any(library.incoming.iterdir())
    check_library(library.root)
    code, again, _ = cli(capsys, library, "import", tmp_path / "cameras")  # retries work
    assert code == 0 and again["duplicates"] == 2


def test_by_reference_a_name_that_is_not_utf8_is_reported(capsys, library, tmp_path):
    code, report, err = cli(capsys, library, "import", _bad_name_folder(tmp_path),
                            "--reference")
    assert code == 0, err
    assert report["imported"] == 1
    assert "not valid UTF-8" in reasons(report)["bad\\xff.jpg"]


# ---------------------------------------------------------------- 2: a move that fails


def test_a_failed_move_into_place_leaves_no_row_without_its_original(
        library, tmp_path, monkeypatch):
    folder = tmp_path / "Launch"
    for i in range(4):
        photo(folder / f"IMG_{i}.JPG", i)
    real_rename, real_replace = os.rename, os.replace

    def refusing(real):
        def move(src, dst, *args, **kwargs):
            if Path(dst).name == "IMG_2.JPG":  # the shoot folder refuses this one
                raise PermissionError(1, "Operation not permitted", str(dst))
            return real(src, dst, *args, **kwargs)
        return move

    monkeypatch.setattr(os, "rename", refusing(real_rename))
    monkeypatch.setattr(os, "replace", refusing(real_replace))
    report = run_import(library, [folder], ImportOptions(shoot="Launch", workers=1))
    monkeypatch.undo()
    assert len(report.imported) == 3
    assert [Path(f["path"]).name for f in report.failed] == ["IMG_2.JPG"]
    assert "could not be put into the library" in report.failed[0]["reason"]
    rows = check_library(library.root)  # every row has its original, every original its row
    assert len(rows) == 3
    again = run_import(library, [folder], ImportOptions(shoot="Launch", workers=1))
    assert len(again.imported) == 1 and len(again.duplicates) == 3
    assert len(check_library(library.root)) == 4


# ---------------------------------------------------------------- 7: a path that does not exist


def test_a_path_that_does_not_exist_fails_the_command_after_importing_the_rest(
        capsys, library, tmp_path):
    good = photo(tmp_path / "good.jpg", 3)
    typo = tmp_path / "Lanch"
    code, report, err = cli(capsys, library, "import", good, typo)
    assert code == 1
    assert report["imported"] == 1 and report["missing"] == [str(typo)]
    assert err.strip() == f"curator: {typo} does not exist (everything else given was imported)."
    code, report, err = cli(capsys, library, "import", typo)
    assert code == 1 and report["imported"] == 0 and "does not exist" in err


# ---------------------------------------------------------------- 8: the library itself


def test_a_folder_holding_the_library_does_not_import_its_cache(capsys, tmp_path):
    folder = tmp_path / "Pictures"
    for i in range(2):
        photo(folder / f"IMG_{i}.JPG", 10 + i)
    library = Library(folder / "Curator library")
    code, first, err = cli(capsys, library, "import", folder)
    assert code == 0 and first["imported"] == 2, err
    code, second, err = cli(capsys, library, "import", folder)  # thumbnails now exist in it
    assert code == 0, err
    assert second["imported"] == 0 and second["duplicates"] == 2
    assert "the Curator library itself" in reasons(second)["Curator library"]
    code, inside, _ = cli(capsys, library, "import", library.thumbs)
    assert inside["imported"] == 0 and "Curator library itself" in inside["skipped"][0]["reason"]


# ---------------------------------------------------------------- 12: not regular files, sidecars


def test_devices_fifos_and_lonely_sidecars_are_reported_never_opened(tmp_path):
    folder = tmp_path / "card"
    photo(folder / "IMG_1.JPG", 20)
    (folder / "zero.jpg").symlink_to("/dev/zero")
    (folder / "gone.jpg").symlink_to(folder / "nowhere.jpg")
    os.mkfifo(folder / "fifo.jpg")
    (folder / "IMG_2.xmp").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    (folder / "IMG_2.MOV").write_bytes(b"not really a film")
    (folder / "lonely.xmp").write_text("<x:xmpmeta xmlns:x='adobe:ns:meta/'/>")
    library = tmp_path / "library"
    # In a child process with a timeout: before the fix, a FIFO given by name hung the import.
    done = subprocess.run(
        [sys.executable, "-m", "curator", "--library", str(library), "import", str(folder),
         str(folder / "fifo.jpg"), "--json"],
        capture_output=True, text=True, timeout=60,
        env=dict(os.environ, CURATOR_LOG=str(tmp_path / "log")))
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout)
    assert report["imported"] == 1
    got = reasons(report)
    assert "not a regular file" in got["zero.jpg"]
    assert "not a regular file" in got["fifo.jpg"]
    assert "broken link" in got["gone.jpg"]
    assert "a sidecar with no photo" in got["IMG_2.xmp"]
    assert "a sidecar with no photo" in got["lonely.xmp"]
    assert "video" in got["IMG_2.MOV"]
