"""Issue 15 item 9: a referenced original that was changed is noticed; `curator check`.

Before, overwriting the source of a ``--reference`` import with garbage raised nothing in
``exhibition validate`` (only a missing file was a blocker), and there was no command that
verified the library as a whole.
"""

from __future__ import annotations

import json
import os
from datetime import datetime

from curator.cli import main
from curator.samples.photos import make_photo


def cli(capsys, library, *argv):
    code = main(["--library", str(library.root), *map(str, argv), "--json"])
    out, err = capsys.readouterr()
    return code, json.loads(out) if out.strip() else None, err


def ok(capsys, library, *argv):
    code, data, err = cli(capsys, library, *argv)
    assert code == 0, err
    return data


def _exhibition_of_references(capsys, library, tmp_path):
    folder = tmp_path / "drive"
    paths = [folder / f"IMG_{i}.JPG" for i in range(3)]
    for i, path in enumerate(paths):
        make_photo(path, (160, 120), seed=40 + i, captured=datetime(2024, 11, 14, 10, i))
    ok(capsys, library, "import", folder, "--reference", "--shoot", "Drive")
    ids = [r["id"] for r in ok(capsys, library, "images")]
    ok(capsys, library, "consent", "not-needed", *ids)
    ok(capsys, library, "exhibition", "create", "Refs")
    ok(capsys, library, "exhibition", "add", "1", *ids)
    return paths, ids


def test_a_changed_or_unreadable_referenced_original_is_a_blocker(capsys, library, tmp_path):
    paths, ids = _exhibition_of_references(capsys, library, tmp_path)
    assert not [p for p in ok(capsys, library, "exhibition", "validate", "1")["problems"]
                if p["code"].endswith("-original")]
    paths[0].write_bytes(b"garbage " * 100)                  # another size
    st = paths[1].stat()
    data = bytearray(paths[1].read_bytes())
    data[-10] ^= 0xFF
    paths[1].write_bytes(bytes(data))                        # same size, bytes changed …
    os.utime(paths[1], ns=(st.st_atime_ns, st.st_mtime_ns))  # … and the old mtime put back
    paths[2].unlink()
    paths[2].mkdir()                                         # no longer a file
    problems = {p["image_id"]: p for p in ok(capsys, library, "exhibition", "validate",
                                             "1")["problems"] if p["code"].endswith("-original")}
    assert problems[ids[0]]["code"] == "changed-original"
    assert problems[ids[0]]["severity"] == "blocker"
    assert "was changed since it was imported" in problems[ids[0]]["message"]
    assert problems[ids[2]]["code"] == "unreadable-original"
    # Same size and time: the fast path trusts it (that is what size+mtime are for) …
    assert ids[1] not in problems
    # … but an image imported before times were recorded is hashed, and caught.
    from curator.catalogue import open_catalogue

    db = open_catalogue(library)
    db.execute("UPDATE images SET original_mtime = NULL WHERE id = ?", [ids[1]])
    db.close()
    codes = {(p["image_id"], p["code"]) for p in ok(capsys, library, "exhibition",
                                                    "validate", "1")["problems"]}
    assert (ids[1], "changed-original") in codes


def test_curator_check_reports_each_kind_of_problem(capsys, library, tmp_path):
    folder = tmp_path / "shoot"
    for i in range(3):
        make_photo(folder / f"IMG_{i}.JPG", (160, 120), seed=50 + i,
                   captured=datetime(2024, 11, 14, 10, i))
    ok(capsys, library, "import", folder, "--shoot", "Launch")
    report = ok(capsys, library, "check")
    assert report["ok"] and report["images"] == 3 and report["integrity"] == "ok"

    originals = sorted((library.root / "originals").rglob("IMG_*.JPG"))
    originals[0].chmod(0o644)
    originals[0].write_bytes(b"not the picture")
    originals[1].chmod(0o644)
    originals[1].unlink()
    (originals[2].parent / "stray.jpg").write_bytes(b"nobody's")
    for cached in (library.root / "cache").rglob("*.jpg"):
        cached.unlink()
    code, report, err = cli(capsys, library, "check")
    assert code == 1 and "The library has problems" in err
    assert sorted(p["code"] for p in report["problems"]) == ["changed-original",
                                                             "missing-original"]
    assert report["unlisted"] == ["originals/2024/Launch/stray.jpg"]
    assert len(report["cache_lost"]) == 1 and report["cache_missing"] == 2
