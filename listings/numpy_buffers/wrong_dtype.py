"""DANGER: an array of another dtype, passed as a double *, is read as bytes it does not hold."""

import ctypes
import mmap
import subprocess
import sys

import numpy as np
from loader import load_library

lib = load_library("numpy_buffers")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double


def before_a_locked_page(n: int) -> np.ndarray:
    """n float32 values that end where a page nobody may read begins, as memory does at the end
    of any mapping: a read past them faults, every time, wherever the allocator put things."""
    libc = ctypes.CDLL(None)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.mprotect.restype = ctypes.c_int
    room = -(-4 * n // mmap.PAGESIZE) * mmap.PAGESIZE  # whole pages for the values
    region = mmap.mmap(-1, room + mmap.PAGESIZE)
    start = ctypes.addressof(ctypes.c_char.from_buffer(region))
    libc.mprotect(start + room, mmap.PAGESIZE, 0)  # 0: PROT_NONE
    singles = np.frombuffer(region, dtype=np.float32, count=n, offset=room - 4 * n)
    singles[:] = 1.5
    return singles


if sys.argv[1:] in (["small"], ["large"]):
    # float32: 4 bytes per element, so Rust reads twice the array's size, half of it past the end.
    if sys.argv[1] == "small":  # past the end of a small array: whatever the allocator left there
        singles = np.full(4, 1.5, dtype=np.float32)
    else:  # past the end of a large one: here, memory that may not be read
        singles = before_a_locked_page(1_000_000)
    print(
        f"{singles.size} float32 values of 1.5, summed as doubles:",
        lib.sum(singles.ctypes.data_as(DOUBLE_P), singles.size),
    )
    sys.exit(0)

# int64: the same 8 bytes per element, so Rust stays inside the array, but reads integer bits.
counts = np.arange(1, 5)  # NumPy's default integer dtype: int64 here
print("counts:", counts, "dtype:", counts.dtype)
print(
    "Rust's sum of counts:",
    lib.sum(counts.ctypes.data_as(DOUBLE_P), counts.size),
    "| NumPy's:",
    counts.sum(),
)

for case in ["small", "large"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"float32, {case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)

# The check: ndpointer with a dtype refuses both arrays.
checked_sum = lib["sum"]  # a second function object with its own argtypes
checked_sum.argtypes = [
    np.ctypeslib.ndpointer(dtype=np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED"),
    ctypes.c_size_t,
]
checked_sum.restype = ctypes.c_double
for array in (counts, counts.astype(np.float32)):
    try:
        checked_sum(array, array.size)
    except ctypes.ArgumentError as err:
        print(f"checked_sum({array.dtype} array) -> ctypes.ArgumentError:\n    {err}")

# The fix: convert to float64 first (a copy), then pass that.
doubles = counts.astype(np.float64)
print("checked_sum(counts.astype(np.float64)) ->", checked_sum(doubles, doubles.size))
