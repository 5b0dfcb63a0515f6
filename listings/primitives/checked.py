"""The exercise: `add` and `is_even` declared, and wrapped so that a number the C type
cannot hold is refused instead of wrapped around."""

import ctypes

from loader import load_library

lib = load_library("primitives")
# ANCHOR: solution
# starter: # your code here: declare add and is_even (argtypes and restype)
lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
lib.add.restype = ctypes.c_int64
lib.is_even.argtypes = [ctypes.c_uint32]
lib.is_even.restype = ctypes.c_bool
# ANCHOR_END: solution


def add(a: int, b: int) -> int:
    """a + b, computed in Rust; OverflowError if a or b does not fit an int64_t."""
    # ANCHOR: solution
    if not -(2**63) <= a < 2**63:
        raise OverflowError(f"{a} does not fit an int64_t")
    if not -(2**63) <= b < 2**63:
        raise OverflowError(f"{b} does not fit an int64_t")
    return lib.add(a, b)
    # ANCHOR_END: solution


def is_even(n: int) -> bool:
    """Whether n is even, asked of Rust; OverflowError if n does not fit a uint32_t."""
    # ANCHOR: solution
    if not 0 <= n < 2**32:
        raise OverflowError(f"{n} does not fit a uint32_t")
    return lib.is_even(n)
    # ANCHOR_END: solution


if __name__ == "__main__":
    print("add(2**40, 3) =", add(2**40, 3))
    print("is_even(2**32 - 2) =", is_even(2**32 - 2))
    for call in (lambda: add(2**63, 0), lambda: is_even(-1)):
        try:
            call()
        except OverflowError as err:
            print("OverflowError:", err)
