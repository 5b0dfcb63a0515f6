"""callbacks_divisors (the Callbacks exercise's solution): every divisor, in order, until the
callback says stop; a NULL callback gives DIVISORS_NULL_CALLBACK and calls nothing."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

DIVISORS_NULL_CALLBACK = -1  # from callbacks_divisors.h
VISIT_DIVISOR = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_uint64, ctypes.POINTER(ctypes.c_int))


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("callbacks_divisors")
    lib.for_each_divisor.argtypes = [ctypes.c_uint64, VISIT_DIVISOR, ctypes.c_void_p]
    lib.for_each_divisor.restype = ctypes.c_int64
    return lib


def divisors(lib, n: int, stop_after: int = 0) -> tuple[int, list[int]]:
    found: list[int] = []

    @VISIT_DIVISOR
    def visit(_user_data, divisor, answer):
        try:
            found.append(divisor)
            if len(found) != stop_after:
                answer[0] = 0  # go on; Rust's 1 (stop) stays otherwise
        except BaseException:
            pass

    return lib.for_each_divisor(n, visit, None), found


@given(st.integers(min_value=0, max_value=10**5), st.integers(min_value=0, max_value=5))
def test_for_each_divisor_gives_every_divisor_in_order(lib, n, stop_after):
    every = [d for d in range(1, n + 1) if n % d == 0]
    expected = every[:stop_after] if stop_after else every
    assert divisors(lib, n, stop_after) == (len(expected), expected)


def test_for_each_divisor_of_a_large_prime_and_a_null_callback(lib):
    assert divisors(lib, 2**31 - 1) == (2, [1, 2**31 - 1])
    assert lib.for_each_divisor(12, VISIT_DIVISOR(), None) == DIVISORS_NULL_CALLBACK
