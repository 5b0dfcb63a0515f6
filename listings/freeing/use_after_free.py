"""DANGER: read memory through a pointer that Rust has already freed."""

import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("freeing")
lib.dangling_squares.argtypes = [ctypes.c_size_t]
lib.dangling_squares.restype = ctypes.POINTER(ctypes.c_double)

if sys.argv[1:] == ["small"]:
    values = lib.dangling_squares(4)[:4]  # Rust wrote 0, 1, 4, 9, then freed them
    print("read after the free:", values)
    print("the first two changed:", values[:2] != [0.0, 1.0])
    sys.exit(0)
if sys.argv[1:] == ["large"]:
    values = lib.dangling_squares(8_000_000)  # 64 MB, given back to the operating system
    print("reading the last value...")
    print(values[7_999_999])
    sys.exit(0)

for case in ["small", "large"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)
