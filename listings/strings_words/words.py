"""The exercise: a Python str crosses as UTF-8 bytes with a NUL; Rust counts its words."""

import ctypes

from loader import load_library

lib = load_library("strings_words")
lib.word_count.argtypes = [ctypes.c_char_p]
lib.word_count.restype = ctypes.c_int64


def word_count(text: str) -> int:
    """The number of whitespace-separated words in `text`, counted by Rust."""
    # ANCHOR: solution
    data = text.encode("utf-8")  # ctypes adds the NUL after the bytes
    if b"\0" in data:
        raise ValueError("text contains a NUL character, where C strings end")
    count = lib.word_count(data)
    if count < 0:
        raise ValueError("Rust refused the text")  # cannot happen for a str: its UTF-8 is valid
    return count
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(word_count("Snake and crab"), "words in 'Snake and crab'")
    print(
        word_count("  über\tdie  Brücke\u3000gehen "), "words with tabs, accents and a wide space"
    )
    print(word_count(""), "words in an empty string")
    try:
        word_count("one\0two")
    except ValueError as err:
        print("ValueError:", err)
    print("bytes that are not UTF-8 ->", lib.word_count(b"\xff\xfe"))
