"""The exercise: the sum of a list of floats in one call, not one call per number."""

import ctypes
from array import array
from collections.abc import Iterable

from loader import load_library

lib = load_library("call_cost")
lib.sum.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.sum.restype = ctypes.c_double


def total(values: Iterable[float]) -> float:
    """The sum of the values, computed by Rust in one call. TypeError for a value that is
    not a number."""
    # ANCHOR: solution
    buffer = array("d", values)  # one conversion, in C, for the whole list
    if not buffer:
        return 0.0
    return lib.sum((ctypes.c_double * len(buffer)).from_buffer(buffer), len(buffer))
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(total([0.5] * 1_000_000), total(range(10)), total([]))
