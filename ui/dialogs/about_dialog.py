"""Help ▸ About Curator: version, catalogue schema, library folder, and the licences of the
bundled fonts, the icon and the main libraries (read from what is installed)."""

from __future__ import annotations

from html import escape
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QLabel,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from curator import about
from ui.identity import app_icon


def about_html(library_root: Path, catalogue: Path) -> str:
    schema = about.schema_version()
    found = about.catalogue_schema_of(catalogue)
    library_schema = ("no catalogue yet" if found is None
                      else f"catalogue at schema {found}")
    rows = "".join(
        f"<tr><td>{escape(lib.name)}</td><td>{escape(lib.version)}</td>"
        f"<td>{escape(lib.licence)}</td></tr>" for lib in about.library_licences())
    fonts = ", ".join(escape(f.name) for f in about.font_licences())
    return (
        f"<p>Curate photo exhibitions and licensed image packs, with consent as the one rule."
        f"</p><p><b>Version</b> {escape(about.version())}<br>"
        f"<b>Catalogue schema</b> {schema}<br>"
        f"<b>Library</b> {escape(str(library_root))} ({library_schema})</p>"
        f"<h4>Bundled fonts</h4><p>{fonts}: SIL Open Font License 1.1.</p>"
        f"<h4>Icon</h4><p>{escape(about.ICON_LICENCE)}</p>"
        f"<h4>Libraries</h4><table cellspacing='0' cellpadding='3'>"
        f"<tr><th align='left'>library</th><th align='left'>version</th>"
        f"<th align='left'>licence</th></tr>{rows}</table>")


class AboutDialog(QDialog):
    def __init__(self, library_root: Path, catalogue: Path, parent: QWidget | None = None):
        super().__init__(parent)
        self.setWindowTitle("About Curator")
        self.resize(560, 520)
        header = QHBoxLayout()
        icon = QLabel()
        icon.setPixmap(app_icon().pixmap(64, 64))
        title = QLabel(f"<h2>Curator {escape(about.version())}</h2>")
        title.setTextFormat(Qt.TextFormat.RichText)
        header.addWidget(icon)
        header.addWidget(title, 1)
        self.text = QTextBrowser()
        self.text.setOpenLinks(False)
        self.text.setHtml(about_html(library_root, catalogue))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        self.font_licence_button = QPushButton("Font Licence…")
        buttons.addButton(self.font_licence_button, QDialogButtonBox.ButtonRole.ActionRole)
        self.font_licence_button.clicked.connect(self.show_font_licence)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(header)
        layout.addWidget(self.text, 1)
        layout.addWidget(buttons)

    def show_font_licence(self) -> QDialog:
        dialog = QDialog(self)
        dialog.setWindowTitle("SIL Open Font License 1.1")
        dialog.resize(600, 560)
        text = QPlainTextEdit(about.font_licence_text())
        text.setReadOnly(True)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(dialog.reject)
        layout = QVBoxLayout(dialog)
        layout.addWidget(text)
        layout.addWidget(close)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.open()
        return dialog
