"""Exhibitions: an ordered set of images with a statement, and a tour of venues.

Items have dense 1-based positions: every add, remove and move renumbers them so the
set always reads 1, 2, … n. The same image may appear twice (validation warns).
A ``final`` exhibition's items and texts are frozen (reopen it to change them); its
venues can still be edited, because tours move. Validation (which reads this module) is
:mod:`curator.exhibitions.validation`; the withdrawal trace is :mod:`curator.trace`.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from datetime import date
from typing import Any

import sqlite_utils

from curator.connection import transaction, utc_now
from curator.dates import check_day, parse_date
from curator.errors import InvalidInput, NotFound
from curator.exhibitions.print_sizes import A_SIZES, ORIENTATIONS, PrintSize, parse_print_size
from curator.reads import image_rows, row_by_id, select_in

STATUSES = ("draft", "final")
_RENUMBER_OFFSET = 1_000_000  # positions are moved out of the way while renumbering

UNSET: Any = object()  # "leave this field as it is" in edit functions

DateLike = date | str


# ---------------------------------------------------------------- exhibitions


def create(db: sqlite_utils.Database, title: str, subtitle: str | None = None,
           statement: str | None = None) -> int:
    """A new draft exhibition; returns its id."""
    title = _required_text(title, "An exhibition's title")
    now = utc_now()
    with transaction(db):
        return db["exhibitions"].insert({
            "title": title, "subtitle": _text(subtitle), "statement": _text(statement),
            "status": "draft", "created_at": now, "changed_at": now,
        }).last_pk


def get(db: sqlite_utils.Database, exh_id: int) -> dict:
    """The exhibition's row; NotFound if there is none."""
    return row_by_id(db, "exhibitions", exh_id, "exhibition")


def edit(db: sqlite_utils.Database, exh_id: int, *, title: str = UNSET,
         subtitle: str | None = UNSET, statement: str | None = UNSET) -> None:
    """Change the title, subtitle or statement (a final exhibition must be reopened first)."""
    changes: dict[str, Any] = {}
    if title is not UNSET:
        changes["title"] = _required_text(title, "An exhibition's title")
    if subtitle is not UNSET:
        changes["subtitle"] = _text(subtitle)
    if statement is not UNSET:
        changes["statement"] = _text(statement)
    with transaction(db):
        _require_draft(db, exh_id, "its texts")
        if changes:
            changes["changed_at"] = utc_now()
            db["exhibitions"].update(exh_id, changes)


def rename(db: sqlite_utils.Database, exh_id: int, title: str) -> None:
    edit(db, exh_id, title=title)


def set_status(db: sqlite_utils.Database, exh_id: int, status: str) -> None:
    """``draft`` or ``final`` (see :func:`curator.exhibitions.validation.validate` before finalizing)."""
    if status not in STATUSES:
        raise InvalidInput(f"'{status}' is not an exhibition status: use draft or final.")
    with transaction(db):
        get(db, exh_id)
        db["exhibitions"].update(exh_id, {"status": status, "changed_at": utc_now()})


def duplicate(db: sqlite_utils.Database, exh_id: int, title: str | None = None) -> int:
    """A new draft with the same texts and items (a new tour of an old set; no venues)."""
    with transaction(db):
        src = get(db, exh_id)
        now = utc_now()
        new_id = db["exhibitions"].insert({
            "title": _required_text(title, "An exhibition's title") if title is not None
            else f"{src['title']} (copy)",
            "subtitle": src["subtitle"], "statement": src["statement"], "status": "draft",
            "duplicated_from": exh_id, "created_at": now, "changed_at": now,
        }).last_pk
        db.execute(
            "INSERT INTO exhibition_items (exhibition_id, image_id, position, section, caption, "
            "label, print_size, print_width_mm, print_height_mm, orientation, crop_x, crop_y, "
            "crop_w, crop_h) SELECT ?, image_id, position, section, caption, label, print_size, "
            "print_width_mm, print_height_mm, orientation, crop_x, crop_y, crop_w, crop_h "
            "FROM exhibition_items WHERE exhibition_id = ? ORDER BY position", [new_id, exh_id])
        return new_id


