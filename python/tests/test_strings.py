"""strings: NULL, invalid UTF-8, NULs and small buffers get the documented results, never a crash."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

BAD_ARGUMENT, NOT_UTF8 = -1, -2  # STRINGS_BAD_ARGUMENT, STRINGS_NOT_UTF8 in strings.h
MAX_REPEAT_LEN = 1 << 30
CHAR_P = ctypes.POINTER(ctypes.c_char)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("strings")
    lib.char_count.argtypes = [ctypes.c_char_p]
    lib.char_count.restype = ctypes.c_int64
    lib.char_count_len.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.char_count_len.restype = ctypes.c_int64
    lib.to_upper.argtypes = [ctypes.c_char_p, CHAR_P, ctypes.c_size_t]
    lib.to_upper.restype = ctypes.c_int64
    lib.live_strings.argtypes = []
    lib.live_strings.restype = ctypes.c_size_t
    lib.repeat_new.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.repeat_new.restype = CHAR_P
    lib.string_free.argtypes = [CHAR_P]
    lib.string_free.restype = None
    return lib


def c_string(data: bytes) -> bytes:
    """What Rust sees of bytes passed as a C string: everything before the first NUL."""
    return data.split(b"\0", 1)[0]


def chars(data: bytes) -> int:
    """The number of characters in UTF-8 bytes, or NOT_UTF8 (Python's decoder is as strict as Rust's)."""
    try:
        return len(data.decode("utf-8"))
    except UnicodeDecodeError:
        return NOT_UTF8


def repeat(lib: ctypes.CDLL, data: bytes | None, times: int) -> bytes | None:
    pointer = lib.repeat_new(data, times)
    if not pointer:
        return None
    try:
        return ctypes.string_at(pointer)
    finally:
        lib.string_free(pointer)


NOT_UTF8_SAMPLES = [b"\xff", b"h\xe9llo", b"\xc3", b"\xed\xa0\x80", b"\xc0\xaf", b"\xf4\x90\x80\x80"]

# ---------------------------------------------------------------- char_count


@pytest.mark.parametrize(("text", "count"), [("", 0), ("hello", 5), ("héllo", 5), ("🐍🦀", 2)])
def test_char_count(lib: ctypes.CDLL, text: str, count: int) -> None:
    assert lib.char_count(text.encode()) == count


@pytest.mark.parametrize("data", NOT_UTF8_SAMPLES)
def test_char_count_not_utf8(lib: ctypes.CDLL, data: bytes) -> None:
    assert lib.char_count(data) == NOT_UTF8


def test_char_count_null_nul_and_str(lib: ctypes.CDLL) -> None:
    assert lib.char_count(None) == BAD_ARGUMENT
    assert lib.char_count(b"ab\0\xff") == 2  # stops at the NUL, before the bad byte
    assert lib.char_count(ctypes.create_string_buffer(b"hello")) == 5
    with pytest.raises(ctypes.ArgumentError):
        lib.char_count("hello")


@given(st.binary(max_size=64))
def test_char_count_any_bytes(lib: ctypes.CDLL, data: bytes) -> None:
    assert lib.char_count(data) == chars(c_string(data))


@given(st.text(max_size=32))
def test_char_count_any_text(lib: ctypes.CDLL, text: str) -> None:
    assert lib.char_count(text.encode()) == len(text.split("\0", 1)[0])


# ---------------------------------------------------------------- char_count_len


def test_char_count_len(lib: ctypes.CDLL) -> None:
    assert lib.char_count_len(b"", 0) == 0
    assert lib.char_count_len("héllo".encode(), 6) == 5
    assert lib.char_count_len("héllo".encode(), 2) == NOT_UTF8  # cuts "é" in half
    assert lib.char_count_len(b"a\0b", 3) == 3  # a NUL is a character here
    word = (ctypes.c_char * 5).from_buffer(bytearray(b"hello world"))
    assert lib.char_count_len(word, len(word)) == 5


def test_char_count_len_bad_input(lib: ctypes.CDLL) -> None:
    assert lib.char_count_len(None, 0) == BAD_ARGUMENT
    assert lib.char_count_len(None, 5) == BAD_ARGUMENT
    assert lib.char_count_len(b"abc", 2**63) == BAD_ARGUMENT  # above isize::MAX: not read
    assert lib.char_count_len(b"abc", 2**64 - 1) == BAD_ARGUMENT
    for data in NOT_UTF8_SAMPLES:
        assert lib.char_count_len(data, len(data)) == NOT_UTF8


@given(st.binary(max_size=64), st.data())
def test_char_count_len_any_bytes(lib: ctypes.CDLL, data: bytes, draw: st.DataObject) -> None:
    assert lib.char_count_len(data, len(data)) == chars(data)
    n = draw.draw(st.integers(0, len(data)))
    assert lib.char_count_len(data, n) == chars(data[:n])


# ---------------------------------------------------------------- to_upper


@pytest.mark.parametrize(
    ("text", "upper"), [("", ""), ("snake", "SNAKE"), ("héllo", "HÉLLO"), ("straße", "STRASSE"), ("ǰ", "J̌")]
)
def test_to_upper(lib: ctypes.CDLL, text: str, upper: str) -> None:
    needed = len(upper.encode())
    assert lib.to_upper(text.encode(), None, 0) == needed
    buffer = ctypes.create_string_buffer(needed + 1)  # exactly enough
    assert lib.to_upper(text.encode(), buffer, len(buffer)) == needed
    assert buffer.raw == upper.encode() + b"\0"


def test_to_upper_small_buffers(lib: ctypes.CDLL) -> None:
    buffer = ctypes.create_string_buffer(b"zzzz")  # 5 bytes
    assert lib.to_upper(b"crab", buffer, 0) == 4
    assert buffer.raw == b"zzzz\0"  # length 0: nothing written
    assert lib.to_upper(b"crab", buffer, 4) == 4  # no room for the NUL
    assert buffer.raw == b"\0zzz\0"  # an empty string, not a part of the text
    assert lib.to_upper(b"crab", buffer, 5) == 4
    assert buffer.raw == b"CRAB\0"
    assert lib.to_upper(b"crab", None, 100) == 4  # NULL buffer: only the length


def test_to_upper_bad_input(lib: ctypes.CDLL) -> None:
    buffer = ctypes.create_string_buffer(b"zzzz")
    assert lib.to_upper(None, buffer, len(buffer)) == BAD_ARGUMENT
    assert lib.to_upper(None, None, 0) == BAD_ARGUMENT
    for data in NOT_UTF8_SAMPLES:
        assert lib.to_upper(data, buffer, len(buffer)) == NOT_UTF8
    assert buffer.raw == b"zzzz\0"  # untouched
    assert lib.to_upper(b"ab\0\xff", buffer, len(buffer)) == 2  # the NUL ends the text
    assert buffer.value == b"AB"
    with pytest.raises(ctypes.ArgumentError):
        lib.to_upper("crab", buffer, len(buffer))


@given(st.binary(max_size=48), st.integers(0, 64))
def test_to_upper_any_bytes_and_size(lib: ctypes.CDLL, data: bytes, size: int) -> None:
    buffer = ctypes.create_string_buffer(b"\xaa" * size, size) if size else None
    needed = lib.to_upper(data, buffer, size)
    if chars(c_string(data)) == NOT_UTF8:
        assert needed == NOT_UTF8
        assert buffer is None or buffer.raw == b"\xaa" * size
        return
    assert needed >= 0
    full = ctypes.create_string_buffer(needed + 1)
    assert lib.to_upper(data, full, len(full)) == needed
    assert full.raw[needed] == 0
    if buffer is None:
        return
    if needed < size:
        assert buffer.raw[: needed + 1] == full.raw
        assert buffer.raw[needed + 1 :] == b"\xaa" * (size - needed - 1)
    else:
        assert buffer.raw == b"\0" + b"\xaa" * (size - 1)


@given(st.text(st.characters(max_codepoint=0x17F), max_size=32))
def test_to_upper_matches_python(lib: ctypes.CDLL, text: str) -> None:
    # Latin-1 and Latin Extended-A only: their case mappings have not changed since Unicode 1.1,
    # while later blocks have (U+019B gained an upper case in Unicode 16, after Python 3.11's).
    expected = text.split("\0", 1)[0].upper().encode()
    buffer = ctypes.create_string_buffer(len(expected) + 1)
    assert lib.to_upper(text.encode(), buffer, len(buffer)) == len(expected)
    assert buffer.raw[: len(expected)] == expected


# ---------------------------------------------------------------- repeat_new, string_free


def test_repeat(lib: ctypes.CDLL) -> None:
    before = lib.live_strings()
    assert repeat(lib, b"ab", 3) == b"ababab"
    assert repeat(lib, "é".encode(), 2) == "éé".encode()
    assert repeat(lib, b"ab", 0) == b""  # an empty string, not NULL
    assert repeat(lib, b"", 2**64 - 1) == b""  # 0 bytes however many times
    assert repeat(lib, b"ab\0cd", 2) == b"abab"  # the NUL ends the text
    pointer = lib.repeat_new(b"x", 4)
    assert lib.live_strings() == before + 1
    assert ctypes.string_at(pointer) == b"xxxx"
    lib.string_free(pointer)
    assert lib.live_strings() == before


def test_repeat_bad_input(lib: ctypes.CDLL) -> None:
    before = lib.live_strings()
    assert repeat(lib, None, 1) is None
    for data in NOT_UTF8_SAMPLES:
        assert repeat(lib, data, 1) is None
    assert repeat(lib, b"x", MAX_REPEAT_LEN + 1) is None  # too long: refused before allocating
    assert repeat(lib, b"ab", 2**63) is None  # the length overflows usize
    assert repeat(lib, b"abc", 2**64 - 1) is None
    with pytest.raises(ctypes.ArgumentError):
        lib.repeat_new("ab", 2)
    assert not lib.repeat_new(b"ab", -1)  # ctypes does not range-check: -1 arrives as usize::MAX
    lib.string_free(None)  # does nothing
    assert lib.live_strings() == before


@given(st.binary(max_size=32), st.integers(0, 16))
def test_repeat_any_bytes(lib: ctypes.CDLL, data: bytes, times: int) -> None:
    before = lib.live_strings()
    text = c_string(data)
    expected = None if chars(text) == NOT_UTF8 else text * times
    assert repeat(lib, data, times) == expected
    assert lib.live_strings() == before
