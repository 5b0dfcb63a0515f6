"""Rust returns a string it allocated: Python copies it into bytes, then hands it back to free."""

import ctypes

from loader import load_library

lib = load_library("strings")
lib.live_strings.argtypes = []
lib.live_strings.restype = ctypes.c_size_t
lib.repeat_new.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.repeat_new.restype = ctypes.POINTER(ctypes.c_char)  # a pointer we keep, to free it later
lib.string_free.argtypes = [ctypes.POINTER(ctypes.c_char)]
lib.string_free.restype = None


def take_string(pointer: "ctypes._Pointer[ctypes.c_char]") -> bytes:
    """Copy a string that Rust returned into a bytes object, and always give it back to Rust."""
    if not pointer:
        raise ValueError("Rust returned NULL")
    try:
        return ctypes.string_at(pointer)  # reads up to the NUL and copies
    finally:
        lib.string_free(pointer)  # runs even if the copy failed


def repeat(text: str, times: int) -> str:
    if not 0 <= times < 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):
        raise OverflowError(f"times = {times} does not fit a size_t")  # ctypes would cut it
    if "\0" in text:  # C would read the text only up to it
        raise ValueError(f"a NUL character in {text!r}")
    return take_string(lib.repeat_new(text.encode(), times)).decode()


print(repr(repeat("crab ", 3)), "| live:", lib.live_strings())

pointer = lib.repeat_new(b"ssss", 2)
print("a raw result:", type(pointer).__name__, "| live:", lib.live_strings())
print("taken:", take_string(pointer), "| live:", lib.live_strings())

SIZE_MAX = ctypes.c_size_t(-1).value  # the largest size_t: 2**64 - 1 here, 2**32 - 1 on 32-bit
for text, times, shown in [(b"\xff", 2, "2"), (b"ab", SIZE_MAX, "SIZE_MAX"), (None, 1, "1")]:
    try:
        take_string(lib.repeat_new(text, times))
    except ValueError as err:
        print(f"repeat_new({text!r}, {shown}): {err}")
print("live at the end:", lib.live_strings())