def delete(db: sqlite_utils.Database, exh_id: int) -> None:
    """Delete an exhibition with its items and venues (a final one must be reopened first)."""
    with transaction(db):
        _require_draft(db, exh_id, "it")
        db.execute("DELETE FROM exhibitions WHERE id = ?", [exh_id])


def list_exhibitions(db: sqlite_utils.Database) -> list[dict]:
    """Every exhibition: id, title, subtitle, status, item and venue counts, tour window."""
    out = []
    for row in db.query(
        "SELECT e.id, e.title, e.subtitle, e.status, e.created_at, e.changed_at, "
        "(SELECT COUNT(*) FROM exhibition_items i WHERE i.exhibition_id = e.id) AS item_count, "
        "(SELECT COUNT(*) FROM exhibition_venues v WHERE v.exhibition_id = e.id) AS venue_count, "
        "(SELECT MIN(opens_on) FROM exhibition_venues v WHERE v.exhibition_id = e.id) AS w0, "
        "(SELECT MAX(closes_on) FROM exhibition_venues v WHERE v.exhibition_id = e.id) AS w1 "
        "FROM exhibitions e ORDER BY e.id"
    ):
        w0, w1 = row.pop("w0"), row.pop("w1")
        row["window"] = [w0, w1] if w0 else None
        out.append(row)
    return out


# ---------------------------------------------------------------- items


def items(db: sqlite_utils.Database, exh_id: int) -> list[dict]:
    """The items in order, joined with what validation and display need from ``images``."""
    alt = "i.alt_text" if "alt_text" in db["images"].columns_dict else "NULL"
    rows = list(db.query(
        f"SELECT x.id AS item_id, x.position, x.image_id, x.section, x.caption AS caption_override, "
        f"x.label, x.print_size, x.print_width_mm, x.print_height_mm, x.orientation, "
        f"x.crop_x, x.crop_y, x.crop_w, x.crop_h, i.file_name, i.width, i.height, "
        f"i.caption AS catalogue_caption, {alt} AS alt_text, i.original_path, "
        f"i.file_size, i.sha256, i.original_mtime "
        f"FROM exhibition_items x JOIN images i ON i.id = x.image_id "
        f"WHERE x.exhibition_id = ? ORDER BY x.position", [exh_id]))
    for r in rows:
        r["caption"] = r["caption_override"] if r["caption_override"] is not None \
            else r["catalogue_caption"]
        r["print"] = _print_size_of(r)
        r["crop"] = ({k: r[f"crop_{k}"] for k in ("x", "y", "w", "h")}
                     if r["crop_w"] is not None else None)
    return rows


def add_items(db: sqlite_utils.Database, exh_id: int, image_ids: Sequence[int], *,
              section: str | None = None, print_size: str | None = None,
              orientation: str | None = None, at: int | None = None) -> list[int]:
    """Add images (in the order given) at the end, or from position ``at`` on.

    Without ``orientation`` an A size follows each image's shape. Returns the positions
    the images now hold.
    """
    if not image_ids:
        raise InvalidInput("Give at least one image to add.")
    if orientation is not None and orientation not in ORIENTATIONS:
        raise InvalidInput(f"'{orientation}' is not an orientation: use portrait or landscape.")
    if print_size is not None:
        parse_print_size(print_size, orientation)  # report a bad size before any change
    with transaction(db):
        _require_draft(db, exh_id, "its items")
        shapes = _image_shapes(db, image_ids)
        order = _item_ids(db, exh_id)
        start = len(order) + 1 if at is None else _check_position(at, len(order) + 1)
        new_ids = []
        for image_id in image_ids:
            row: dict[str, Any] = {"exhibition_id": exh_id, "image_id": image_id,
                                   "position": _RENUMBER_OFFSET * 2 + len(new_ids),
                                   "section": _text(section)}
            if print_size is not None:
                w, h = shapes[image_id]
                size = parse_print_size(print_size, orientation,
                                        "landscape" if w > h else "portrait")
                row.update(_print_columns(size))
            new_ids.append(db["exhibition_items"].insert(row).last_pk)
        order[start - 1:start - 1] = new_ids
        _renumber(db, exh_id, order)
        _touch(db, exh_id)
    return list(range(start, start + len(new_ids)))


