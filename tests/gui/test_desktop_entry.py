"""Desktop integration: the user-level desktop entry, metainfo and icons, validated with
freedesktop's and AppStream's own validators; "Open with Curator" on a folder imports it."""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import subprocess
import sys

import pytest

from curator.about import APP_ID
from curator.library import Library
from tests.gui.conftest import make_folder
from ui import desktop_entry
from ui.app import import_folders, parse_arguments


def _run_gui(args: list[str], data_home) -> subprocess.CompletedProcess:
    env = dict(os.environ, XDG_DATA_HOME=str(data_home))
    return subprocess.run([sys.executable, "-m", "ui.app", *args], capture_output=True,
                          text=True, env=env, timeout=120)


def test_install_validate_and_uninstall_for_the_user(tmp_path):
    data = tmp_path / "data"
    done = _run_gui(["--install-desktop-entry"], data)
    assert done.returncode == 0, done.stderr
    entry = data / "applications" / f"{APP_ID}.desktop"
    metainfo = data / "metainfo" / f"{APP_ID}.metainfo.xml"
    assert entry.is_file() and metainfo.is_file()
    assert (data / "icons" / "hicolor" / "48x48" / "apps" / f"{APP_ID}.png").is_file()
    assert (data / "icons" / "hicolor" / "scalable" / "apps" / f"{APP_ID}.svg").is_file()
    assert str(entry) in done.stdout

    if not shutil.which("desktop-file-validate") or not shutil.which("appstreamcli"):
        pytest.fail("desktop-file-validate and appstreamcli are needed "
                    "(Debian: desktop-file-utils, appstream; scripts/bootstrap.sh installs them)")
    check = subprocess.run(["desktop-file-validate", str(entry)], capture_output=True, text=True)
    assert check.returncode == 0 and not check.stdout.strip(), check.stdout + check.stderr
    check = subprocess.run(["appstreamcli", "validate", "--no-net", str(metainfo)],
                           capture_output=True, text=True)
    assert check.returncode == 0, check.stdout + check.stderr

    # The entry starts this installation's app and takes folders ("Open with Curator").
    parsed = configparser.ConfigParser(interpolation=None)
    parsed.read(entry)
    section = parsed["Desktop Entry"]
    assert "inode/directory" in section["MimeType"].split(";")
    command = shlex.split(section["Exec"])
    assert command[-1] == "%F"
    assert os.access(command[0], os.X_OK)
    assert section["Icon"] == APP_ID

    done = _run_gui(["--uninstall-desktop-entry"], data)
    assert done.returncode == 0, done.stderr
    assert not [p for p in desktop_entry.installed_files(data) if p.exists()]
    again = _run_gui(["--uninstall-desktop-entry"], data)
    assert "nothing" in again.stdout


def test_folders_on_the_command_line_are_imported(make_window, tmp_path, qtbot):
    folder = make_folder(tmp_path / "Launch day", 2)
    args, folders, qt_args = parse_arguments([str(folder), "-platform", "offscreen"])
    assert folders == [folder] and qt_args == ["-platform", "offscreen"]

    window = make_window(Library(tmp_path / "lib"))
    qtbot.waitUntil(lambda: window._refresh_task is None)
    dialog = import_folders(window, folders)
    qtbot.waitUntil(lambda: dialog.pages.currentIndex() == 2, timeout=60_000)
    assert "Imported:    2" in dialog.report_text.toPlainText()
    qtbot.waitUntil(lambda: window.model.rowCount() == 2, timeout=20_000)
    assert window.model.row_dict(0)["shoot"] == "Launch day"
