"""Print sizes and the resolution a panel prints at."""

from __future__ import annotations

import pytest

from curator.errors import InvalidInput
from curator.exhibitions.print_sizes import largest_a_size, max_mm_at, parse_print_size, ppi


@pytest.mark.parametrize("text,orientation,expected", [
    ("A4", None, ("A4", 210, 297)),
    ("a0", "landscape", ("A0", 1189, 841)),
    ("A2", "portrait", ("A2", 420, 594)),
    ("500x700", None, ("custom", 500, 700)),
    ("700 × 500 mm", None, ("custom", 700, 500)),
    ("500x700", "landscape", ("custom", 700, 500)),
    ("600x600", "landscape", ("custom", 600, 600)),
    ("420.5x594", None, ("custom", 420.5, 594)),
])
def test_parse(text, orientation, expected):
    size = parse_print_size(text, orientation)
    assert (size.name, size.width_mm, size.height_mm) == expected


@pytest.mark.parametrize("text", ["B2", "A5", "", "0x500", "500x", "20000x100", "A2 landscape"])
def test_bad_sizes_are_refused_in_words(text):
    with pytest.raises(InvalidInput, match="print size"):
        parse_print_size(text)


def test_bad_orientation():
    with pytest.raises(InvalidInput, match="'sideways' is not an orientation"):
        parse_print_size("A3", "sideways")


def test_640_by_480_on_a2_prints_at_27_ppi():
    size = parse_print_size("A2", "landscape")
    assert int(ppi(640, 480, size)) == 27  # 640 px over 594 mm (23.4 in)
    assert largest_a_size(640, 480, "landscape") is None
    assert max_mm_at(640, 480) == (67, 50)


def test_largest_a_size_reaching_240_ppi():
    assert largest_a_size(4200, 3000, "landscape").name == "A3"
    assert largest_a_size(4200, 3000, "portrait").name == "A4"  # the short side limits it
    assert largest_a_size(11300, 8000, "landscape").name == "A0"
    a3 = parse_print_size("A3", "landscape")
    assert ppi(4200, 3000, a3) >= 240 > ppi(4200, 3000, parse_print_size("A2", "landscape"))
