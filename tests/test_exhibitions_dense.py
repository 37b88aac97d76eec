"""Positions stay dense (1…n, in the order a plain list says) after every kind of change:
add at the end or at a position (images may repeat), remove and move by position,
duplicate — checked after each step, not only at the end."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from curator.catalogue import open_catalogue
from curator.exhibitions import sets as ex
from curator.library import Library
from tests.exhibition_support import add_image


@pytest.fixture(scope="module")
def twelve(tmp_path_factory):
    library = Library(tmp_path_factory.mktemp("dense") / "library")
    db = open_catalogue(library, create=True)
    yield db, [add_image(db, library, with_file=False) for _ in range(12)]
    db.close()


def _rows(db, exh_id):
    return db.execute("SELECT position, image_id FROM exhibition_items WHERE exhibition_id = ? "
                      "ORDER BY position", [exh_id]).fetchall()


_ops = st.lists(st.one_of(
    st.tuples(st.just("add"), st.lists(st.integers(0, 11), min_size=1, max_size=3),
              st.one_of(st.none(), st.integers(1, 40))),
    st.tuples(st.just("remove"), st.integers(0, 40)),
    st.tuples(st.just("move"), st.integers(0, 40), st.integers(1, 40)),
    st.tuples(st.just("duplicate")),
), max_size=25)


@settings(max_examples=80, deadline=None)
@given(ops=_ops)
def test_every_operation_keeps_positions_dense(twelve, ops):
    db, imgs = twelve
    exh = ex.create(db, "Dense")
    model: list[int] = []
    for op in ops:
        if op[0] == "add":
            new = [imgs[i] for i in op[1]]
            at = op[2] if op[2] is not None and op[2] <= len(model) + 1 else None
            placed = ex.add_items(db, exh, new, at=at)
            start = len(model) + 1 if at is None else at
            assert placed == list(range(start, start + len(new)))
            model[start - 1:start - 1] = new
        elif op[0] == "remove" and model:
            pos = op[1] % len(model) + 1
            assert ex.remove_item(db, exh, model[pos - 1], at=pos) == pos
            del model[pos - 1]
        elif op[0] == "move" and model:
            pos, to = op[1] % len(model) + 1, (op[2] - 1) % len(model) + 1
            assert ex.move_item(db, exh, model[pos - 1], to, at=pos) == pos
            model.insert(to - 1, model.pop(pos - 1))
        elif op[0] == "duplicate":
            copy = ex.duplicate(db, exh)
            assert _rows(db, copy) == list(enumerate(model, start=1))
        assert _rows(db, exh) == list(enumerate(model, start=1))
