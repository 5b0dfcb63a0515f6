"""A Rust object behind an opaque handle: create it, call its functions, free it."""

import ctypes
import statistics

from loader import load_library


class RunningStats(ctypes.Structure):
    """Opaque: no _fields_, because Python never looks inside. Only pointers to it are used."""


STATS_P = ctypes.POINTER(RunningStats)  # the handle type: a pointer to a RunningStats

lib = load_library("handles")
lib.stats_new.argtypes = []
lib.stats_new.restype = STATS_P
lib.stats_free.argtypes = [STATS_P]
lib.stats_free.restype = None
lib.stats_push.argtypes = [STATS_P, ctypes.c_double]
lib.stats_push.restype = ctypes.c_int32
lib.stats_push_many.argtypes = [STATS_P, ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.stats_push_many.restype = ctypes.c_int32
lib.stats_count.argtypes = [STATS_P]
lib.stats_count.restype = ctypes.c_int64
lib.stats_mean.argtypes = [STATS_P]
lib.stats_mean.restype = ctypes.c_double
lib.stats_variance.argtypes = [STATS_P]
lib.stats_variance.restype = ctypes.c_double
lib.stats_min.argtypes = [STATS_P]
lib.stats_min.restype = ctypes.c_double
lib.stats_max.argtypes = [STATS_P]
lib.stats_max.restype = ctypes.c_double

handle = lib.stats_new()  # Python now owns a RunningStats that lives in Rust's heap
print("the handle is a", type(handle).__name__)
lib.stats_push(handle, 2.0)
values = (ctypes.c_double * 4)(4, 4, 5, 9)
lib.stats_push_many(handle, values, len(values))
print("count:", lib.stats_count(handle))
print("mean:", lib.stats_mean(handle), "variance:", lib.stats_variance(handle))
print("min:", lib.stats_min(handle), "max:", lib.stats_max(handle))
everything = [2.0, *values]
print("the statistics module agrees:", statistics.mean(everything), statistics.variance(everything))
lib.stats_free(handle)  # gives it back: Rust drops the Box
handle = None  # and the address must never be used again

# NULL is not a RunningStats: every function answers with its error value.
print(
    "NULL handle: push ->", lib.stats_push(None, 1.0), "| count ->", lib.stats_count(None), end=" "
)
print("| mean ->", lib.stats_mean(None))
lib.stats_free(None)  # does nothing, like C's free(NULL)

# Bad lengths are refused before Rust touches memory.
handle = lib.stats_new()
print("push_many(NULL, 3) ->", lib.stats_push_many(handle, None, 3))
print("push_many(NULL, 0) ->", lib.stats_push_many(handle, None, 0))
SIZE_MAX = ctypes.c_size_t(-1).value  # the largest size_t: 2**64 - 1 here, 2**32 - 1 on 32-bit
print("push_many(values, SIZE_MAX) ->", lib.stats_push_many(handle, values, SIZE_MAX))
print(
    "count after the refusals:",
    lib.stats_count(handle),
    "| mean of nothing:",
    lib.stats_mean(handle),
)

# The handle has its own type: ctypes refuses anything else before calling Rust.
for wrong in [id(handle), ctypes.c_void_p(12345)]:
    try:
        lib.stats_push(wrong, 1.0)
    except ctypes.ArgumentError as err:
        print("refused:", err)
try:
    lib.stats_push_many(values, handle, len(values))  # the first two arguments swapped
except ctypes.ArgumentError as err:
    print("refused:", err)
lib.stats_free(handle)

# What ctypes cannot refuse: it has no incomplete types. Without _fields_ the class is a struct
# of 0 bytes, and Python can make one; a pointer to it passes as a handle. Never do this.
fake = ctypes.pointer(RunningStats())
print(
    "sizeof(RunningStats):",
    ctypes.sizeof(RunningStats),
    "| a pointer to a new one:",
    type(fake).__name__,
)
