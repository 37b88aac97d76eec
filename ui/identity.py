"""The app's identity for Qt: names, version, desktop file name and the icon."""

from __future__ import annotations

from PySide6.QtCore import QSize
from PySide6.QtGui import QGuiApplication, QIcon

from curator import about
from curator.resources import resource_path

ICON_SIZES = (16, 24, 32, 48, 64, 128, 256, 512)


def app_icon() -> QIcon:
    """The drawn icon: the PNGs for small sizes (hinted by the renderer), the SVG above."""
    icon = QIcon()
    for size in ICON_SIZES:
        icon.addFile(str(resource_path("icons", f"curator-{size}.png")), QSize(size, size))
    icon.addFile(str(resource_path("icons", "curator.svg")))
    return icon


def apply_identity(app: QGuiApplication) -> None:
    app.setOrganizationName(about.ORGANISATION)
    app.setOrganizationDomain(about.ORGANISATION_DOMAIN)
    app.setApplicationName(about.APP_NAME)
    app.setApplicationDisplayName(about.APP_NAME)
    app.setApplicationVersion(about.version())
    # Wayland compositors match the window to the desktop entry (and its icon) by this.
    app.setDesktopFileName(about.APP_ID)
    app.setWindowIcon(app_icon())
