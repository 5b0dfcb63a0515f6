"""slices: arrays in, buffers filled, arrays changed in place; NULL, short, misaligned and huge input
get the documented answer, never a crash."""

import array
import ctypes
import functools
import itertools
import math
import operator

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

DoublePtr = ctypes.POINTER(ctypes.c_double)
SLICES_ERROR = -1  # from slices.h
HUGE = [2**62, 2**63 - 1, 2**64 - 1]  # above isize::MAX bytes of f64s: refused before any read
FLOATS = st.floats(min_value=-1e300, max_value=1e300, allow_nan=False)  # 100 of them cannot overflow
VALUES = st.lists(FLOATS, max_size=100)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("slices")
    lib.sum_f64.argtypes = [DoublePtr, ctypes.c_size_t]
    lib.sum_f64.restype = ctypes.c_double
    lib.cumulative_sum.argtypes = [DoublePtr, ctypes.c_size_t, DoublePtr, ctypes.c_size_t]
    lib.cumulative_sum.restype = ctypes.c_ssize_t
    lib.scale_in_place.argtypes = [DoublePtr, ctypes.c_size_t, ctypes.c_double]
    lib.scale_in_place.restype = ctypes.c_bool
    lib.cumulative_sum_unchecked.argtypes = [DoublePtr, DoublePtr, ctypes.c_size_t]
    lib.cumulative_sum_unchecked.restype = None
    return lib


def doubles(values: list[float]) -> ctypes.Array:
    return (ctypes.c_double * len(values))(*values)


def misaligned(buffer: ctypes.Array) -> ctypes._Pointer:
    """A double pointer one byte into `buffer`: not aligned for an f64."""
    return ctypes.cast(ctypes.addressof(buffer) + 1, DoublePtr)


def left_sum(values: list[float]) -> float:
    return functools.reduce(operator.add, values, 0.0)  # the order Rust adds in


# ---------------------------------------------------------------- sum_f64


def test_sum(lib: ctypes.CDLL) -> None:
    assert lib.sum_f64(doubles([1.5, 2.5, 3.0]), 3) == 7.0
    data = array.array("d", [1.0, 2.0, 3.0, 4.0])
    assert lib.sum_f64((ctypes.c_double * 4).from_buffer(data), 4) == 10.0
    assert lib.sum_f64(doubles([1.0, 2.0, 3.0]), 2) == 3.0  # a shorter length reads a prefix


def test_sum_empty_is_zero_whatever_the_pointer(lib: ctypes.CDLL) -> None:
    assert lib.sum_f64(None, 0) == 0.0
    assert math.copysign(1, lib.sum_f64(None, 0)) == 1  # +0.0, not -0.0
    assert lib.sum_f64((ctypes.c_double * 0).from_buffer(array.array("d")), 0) == 0.0
    assert lib.sum_f64(misaligned((ctypes.c_char * 16)()), 0) == 0.0


@pytest.mark.parametrize("length", [1, 3, *HUGE])
def test_sum_null_or_huge_is_nan(lib: ctypes.CDLL, length: int) -> None:
    assert math.isnan(lib.sum_f64(None, length))
    if length in HUGE:
        assert math.isnan(lib.sum_f64(doubles([1.0]), length))


def test_sum_misaligned_is_nan(lib: ctypes.CDLL) -> None:
    assert math.isnan(lib.sum_f64(misaligned((ctypes.c_char * 32)()), 2))


def test_wrong_types_raise_before_the_call(lib: ctypes.CDLL) -> None:
    with pytest.raises(ctypes.ArgumentError):
        lib.sum_f64((ctypes.c_int64 * 2)(1, 2), 2)
    with pytest.raises(ctypes.ArgumentError):
        lib.sum_f64([1.0, 2.0], 2)
    with pytest.raises(ValueError, match="Buffer size too small"):
        (ctypes.c_double * 2).from_buffer(array.array("f", [1.0, 2.0]))
    with pytest.raises(TypeError, match="not C contiguous"):
        (ctypes.c_double * 2).from_buffer(memoryview(array.array("d", [1, 2, 3, 4]))[::2])
    with pytest.raises(TypeError, match="not writable"):
        (ctypes.c_double * 2).from_buffer(bytes(16))


@given(VALUES)
def test_sum_property(lib: ctypes.CDLL, values: list[float]) -> None:
    assert lib.sum_f64(doubles(values), len(values)) == left_sum(values)
    assert lib.sum_f64((ctypes.c_double * len(values)).from_buffer(array.array("d", values)), len(values)) == left_sum(
        values
    )


# ---------------------------------------------------------------- cumulative_sum


def test_cumulative_sum(lib: ctypes.CDLL) -> None:
    out = doubles([-9.0] * 5)
    assert lib.cumulative_sum(doubles([1, 2, 3, 4]), 4, out, 5) == 4
    assert list(out) == [1, 3, 6, 10, -9]  # a longer out keeps its tail
    assert lib.cumulative_sum(None, 0, None, 0) == 0


