"""One call from Python, several Rust threads: the work on a NumPy array is split between them."""

import ctypes
import time

import numpy as np
from loader import load_library

lib = load_library("threads")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.logistic.argtypes = [
    DOUBLE_P,
    ctypes.c_size_t,
    ctypes.c_double,
    ctypes.c_uint32,
    ctypes.c_size_t,
]
lib.logistic.restype = ctypes.c_int32


def logistic(values: np.ndarray, r: float, steps: int, n_threads: int = 0) -> int:
    """Runs `steps` steps of x -> r * x * (1 - x) on every value, in place; returns threads used.
    Raises ValueError, with the values unchanged, if Rust refuses the array (misaligned)."""
    if values.dtype != np.float64 or not values.flags.c_contiguous or not values.flags.writeable:
        raise TypeError("values must be a writable, C-contiguous float64 array")
    if not 0 <= steps < 2**32 or not 0 <= n_threads < 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):
        raise OverflowError("steps must fit a uint32_t and n_threads a size_t")  # not be cut
    used = lib.logistic(values.ctypes.data_as(DOUBLE_P), values.size, r, steps, n_threads)
    if used < 0:  # -1: NULL, misaligned or too long; nothing was changed
        raise ValueError("logistic refused the array: it must be aligned for float64")
    return used


def numpy_logistic(values: np.ndarray, r: float, steps: int) -> np.ndarray:
    """The same computation in NumPy: one pass over the whole array per step."""
    for _ in range(steps):
        values = r * values * (1 - values)
    return values


R, STEPS = 3.9, 100
start = np.random.default_rng(seed=1).random(1_000_000)

began = time.perf_counter()
expected = numpy_logistic(start, R, STEPS)
print(f"NumPy:           {(time.perf_counter() - began) * 1000:4.0f} ms")
times = {}
for n_threads in [1, 2, 0]:
    values = start.copy()
    began = time.perf_counter()
    used = logistic(values, R, STEPS, n_threads)
    times[n_threads] = time.perf_counter() - began
    same = np.array_equal(values, expected)
    print(
        f"Rust, n_threads={n_threads}: {times[n_threads] * 1000:4.0f} ms, threads used: {used}, "
        f"same as NumPy: {same}"
    )
print(f"n_threads=0 is {times[1] / times[0]:.1f} x as fast as n_threads=1")
try:
    logistic(start[::2], R, STEPS)  # every other value: not one contiguous block of memory
except TypeError as error:
    print("a strided view:", error)
