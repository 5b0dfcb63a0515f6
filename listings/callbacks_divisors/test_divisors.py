"""The exercise's task as tests: `python3 -m pytest -q` passes once for_each_divisor is written,
in Rust and in Python."""

import pytest
from divisors import for_each_divisor


def test_every_divisor_smallest_first():
    found: list[int] = []
    assert for_each_divisor(36, found.append) == 9
    assert found == [1, 2, 3, 4, 6, 9, 12, 18, 36]


def test_one_and_a_prime():
    found: list[int] = []
    for_each_divisor(1, found.append)
    for_each_divisor(13, found.append)
    assert found == [1, 1, 13]


def test_returning_false_stops():
    small: list[int] = []
    calls = for_each_divisor(1_000_000, lambda d: small.append(d) if d < 10 else False)
    assert (small, calls) == ([1, 2, 4, 5, 8], 6)


def test_an_exception_in_the_function_is_raised_after_the_call():
    with pytest.raises(ZeroDivisionError):
        for_each_divisor(12, lambda d: 1 / (d - 3))


def test_a_number_outside_64_bits_is_refused():
    with pytest.raises(ValueError):
        for_each_divisor(-1, print)
