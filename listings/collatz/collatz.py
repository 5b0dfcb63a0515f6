"""Python's side of the collatz library: load, declare, wrap."""

import ctypes

from loader import load_library

# The declarations copy collatz.h: uint64_t is c_uint64, int64_t is c_int64.
lib = load_library("collatz")
lib.collatz_steps.argtypes = [ctypes.c_uint64]
lib.collatz_steps.restype = ctypes.c_int64
lib.longest_below.argtypes = [ctypes.c_uint64]
lib.longest_below.restype = ctypes.c_uint64

U64_MAX = 2**64 - 1


def _check_u64(what: str, n: int) -> None:
    # ctypes does not range-check: it passes 2**64 + 5 as 5, -1 as U64_MAX.
    if not 0 <= n <= U64_MAX:
        raise ValueError(f"{what} must be in 0..=2**64 - 1, not {n}")


def steps(n: int) -> int:
    """Steps from `n` down to 1. ValueError for n outside 1..=2**64 - 1;
    OverflowError when a number on the way does not fit in 64 bits."""
    _check_u64("n", n)
    if n == 0:
        raise ValueError("n must be at least 1: 0 never reaches 1")
    count = lib.collatz_steps(n)
    if count < 0:
        raise OverflowError(f"the chain from {n} leaves 64 bits")
    return count


def longest_below(limit: int) -> int:
    """The start below `limit` with the longest chain (the smallest on a
    tie); 0 if there is none."""
    _check_u64("limit", limit)
    return lib.longest_below(limit)


if __name__ == "__main__":
    print("steps(27) =", steps(27))
    start = longest_below(100_000)
    print("the longest chain below 100 000 starts at", start)
    print("it takes", steps(start), "steps")
