"""The exercise's task as tests: `python3 -m pytest -q` passes once longest_word is written."""

import pytest
from longest_word import longest_word


def test_the_longest_and_the_first_on_a_tie():
    assert longest_word(["a", "abc", "ab"]) == "abc"
    assert longest_word(["ab", "cd"]) == "ab"


def test_none_is_a_missing_value():
    assert longest_word([None, "xy", None]) == "xy"


def test_no_string_at_all():
    assert longest_word([]) is None
    assert longest_word([None, None]) is None


def test_length_counts_characters_not_bytes():
    assert longest_word(["ééé", "abcd"]) == "abcd"  # 6 bytes, 3 characters


def test_a_nul_character_is_refused():
    with pytest.raises(ValueError):
        longest_word(["a\0b"])
