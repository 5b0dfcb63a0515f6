"""Let ctypes check each array: np.ctypeslib.ndpointer in argtypes rejects the wrong ones."""

import ctypes

import numpy as np
from loader import load_library

# An argument type that accepts only a 1-D float64 array whose elements sit next to each
# other in memory (C_CONTIGUOUS), each at an address that is a multiple of 8 (ALIGNED).
# ctypes passes the array's data pointer to Rust.
F64_ARRAY = np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED")
# For a function that writes into the array: the array must also allow writing.
F64_WRITABLE = np.ctypeslib.ndpointer(
    dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED,WRITEABLE"
)

lib = load_library("numpy_buffers")
lib.sum.argtypes = [F64_ARRAY, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double
lib.scale_in_place.argtypes = [F64_WRITABLE, ctypes.c_size_t, ctypes.c_double]
lib.scale_in_place.restype = ctypes.c_bool


def total(values: np.ndarray) -> float:
    """ndpointer checks the array, not the length: take the length from the array itself."""
    return lib.sum(values, values.size)


def scale(values: np.ndarray, factor: float) -> None:
    lib.scale_in_place(values, values.size, factor)  # pass the array itself: no data_as


prices = np.array([1.5, 2.0, 4.25, 10.0])
print("total ->", total(prices))
scale(prices, 2.0)
print("after scale:", prices)

# Each of these would give Rust memory that is not `size` float64 values in a row.
wrong = {
    "int64 array": np.array([1, 2, 3]),
    "float32 array": np.array([1.5, 2.0], dtype=np.float32),
    "every second element": prices[::2],
    "misaligned view": np.zeros(17, dtype=np.uint8)[1:].view(np.float64),
    "2-D array": np.zeros((2, 2)),
    "Python list": [1.5, 2.0],
    "None (NULL)": None,
}
for what, value in wrong.items():
    try:
        lib.sum(value, 2)  # rejected before Rust is called
    except ctypes.ArgumentError as err:
        print(f"{what:21} -> ctypes.ArgumentError:\n    {err}")

frozen = np.array([1.0, 2.0])
frozen.flags.writeable = False  # NumPy itself refuses `frozen[0] = 5.0` now
try:
    scale(frozen, 2.0)
except ctypes.ArgumentError as err:
    print(f"{'read-only array':21} -> ctypes.ArgumentError:\n    {err}")