def remove_item(db: sqlite_utils.Database, exh_id: int, image_id: int,
                at: int | None = None) -> int:
    """Take an image out; positions after it close up. Returns the position it had."""
    with transaction(db):
        _require_draft(db, exh_id, "its items")
        item_id, position = _find_item(db, exh_id, image_id, at)
        db.execute("DELETE FROM exhibition_items WHERE id = ?", [item_id])
        _renumber(db, exh_id, _item_ids(db, exh_id))
        _touch(db, exh_id)
    return position


def close_up(db: sqlite_utils.Database, exh_id: int) -> None:
    """Renumber the items 1…n in their present order (after rows were deleted directly).

    For callers that take items out themselves inside their own transaction (removing
    images from the catalogue); it does not check that the exhibition is a draft.
    """
    _renumber(db, exh_id, _item_ids(db, exh_id))
    _touch(db, exh_id)


def move_item(db: sqlite_utils.Database, exh_id: int, image_id: int, to: int,
              at: int | None = None) -> int:
    """Move an image to position ``to`` (1-based); the others keep their order. Returns
    the position it came from."""
    with transaction(db):
        _require_draft(db, exh_id, "its items")
        item_id, position = _find_item(db, exh_id, image_id, at)
        order = _item_ids(db, exh_id)
        _check_position(to, len(order))
        order.remove(item_id)
        order.insert(to - 1, item_id)
        _renumber(db, exh_id, order)
        _touch(db, exh_id)
    return position


def set_caption(db: sqlite_utils.Database, exh_id: int, image_id: int, caption: str | None,
                at: int | None = None) -> int:
    """The exhibition's caption for an item (``None``: use the catalogue's). Returns its
    position."""
    return update_item(db, exh_id, image_id, at=at, caption=caption)


def update_item(db: sqlite_utils.Database, exh_id: int, image_id: int, *,
                at: int | None = None, section: str | None = UNSET,
                caption: str | None = UNSET, label: str | None = UNSET,
                print_size: str | None = UNSET, orientation: str | None = None,
                crop: tuple[int, int, int, int] | None = UNSET) -> int:
    """Change one item's section, caption, label, print size (+orientation) or crop.

    ``crop`` is ``(x, y, width, height)`` in the image's displayed pixels, inside the image.
    Returns the item's position.
    """
    with transaction(db):
        _require_draft(db, exh_id, "its items")
        item_id, position = _find_item(db, exh_id, image_id, at)
        (w, h), = _image_shapes(db, [image_id]).values()
        changes: dict[str, Any] = {}
        if section is not UNSET:
            changes["section"] = _text(section)
        if caption is not UNSET:
            changes["caption"] = _text(caption)
        if label is not UNSET:
            changes["label"] = _text(label)
        if print_size is not UNSET:
            if print_size is None:
                changes.update(print_size=None, print_width_mm=None, print_height_mm=None,
                               orientation=None)
            else:
                size = parse_print_size(print_size, orientation,
                                        "landscape" if w > h else "portrait")
                changes.update(_print_columns(size))
        elif orientation is not None:
            current = db["exhibition_items"].get(item_id)
            if current["print_size"] is None:
                raise InvalidInput("Choose a print size before an orientation.")
            name = current["print_size"]
            text = name if name in A_SIZES else \
                f"{current['print_width_mm']}x{current['print_height_mm']}"
            changes.update(_print_columns(parse_print_size(text, orientation)))
        if crop is not UNSET:
            changes.update(_crop_columns(crop, w, h))
        if changes:
            db["exhibition_items"].update(item_id, changes)
            _touch(db, exh_id)
    return position


_ITEM_COLUMNS = ("image_id", "section", "caption", "label", "print_size", "print_width_mm",
                 "print_height_mm", "orientation", "crop_x", "crop_y", "crop_w", "crop_h")


def snapshot_items(db: sqlite_utils.Database, exh_id: int) -> list[dict]:
    """The sequence as stored (in order), for :func:`restore_items` — the GUI's undo."""
    get(db, exh_id)
    return [dict(zip(_ITEM_COLUMNS, row, strict=True)) for row in db.execute(
        f"SELECT {', '.join(_ITEM_COLUMNS)} FROM exhibition_items WHERE exhibition_id = ? "
        "ORDER BY position", [exh_id])]


