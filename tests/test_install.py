"""The built wheel is the whole app: installed into an empty venv, both commands work.

Builds with ``python -m build --no-isolation`` from a copy of the source tree (so the
checkout gets no ``build/`` folder), installs the wheel with pip into a fresh venv without
system site-packages, then runs the installed ``curator`` and ``curator-gui`` from outside
the repository, so nothing can be found by a path relative to the checkout.
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
NOT_SOURCE = shutil.ignore_patterns(".venv", ".git", "build", "dist", "*.egg-info", "__pycache__",
                                    ".pytest_cache", ".ruff_cache", ".hypothesis", "tests",
                                    "screens", "bench")


def run(cmd: list[str], cwd: Path, env: dict[str, str] | None = None,
        timeout: int = 300) -> subprocess.CompletedProcess:
    done = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{cmd} failed:\n{done.stdout}\n{done.stderr}"
    return done


@pytest.fixture(scope="module")
def wheel(tmp_path_factory) -> Path:
    work = tmp_path_factory.mktemp("wheel")
    source = work / "source"
    shutil.copytree(REPO, source, ignore=NOT_SOURCE)
    run([sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir",
         str(work / "dist"), str(source)], cwd=work)
    (built,) = (work / "dist").glob("curator-*.whl")
    return built


def test_wheel_carries_the_resources(wheel):
    names = set(zipfile.ZipFile(wheel).namelist())
    for tracked in (REPO / "resources").rglob("*"):
        if tracked.is_file() and "__pycache__" not in tracked.parts:
            relative = tracked.relative_to(REPO / "resources").as_posix()
            assert f"curator_resources/{relative}" in names, relative


@pytest.mark.slow
def test_wheel_installs_into_an_empty_venv_and_runs(wheel, tmp_path, make_shoot):
    venv = tmp_path / "venv"
    run([sys.executable, "-m", "venv", str(venv)], cwd=tmp_path)
    bin_dir = venv / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "-q", "--disable-pip-version-check",
         str(wheel)], cwd=tmp_path, timeout=600)

    env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "CURATOR_"))}
    env.update(HOME=str(tmp_path / "home"), XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_CACHE_HOME=str(tmp_path / "cache"),
               XDG_STATE_HOME=str(tmp_path / "state"), QT_QPA_PLATFORM="offscreen")
    version = run([str(bin_dir / "curator"), "--version"], cwd=tmp_path, env=env)
    assert version.stdout.startswith("curator 0.")

    # The fonts come from the venv's package data, not from this checkout.
    found = run([str(bin_dir / "python"), "-c",
                 "from curator.resources import resource_path as r;"
                 "print(r('fonts', 'NotoSans-Regular.ttf'))"], cwd=tmp_path, env=env)
    assert Path(found.stdout.strip()).is_relative_to(venv)

    library = tmp_path / "library"
    shoot = make_shoot(3)
    report = run([str(bin_dir / "curator"), "--library", str(library), "import", str(shoot),
                  "--json"], cwd=tmp_path, env=env)
    assert json.loads(report.stdout)["imported"] == 3

    window = run([str(bin_dir / "curator-gui"), "--library", str(library),
                  "--quit-after", "2000"], cwd=tmp_path, env=env, timeout=120)
    assert "Traceback" not in window.stderr
