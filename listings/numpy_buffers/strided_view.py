"""DANGER: a view that skips elements, passed as pointer + length: Rust reads the wrong ones."""

import ctypes

import numpy as np
from loader import load_library

lib = load_library("numpy_buffers")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double
lib.scale_in_place.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
lib.scale_in_place.restype = ctypes.c_bool
# The same functions, declared with checks (lib["name"] is a new function object each time).
F64_ARRAY = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED")
F64_WRITABLE = np.ctypeslib.ndpointer(
    dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE"
)
checked_sum = lib["sum"]
checked_sum.argtypes = [F64_ARRAY, ctypes.c_size_t]
checked_sum.restype = ctypes.c_double
checked_scale = lib["scale_in_place"]
checked_scale.argtypes = [F64_WRITABLE, ctypes.c_size_t, ctypes.c_double]
checked_scale.restype = ctypes.c_bool

x = np.arange(10.0)  # 0, 1, ..., 9
evens = x[::2]  # a view: no copy, it steps over every second element of x's memory
print("evens:", evens, "| strides", evens.strides, "| C order:", evens.flags.c_contiguous)
print("NumPy's sum of evens:", evens.sum())
print("Rust's sum of evens: ", lib.sum(evens.ctypes.data_as(DOUBLE_P), len(evens)))

# Writing is worse: Rust changes elements of x that are not in the view at all.
lib.scale_in_place(evens.ctypes.data_as(DOUBLE_P), len(evens), 100.0)
print("x after scaling evens by 100:", x)

# A reversed view starts at x's last element: reading forward from there leaves the array.
print("x[::-1] starts", x[::-1].ctypes.data - x.ctypes.data, "bytes after x[0], at x[9]")

# The check: ndpointer with C_CONTIGUOUS refuses the view before Rust runs.
x = np.arange(10.0)
evens = x[::2]
try:
    checked_sum(evens, evens.size)
except ctypes.ArgumentError as err:
    print(f"checked_sum(evens) -> ctypes.ArgumentError:\n    {err}")

# A fix for reading: a contiguous copy of the view.
packed = np.ascontiguousarray(evens)
print("checked_sum(np.ascontiguousarray(evens)) ->", checked_sum(packed, packed.size))
print("the copy shares memory with x:", np.shares_memory(packed, x))

# A fix for writing: Rust scales the copy, then NumPy copies the results back through the view.
checked_scale(packed, packed.size, 100.0)
evens[:] = packed
print("x after scaling evens by 100, through a copy:", x)
