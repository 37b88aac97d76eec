"""The screenshot script runs and writes one PNG per main screen."""

from __future__ import annotations

import shutil

from PySide6.QtGui import QImage

from curator.library import Library
from tests.gui.screens import capture_all


def test_screens_are_written(qapp, sample_library_template, tmp_path):
    library = Library(tmp_path / "lib")
    shutil.copytree(sample_library_template.root, library.root)
    written = capture_all(tmp_path / "shots", library)
    names = {p.stem for p in written}
    assert {"01-empty-library", "02-library-grid", "04-viewer", "06-import-report"} <= names
    for path in written:
        image = QImage(str(path))
        assert not image.isNull() and image.width() > 300, path
