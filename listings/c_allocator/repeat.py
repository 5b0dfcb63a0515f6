"""The exercise: Rust's malloc'd string as a Python str, freed with C's free."""

import ctypes
import ctypes.util

from loader import load_library

lib = load_library("c_allocator")
lib.repeat_text.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.repeat_text.restype = ctypes.c_void_p  # the pointer itself: it must reach free()
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.free.argtypes = [ctypes.c_void_p]
libc.free.restype = None


def repeat(text: str, times: int) -> str:
    """`text` repeated `times` times, by Rust; the C string it returns is freed before this
    returns. ValueError for a negative count or a NUL character, OverflowError for a count a
    size_t cannot hold, MemoryError for NULL."""
    # ANCHOR: solution
    if times < 0 or "\0" in text:
        raise ValueError("times must not be negative, and text must hold no NUL character")
    if times >= 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):  # ctypes would keep only its low bits
        raise OverflowError(f"{times} does not fit a size_t")
    pointer = lib.repeat_text(text.encode(), times)
    if pointer is None:  # a c_void_p result of NULL arrives as None
        raise MemoryError(f"repeat_text could not make {times} copies")
    try:
        return ctypes.string_at(pointer).decode()
    finally:
        libc.free(pointer)
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(repeat("ab", 3), repeat("é", 4), repr(repeat("x", 0)))
