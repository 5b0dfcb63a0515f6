"""alloc_callback: bad input gets the documented error code, never a crash."""

import ctypes

import pytest
from conftest import load_listing

ALLOC_U32 = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("alloc_callback")
    lib.primes_below.argtypes = [ctypes.c_uint32, ALLOC_U32]
    lib.primes_below.restype = ctypes.c_int64
    lib.set_allocator.argtypes = [ALLOC_U32]
    lib.set_allocator.restype = None
    lib.primes_below_registered.argtypes = [ctypes.c_uint32]
    lib.primes_below_registered.restype = ctypes.c_int64
    return lib


def collecting_allocator() -> tuple[list, ALLOC_U32]:
    buffers: list = []

    def alloc(count: int) -> int:
        buffer = (ctypes.c_uint32 * count)()
        buffers.append(buffer)
        return ctypes.addressof(buffer)

    return buffers, ALLOC_U32(alloc)


def test_primes(lib: ctypes.CDLL) -> None:
    buffers, alloc = collecting_allocator()
    assert lib.primes_below(30, alloc) == 10
    assert list(buffers[0]) == [2, 3, 5, 7, 11, 13, 17, 19, 23, 29]


@pytest.mark.parametrize("n", [0, 1, 2])
def test_no_primes_means_no_allocation(lib: ctypes.CDLL, n: int) -> None:
    buffers, alloc = collecting_allocator()
    assert lib.primes_below(n, alloc) == 0
    assert buffers == []


def test_null_allocator(lib: ctypes.CDLL) -> None:
    assert lib.primes_below(30, ALLOC_U32()) == -1


def test_allocator_returning_null(lib: ctypes.CDLL) -> None:
    assert lib.primes_below(30, ALLOC_U32(lambda count: None)) == -2


def test_n_too_large(lib: ctypes.CDLL) -> None:
    _buffers, alloc = collecting_allocator()
    assert lib.primes_below(2**32 - 1, alloc) == -3
    assert lib.primes_below(100_000_001, alloc) == -3


def test_registered(lib: ctypes.CDLL) -> None:
    lib.set_allocator(ALLOC_U32())
    assert lib.primes_below_registered(30) == -1  # nothing registered
    buffers, alloc = collecting_allocator()
    lib.set_allocator(alloc)
    try:
        assert lib.primes_below_registered(10) == 4
        assert list(buffers[0]) == [2, 3, 5, 7]
        assert lib.primes_below_registered(2**32 - 1) == -3
    finally:
        lib.set_allocator(ALLOC_U32())  # forget it before `alloc` is freed
