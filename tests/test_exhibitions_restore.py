"""Snapshot and restore of a sequence (the GUI's undo): fields, order, removed images."""

from __future__ import annotations

import pytest

from curator.errors import InvalidInput
from curator.exhibitions import sets as ex
from curator.removal import remove_images
from tests.exhibition_support import add_image


def test_restore_puts_back_order_and_fields(db, library):
    imgs = [add_image(db, library, width=3000, height=2000) for _ in range(4)]
    exh = ex.create(db, "Undo me")
    ex.add_items(db, exh, imgs, print_size="A2", section="Mornings")
    ex.update_item(db, exh, imgs[1], caption="Story time", label="Panel 2",
                   crop=(0, 0, 1500, 1000))
    before = ex.snapshot_items(db, exh)
    shown = ex.show(db, exh)["items"]

    ex.move_item(db, exh, imgs[0], 4)
    ex.remove_item(db, exh, imgs[1])
    ex.update_item(db, exh, imgs[2], section=None, print_size=None)
    assert ex.show(db, exh)["items"] != shown

    ex.restore_items(db, exh, before)
    assert ex.show(db, exh)["items"] == shown
    assert ex.snapshot_items(db, exh) == before

    remove_images(db, library, [imgs[2]])  # taken out of the catalogue meanwhile
    ex.restore_items(db, exh, before)
    assert [(i["position"], i["image_id"]) for i in ex.show(db, exh)["items"]] == [
        (1, imgs[0]), (2, imgs[1]), (3, imgs[3])]

    ex.set_status(db, exh, "final")
    with pytest.raises(InvalidInput, match="is final"):
        ex.restore_items(db, exh, before)
