"""Lists of Python strings as C arrays of strings: NULL-terminated (argv style), and counted."""

import ctypes

from loader import load_library

lib = load_library("string_arrays")
lib.count_words.argtypes = [ctypes.POINTER(ctypes.c_char_p)]
lib.count_words.restype = ctypes.c_ssize_t
lib.longest.argtypes = [ctypes.POINTER(ctypes.c_char_p), ctypes.c_size_t]
lib.longest.restype = ctypes.c_ssize_t


def encode(word: str | None) -> bytes | None:
    """UTF-8 bytes for one C string; None stays None, which ctypes passes as NULL."""
    if word is None:
        return None
    data = word.encode()
    if b"\0" in data:  # C would see only the part before it
        raise ValueError(f"{word!r} contains a NUL character")
    return data


def argv(words: list[str]) -> ctypes.Array:
    """A NULL-terminated array of C strings: one more slot than words, the last one NULL."""
    return (ctypes.c_char_p * (len(words) + 1))(*[encode(w) for w in words], None)


def counted(words: list[str | None]) -> ctypes.Array:
    """An array of exactly len(words) C strings; None elements become NULL."""
    return (ctypes.c_char_p * len(words))(*[encode(w) for w in words])


# argv style: Rust walks the array until the NULL at its end.
lines = argv(["the quick brown fox", "jumps over", "the lazy dog"])
print("count_words ->", lib.count_words(lines))
# The array holds a reference to each bytes object it points into: they live as long as it does.
print("kept alive by the array:", list(lines._objects.values()))

# Counted: the length says where the array ends, so NULL can be an element (a missing value).
words = ["crab", None, "python", "日本語"]
index = lib.longest(counted(words), len(words))
print("longest", words, "->", index, repr(words[index]))
print("UTF-8 bytes of each:", [len(w.encode()) if w is not None else None for w in words])

# Bad input: documented negative values from the header, never a crash.
print("count_words(NULL) ->", lib.count_words(None))
print("count_words with b'caf\\xe9' ->", lib.count_words((ctypes.c_char_p * 2)(b"caf\xe9", None)))
print("longest(NULL, 0) ->", lib.longest(None, 0))
print("longest(NULL, 3) ->", lib.longest(None, 3))
print("longest of [None, None] ->", lib.longest(counted([None, None]), 2))
try:
    (ctypes.c_char_p * 2)("a str, not bytes", None)
except TypeError as err:
    print("TypeError:", err)
try:
    argv(["one\0two"])
except ValueError as err:
    print("ValueError:", err)
