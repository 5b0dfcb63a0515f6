"""slices_max (the Slices exercise's solution): the first largest value's index; NaN never wins;
empty, all-NaN, NULL, misaligned and huge input give NO_INDEX, never a crash."""

import ctypes
import math

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

DoublePtr = ctypes.POINTER(ctypes.c_double)
NO_INDEX = -1  # from slices_max.h
HUGE = [2**62, 2**63 - 1, 2**64 - 1]  # above isize::MAX bytes of f64s: refused before any read


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("slices_max")
    lib.max_index.argtypes = [DoublePtr, ctypes.c_size_t]
    lib.max_index.restype = ctypes.c_ssize_t
    return lib


def expected(values: list[float]) -> int:
    numbers = [(x, -i) for i, x in enumerate(values) if not math.isnan(x)]
    return -max(numbers)[1] if numbers else NO_INDEX


@given(st.lists(st.floats(), max_size=100))
def test_max_index_is_the_first_largest_ignoring_nan(lib, values):
    array = (ctypes.c_double * len(values))(*values)
    assert lib.max_index(array, len(values)) == expected(values)


@pytest.mark.parametrize("length", [1, 3, *HUGE])
def test_max_index_of_null_is_no_index(lib, length):
    assert lib.max_index(None, length) == NO_INDEX


def test_max_index_of_misaligned_or_huge_input_is_no_index(lib):
    buffer = (ctypes.c_double * 4)(1.0, 2.0, 3.0, 4.0)
    assert lib.max_index(ctypes.cast(ctypes.addressof(buffer) + 1, DoublePtr), 3) == NO_INDEX
    for length in HUGE:
        assert lib.max_index(buffer, length) == NO_INDEX
    assert lib.max_index(buffer, 0) == NO_INDEX
