"""A 2-D array crosses as one block of memory plus its shape; its strides say how it is laid out."""

import ctypes

import numpy as np
import pandas as pd
from loader import load_library

MATRIX = np.ctypeslib.ndpointer(dtype=np.float64, ndim=2, flags="C_CONTIGUOUS,ALIGNED")
VECTOR = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE")

lib = load_library("numpy_buffers")
lib.row_sums.argtypes = [MATRIX, ctypes.c_size_t, ctypes.c_size_t, VECTOR]
lib.row_sums.restype = ctypes.c_bool


def row_sums(matrix: np.ndarray) -> np.ndarray:
    """The sum of each row, computed by Rust into a new array."""
    rows, cols = matrix.shape
    out = np.empty(rows)
    lib.row_sums(matrix, rows, cols, out)
    return out


m = np.arange(6.0).reshape(2, 3)  # [[0, 1, 2], [3, 4, 5]]
print("m: shape", m.shape, "strides", m.strides, "C order:", m.flags.c_contiguous)
print("row_sums(m) ->", row_sums(m), "| NumPy says", m.sum(axis=1))

# The transpose is a view of the same memory with the strides swapped: no copy, not C order.
t = m.T
print("m.T: shape", t.shape, "strides", t.strides, "C order:", t.flags.c_contiguous)
try:
    row_sums(t)
except ctypes.ArgumentError as err:
    print(f"row_sums(m.T) -> ctypes.ArgumentError:\n    {err}")
print("row_sums(np.ascontiguousarray(m.T)) ->", row_sums(np.ascontiguousarray(t)))

# pandas stores each column's values together, so a DataFrame's matrix is column after column.
frame = pd.DataFrame({"x": [1.0, 2.0, 3.0], "y": [10.0, 20.0, 30.0]})
values = frame.to_numpy()
print(
    "frame.to_numpy(): shape",
    values.shape,
    "strides",
    values.strides,
    "C order:",
    values.flags.c_contiguous,
)
try:
    row_sums(values)
except ctypes.ArgumentError as err:
    print(f"row_sums(frame.to_numpy()) -> ctypes.ArgumentError:\n    {err}")
print("row_sums(np.ascontiguousarray(...)) ->", row_sums(np.ascontiguousarray(values)))
