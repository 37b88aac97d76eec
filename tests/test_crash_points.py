"""Kill ``curator remove`` and ``curator import`` at chosen points (issue 15, items 2, 3, 5, 10).

Each run is a real ``curator`` process that kills itself (SIGKILL, or SIGTERM where the
point is a signal a user sends) at one point of its write: before any original moved,
half-way through the moves, after the commit. Then the library is opened as the next
command would open it, and it must hold: ``PRAGMA integrity_check`` is ok, every row has
its original and every original its row, and the images are either all removed (imported)
or none.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import textwrap
from datetime import datetime
from pathlib import Path

import pytest

from curator.catalogue import open_catalogue
from curator.ingest.importer import ImportOptions, run_import
from curator.library import Library
from curator.samples.photos import make_photo

N = 8

# Runs the CLI in a child process with one function patched to kill the process at the
# N-th call: the kill lands exactly where the test wants it, in the real code path.
_DRIVER = textwrap.dedent("""
    import importlib, os, signal, sys
    target, nth, sig = sys.argv[1], int(sys.argv[2]), getattr(signal, sys.argv[3])
    module_name, path = target.split(":")
    owner = importlib.import_module(module_name)
    *parents, name = path.split(".")
    for part in parents:  # "module:Class.method"
        owner = getattr(owner, part)
    real = getattr(owner, name)
    calls = []

    def dying(*args, **kwargs):
        calls.append(1)
        if len(calls) == nth:
            os.kill(os.getpid(), sig)
        return real(*args, **kwargs)

    setattr(owner, name, dying)
    from curator.cli import main
    sys.exit(main(sys.argv[4:]))