def restore_items(db: sqlite_utils.Database, exh_id: int, snapshot: list[dict]) -> None:
    """Put the sequence back as :func:`snapshot_items` saw it (a draft only).

    Images removed from the catalogue since are left out; the others close up.
    """
    with transaction(db):
        _require_draft(db, exh_id, "its items")
        ids = sorted({int(r["image_id"]) for r in snapshot})
        alive = {r[0] for r in select_in(db, "SELECT id FROM images WHERE id IN ({ids})", ids)}
        db.execute("DELETE FROM exhibition_items WHERE exhibition_id = ?", [exh_id])
        rows = [r for r in snapshot if r["image_id"] in alive]
        db["exhibition_items"].insert_all(
            {**{k: r.get(k) for k in _ITEM_COLUMNS}, "exhibition_id": exh_id, "position": n}
            for n, r in enumerate(rows, start=1))
        _touch(db, exh_id)


# ---------------------------------------------------------------- venues


def add_venue(db: sqlite_utils.Database, exh_id: int, name: str, opens: DateLike,
              closes: DateLike, *, address: str | None = None, contact: str | None = None,
              notes: str | None = None) -> int:
    """Add a venue to the tour; returns its id."""
    row = {"name": _required_text(name, "A venue's name"), "address": _text(address),
           "contact": _text(contact), "notes": _text(notes)}
    row.update(_venue_dates(opens, closes))
    with transaction(db):
        get(db, exh_id)
        venue_id = db["exhibition_venues"].insert(
            {"exhibition_id": exh_id, "created_at": utc_now(), **row}).last_pk
        _touch(db, exh_id)
    return venue_id


def edit_venue(db: sqlite_utils.Database, exh_id: int, venue_id: int, *, name: str = UNSET,
               opens: DateLike = UNSET, closes: DateLike = UNSET, address: str | None = UNSET,
               contact: str | None = UNSET, notes: str | None = UNSET) -> None:
    """Change a venue's fields (allowed on a final exhibition: tours move)."""
    with transaction(db):
        current = _venue_row(db, exh_id, venue_id)
        changes: dict[str, Any] = {}
        if name is not UNSET:
            changes["name"] = _required_text(name, "A venue's name")
        for key, value in (("address", address), ("contact", contact), ("notes", notes)):
            if value is not UNSET:
                changes[key] = _text(value)
        if opens is not UNSET or closes is not UNSET:
            changes.update(_venue_dates(current["opens_on"] if opens is UNSET else opens,
                                        current["closes_on"] if closes is UNSET else closes))
        if changes:
            db["exhibition_venues"].update(venue_id, changes)
            _touch(db, exh_id)


def remove_venue(db: sqlite_utils.Database, exh_id: int, venue_id: int) -> None:
    with transaction(db):
        _venue_row(db, exh_id, venue_id)
        db.execute("DELETE FROM exhibition_venues WHERE id = ?", [venue_id])
        _touch(db, exh_id)


_VENUE_COLUMNS = ("id", "name", "address", "opens_on", "closes_on", "contact", "notes",
                  "created_at")


def snapshot_venues(db: sqlite_utils.Database, exh_id: int) -> list[dict]:
    """The tour as stored, for :func:`restore_venues` — the GUI's undo of venue edits."""
    get(db, exh_id)
    return [dict(zip(_VENUE_COLUMNS, row, strict=True)) for row in db.execute(
        f"SELECT {', '.join(_VENUE_COLUMNS)} FROM exhibition_venues WHERE exhibition_id = ? "
        "ORDER BY id", [exh_id])]


def restore_venues(db: sqlite_utils.Database, exh_id: int, snapshot: list[dict]) -> None:
    """Put the tour back as :func:`snapshot_venues` saw it, keeping the venues' ids (a
    final exhibition too: tours move)."""
    with transaction(db):
        get(db, exh_id)
        db.execute("DELETE FROM exhibition_venues WHERE exhibition_id = ?", [exh_id])
        db["exhibition_venues"].insert_all(
            {**{k: r.get(k) for k in _VENUE_COLUMNS}, "exhibition_id": exh_id}
            for r in snapshot)
        _touch(db, exh_id)


