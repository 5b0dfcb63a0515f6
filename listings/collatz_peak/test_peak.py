"""The exercise's task as tests: `python3 -m pytest -q` passes once collatz_peak is written."""

import pytest
from peak import collatz_peak


def test_the_highest_number_of_the_chain():
    assert collatz_peak(1) == 1
    assert collatz_peak(6) == 16  # 6 3 10 5 16 8 4 2 1
    assert collatz_peak(27) == 9232


def test_a_chain_that_only_falls_peaks_at_its_start():
    assert collatz_peak(16) == 16


def test_zero_and_numbers_past_64_bits_are_refused():
    for bad in (0, -3, 2**64):
        with pytest.raises(ValueError):
            collatz_peak(bad)


def test_a_chain_that_leaves_64_bits_raises_overflow():
    with pytest.raises(OverflowError):
        collatz_peak(2**64 - 1)
