"""Python arrays as Rust slices: read one, fill a buffer the caller made, change one in place."""

import array
import ctypes

from loader import load_library

lib = load_library("slices")
lib.sum_f64.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.sum_f64.restype = ctypes.c_double
lib.cumulative_sum.argtypes = [
    ctypes.POINTER(ctypes.c_double),
    ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_double),
    ctypes.c_size_t,
]
lib.cumulative_sum.restype = ctypes.c_ssize_t
lib.scale_in_place.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, ctypes.c_double]
lib.scale_in_place.restype = ctypes.c_bool


def as_doubles(values: array.array) -> ctypes.Array:
    """A view of an array.array as C doubles, sharing its memory. from_buffer checks the size
    in bytes only, so the type code is checked here: 'q' (int64) has the same size as 'd'."""
    if values.typecode != "d":
        raise TypeError(f"expected an array of type 'd', got {values.typecode!r}")
    return (ctypes.c_double * len(values)).from_buffer(values)


# A ctypes array: a new block of C doubles, each value copied in from the list.
numbers = (ctypes.c_double * 4)(*[1.5, 2.5, 3.0, 4.0])
print("sum_f64", list(numbers), "->", lib.sum_f64(numbers, len(numbers)))

# array.array stores C doubles already: the view is the same memory, no copy.
data = array.array("d", [1.0, 2.0, 3.0, 4.0])
totals = array.array("d", [0.0] * len(data))
data_view, totals_view = as_doubles(data), as_doubles(totals)
count = lib.cumulative_sum(data_view, len(data_view), totals_view, len(totals_view))
print("cumulative_sum ->", count, "| totals:", totals.tolist())

# In place: Rust writes into the array's own memory, so `data` itself changes.
print(
    "scale_in_place(x10) ->",
    lib.scale_in_place(data_view, len(data_view), 10.0),
    "| data:",
    data.tolist(),
)

# While a view exists, the array refuses to resize: its memory cannot move under Rust.
try:
    data.append(5.0)
except BufferError as err:
    print("data.append(5.0) -> BufferError:", err)

# Empty and bad input get the documented answers, never a crash.
print("sum_f64(empty array) ->", lib.sum_f64(as_doubles(array.array("d")), 0))
print("sum_f64(NULL, 0) ->", lib.sum_f64(None, 0))
print("sum_f64(NULL, 3) ->", lib.sum_f64(None, 3))
print("cumulative_sum into 2 slots ->", lib.cumulative_sum(data_view, 4, totals_view, 2))
print("cumulative_sum into itself ->", lib.cumulative_sum(data_view, 4, data_view, 4))
print("scale_in_place(NULL, 3) ->", lib.scale_in_place(None, 3, 2.0))
ints = array.array("q", [1, 2, 3])  # int64: 8 bytes each, like a double
print(
    "sum_f64(array('q') seen as doubles) ->",
    lib.sum_f64((ctypes.c_double * 3).from_buffer(ints), 3),
)
try:
    as_doubles(ints)
except TypeError as err:
    print("as_doubles(array('q')) -> TypeError:", err)
