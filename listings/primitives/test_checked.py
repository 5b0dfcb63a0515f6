"""The exercise's task as tests: `python3 -m pytest -q` passes once checked.py is written."""

import pytest
from checked import add, is_even


def test_add_takes_the_whole_int64_range():
    assert add(2**40, 3) == 2**40 + 3
    assert add(-(2**63), 0) == -(2**63)
    assert add(2**63 - 1, 0) == 2**63 - 1


def test_add_refuses_what_int64_cannot_hold():
    with pytest.raises(OverflowError):
        add(2**63, 0)
    with pytest.raises(OverflowError):
        add(0, -(2**63) - 1)


def test_is_even_answers_a_bool():
    assert is_even(2**32 - 2) is True
    assert is_even(7) is False
    assert is_even(0) is True


def test_is_even_refuses_what_uint32_cannot_hold():
    with pytest.raises(OverflowError):
        is_even(-1)
    with pytest.raises(OverflowError):
        is_even(2**32)