def test_cumulative_sum_bad_input_writes_nothing(lib: ctypes.CDLL) -> None:
    values, out = doubles([1, 2, 3, 4]), doubles([-9.0] * 4)
    assert lib.cumulative_sum(values, 4, out, 3) == SLICES_ERROR  # out too short
    assert lib.cumulative_sum(None, 4, out, 4) == SLICES_ERROR
    assert lib.cumulative_sum(values, 4, None, 4) == SLICES_ERROR
    assert lib.cumulative_sum(values, 1, None, 0) == SLICES_ERROR
    assert lib.cumulative_sum(misaligned((ctypes.c_char * 40)()), 4, out, 4) == SLICES_ERROR
    assert lib.cumulative_sum(values, 4, misaligned((ctypes.c_char * 40)()), 4) == SLICES_ERROR
    for length in HUGE:
        assert lib.cumulative_sum(values, length, out, length) == SLICES_ERROR
    assert list(out) == [-9.0] * 4


def test_cumulative_sum_refuses_overlap(lib: ctypes.CDLL) -> None:
    values = doubles([1, 2, 3, 4])
    assert lib.cumulative_sum(values, 4, values, 4) == SLICES_ERROR
    shifted = ctypes.cast(ctypes.addressof(values) + 8, DoublePtr)  # values[1:]
    assert lib.cumulative_sum(values, 2, shifted, 3) == SLICES_ERROR
    assert lib.cumulative_sum(values, 1, shifted, 3) == 1  # values[0] alone does not overlap values[1:]
    assert list(values) == [1, 1, 3, 4]


@given(VALUES, st.integers(min_value=-3, max_value=3))
def test_cumulative_sum_property(lib: ctypes.CDLL, values: list[float], extra: int) -> None:
    out_len = max(0, len(values) + extra)
    out = array.array("d", [-9.0] * out_len)
    out_view = (ctypes.c_double * out_len).from_buffer(out)
    count = lib.cumulative_sum(doubles(values), len(values), out_view, out_len)
    if out_len < len(values):
        assert count == SLICES_ERROR
        assert out.tolist() == [-9.0] * out_len
    else:
        assert count == len(values)
        expected = list(itertools.accumulate(values, initial=0.0))[1:]
        assert out.tolist() == expected + [-9.0] * (out_len - len(values))


# ---------------------------------------------------------------- scale_in_place


def test_scale_in_place(lib: ctypes.CDLL) -> None:
    data = array.array("d", [1.0, -2.0, 3.5])
    assert lib.scale_in_place((ctypes.c_double * 3).from_buffer(data), 3, 2.0)
    assert data.tolist() == [2.0, -4.0, 7.0]


def test_scale_in_place_bad_input(lib: ctypes.CDLL) -> None:
    assert lib.scale_in_place(None, 0, 2.0)  # nothing to do
    assert not lib.scale_in_place(None, 3, 2.0)
    buffer = (ctypes.c_char * 32)(*b"x" * 32)
    assert not lib.scale_in_place(misaligned(buffer), 2, 2.0)
    assert buffer.raw == b"x" * 32
    for length in HUGE:
        assert not lib.scale_in_place(doubles([1.0]), length, 2.0)


@given(VALUES, st.floats(min_value=-4, max_value=4, allow_nan=False))
def test_scale_in_place_property(lib: ctypes.CDLL, values: list[float], factor: float) -> None:
    data = array.array("d", values)
    assert lib.scale_in_place((ctypes.c_double * len(data)).from_buffer(data), len(data), factor)
    assert data.tolist() == [x * factor for x in values]


# ---------------------------------------------------------------- cumulative_sum_unchecked


def test_cumulative_sum_unchecked(lib: ctypes.CDLL) -> None:
    out = doubles([0.0] * 3)
    lib.cumulative_sum_unchecked(doubles([1, 2, 3]), out, 3)
    assert list(out) == [1, 3, 6]
    lib.cumulative_sum_unchecked(None, None, 0)  # a length of 0 touches nothing


def test_cumulative_sum_unchecked_wrong_types_raise(lib: ctypes.CDLL) -> None:
    # It checks nothing itself (a too-short `out` is the chapter's danger); ctypes still checks types.
    with pytest.raises(ctypes.ArgumentError):
        lib.cumulative_sum_unchecked((ctypes.c_float * 3)(), doubles([0.0] * 3), 3)


@given(VALUES)
def test_cumulative_sum_unchecked_property(lib: ctypes.CDLL, values: list[float]) -> None:
    out = doubles([0.0] * len(values))
    lib.cumulative_sum_unchecked(doubles(values), out, len(values))
    assert list(out) == list(itertools.accumulate(values, initial=0.0))[1:]
