"""Two connections opening a new or old catalogue at once: the second takes the first's work.

A window's workers (the calendar, the exhibition list) open the catalogue while an import
may be creating it: each looks at ``user_version`` before it writes, so both can see an
empty file. The one that writes second must carry on from the schema the first made instead
of failing with "table events already exists".
"""

from __future__ import annotations

import pytest

from curator import catalogue
from curator.catalogue import MIGRATIONS, migrate, open_catalogue
from curator.connection import connect


@pytest.fixture
def stale_first_look(monkeypatch):
    """``schema_version`` answers ``stale`` the first time: what it was a moment ago."""
    real = catalogue.schema_version

    def install(stale: int) -> None:
        calls = []

        def look(db):
            calls.append(db)
            return stale if len(calls) == 1 else real(db)

        monkeypatch.setattr(catalogue, "schema_version", look)

    return install


def test_a_catalogue_made_meanwhile_by_another_connection_is_taken_as_it_is(
        library, monkeypatch, stale_first_look):
    first = open_catalogue(library, create=True)  # made it, to the last step
    second = connect(library.catalogue_path)
    stale_first_look(0)
    monkeypatch.setattr(catalogue, "_is_empty", lambda db: True)  # as it looked then
    try:
        assert migrate(second) == len(MIGRATIONS)
    finally:
        first.close()
        second.close()


def test_a_step_another_connection_applied_meanwhile_is_skipped(library, monkeypatch,
                                                                stale_first_look):
    db = open_catalogue(library, create=True)
    last = len(MIGRATIONS)
    ran = []
    step = MIGRATIONS[last - 1]
    MIGRATIONS[last - 1] = ran.append
    stale_first_look(last - 1)
    try:
        assert migrate(db) == last
    finally:
        MIGRATIONS[last - 1] = step
        db.close()
    assert ran == []
