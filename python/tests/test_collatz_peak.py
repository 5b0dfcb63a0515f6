"""collatz_peak (the Your own project exercise's solution): the chain's highest number, 0 when
there is no answer in 64 bits."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("collatz_peak")
    lib.collatz_peak.argtypes = [ctypes.c_uint64]
    lib.collatz_peak.restype = ctypes.c_uint64
    return lib


def peak(n: int) -> int:
    highest = n
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        if n >= 2**64:
            return 0
        highest = max(highest, n)
    return highest


@given(st.integers(min_value=1, max_value=10**6))
def test_collatz_peak_matches_python(lib, n):
    assert lib.collatz_peak(n) == peak(n)


@pytest.mark.parametrize("n", [0, 2**64 - 1, 2**63 + 1])
def test_collatz_peak_without_an_answer_is_0(lib, n):
    assert lib.collatz_peak(n) == 0
