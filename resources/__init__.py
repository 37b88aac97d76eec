"""Curator's bundled run-time files (fonts, licence templates, icons, desktop entry).

Installed as the package ``curator_resources`` (see ``setup.py``) so that a wheel carries
them; code reaches them only through :func:`curator.resources.resource_path`.
"""
