"""strings_words (the Strings exercise's solution): words counted as str.split() counts them;
NULL and bytes that are not UTF-8 give WORDS_ERROR."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

WORDS_ERROR = -1  # from strings_words.h


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("strings_words")
    lib.word_count.argtypes = [ctypes.c_char_p]
    lib.word_count.restype = ctypes.c_int64
    return lib


# Rust's and Python's whitespace differ on a few control characters (\x1c-\x1f: Python only).
TEXT = st.text(st.characters(blacklist_characters="\0\x1c\x1d\x1e\x1f", codec="utf-8"), max_size=50)


@given(TEXT)
def test_word_count_matches_str_split(lib, text):
    assert lib.word_count(text.encode()) == len(text.split())


@pytest.mark.parametrize("data", [None, b"\xff", b"ok \xc3"])
def test_word_count_refuses_null_and_bad_utf8(lib, data):
    assert lib.word_count(data) == WORDS_ERROR