""")


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


@pytest.fixture(scope="module")
def photos(tmp_path_factory) -> Path:
    folder = tmp_path_factory.mktemp("crashpoints") / "Launch"
    for i in range(N):
        make_photo(folder / f"IMG_{i:04d}.JPG", (320, 240), seed=100 + i,
                   captured=datetime(2024, 11, 14, 10, i))
    return folder


@pytest.fixture(scope="module")
def imported(tmp_path_factory, photos) -> Path:
    """A library holding the photos, copied for each kill."""
    root = tmp_path_factory.mktemp("crashlib") / "library"
    run_import(Library(root), [photos], ImportOptions(shoot="Launch", workers=1))
    return root


def _run(args: list[str], target: str, nth: int, sig: str, log_dir: Path,
         timeout: float = 120) -> subprocess.CompletedProcess:
    env = dict(os.environ, CURATOR_LOG=str(log_dir / "crash.log"))
    return subprocess.run([sys.executable, "-c", _DRIVER, target, str(nth), sig, *args],
                          capture_output=True, text=True, env=env, timeout=timeout,
                          start_new_session=True)


def check_library(root: Path) -> dict[str, str]:
    """Open as the next command would; the invariants; returns {sha256: original_path}."""
    library = Library(root)
    db = open_catalogue(library)
    try:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        rows = {sha: rel for sha, rel in db.execute(
            "SELECT sha256, original_path FROM images WHERE is_reference = 0")}
    finally:
        db.close()
    for sha, rel in rows.items():
        path = root / rel
        assert path.is_file(), f"row without its original: {rel}"
        assert _sha(path) == sha, f"{rel} does not hold its image's bytes"
    on_disk = {p.relative_to(root).as_posix() for p in library.originals.rglob("*")
               if p.is_file() and ".incoming" not in p.parts}
    assert on_disk == set(rows.values()), f"originals without rows: {on_disk - set(rows.values())}"
    assert not (root / ".moves-journal.json").exists()
    return rows


# ---------------------------------------------------------------- remove (item 3)


@pytest.mark.parametrize("target,nth,point", [
    ("curator.removal:_move_read_only", 1, "journal written, nothing moved yet"),
    ("curator.removal:_move_read_only", N // 2, "half of the originals moved"),
    ("curator.journal:drop_cache", 1, "committed, thumbnails and previews not yet deleted"),
    ("curator.journal:clear", 1, "committed, journal not yet cleared"),
])
def test_remove_killed_is_all_or_nothing(tmp_path, imported, target, nth, point):
    root = tmp_path / "library"
    shutil.copytree(imported, root)
    before = check_library(root)
    cached = [p for sha in before for p in (Library(root).thumb_path(sha),
                                             Library(root).preview_path(sha))]
    assert all(p.is_file() for p in cached)
    ids = [str(i) for i in range(1, N + 1)]
    done = _run(["--library", str(root), "remove", *ids], target, nth, "SIGKILL", tmp_path)
    assert done.returncode == -signal.SIGKILL, (point, done.stderr)
    after = check_library(root)  # the open finished or undid the moves
    removed = {p.name for p in (root / "removed").rglob("*") if p.is_file()} \
        if (root / "removed").exists() else set()
    if target.startswith("curator.journal:"):
        assert after == {} and len(removed) == N, point
        assert not [p for p in cached if p.exists()], f"cache outlived its images ({point})"
    else:
        assert after == before and removed == set(), point
        assert all(p.is_file() for p in cached), point


# ---------------------------------------------------------------- import (items 2, 5, 10)

_IMPORT_POINTS = [
    ("curator.ingest.importer:_Writer.flush", 1, "pictures processed, nothing written yet"),
    ("curator.journal:move_read_only", 2, "rows written, originals half moved, not committed"),
    ("curator.journal:clear", 1, "committed, journal not yet cleared"),
]


def _staged(root: Path) -> list[Path]:
    incoming = Library(root).incoming
    return sorted(incoming.iterdir()) if incoming.is_dir() else []


def _import_args(root: Path, photos: Path) -> list[str]:
    return ["--library", str(root), "import", str(photos), "--shoot", "Launch", "--json"]


def _alive_in_group(pgid: int) -> list[int]:
    """Processes of process group ``pgid`` still running (zombies — exited, waiting to be
    reaped by a container's init — hold nothing and do not count)."""
    proc = Path("/proc")
    if not proc.is_dir():  # not Linux: any member at all
        try:
            os.killpg(pgid, 0)
        except ProcessLookupError:
            return []
        return [pgid]
    alive = []
    for entry in proc.iterdir():
        if not entry.name.isdigit():
            continue
        try:
            stat = (entry / "stat").read_text()
        except OSError:
            continue
        fields = stat[stat.rindex(")") + 2:].split()  # state, ppid, pgrp, …
        if int(fields[2]) == pgid and fields[0] != "Z":
            alive.append(int(entry.name))
    return alive


def _session_gone(pgid: int, within: float) -> bool:
    """Every process of the killed command's group (its pool workers too) has exited."""
    import time

    deadline = time.monotonic() + within
    while time.monotonic() < deadline:
        if not _alive_in_group(pgid):
            return True
        time.sleep(0.05)
    return False


@pytest.mark.parametrize("target,nth,point", _IMPORT_POINTS)
def test_import_sigkill_leaves_a_consistent_library_and_no_workers(
        tmp_path, photos, target, nth, point):
    root = tmp_path / "library"
    env = dict(os.environ, CURATOR_LOG=str(tmp_path / "crash.log"))
    proc = subprocess.Popen([sys.executable, "-c", _DRIVER, target, str(nth), "SIGKILL",
                             *_import_args(root, photos)], stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, env=env, start_new_session=True)
    proc.wait(timeout=120)
    assert proc.returncode == -signal.SIGKILL, (point, proc.stderr.read())
    assert _session_gone(proc.pid, 1.5), (
        f"pool workers outlived their writer ({point}): " + subprocess.run(
            ["ps", "-o", "pid,etime,cmd", "-g", str(proc.pid)], capture_output=True,
            text=True).stdout)
    proc.stdout.close()
    proc.stderr.close()
    rows = check_library(root)
    if target.endswith(":clear"):
        assert rows, point  # the batch committed before the kill is kept
    elif target.endswith(":_Writer.flush"):
        assert rows == {}, point
    else:
        assert len(rows) < N, point  # the batch being moved did not commit
    resumed = run_import(Library(root), [photos], ImportOptions(shoot="Launch", workers=1))
    assert len(resumed.imported) + len(resumed.duplicates) == N
    assert len(check_library(root)) == N
    assert _staged(root) == []


@pytest.mark.parametrize("target,nth,point", _IMPORT_POINTS)
def test_import_sigterm_stops_cleanly_with_its_report(tmp_path, photos, target, nth, point):
    root = tmp_path / "library"
    done = _run(_import_args(root, photos), target, nth, "SIGTERM", tmp_path)
    assert done.returncode == 128 + signal.SIGTERM, (point, done.stderr)
    report = json.loads(done.stdout)  # the partial report, as with Ctrl-C
    assert report["cancelled"] is True, point
    assert "interrupted" in done.stderr and "Traceback" not in done.stderr
    rows = check_library(root)
    assert len(rows) == report["imported"], point
    assert _staged(root) == [], "staged files left behind"


def test_ctrl_c_on_import_json_prints_the_partial_report(tmp_path, photos):
    root = tmp_path / "library"
    done = _run(_import_args(root, photos), "curator.ingest.importer:_Writer.flush", 1,
                "SIGINT", tmp_path)
    assert done.returncode == 130, done.stderr
    report = json.loads(done.stdout)
    assert report["cancelled"] is True
    assert len(check_library(root)) == report["imported"]
    assert _staged(root) == [], "staged files left behind"
