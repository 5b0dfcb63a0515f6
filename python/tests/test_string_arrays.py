"""string_arrays: argv-style and counted arrays of strings; NULL arrays, NULL elements, invalid UTF-8,
misaligned and huge input get the documented error values, never a crash."""

import ctypes
import gc

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

CharPP = ctypes.POINTER(ctypes.c_char_p)
NONE, BAD_ARRAY, NOT_UTF8 = -1, -2, -3  # from string_arrays.h
HUGE = [2**61, 2**63 - 1, 2**64 - 1]  # above isize::MAX bytes of pointers: refused before any read

# Python's str.split() also splits at \x1c-\x1f, which Unicode (and so Rust) does not call white space.
NOT_RUST_SPACE = {c: "x" for c in range(0x1C, 0x20)}
TEXT = st.text(alphabet=st.characters(exclude_categories=("Cs",), exclude_characters="\0"), max_size=20)  # encodable


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("string_arrays")
    lib.count_words.argtypes = [CharPP]
    lib.count_words.restype = ctypes.c_ssize_t
    lib.longest.argtypes = [CharPP, ctypes.c_size_t]
    lib.longest.restype = ctypes.c_ssize_t
    return lib


def argv(items: list[bytes]) -> ctypes.Array:
    return (ctypes.c_char_p * (len(items) + 1))(*items, None)


def counted(items: list[bytes | None]) -> ctypes.Array:
    return (ctypes.c_char_p * len(items))(*items)


def misaligned(buffer: ctypes.Array) -> ctypes._Pointer:
    return ctypes.cast(ctypes.addressof(buffer) + 1, CharPP)


# ---------------------------------------------------------------- count_words


def test_count_words(lib: ctypes.CDLL) -> None:
    assert lib.count_words(argv([b"the quick brown fox", b"  jumps over ", b"", b"the\tlazy\ndog"])) == 9
    assert lib.count_words(argv([])) == 0
    assert lib.count_words(argv(["naïve café 日本".encode()])) == 3


def test_count_words_bad_input(lib: ctypes.CDLL) -> None:
    assert lib.count_words(None) == BAD_ARRAY
    assert lib.count_words(misaligned((ctypes.c_char * 32)())) == BAD_ARRAY
    assert lib.count_words(argv([b"fine", b"caf\xe9", b"never read"])) == NOT_UTF8
    assert lib.count_words(argv([b"\xed\xa0\x80"])) == NOT_UTF8  # a UTF-16 surrogate, encoded
    assert lib.count_words(argv([b"one two", None, b"\xff"])) == 2  # NULL is the end: the rest is unread


def test_wrong_types_raise_before_the_call(lib: ctypes.CDLL) -> None:
    with pytest.raises(TypeError):
        (ctypes.c_char_p * 2)("a str", None)
    with pytest.raises(ctypes.ArgumentError):
        lib.count_words([b"a list", None])
    with pytest.raises(ctypes.ArgumentError):
        lib.longest((ctypes.c_wchar_p * 1)("wide"), 1)


def test_the_array_keeps_the_bytes_alive(lib: ctypes.CDLL) -> None:
    lines = argv([f"word{i} and more".encode() for i in range(50)])  # the only reference to each bytes
    gc.collect()
    filler = [bytes([i % 200 + 1]) * 40 for i in range(1000)]  # would reuse the memory of freed bytes
    assert lib.count_words(lines) == 150
    assert len(lines._objects) == 50 and filler


def words(texts: list[str]) -> int:
    return sum(len(t.translate(NOT_RUST_SPACE).split()) for t in texts)


@given(st.lists(st.one_of(TEXT, st.text(alphabet=" \t\n\x1cab\u3000\u2028\u00a0\u0085")), max_size=10))
def test_count_words_property(lib: ctypes.CDLL, lines: list[str]) -> None:
    assert lib.count_words(argv([s.encode() for s in lines])) == words(lines)


@given(st.lists(st.binary(max_size=12).filter(lambda b: b"\0" not in b), max_size=6))
def test_count_words_random_bytes(lib: ctypes.CDLL, items: list[bytes]) -> None:
    try:
        texts = [b.decode() for b in items]
    except UnicodeDecodeError:
        assert lib.count_words(argv(items)) == NOT_UTF8
    else:
        assert lib.count_words(argv(items)) == words(texts)


# ---------------------------------------------------------------- longest


def test_longest(lib: ctypes.CDLL) -> None:
    assert lib.longest(counted([b"crab", None, b"python", "日本語".encode()]), 4) == 2  # characters, not bytes
    assert lib.longest(counted([b"ab", b"cd", b"e"]), 3) == 0  # the first on a tie
    assert lib.longest(counted([b"ab", b"cdef", b"e"]), 2) == 1  # only `len` elements are read


def test_longest_bad_input(lib: ctypes.CDLL) -> None:
    assert lib.longest(None, 0) == NONE
    assert lib.longest(misaligned((ctypes.c_char * 32)()), 0) == NONE  # len 0: the pointer is never used
    assert lib.longest(counted([None, None]), 2) == NONE
    assert lib.longest(None, 3) == BAD_ARRAY
    assert lib.longest(misaligned((ctypes.c_char * 32)()), 2) == BAD_ARRAY
    for length in HUGE:
        assert lib.longest(counted([b"x"]), length) == BAD_ARRAY
    assert lib.longest(counted([b"ok", b"caf\xe9"]), 2) == NOT_UTF8


@given(st.lists(st.one_of(st.none(), TEXT), max_size=10))
def test_longest_property(lib: ctypes.CDLL, words: list[str | None]) -> None:
    index = lib.longest(counted([None if w is None else w.encode() for w in words]), len(words))
    present = [(len(w), -i) for i, w in enumerate(words) if w is not None]
    assert index == (-max(present)[1] if present else NONE)


@given(st.lists(st.one_of(st.none(), st.binary(max_size=12).filter(lambda b: b"\0" not in b)), max_size=6))
def test_longest_random_bytes(lib: ctypes.CDLL, items: list[bytes | None]) -> None:
    index = lib.longest(counted(items), len(items))
    try:
        for b in items:
            if b is not None:
                b.decode()
    except UnicodeDecodeError:
        assert index == NOT_UTF8
    else:
        assert index == NONE if all(b is None for b in items) else 0 <= index < len(items)
