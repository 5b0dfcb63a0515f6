"""Pass a NumPy array's memory to Rust: a pointer to the first element, and the element count."""

import ctypes

import numpy as np
from loader import load_library

lib = load_library("numpy_buffers")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double
lib.scale_in_place.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
lib.scale_in_place.restype = ctypes.c_bool

prices = np.array([1.5, 2.0, 4.25, 10.0])  # float64 is NumPy's default for floats
print("dtype:", prices.dtype, "| size:", prices.size, "| itemsize:", prices.itemsize, "bytes")

# The address of the first element, typed as a double * for ctypes. No copy: Rust reads the
# array's own memory, and the pointer keeps the array alive as long as it exists itself.
pointer = prices.ctypes.data_as(DOUBLE_P)
print("sum ->", lib.sum(pointer, prices.size), "| NumPy says", prices.sum())

# The same memory, written by Rust: the array changes in place.
print("scale_in_place ->", lib.scale_in_place(pointer, prices.size, 2.0))
print("prices now:", prices)

# NULL is answered with the documented error values.
print(
    "sum(NULL) ->", lib.sum(None, 4), "| scale_in_place(NULL) ->", lib.scale_in_place(None, 4, 2.0)
)
