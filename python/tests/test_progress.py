"""progress: count_primes reports as documented and stops when the callback asks."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

PROGRESS = ctypes.CFUNCTYPE(None, ctypes.c_uint64, ctypes.c_uint64, ctypes.c_void_p, ctypes.POINTER(ctypes.c_int))


def answering(function) -> PROGRESS:
    """A C callback that writes what `function(done, total, user_data)` returns into Rust's slot."""

    def callback(done: int, total: int, user_data: int | None, answer) -> None:
        answer[0] = function(done, total, user_data)

    return PROGRESS(callback)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    library = load_listing("progress")
    library.count_primes.argtypes = [ctypes.c_uint64, PROGRESS, ctypes.c_uint64, ctypes.c_void_p]
    library.count_primes.restype = ctypes.c_int64
    return library


def primes_below(n: int) -> int:
    return sum(1 for k in range(2, n) if all(k % d for d in range(2, int(k**0.5) + 1)))


@given(n=st.integers(0, 3000), every=st.integers(0, 500))
def test_reports_and_count(lib: ctypes.CDLL, n: int, every: int) -> None:
    seen = []
    callback = answering(lambda done, total, _: seen.append((done, total)) or 0)
    assert lib.count_primes(n, callback, every, None) == primes_below(n)
    expected = [] if every == 0 or n == 0 else sorted({*range(every, n + 1, every), n})
    assert [d for d, _ in seen] == expected and all(t == n for _, t in seen)


def test_stop_and_null_callback(lib: ctypes.CDLL) -> None:
    assert lib.count_primes(1000, answering(lambda done, total, _: done >= 300), 100, None) == -1
    silent = PROGRESS(lambda done, total, _, answer: None)  # never answers: Rust's stop stays
    assert lib.count_primes(1000, silent, 100, None) == -1
    assert lib.count_primes(1000, PROGRESS(), 100, None) == 168