def venues(db: sqlite_utils.Database, exh_id: int) -> list[dict]:
    """The tour in date order: id, name, opens, closes, address, contact, notes."""
    return [_venue_json(r) for r in db.query(
        "SELECT * FROM exhibition_venues WHERE exhibition_id = ? "
        "ORDER BY opens_on, closes_on, id", [exh_id])]


def tour_window(db: sqlite_utils.Database, exh_id: int) -> tuple[date, date] | None:
    """First opening → last closing, or ``None`` while the tour has no venues."""
    first, last = db.execute(
        "SELECT MIN(opens_on), MAX(closes_on) FROM exhibition_venues WHERE exhibition_id = ?",
        [exh_id]).fetchone()
    return (date.fromisoformat(first), date.fromisoformat(last)) if first else None


# ---------------------------------------------------------------- views


def show(db: sqlite_utils.Database, exh_id: int) -> dict:
    """The ``exhibition show --json`` object."""
    exh = get(db, exh_id)
    window = tour_window(db, exh_id)
    return {
        "id": exh["id"], "title": exh["title"], "subtitle": exh["subtitle"],
        "statement": exh["statement"], "status": exh["status"],
        "created_at": exh["created_at"], "changed_at": exh["changed_at"],
        "duplicated_from": exh["duplicated_from"],
        "items": [_item_json(r) for r in items(db, exh_id)],
        "venues": venues(db, exh_id),
        "window": [window[0].isoformat(), window[1].isoformat()] if window else None,
    }


def items_holding(db: sqlite_utils.Database,
                  image_ids: Iterable[int]) -> dict[int, list[dict]]:
    """Exhibition id (ascending) → its items showing any of ``image_ids``
    (``{image_id, position}``, by position)."""
    wanted = sorted({int(i) for i in image_ids})
    found: dict[int, list[dict]] = {}
    rows = select_in(db, "SELECT exhibition_id, image_id, position FROM exhibition_items "
                         "WHERE image_id IN ({ids})", wanted)
    for exh_id, image_id, position in sorted(rows, key=lambda r: (r[0], r[2])):
        found.setdefault(exh_id, []).append({"image_id": image_id, "position": position})
    return found


# ---------------------------------------------------------------- helpers


def _text(value: str | None) -> str | None:
    if value is None:
        return None
    value = value.strip()
    return value or None


def _required_text(value: str | None, what: str) -> str:
    text = _text(value)
    if text is None:
        raise InvalidInput(f"{what} cannot be empty.")
    return text


def _touch(db: sqlite_utils.Database, exh_id: int) -> None:
    db.execute("UPDATE exhibitions SET changed_at = ? WHERE id = ?", [utc_now(), exh_id])


def _require_draft(db: sqlite_utils.Database, exh_id: int, what: str) -> dict:
    exh = get(db, exh_id)
    if exh["status"] == "final":
        raise InvalidInput(
            f"Exhibition #{exh_id} '{exh['title']}' is final: reopen it as a draft before "
            f"changing {what}."
        )
    return exh


def _image_shapes(db: sqlite_utils.Database, image_ids: Sequence[int]) -> dict[int, tuple]:
    rows = image_rows(db, sorted(set(image_ids)), "i.id, i.width, i.height", require=True)
    return {i: (r["width"], r["height"]) for i, r in rows.items()}


def _item_ids(db: sqlite_utils.Database, exh_id: int) -> list[int]:
    return [r[0] for r in db.execute(
        "SELECT id FROM exhibition_items WHERE exhibition_id = ? ORDER BY position", [exh_id])]


def _renumber(db: sqlite_utils.Database, exh_id: int, order: list[int]) -> None:
    """Give the items in ``order`` positions 1…n (via an offset: positions stay unique)."""
    db.execute("UPDATE exhibition_items SET position = position + ? WHERE exhibition_id = ?",
               [_RENUMBER_OFFSET, exh_id])
    db.conn.executemany("UPDATE exhibition_items SET position = ? WHERE id = ?",
                        [(n, item_id) for n, item_id in enumerate(order, start=1)])


