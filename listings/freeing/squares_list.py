"""The exercise: Rust's squares as a Python list, the Rust buffer freed before returning."""

import ctypes

from loader import load_library

lib = load_library("freeing")
lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.squares_new.restype = ctypes.POINTER(ctypes.c_double)
lib.squares_free.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.squares_free.restype = None
lib.live_allocations.argtypes = []
lib.live_allocations.restype = ctypes.c_size_t


def squares(n: int) -> list[float]:
    """[0.0, 1.0, 4.0, ...], the first n squares, made by Rust. Nothing stays allocated after
    the call. ValueError for a negative n, OverflowError for one a size_t cannot hold,
    MemoryError if Rust cannot make them."""
    # ANCHOR: solution
    if n < 0:
        raise ValueError(f"n must not be negative, got {n}")
    if n >= 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):  # ctypes would keep only its low bits
        raise OverflowError(f"{n} does not fit a size_t")
    length = ctypes.c_size_t()
    pointer = lib.squares_new(n, ctypes.byref(length))
    if not pointer:
        raise MemoryError(f"Rust could not make {n} squares")
    try:
        return pointer[: length.value]  # a slice of a ctypes pointer copies into a list
    finally:
        lib.squares_free(pointer, length.value)
    # ANCHOR_END: solution


if __name__ == "__main__":
    print("squares(5) ->", squares(5))
    print("live allocations after the call:", lib.live_allocations())
    try:
        squares(2**28 + 1)
    except MemoryError as err:
        print("MemoryError:", err)
