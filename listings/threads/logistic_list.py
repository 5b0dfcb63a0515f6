"""The exercise: the threaded logistic map over a Python list, through one array('d')
that Rust's threads change in place."""

import ctypes
from array import array

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


def logistic_list(values: list[float], r: float, steps: int, n_threads: int = 0) -> list[float]:
    """A new list: `steps` steps of x -> r * x * (1 - x) on each value, computed by Rust with
    up to `n_threads` threads (0: one per core). OverflowError for a count C cannot hold."""
    # ANCHOR: solution
    if not 0 <= steps < 2**32 or not 0 <= n_threads < 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):
        raise OverflowError("steps must fit a uint32_t and n_threads a size_t")
    buffer = array("d", values)
    if not buffer:
        return []
    pointer = (ctypes.c_double * len(buffer)).from_buffer(buffer)
    if lib.logistic(pointer, len(buffer), r, steps, n_threads) < 0:
        raise ValueError("logistic refused the buffer")
    del pointer  # the array cannot be resized while a ctypes view of it exists
    return buffer.tolist()
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(logistic_list([0.1, 0.2, 0.3], 3.7, 10, n_threads=2))