def _check_position(position: int, highest: int) -> int:
    if not 1 <= position <= highest:
        raise InvalidInput(f"Position {position} is out of range: use 1 to {highest}.")
    return position


def _find_item(db: sqlite_utils.Database, exh_id: int, image_id: int,
               at: int | None) -> tuple[int, int]:
    rows = db.execute(
        "SELECT id, position FROM exhibition_items WHERE exhibition_id = ? AND image_id = ? "
        "ORDER BY position", [exh_id, image_id]).fetchall()
    if not rows:
        raise NotFound(f"Image #{image_id} is not in exhibition #{exh_id}.")
    if at is not None:
        for item_id, position in rows:
            if position == at:
                return item_id, position
        raise NotFound(f"Image #{image_id} is not at position {at} of exhibition #{exh_id}.")
    if len(rows) > 1:
        where = " and ".join(str(p) for _, p in rows)
        raise InvalidInput(
            f"Image #{image_id} is at positions {where} of exhibition #{exh_id}: "
            "say which position you mean."
        )
    return rows[0]


def _print_columns(size: PrintSize) -> dict:
    return {"print_size": size.name, "print_width_mm": size.width_mm,
            "print_height_mm": size.height_mm, "orientation": size.orientation}


def _print_size_of(row: dict) -> PrintSize | None:
    if row["print_size"] is None:
        return None
    return PrintSize(row["print_size"], row["print_width_mm"], row["print_height_mm"])


def print_size_label(size: PrintSize | None) -> str | None:
    """``A2`` or ``500x700`` (custom millimetres), as the CLI accepts them."""
    if size is None:
        return None
    if size.name != "custom":
        return size.name
    return f"{size.width_mm:g}x{size.height_mm:g}"


def _crop_columns(crop: tuple[int, int, int, int] | None, width: int, height: int) -> dict:
    if crop is None:
        return dict.fromkeys(("crop_x", "crop_y", "crop_w", "crop_h"))
    x, y, w, h = (int(v) for v in crop)
    if x < 0 or y < 0 or w < 1 or h < 1 or x + w > width or y + h > height:
        raise InvalidInput(
            f"The crop {x},{y},{w},{h} does not fit inside the {width}×{height} image: "
            "give X,Y,WIDTH,HEIGHT in pixels within the picture."
        )
    return {"crop_x": x, "crop_y": y, "crop_w": w, "crop_h": h}


def _venue_dates(opens: DateLike, closes: DateLike) -> dict:
    o = check_day(opens, "opening date") if isinstance(opens, date) \
        else parse_date(opens, "opening date")
    c = check_day(closes, "closing date") if isinstance(closes, date) \
        else parse_date(closes, "closing date")
    if o is None or c is None:
        raise InvalidInput("A venue needs both an opening and a closing date.")
    if c < o:
        raise InvalidInput(f"A venue cannot close ({c}) before it opens ({o}).")
    return {"opens_on": o.isoformat(), "closes_on": c.isoformat()}


def _venue_row(db: sqlite_utils.Database, exh_id: int, venue_id: int) -> dict:
    get(db, exh_id)
    rows = list(db.query("SELECT * FROM exhibition_venues WHERE id = ? AND exhibition_id = ?",
                         [venue_id, exh_id]))
    if not rows:
        raise NotFound(f"Exhibition #{exh_id} has no venue #{venue_id}.")
    return rows[0]


def _venue_json(r: dict) -> dict:
    return {"id": r["id"], "name": r["name"], "opens": r["opens_on"], "closes": r["closes_on"],
            "address": r["address"], "contact": r["contact"], "notes": r["notes"]}


def _item_json(r: dict) -> dict:
    return {
        "position": r["position"], "image_id": r["image_id"], "section": r["section"],
        "caption": r["caption"], "print_size": print_size_label(r["print"]),
        "caption_override": r["caption_override"], "label": r["label"],
        "orientation": r["orientation"],
        "print_mm": [r["print_width_mm"], r["print_height_mm"]] if r["print"] else None,
        "crop": r["crop"], "file_name": r["file_name"], "width": r["width"],
        "height": r["height"],
    }
