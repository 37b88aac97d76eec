"""Kill an import with SIGKILL at several points: the catalogue stays consistent and resumable."""

from __future__ import annotations

import os
import signal
import sqlite3
import subprocess
import sys
import time
from datetime import datetime
from pathlib import Path

import pytest

from curator.catalogue import open_catalogue
from curator.ingest.importer import recover
from curator.library import Library
from curator.samples.photos import make_photo

N = 300


@pytest.fixture(scope="module")
def big_shoot(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crash") / "Baby Week 2024"
    for i in range(N):
        make_photo(folder / f"IMG_{i:04d}.JPG", (960, 720), seed=i, quality=85,
                   captured=datetime(2024, 11, 10 + i % 5, 9, i % 60))
    return folder


def _start(library: Path, shoot: Path) -> subprocess.Popen:
    env = dict(os.environ, CURATOR_LOG=str(library.parent / "crash.log"))
    return subprocess.Popen(
        [sys.executable, "-m", "curator", "--library", str(library), "import", str(shoot),
         "--shoot", "Launch", "--json"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, env=env, start_new_session=True,
    )


def _count(library: Path) -> int:
    try:
        con = sqlite3.connect(f"file:{library / 'catalogue.sqlite'}?mode=ro", uri=True,
                              timeout=5)
        try:
            return con.execute("SELECT COUNT(*) FROM images").fetchone()[0]
        finally:
            con.close()
    except sqlite3.Error:
        return 0


def _check_invariants(root: Path) -> int:
    library = Library(root)
    db = open_catalogue(library)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        recover(db, library)  # the next run's clean-up
        stored = {r[0] for r in db.execute("SELECT original_path FROM images")}
        for rel in stored:
            assert (root / rel).is_file(), f"row without its original: {rel}"
        on_disk = {p.relative_to(root).as_posix() for p in library.originals.rglob("*")
                   if p.is_file() and ".incoming" not in p.parts}
        assert on_disk == stored, f"originals without rows: {sorted(on_disk - stored)[:5]}"
        return len(stored)
    finally:
        db.close()


@pytest.mark.slow
def test_sigkill_at_several_points_then_resume(tmp_path, big_shoot):
    root = tmp_path / "lib"
    kills = 0
    for threshold in (1, 60, 150):  # kill after this many rows have committed
        proc = _start(root, big_shoot)
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and proc.poll() is None:
            if _count(root) >= threshold:
                break
            time.sleep(0.02)
        if proc.poll() is None:
            os.killpg(proc.pid, signal.SIGKILL)
            kills += 1
        proc.wait()
        _check_invariants(root)
    assert kills >= 2, "the import finished before it could be killed"
    proc = _start(root, big_shoot)
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == 0, err
    assert b"Traceback" not in err
    assert _check_invariants(root) == N
