"""Shared fixtures: the real-photo corpus, fresh libraries, generated shoots."""

from __future__ import annotations

import json
import os
from datetime import datetime
from pathlib import Path

import pytest
from hypothesis import settings

from curator.catalogue import open_catalogue
from curator.library import Library
from curator.samples.photos import make_photo

# The suite (`make test`, CI) runs the same property-test examples every time, so a red run
# names a bug to fix rather than a roll of the dice; draw new examples each run with
# `pytest --hypothesis-profile=explore` (or CURATOR_HYPOTHESIS_PROFILE=explore).
settings.register_profile("repeatable", derandomize=True)
settings.register_profile("explore", derandomize=False)
settings.load_profile(os.environ.get("CURATOR_HYPOTHESIS_PROFILE", "repeatable"))

REPO = Path(__file__).resolve().parents[1]
CORPUS = REPO / "tests" / "corpus"


@pytest.fixture(scope="session")
def corpus() -> Path:
    if not (CORPUS / "EXPECTED.json").is_file():
        pytest.fail(f"the photo corpus is missing: expected it at {CORPUS}")
    return CORPUS


@pytest.fixture(scope="session")
def expected(corpus) -> dict:
    data = json.loads((corpus / "EXPECTED.json").read_text())
    data.pop("_about", None)
    return data


@pytest.fixture
def library(tmp_path) -> Library:
    return Library(tmp_path / "library")


@pytest.fixture
def db(library):
    db = open_catalogue(library, create=True)
    yield db
    db.close()


@pytest.fixture
def make_shoot(tmp_path):
    """Write ``n`` generated photos into a folder; returns the folder."""

    def _make(n: int = 3, name: str = "shoot", size=(640, 480), start_seed: int = 0,
              year: int = 2024) -> Path:
        folder = tmp_path / name
        for i in range(n):
            make_photo(folder / f"IMG_{i + 1:04d}.JPG", size, seed=start_seed + i,
                       captured=datetime(year, 11, 14, 10, i % 60, 0))
        return folder

    return _make
