"""collatz (Your own project): every 64-bit start, as a Python version computes it with overflow."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

U64_MAX = 2**64 - 1


def python_steps(n: int) -> int:
    if n == 0:
        return -1
    count = 0
    while n != 1:
        n = n // 2 if n % 2 == 0 else 3 * n + 1
        if n > U64_MAX:
            return -1
        count += 1
    return count


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("collatz")
    lib.collatz_steps.argtypes = [ctypes.c_uint64]
    lib.collatz_steps.restype = ctypes.c_int64
    lib.longest_below.argtypes = [ctypes.c_uint64]
    lib.longest_below.restype = ctypes.c_uint64
    return lib


@given(n=st.integers(0, U64_MAX))
def test_collatz_steps(lib: ctypes.CDLL, n: int) -> None:
    assert lib.collatz_steps(n) == python_steps(n)


@given(limit=st.integers(0, 300))
def test_longest_below(lib: ctypes.CDLL, limit: int) -> None:
    starts = range(1, limit)
    assert lib.longest_below(limit) == (max(starts, key=python_steps) if starts else 0)
