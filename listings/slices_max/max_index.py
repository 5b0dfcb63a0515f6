"""The exercise: the index of the largest value of a Python sequence, found by Rust."""

import array
import ctypes

from loader import load_library

lib = load_library("slices_max")
lib.max_index.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.max_index.restype = ctypes.c_ssize_t


def max_index(values) -> int | None:
    """The index of the largest number in `values` (the first if several tie), None if there
    is none. Any sequence of numbers works: it is copied once into C doubles."""
    # ANCHOR: solution
    doubles = array.array("d", values)  # raises TypeError for what is not a number
    view = (ctypes.c_double * len(doubles)).from_buffer(doubles)
    index = lib.max_index(view, len(doubles))
    return None if index < 0 else index
    # ANCHOR_END: solution


if __name__ == "__main__":
    print("max_index([3, 9.5, 2, 9.5]) ->", max_index([3, 9.5, 2, 9.5]))
    print("max_index([]) ->", max_index([]))
    print("max_index([nan, -1.0]) ->", max_index([float("nan"), -1.0]))
    print("max_index(range(1000)) ->", max_index(range(1000)))
