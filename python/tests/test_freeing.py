"""freeing: NULL, zero and oversized input get NULL or nothing, never a crash; frees are counted."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

DOUBLE_P = ctypes.POINTER(ctypes.c_double)


class Stats(ctypes.Structure):
    _fields_ = [("count", ctypes.c_size_t), ("mean", ctypes.c_double), ("max", ctypes.c_double)]


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("freeing")
    lib.live_allocations.argtypes = []
    lib.live_allocations.restype = ctypes.c_size_t
    lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
    lib.squares_new.restype = DOUBLE_P
    lib.squares_free.argtypes = [DOUBLE_P, ctypes.c_size_t]
    lib.squares_free.restype = None
    lib.stats_new.argtypes = [DOUBLE_P, ctypes.c_size_t]
    lib.stats_new.restype = ctypes.POINTER(Stats)
    lib.stats_free.argtypes = [ctypes.POINTER(Stats)]
    lib.stats_free.restype = None
    lib.dangling_squares.argtypes = [ctypes.c_size_t]
    lib.dangling_squares.restype = ctypes.c_void_p
    return lib


@pytest.mark.parametrize("n", [0, 1, 5])
def test_squares_round_trip(lib: ctypes.CDLL, n: int) -> None:
    before = lib.live_allocations()
    length = ctypes.c_size_t(99)
    pointer = lib.squares_new(n, ctypes.byref(length))
    assert pointer and length.value == n
    assert pointer[:n] == [float(i * i) for i in range(n)]
    assert lib.live_allocations() == before + 1
    lib.squares_free(pointer, n)
    assert lib.live_allocations() == before


def test_squares_bad_input(lib: ctypes.CDLL) -> None:
    before = lib.live_allocations()
    assert not lib.squares_new(3, None)
    length = ctypes.c_size_t(99)
    assert not lib.squares_new(2**28 + 1, ctypes.byref(length))
    assert not lib.squares_new(2**64 - 1, ctypes.byref(length))
    assert length.value == 99  # untouched
    lib.squares_free(None, 3)
    lib.squares_free(None, 0)
    assert lib.live_allocations() == before


def test_stats(lib: ctypes.CDLL) -> None:
    values = (ctypes.c_double * 3)(1, 2, 6)
    stats = lib.stats_new(values, 3)
    try:
        assert (stats.contents.count, stats.contents.mean, stats.contents.max) == (3, 3.0, 6.0)
    finally:
        lib.stats_free(stats)


def test_stats_bad_input(lib: ctypes.CDLL) -> None:
    before = lib.live_allocations()
    values = (ctypes.c_double * 3)(1, 2, 6)
    assert not lib.stats_new(None, 3)
    assert not lib.stats_new(values, 0)
    lib.stats_free(None)
    assert lib.live_allocations() == before


def test_dangling_squares_is_only_dangerous_to_read(lib: ctypes.CDLL) -> None:
    # Documented as dangerous: calling it is fine, reading through its result is not.
    lib.dangling_squares(0)
    lib.dangling_squares(4)


@given(n=st.one_of(st.integers(0, 2000), st.integers(2**28 + 1, 2**64 - 1)))
def test_squares(lib: ctypes.CDLL, n: int) -> None:
    before = lib.live_allocations()
    length = ctypes.c_size_t(12345)
    ptr = lib.squares_new(n, ctypes.byref(length))
    if n > 2**28:  # above MAX_LEN: NULL, and nothing allocated
        assert not ptr and length.value == 12345
        return
    assert length.value == n
    assert ptr[:n] == [float(i * i) for i in range(n)]
    lib.squares_free(ptr, n)
    assert lib.live_allocations() == before
