"""DANGER: a length larger than the buffer behind the pointer: Rust writes past its end."""

import array
import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("slices")
lib.cumulative_sum_unchecked.argtypes = [
    ctypes.POINTER(ctypes.c_double),
    ctypes.POINTER(ctypes.c_double),
    ctypes.c_size_t,
]
lib.cumulative_sum_unchecked.restype = None
lib.cumulative_sum.argtypes = [
    ctypes.POINTER(ctypes.c_double),
    ctypes.c_size_t,
    ctypes.POINTER(ctypes.c_double),
    ctypes.c_size_t,
]
lib.cumulative_sum.restype = ctypes.c_ssize_t


class Buffers(ctypes.Structure):
    # Two arrays side by side in one block of memory, so that we can watch the second one.
    _fields_ = [("out", ctypes.c_double * 4), ("neighbour", ctypes.c_double * 4)]


values = (ctypes.c_double * 8)(1, 2, 3, 4, 5, 6, 7, 8)

if sys.argv[1:] == ["neighbour"]:
    buffers = Buffers(neighbour=(ctypes.c_double * 4)(-1, -1, -1, -1))
    lib.cumulative_sum_unchecked(values, buffers.out, len(values))  # 8 totals, room for 4
    print("out:      ", list(buffers.out))
    print("neighbour:", list(buffers.neighbour))
    sys.exit(0)
if sys.argv[1:] == ["far"]:
    many = array.array("d", bytes(8 * 10_000_000))  # ten million zeros
    out = (ctypes.c_double * 4)()
    print("writing", len(many), "totals into room for", len(out), "...", flush=True)
    lib.cumulative_sum_unchecked((ctypes.c_double * len(many)).from_buffer(many), out, len(many))
    print("done")
    sys.exit(0)

for case in ["neighbour", "far"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)

# The fix: a function that takes the size of `out` too, and lengths taken from the objects.
buffers = Buffers(neighbour=(ctypes.c_double * 4)(-1, -1, -1, -1))
count = lib.cumulative_sum(values, len(values), buffers.out, len(buffers.out))
print("checked: cumulative_sum ->", count, "| neighbour:", list(buffers.neighbour))
