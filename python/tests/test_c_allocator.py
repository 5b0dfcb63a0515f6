"""c_allocator: bad input gets NULL or 0, never a crash; the C allocator pairs up."""

import ctypes
import ctypes.util

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.argtypes = [ctypes.c_size_t]
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.free.restype = None


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("c_allocator")
    lib.repeat_text.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.repeat_text.restype = ctypes.c_void_p
    lib.adopt_and_measure.argtypes = [ctypes.c_void_p]
    lib.adopt_and_measure.restype = ctypes.c_size_t
    return lib


@pytest.mark.parametrize(
    ("text", "times", "expected"), [(b"ab", 3, b"ababab"), (b"ab", 0, b""), (b"", 5, b""), (b"x", 1, b"x")]
)
def test_repeat(lib: ctypes.CDLL, text: bytes, times: int, expected: bytes) -> None:
    pointer = lib.repeat_text(text, times)
    assert pointer is not None
    try:
        assert ctypes.string_at(pointer) == expected
    finally:
        libc.free(pointer)


def test_repeat_null(lib: ctypes.CDLL) -> None:
    assert lib.repeat_text(None, 3) is None


@pytest.mark.parametrize("times", [2**63, 2**64 - 1])
def test_repeat_overflow(lib: ctypes.CDLL, times: int) -> None:
    assert lib.repeat_text(b"ab", times) is None


def test_repeat_malloc_fails(lib: ctypes.CDLL) -> None:
    assert lib.repeat_text(b"a", 2**62) is None  # 4 EiB: no malloc gives that


def test_adopt(lib: ctypes.CDLL) -> None:
    pointer = libc.malloc(6)
    ctypes.memmove(pointer, b"hello\0", 6)
    assert lib.adopt_and_measure(pointer) == 5


def test_adopt_empty_and_null(lib: ctypes.CDLL) -> None:
    pointer = libc.malloc(1)
    ctypes.memmove(pointer, b"\0", 1)
    assert lib.adopt_and_measure(pointer) == 0
    assert lib.adopt_and_measure(None) == 0


@given(text=st.binary(max_size=30).map(lambda b: b.replace(b"\0", b"")), times=st.integers(0, 50))
def test_repeat_then_adopt(lib: ctypes.CDLL, text: bytes, times: int) -> None:
    ptr = lib.repeat_text(text, times)
    assert ctypes.string_at(ptr) == text * times
    assert lib.adopt_and_measure(ptr) == len(text) * times
