"""The exercise's task as tests: `python3 -m pytest -q` passes once styles.py is written."""

import pytest
from styles import Shape, Style, markup_len, most_sides


def test_most_sides_is_a_shape():
    shape = most_sides()
    assert isinstance(shape, Shape)
    assert shape is Shape.SQUARE  # 4 sides


def test_markup_len_of_combined_flags():
    assert markup_len(Style.BOLD) == 4
    assert markup_len(Style.BOLD | Style.ITALIC | Style.CODE) == 8
    assert markup_len(Style(0)) == 0


def test_an_unknown_bit_is_an_exception():
    with pytest.raises(ValueError):
        markup_len(8)


def test_a_number_beyond_uint32_is_refused_not_cut():
    with pytest.raises(OverflowError):
        markup_len(2**32 + int(Style.BOLD))  # cut to 32 bits, it would read as BOLD
