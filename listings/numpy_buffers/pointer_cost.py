"""Turning an array into a pointer costs time on every call: make the pointer once and reuse it."""

import ctypes
import timeit

import numpy as np
from loader import load_library

lib = load_library("numpy_buffers")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double
F64_ARRAY = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED")
checked_sum = lib["sum"]  # the same function, declared with ndpointer
checked_sum.argtypes = [F64_ARRAY, ctypes.c_size_t]
checked_sum.restype = ctypes.c_double


def checked_pointer(array: np.ndarray) -> ctypes._Pointer:
    """ndpointer's checks, run once (TypeError if the array is wrong), then the pointer, once."""
    F64_ARRAY.from_param(array)
    return array.ctypes.data_as(DOUBLE_P)  # keeps `array` alive as long as the pointer exists


values = np.linspace(0.0, 1.0, 100)
n = values.size
pointer = checked_pointer(values)
try:
    checked_pointer(values[::2])
except TypeError as err:
    print("checked_pointer(values[::2]) -> TypeError:", err)
print(
    "same results:",
    lib.sum(values.ctypes.data_as(DOUBLE_P), n) == lib.sum(pointer, n) == checked_sum(values, n),
)


def us_per_call(statement) -> float:
    number = 50_000
    return min(timeit.repeat(statement, number=number, repeat=5)) / number * 1e6


ways = {
    "data_as on every call": lambda: lib.sum(values.ctypes.data_as(DOUBLE_P), n),
    "ndpointer on every call": lambda: checked_sum(values, n),
    "pointer made once": lambda: lib.sum(pointer, n),
}
times = {name: us_per_call(statement) for name, statement in ways.items()}
for name, us in times.items():
    print(f"{name:24} {us:.2f} us per call")
print(
    f"data_as costs {times['data_as on every call'] - times['pointer made once']:.2f} us "
    "per array per call"
)
