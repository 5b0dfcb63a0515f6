"""primitives: generated integers, whole range, as the Rust functions compute them."""

import ctypes

import pytest
from conftest import I64, load_listing
from hypothesis import given
from hypothesis import strategies as st


def wrap_i64(n: int) -> int:
    return (n + 2**63) % 2**64 - 2**63


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("primitives")
    lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    lib.add.restype = ctypes.c_int64
    lib.is_even.argtypes = [ctypes.c_uint32]
    lib.is_even.restype = ctypes.c_bool
    return lib


@given(a=I64, b=I64, n=st.integers(0, 2**32 - 1))
def test_primitives(lib: ctypes.CDLL, a: int, b: int, n: int) -> None:
    assert lib.add(a, b) == wrap_i64(a + b)
    assert lib.is_even(n) == (n % 2 == 0)
