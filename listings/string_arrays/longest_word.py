"""The exercise: the longest of a list of Python strings, found by Rust's `longest`."""

import ctypes

from loader import load_library

STRING_ARRAYS_NONE = -1
lib = load_library("string_arrays")
lib.longest.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]
lib.longest.restype = ctypes.c_ssize_t


def longest_word(words: list[str | None]) -> str | None:
    """The longest string of `words`, in characters (the first on a tie); None elements are
    missing values. None if there is no string at all."""
    # ANCHOR: solution
    encoded = [None if w is None else w.encode() for w in words]
    if any(b"\0" in data for data in encoded if data is not None):
        raise ValueError("a word contains a NUL character, which would end its C string")
    items = (ctypes.c_char_p * len(encoded))(*encoded)
    index = lib.longest(items, len(encoded))
    if index == STRING_ARRAYS_NONE:
        return None
    if index < 0:  # the array was refused, or a string is not UTF-8: neither can happen here
        raise RuntimeError(f"longest failed with error code {index}")
    return words[index]
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(longest_word(["crab", None, "snake", "ferris"]))
    print(longest_word(["ééé", "abcd"]), "(characters, not bytes)")
    print(longest_word([None]))
