"""The exercise: count, mean and variance of any iterable of numbers, through one Rust
handle that is freed whatever happens."""

import ctypes
import math
from collections.abc import Iterable

from loader import load_library


class RunningStats(ctypes.Structure):
    """Opaque: Python never sees its fields, it only passes the pointer around."""


STATS_P = ctypes.POINTER(RunningStats)
lib = load_library("handles")
lib.stats_new.argtypes = []
lib.stats_new.restype = STATS_P
lib.stats_free.argtypes = [STATS_P]
lib.stats_free.restype = None
lib.stats_push.argtypes = [STATS_P, ctypes.c_double]
lib.stats_push.restype = ctypes.c_int32
lib.stats_count.argtypes = [STATS_P]
lib.stats_count.restype = ctypes.c_int64
lib.stats_mean.argtypes = [STATS_P]
lib.stats_mean.restype = ctypes.c_double
lib.stats_variance.argtypes = [STATS_P]
lib.stats_variance.restype = ctypes.c_double


def describe(values: Iterable[float]) -> tuple[int, float, float]:
    """(count, mean, sample variance) of the values, NaN where there are too few. The handle
    is freed before returning, also when the iterable raises."""
    # ANCHOR: solution
    stats = lib.stats_new()
    if not stats:
        raise MemoryError("stats_new returned NULL")
    try:
        for x in values:
            lib.stats_push(stats, x)
        return lib.stats_count(stats), lib.stats_mean(stats), lib.stats_variance(stats)
    finally:
        lib.stats_free(stats)
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(describe([2, 4, 4, 4, 5, 5, 7, 9]))
    print(describe(x / 10 for x in range(5)))
    count, mean, variance = describe([])
    print(count, math.isnan(mean), math.isnan(variance))
