"""The exercise's task as tests: `python3 -m pytest -q` passes once max_index is written."""

import math

import pytest
from max_index import max_index


def test_the_first_of_the_largest_values_wins():
    assert max_index([3, 9.5, 2, 9.5]) == 1
    assert max_index([-1.5]) == 0


def test_an_empty_sequence_has_no_largest_value():
    assert max_index([]) is None


def test_nan_is_never_the_largest():
    assert max_index([math.nan, -1.0, math.nan]) == 1
    assert max_index([math.nan, math.nan]) is None


def test_any_sequence_of_numbers_works():
    assert max_index(range(1000)) == 999
    assert max_index((2, 7, 1)) == 1


def test_what_is_not_a_number_is_refused():
    with pytest.raises(TypeError):
        max_index(["seven"])
