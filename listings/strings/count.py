"""Pass Python text to Rust as a NUL-terminated string, and see what Rust makes of it."""

import ctypes

from loader import load_library

lib = load_library("strings")
lib.char_count.argtypes = [ctypes.c_char_p]
lib.char_count.restype = ctypes.c_int64

for word in ["hello", "héllo", "🐍🦀"]:
    data = word.encode()  # str -> UTF-8 bytes; ctypes passes them with a NUL after the last one
    print(
        f"{word!r}: Rust counts {lib.char_count(data)} characters in {len(data)} bytes; "
        f"len() says {len(word)}"
    )

# The error results, as strings.h defines them: STRINGS_BAD_ARGUMENT -1, STRINGS_NOT_UTF8 -2.
print("NULL:", lib.char_count(None))
print("héllo in Latin-1:", lib.char_count("héllo".encode("latin-1")))
print("a NUL inside:", lib.char_count(b"ab\0cd"))  # Rust's string stops at the first NUL
try:
    lib.char_count("héllo")  # a str, not bytes: ctypes refuses it
except ctypes.ArgumentError as err:
    print("a str:", err)
