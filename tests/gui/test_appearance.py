"""View > Appearance: a neutral dark grey (remembered), and back to the system's look."""

from __future__ import annotations

from PySide6.QtGui import QPalette

from curator.library import Library


def test_dark_is_neutral_grey_remembered_and_reversible(make_window, tmp_path, qapp):
    before = qapp.palette().color(QPalette.ColorRole.Window).name()
    window = make_window(Library(tmp_path / "lib"))
    assert window.appearance_actions["system"].isChecked()
    window.appearance_actions["dark"].trigger()
    try:
        for role in (QPalette.ColorRole.Window, QPalette.ColorRole.Base,
                     QPalette.ColorRole.Button):
            c = qapp.palette().color(role)
            assert c.red() == c.green() == c.blue() and c.lightness() < 80, role
        text = qapp.palette().color(QPalette.ColorRole.Text)
        assert text.lightness() > 200
        assert window.settings.value("view/appearance") == "dark"
        again = make_window(Library(tmp_path / "lib"))  # the same settings file
        assert again.appearance_actions["dark"].isChecked()
    finally:
        window.appearance_actions["system"].trigger()
    assert qapp.palette().color(QPalette.ColorRole.Window).name() == before
    assert window.settings.value("view/appearance") == "system"
