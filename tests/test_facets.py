"""Sidebar counts: each value's count is what choosing it would show."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from bench.search_bench import build
from curator.consent import cache as consent_cache
from curator.search.facets import FACETS, facet_counts, is_multi
from curator.search.query import ImageFilter, find_image_ids

TODAY = date(2025, 1, 15)


@pytest.fixture
def catalogue(db):
    build(db, 600, seed=3)
    consent_cache.refresh(db)
    return db


@pytest.mark.parametrize("flt", [
    ImageFilter(),
    ImageFilter(year=2020),
    ImageFilter(text="smile"),
    ImageFilter(year=2021, consent=["granted", "pending"]),
    ImageFilter(keywords=["Places"], cleared_for="exhibition"),
], ids=["nothing", "year", "text", "year+consent", "keyword+cleared"])
def test_counts_match_what_choosing_the_value_shows(catalogue, flt):
    flt = replace(flt, today=TODAY)
    counts = facet_counts(catalogue, flt, today=TODAY)
    assert list(counts) == [n for n in FACETS if n in counts]
    keywords = [r[0] for r in catalogue.execute("SELECT name FROM keywords")]
    for name, facets in counts.items():
        field_name = FACETS[name][0]
        for facet in facets:
            if name == "keywords" and any(k.startswith(f"{facet.value}|") for k in keywords):
                continue  # choosing a parent keyword also shows its children
            # the facet's own choice is left out of its counts: this value alone
            value = [facet.value] if is_multi(name) else facet.value
            chosen = replace(flt, **{field_name: value})
            assert facet.count == len(find_image_ids(catalogue, chosen)), (name, facet)
