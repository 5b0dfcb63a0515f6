"""errors: every bad input gets its documented error code and message, never a crash."""

import ctypes
import math

import pytest
from conftest import FLOATS, load_listing
from hypothesis import example, given
from hypothesis import strategies as st

OK, NULL_ARGUMENT, NOT_UTF8, NOT_A_NUMBER, EMPTY = range(5)  # as in errors.h


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("errors")
    lib.mean_of.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_double)]
    lib.mean_of.restype = ctypes.c_int32
    lib.last_error_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
    lib.last_error_message.restype = ctypes.c_size_t
    return lib


def message(lib: ctypes.CDLL) -> str:
    buffer = ctypes.create_string_buffer(lib.last_error_message(None, 0) + 1)
    lib.last_error_message(buffer, len(buffer))
    return buffer.value.decode()


def test_mean(lib: ctypes.CDLL) -> None:
    out = ctypes.c_double()
    assert lib.mean_of(b"1.5, 2, 4", ctypes.byref(out)) == OK
    assert out.value == 2.5


@pytest.mark.parametrize(
    ("text", "code", "words"),
    [
        (b"1, two", NOT_A_NUMBER, '"two"'),
        (b"", EMPTY, "no numbers"),
        (b" , ,", EMPTY, "no numbers"),
        (b"1\xff", NOT_UTF8, "UTF-8"),
        (None, NULL_ARGUMENT, "NULL"),
    ],
)
def test_mean_bad_text(lib: ctypes.CDLL, text: bytes | None, code: int, words: str) -> None:
    out = ctypes.c_double(-1)
    assert lib.mean_of(text, ctypes.byref(out)) == code
    assert words in message(lib)
    assert out.value == -1  # untouched


def test_mean_null_out(lib: ctypes.CDLL) -> None:
    assert lib.mean_of(b"1", None) == NULL_ARGUMENT


def test_message_buffer_sizes(lib: ctypes.CDLL) -> None:
    lib.mean_of(None, None)
    full = message(lib)
    assert lib.last_error_message(None, 100) == len(full)
    small = ctypes.create_string_buffer(b"xxxxxx")
    assert lib.last_error_message(small, 0) == len(full)
    assert small.raw == b"xxxxxx\0"  # len 0: nothing written
    assert lib.last_error_message(small, 1) == len(full)
    assert small.value == b""
    assert lib.last_error_message(small, 5) == len(full)
    assert small.value == full[:4].encode()


NUMBER_TEXT = st.lists(st.one_of(FLOATS.map(repr), st.sampled_from(["", " ", "x", "1e400", "nan"])), max_size=8).map(
    ",".join
)


# What Rust's str::trim removes: Unicode White_Space. Python's str.strip() also removes the four
# separators U+001C..U+001F, which Rust keeps (hypothesis found b"\x1c": Rust says not a number).
RUST_WHITESPACE = "".join(c for c in map(chr, range(0x3001)) if c.isspace() and c not in "\x1c\x1d\x1e\x1f")


@given(text=st.one_of(NUMBER_TEXT.map(str.encode), st.binary(max_size=40).map(lambda b: b.replace(b"\0", b""))))
@example(text=b"\x1c")
def test_mean_of_any_text(lib: ctypes.CDLL, text: bytes) -> None:
    out = ctypes.c_double(-1.0)
    code = lib.mean_of(text, ctypes.byref(out))
    try:
        fields = [f.strip(RUST_WHITESPACE) for f in text.decode().split(",") if f.strip(RUST_WHITESPACE)]
    except UnicodeDecodeError:
        assert code == NOT_UTF8
        return
    try:
        numbers = [float(f) for f in fields]
    except ValueError:
        numbers = None
    if numbers is None:
        assert code in (NOT_UTF8, NOT_A_NUMBER)  # Rust and Python disagree on a few spellings: still an error code
    elif not numbers:
        assert code == EMPTY
    elif code == OK:
        assert out.value == pytest.approx(math.fsum(numbers) / len(numbers), nan_ok=True, rel=1e-9, abs=1e-3)
    # Whatever the code, the message fits any buffer: cut, NUL-terminated, never overrun.
    full = lib.last_error_message(None, 0)
    for size in (1, 2, full + 1):
        buffer = ctypes.create_string_buffer(b"\xaa" * (size + 4), size + 4)
        assert lib.last_error_message(buffer, size) == full
        assert buffer.raw[min(full, size - 1)] == 0 and buffer.raw[size:] == b"\xaa" * 4
