"""Tests of the binding: Rust's answers against a plain Python version."""

import pytest
from collatz import U64_MAX, longest_below, steps


def python_steps(n: int) -> int:
    count = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        count += 1
    return count


def test_steps_agree_with_python():
    starts = range(1, 3000)
    assert [steps(n) for n in starts] == [python_steps(n) for n in starts]


def test_64_bit_argument_and_result_are_declared():
    # With c_uint32 (or no argtypes) the argument would lose its high bits.
    assert steps(2**40) == 40
    assert steps(2**63) == 63


def test_longest_below_agrees_with_python():
    # max() keeps the first of equal keys: the smallest start, as Rust does.
    assert longest_below(3000) == max(range(1, 3000), key=python_steps)
    assert longest_below(0) == longest_below(1) == 0


def test_bad_input_is_refused_before_it_reaches_rust():
    for bad in (0, -1, 2**64):
        with pytest.raises(ValueError):
            steps(bad)
    with pytest.raises(ValueError):
        longest_below(-1)


def test_a_chain_that_leaves_64_bits_raises():
    with pytest.raises(OverflowError):
        steps(U64_MAX)  # odd, so the first step is 3 * U64_MAX + 1
