"""The CLI contract of init / import / images / show."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from curator.cli import main


def run(capsys, *argv) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_init_is_idempotent(capsys, library):
    assert run(capsys, "--library", library.root, "init")[0] == 0
    assert library.exists()
    code, out, _ = run(capsys, "--library", library.root, "init", "--json")
    assert code == 0 and json.loads(out)["created"] is False


def test_reading_a_folder_without_a_library_exits_1_with_a_sentence(capsys, tmp_path):
    code, out, err = run(capsys, "--library", tmp_path / "nothing", "images")
    assert code == 1 and out == ""
    assert err.startswith("curator: No Curator library in") and err.count("\n") == 1


def test_import_images_show_json_contract(capsys, library, make_shoot, tmp_path):
    shoot = make_shoot(3)
    (shoot / "readme.txt").write_text("hello")
    code, out, err = run(capsys, "--library", library.root, "import", shoot, "--shoot",
                         "Launch day", "--photographer", "Sam", "--event",
                         "Baby Week 2024 — launch day", "--json")
    assert code == 0, err
    report = json.loads(out)
    assert report["imported"] == 3 and report["duplicates"] == 0
    assert report["skipped"][0]["path"].endswith("readme.txt") and report["failed"] == []
    assert isinstance(report["shoot_id"], int)

    code, out, _ = run(capsys, "--library", library.root, "images", "--year", "2024",
                       "--event", "Baby Week 2024 — launch day", "--json")
    listed = json.loads(out)
    assert len(listed) == 3
    keys = {"id", "sha256", "file_name", "year", "event", "shoot", "captured_at", "width",
            "height", "orientation", "camera", "caption", "keywords", "consent_status"}
    assert keys | {"alt_text", "credit", "rating", "pick"} <= set(listed[0])
    assert listed[0]["shoot"] == "Launch day" and listed[0]["consent_status"] == "unknown"
    assert listed[0]["camera"] == "Curator Sample Camera"
    assert (listed[0]["width"], listed[0]["height"]) == (640, 480)
    assert run(capsys, "--library", library.root, "images", "--year", "2019", "--json")[1] \
        .strip() == "[]"

    code, out, _ = run(capsys, "--library", library.root, "show", listed[0]["id"], "--json")
    shown = json.loads(out)
    assert keys | {"original_path", "thumbnail_path", "preview_path", "exif"} <= set(shown)
    assert Path(shown["original_path"]).is_file() and Path(shown["preview_path"]).is_file()
    assert shown["exif"]["Make"] == "Curator"

    code, out, _ = run(capsys, "--library", library.root, "import", shoot, "--json")
    again = json.loads(out)
    assert again["imported"] == 0 and again["duplicates"] == 3


def test_user_errors_exit_1_with_one_line(capsys, library, make_shoot):
    run(capsys, "--library", library.root, "init")
    code, _, err = run(capsys, "--library", library.root, "show", "999")
    assert code == 1 and "no image #999" in err and err.count("\n") == 1
    code, _, err = run(capsys, "--library", library.root, "images", "--year", "abc")
    assert code == 1 and err.count("\n") == 1


def test_console_script_pipes_plain_json_without_progress(library, make_shoot):
    shoot = make_shoot(2)
    done = subprocess.run([sys.executable, "-m", "curator", "--library", str(library.root),
                           "import", str(shoot), "--json"], capture_output=True, text=True)
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["imported"] == 2
    assert done.stderr == ""


def test_show_says_when_a_referenced_original_is_missing(capsys, library, make_shoot):
    shoot = make_shoot(1)
    run(capsys, "--library", library.root, "import", shoot, "--reference")
    (shoot / "IMG_0001.JPG").unlink()
    code, out, _ = run(capsys, "--library", library.root, "show", 1, "--json")
    assert code == 0 and json.loads(out)["original_exists"] is False
    code, out, _ = run(capsys, "--library", library.root, "show", 1)
    assert "The original is missing" in out


def test_the_import_command_line_parses_the_same_with_only_its_module():
    from curator.cli import QUICK_COMMANDS, _command_word, build_parser

    for argv in (["--library", "/lib", "import", "a", "b", "--shoot", "S", "--reference"],
                 ["--library=/lib", "import", "--json", "--event", "E", "c"]):
        assert _command_word(argv) == "import"
        quick, full = build_parser("import").parse_args(argv), build_parser().parse_args(argv)
        assert vars(quick) == vars(full)
    for command in QUICK_COMMANDS:  # each quick command's module is the one that has it
        assert command in build_parser(command)._subparsers._group_actions[0].choices
    assert _command_word(["--help"]) is None and _command_word(["--version", "import"]) is None
