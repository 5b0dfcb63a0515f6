"""The exercise's task as tests: `python3 -m pytest -q` passes once repeat() is written."""

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
    with pytest.raises(MemoryError):
        repeat("ab", 2**63)  # 2**64 bytes: Rust's size check says NULL
