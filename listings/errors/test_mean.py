"""The exercise's task as tests: `python3 -m pytest -q` passes once mean() is written."""

import pytest
from mean import mean


def test_the_mean():
    assert mean("1, 2, 4.5") == 2.5
    assert mean("-3") == -3.0


def test_no_numbers_is_none():
    assert mean("") is None
    assert mean(" , ") is None


def test_a_bad_field_raises_with_rusts_whole_message():
    field = "é" * 100 + "x"  # a message of over 200 bytes
    with pytest.raises(ValueError) as raised:
        mean(f"1, {field}")
    assert field in str(raised.value)
    assert "invalid float literal" in str(raised.value)


def test_a_nul_character_is_refused():
    with pytest.raises(ValueError):
        mean("1\0, 2")
