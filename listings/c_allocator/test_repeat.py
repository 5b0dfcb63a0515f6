"""The exercise's task as tests: `python3 -m pytest -q` passes once repeat() is written."""

import ctypes

import pytest
from repeat import repeat


def test_repeated():
    assert repeat("ab", 3) == "ababab"
    assert repeat("é", 4) == "éééé"


def test_zero_times_is_empty():
    assert repeat("abc", 0) == ""


def test_bad_arguments_are_refused():
    with pytest.raises(ValueError):
        repeat("ab", -1)
    with pytest.raises(ValueError):
        repeat("a\0b", 2)


def test_a_size_that_overflows_is_a_memory_error():
    half = 2 ** (8 * ctypes.sizeof(ctypes.c_size_t) - 1)  # a count that fits a size_t...
    with pytest.raises(MemoryError):
        repeat("ab", half)  # ...but twice it does not: Rust's size check says NULL


def test_a_count_no_size_t_holds_is_refused_not_cut():
    with pytest.raises(OverflowError):
        repeat("ab", 2**64)  # cut to 64 bits (or 32), it would read as 0
