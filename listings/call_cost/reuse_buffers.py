"""Reuse a buffer, and a pointer to it, across calls instead of allocating each time."""

import ctypes
import timeit

from loader import load_library

lib = load_library("call_cost")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.ramp.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double, ctypes.c_double]
lib.ramp.restype = ctypes.c_bool
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double

N = 1000


def ramp_sum_fresh(start: float) -> float:
    """Allocates a new buffer on every call."""
    out = (ctypes.c_double * N)()
    lib.ramp(out, N, start, 0.5)
    return lib.sum(out, N)


def make_ramp_sum(n: int):
    """A function that keeps one buffer, and a pointer to it, for all its calls."""
    out = (ctypes.c_double * n)()
    pointer = ctypes.cast(out, DOUBLE_P)  # made once: no conversion of the array per call
    ramp, total = lib.ramp, lib.sum  # looked up once

    def ramp_sum(start: float) -> float:
        ramp(pointer, n, start, 0.5)
        return total(pointer, n)

    return ramp_sum  # `out` lives as long as this function does


ramp_sum_reused = make_ramp_sum(N)
print("same results:", ramp_sum_fresh(1.0) == ramp_sum_reused(1.0) == 250_750.0)


def us_per_call(function: object) -> float:
    number = 20_000
    return min(timeit.repeat(lambda: function(1.0), number=number, repeat=5)) / number * 1e6


fresh, reused = us_per_call(ramp_sum_fresh), us_per_call(ramp_sum_reused)
print(f"new buffer each call: {fresh:.2f} us per call")
print(f"reused buffer:        {reused:.2f} us per call (speed-up: {fresh / reused:.1f} x)")
