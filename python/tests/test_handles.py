"""handles: an opaque RunningStats behind a handle; NULL and bad lengths get error values, never a crash."""

import ctypes
import math
import statistics

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

OK, NULL_HANDLE, NULL_VALUES, TOO_LONG, MISALIGNED = 0, -1, -2, -3, -4
MAX_LEN = (2**63 - 1) // 8  # isize::MAX / size_of::<f64>() on a 64-bit platform


class RunningStats(ctypes.Structure):
    """Opaque."""


STATS_P = ctypes.POINTER(RunningStats)
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
FIGURES = ["stats_mean", "stats_variance", "stats_min", "stats_max"]


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("handles")
    lib.stats_new.argtypes = []
    lib.stats_new.restype = STATS_P
    lib.stats_free.argtypes = [STATS_P]
    lib.stats_free.restype = None
    lib.stats_push.argtypes = [STATS_P, ctypes.c_double]
    lib.stats_push.restype = ctypes.c_int32
    lib.stats_push_many.argtypes = [STATS_P, DOUBLE_P, ctypes.c_size_t]
    lib.stats_push_many.restype = ctypes.c_int32
    lib.stats_count.argtypes = [STATS_P]
    lib.stats_count.restype = ctypes.c_int64
    for name in FIGURES:
        getattr(lib, name).argtypes = [STATS_P]
        getattr(lib, name).restype = ctypes.c_double
    return lib


@pytest.fixture
def handle(lib: ctypes.CDLL):
    h = lib.stats_new()
    assert h
    yield h
    lib.stats_free(h)


def doubles(values: list[float]) -> ctypes.Array:
    return (ctypes.c_double * len(values))(*values)


def summary(lib: ctypes.CDLL, h) -> tuple:
    return (lib.stats_count(h), *(getattr(lib, name)(h) for name in FIGURES))


def test_new_is_empty(lib: ctypes.CDLL, handle) -> None:
    assert lib.stats_count(handle) == 0
    assert all(math.isnan(getattr(lib, name)(handle)) for name in FIGURES)


def test_push_and_push_many(lib: ctypes.CDLL, handle) -> None:
    assert lib.stats_push(handle, 2.0) == OK
    assert lib.stats_push_many(handle, doubles([4, 4, 5, 9]), 4) == OK
    assert summary(lib, handle) == (5, 4.8, pytest.approx(6.7), 2.0, 9.0)


def test_one_value_has_no_variance(lib: ctypes.CDLL, handle) -> None:
    lib.stats_push(handle, -3.5)
    assert lib.stats_count(handle) == 1
    assert lib.stats_mean(handle) == lib.stats_min(handle) == lib.stats_max(handle) == -3.5
    assert math.isnan(lib.stats_variance(handle))


def test_free_accepts_null(lib: ctypes.CDLL) -> None:
    lib.stats_free(None)


def test_null_handle_gets_error_values(lib: ctypes.CDLL) -> None:
    assert lib.stats_push(None, 1.0) == NULL_HANDLE
    assert lib.stats_push_many(None, doubles([1.0]), 1) == NULL_HANDLE
    assert lib.stats_push_many(None, None, 0) == NULL_HANDLE
    assert lib.stats_count(None) == -1
    assert all(math.isnan(getattr(lib, name)(None)) for name in FIGURES)


@pytest.mark.parametrize(
    ("values", "length", "expected"),
    [
        (None, 0, OK),
        (None, 3, NULL_VALUES),
        (None, MAX_LEN, NULL_VALUES),
        ("array", MAX_LEN + 1, TOO_LONG),
        ("array", 2**62, TOO_LONG),
        ("array", 2**64 - 1, TOO_LONG),
        (None, 2**64 - 1, TOO_LONG),
    ],
)
def test_bad_lengths_add_nothing(lib: ctypes.CDLL, handle, values, length: int, expected: int) -> None:
    pointer = doubles([1.0, 2.0]) if values == "array" else None
    assert lib.stats_push_many(handle, pointer, length) == expected
    assert lib.stats_count(handle) == 0


def test_zero_length_with_a_real_pointer(lib: ctypes.CDLL, handle) -> None:
    assert lib.stats_push_many(handle, doubles([1.0]), 0) == OK
    assert lib.stats_count(handle) == 0


def test_wrong_types_are_refused_by_ctypes(lib: ctypes.CDLL, handle) -> None:
    with pytest.raises(ctypes.ArgumentError):
        lib.stats_push(ctypes.addressof(handle.contents), 1.0)  # a bare address
    with pytest.raises(ctypes.ArgumentError):
        lib.stats_push(ctypes.c_void_p(ctypes.addressof(handle.contents)), 1.0)
    with pytest.raises(ctypes.ArgumentError):
        lib.stats_push_many(handle, (ctypes.c_float * 2)(1, 2), 2)  # float32, not double
    with pytest.raises(ctypes.ArgumentError):
        lib.stats_push_many(doubles([1.0]), handle, 1)  # arguments swapped
    assert lib.stats_count(handle) == 0


def test_non_contiguous_input_is_refused(lib: ctypes.CDLL, handle) -> None:
    every_other = memoryview(doubles([1, 2, 3, 4])).cast("B").cast("d")[::2]
    with pytest.raises(TypeError):
        lib.stats_push_many(handle, (ctypes.c_double * 2).from_buffer(every_other), 2)


finite = st.floats(min_value=-1e6, max_value=1e6, allow_nan=False)


@given(values=st.lists(finite, max_size=60), split=st.integers(min_value=0, max_value=60))
def test_matches_the_statistics_module(lib: ctypes.CDLL, values: list[float], split: int) -> None:
    h = lib.stats_new()
    try:
        for x in values[:split]:
            assert lib.stats_push(h, x) == OK
        rest = values[split:]
        assert lib.stats_push_many(h, doubles(rest), len(rest)) == OK
        count, mean, variance, low, high = summary(lib, h)
    finally:
        lib.stats_free(h)
    assert count == len(values)
    if not values:
        assert all(math.isnan(f) for f in (mean, variance, low, high))
        return
    assert mean == pytest.approx(statistics.fmean(values), rel=1e-9, abs=1e-6)
    assert (low, high) == (min(values), max(values))
    if len(values) < 2:
        assert math.isnan(variance)
    else:
        assert variance == pytest.approx(statistics.variance(values), rel=1e-7, abs=1e-3)


@given(values=st.lists(st.floats(allow_nan=False, allow_infinity=False, width=32), max_size=40))
def test_push_many_equals_pushing_one_by_one(lib: ctypes.CDLL, values: list[float]) -> None:
    one, many = lib.stats_new(), lib.stats_new()
    try:
        for x in values:
            lib.stats_push(one, x)
        lib.stats_push_many(many, doubles(values), len(values))
        assert repr(summary(lib, one)) == repr(summary(lib, many))  # repr: nan equals nan
    finally:
        lib.stats_free(one)
        lib.stats_free(many)
