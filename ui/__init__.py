"""Curator's desktop app (PySide6 only; every action calls the core in ``curator/``)."""
