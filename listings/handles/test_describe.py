"""The exercise's task as tests: `python3 -m pytest -q` passes once describe() is written."""

import math

import pytest
from describe import describe


def test_count_mean_variance():
    count, mean, variance = describe([2, 4, 4, 4, 5, 5, 7, 9])
    assert (count, mean) == (8, 5.0)
    assert variance == pytest.approx(32 / 7)


def test_any_iterable():
    assert describe(x for x in (1.0, 3.0))[:2] == (2, 2.0)


def test_too_few_values_give_nan():
    count, mean, variance = describe([])
    assert count == 0 and math.isnan(mean) and math.isnan(variance)
    assert math.isnan(describe([1.0])[2])


def test_an_error_in_the_iterable_comes_through():
    def broken():
        yield 1.0
        raise KeyError("no more")

    with pytest.raises(KeyError):
        describe(broken())
