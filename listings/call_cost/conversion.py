"""Convert a Python list to a C array: the ctypes constructor, or array + from_buffer."""

import ctypes
import timeit
from array import array

from loader import load_library

lib = load_library("call_cost")
lib.sum.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.sum.restype = ctypes.c_double

values = [i * 0.5 for i in range(100_000)]
n = len(values)


def with_constructor() -> float:
    c_values = (ctypes.c_double * n)(*values)  # one Python argument per value
    return lib.sum(c_values, n)


def with_array() -> float:
    packed = array("d", values)  # converts the list in C, into a buffer of doubles
    c_values = (ctypes.c_double * n).from_buffer(packed)  # a view of that buffer: no copy
    return lib.sum(c_values, n)


print("same sums:", with_constructor() == with_array() == sum(values))


def ms_per_call(function: object) -> float:
    return min(timeit.repeat(function, number=10, repeat=5)) / 10 * 1e3


constructor, packed = ms_per_call(with_constructor), ms_per_call(with_array)
print(f"(c_double * n)(*values):    {constructor:.2f} ms for {n} values")
print(f"array('d') + from_buffer:   {packed:.2f} ms (speed-up: {constructor / packed:.1f} x)")
