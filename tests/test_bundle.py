"""The one-folder PyInstaller bundle (``make bundle`` → ``dist/Curator/``) runs on its own.

Building it takes minutes, so it runs only when asked: ``CURATOR_TEST_BUNDLE=1`` builds it
with ``scripts/build_bundle.sh`` (``CURATOR_TEST_BUNDLE=existing`` uses the ``dist/Curator``
already built). The bundled programs run with a clean environment (no PATH to a Python, no
PYTHONPATH, HOME in a temporary folder), from outside the repository.
"""

from __future__ import annotations

import json
import os
import subprocess
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
BUNDLE = REPO / "dist" / "Curator"
WANTED = os.environ.get("CURATOR_TEST_BUNDLE", "")

pytestmark = [
    pytest.mark.slow,
    pytest.mark.skipif(not WANTED, reason="set CURATOR_TEST_BUNDLE=1 to build and test the "
                                          "PyInstaller bundle (minutes)"),
]


@pytest.fixture(scope="module")
def bundle() -> Path:
    if WANTED != "existing":
        subprocess.run(["bash", str(REPO / "scripts" / "build_bundle.sh")], check=True,
                       timeout=1800)
    assert (BUNDLE / "curator").is_file(), "no bundle in dist/Curator"
    return BUNDLE


def test_bundle_runs_without_python(bundle, tmp_path, make_shoot):
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "XDG_DATA_HOME": str(tmp_path / "data"), "XDG_STATE_HOME": str(tmp_path / "state"),
           "XDG_CONFIG_HOME": str(tmp_path / "config"), "QT_QPA_PLATFORM": "offscreen"}
    version = subprocess.run([str(bundle / "curator"), "--version"], capture_output=True,
                             text=True, env=env, cwd=tmp_path, timeout=120)
    assert version.returncode == 0, version.stderr
    assert version.stdout.startswith("curator 0.")

    library = tmp_path / "library"
    imported = subprocess.run([str(bundle / "curator"), "--library", str(library), "import",
                               str(make_shoot(3)), "--json"], capture_output=True, text=True,
                              env=env, cwd=tmp_path, timeout=300)
    assert imported.returncode == 0, imported.stderr
    assert json.loads(imported.stdout)["imported"] == 3

    window = subprocess.run([str(bundle / "curator-gui"), "--library", str(library),
                             "--quit-after", "2000"], capture_output=True, text=True, env=env,
                            cwd=tmp_path, timeout=120)
    assert window.returncode == 0, window.stderr
    assert "Traceback" not in window.stderr
