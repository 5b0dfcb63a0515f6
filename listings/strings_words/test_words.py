"""The exercise's task as tests: `python3 -m pytest -q` passes once word_count is written."""

import pytest
from words import lib, word_count


def test_words_are_separated_by_any_whitespace():
    assert word_count("Snake and crab") == 3
    assert word_count("  über\tdie  Brücke\u3000gehen ") == 4


def test_an_empty_or_blank_string_has_no_words():
    assert word_count("") == 0
    assert word_count(" \t\n") == 0


def test_a_nul_character_is_refused_not_cut():
    with pytest.raises(ValueError):
        word_count("one\0two")


def test_rust_refuses_null_and_bytes_that_are_not_utf8():
    assert lib.word_count(None) == -1
    assert lib.word_count(b"\xff\xfe") == -1
