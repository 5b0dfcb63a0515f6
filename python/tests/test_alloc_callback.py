"""alloc_callback: bad input gets the documented error code, never a crash."""

import ctypes
import threading

import pytest
from conftest import load_listing

ALLOC_U32 = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p))


def allocator(function) -> ALLOC_U32:
    """A C allocator that writes the address `function(count)` returns into Rust's `out` slot."""

    def alloc(count: int, out) -> None:
        out[0] = function(count)

    return ALLOC_U32(alloc)


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

    return buffers, allocator(alloc)


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
    assert lib.primes_below(30, ALLOC_U32(lambda count, out: None)) == -2


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


def test_misaligned_memory_from_the_allocator_is_refused(lib: ctypes.CDLL) -> None:
    buffer = (ctypes.c_uint32 * 11)()
    skewed = allocator(lambda count: ctypes.addressof(buffer) + 1)
    assert lib.primes_below(30, skewed) == -4
    assert list(buffer) == [0] * 11  # nothing written


def test_the_registration_is_kept_until_the_call_is_done(lib: ctypes.CDLL) -> None:
    """set_allocator from inside the allocator would deadlock, so from another thread: it must
    wait until the running call is finished with the allocator it replaces. (The bounded wait
    can only make this pass wrongly on a very slow machine, never fail wrongly.)"""
    started, replaced = threading.Event(), threading.Event()
    buffers: list = []

    def slow(count: int) -> int:
        started.set()
        assert not replaced.wait(timeout=0.5)  # set_allocator is still waiting for us
        buffers.append((ctypes.c_uint32 * count)())
        return ctypes.addressof(buffers[-1])

    alloc = allocator(slow)
    lib.set_allocator(alloc)
    swapper = threading.Thread(target=lambda: (started.wait(), lib.set_allocator(ALLOC_U32()), replaced.set()))
    swapper.start()
    assert lib.primes_below_registered(30) == 10
    swapper.join()
    assert replaced.is_set() and list(buffers[0])[:3] == [2, 3, 5]
    assert lib.primes_below_registered(30) == -1
