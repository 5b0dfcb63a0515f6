"""DANGER: a Rust thread keeps writing into a buffer after the call that got it has returned."""

import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("threads")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.fill_later.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
lib.fill_later.restype = ctypes.c_bool
lib.finish_fills.argtypes = []
lib.finish_fills.restype = ctypes.c_size_t
N = 1024  # 8 KiB: the memory comes from malloc, which is quick to hand it out again

if sys.argv[1:] == ["alive"]:
    values = (ctypes.c_double * N)()
    lib.fill_later(values, N, 7.0)  # returns at once; a Rust thread waits to write 7.0
    print("right after the call:", set(values))
    lib.finish_fills()  # the thread writes now (in real code: whenever its work is done)
    print("after the thread ran:", set(values))
    sys.exit(0)
if sys.argv[1:] == ["freed"]:
    values = (ctypes.c_double * N)()
    address = ctypes.addressof(values)
    lib.fill_later(values, N, 7.0)
    del values  # Python frees the buffer: as far as it knows, nobody uses it any more
    other = (ctypes.c_double * N)()  # a new array, for something else entirely
    print("the new array got the same memory:", ctypes.addressof(other) == address)
    print("the new array right away:    ", set(other))
    lib.finish_fills()
    print("after the thread ran:        ", set(other))
    sys.exit(0)

for case in ["alive", "freed"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)
