"""The exercise's task as tests: `python3 -m pytest -q` passes once squares() is written."""

import pytest
from squares_list import lib, squares


def test_the_squares_as_a_list():
    assert squares(5) == [0.0, 1.0, 4.0, 9.0, 16.0]
    assert squares(0) == []


def test_nothing_stays_allocated():
    before = lib.live_allocations()
    for n in (0, 1, 1000):
        squares(n)
    assert lib.live_allocations() == before


def test_a_negative_count_is_refused():
    with pytest.raises(ValueError):
        squares(-1)


def test_too_many_is_a_memory_error():
    with pytest.raises(MemoryError):
        squares(2**28 + 1)  # above the library's MAX_LEN: Rust returns NULL


def test_a_count_no_size_t_holds_is_refused_not_cut():
    with pytest.raises(OverflowError):
        squares(2**64)  # cut to 64 bits (or 32), it would read as 0
