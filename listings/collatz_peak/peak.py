"""The exercise: one more function in your crate, declared and wrapped in your module."""

import ctypes

from loader import load_library

lib = load_library("collatz_peak")
lib.collatz_peak.argtypes = [ctypes.c_uint64]
lib.collatz_peak.restype = ctypes.c_uint64


def collatz_peak(n: int) -> int:
    """The highest number the Collatz chain from n reaches on its way to 1."""
    # ANCHOR: solution
    if not 1 <= n < 2**64:
        raise ValueError(f"n must be between 1 and 2**64 - 1, got {n}")
    highest = lib.collatz_peak(n)
    if highest == 0:
        raise OverflowError("the chain leaves 64 bits")
    return highest
    # ANCHOR_END: solution


if __name__ == "__main__":
    for n in (6, 27, 97):
        print(f"collatz_peak({n}) = {collatz_peak(n)}")
    for label, bad in (("0", 0), ("2**64 - 1", 2**64 - 1)):
        try:
            collatz_peak(bad)
        except (ValueError, OverflowError) as err:
            print(f"collatz_peak({label}) -> {type(err).__name__}: {err}")
