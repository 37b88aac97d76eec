"""Package layout that pyproject.toml cannot say: the top-level ``resources/`` folder
ships as the package ``curator_resources`` (package data found with importlib.resources)."""

from setuptools import find_packages, setup

setup(
    packages=[*find_packages(include=["curator", "curator.*", "ui", "ui.*"]),
              "curator_resources"],
    package_dir={"curator_resources": "resources"},
    package_data={"curator_resources": ["**/*.txt", "**/*.md", "**/*.ttf", "**/*.svg",
                                        "**/*.png", "**/*.desktop", "**/*.xml"]},
)
