"""DANGER: two ways a hand-written __del__ goes wrong, each run in a child process."""

import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("freeing")
lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.squares_new.restype = ctypes.POINTER(ctypes.c_double)
lib.squares_free.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.squares_free.restype = None


class SquaresWithDel:
    def __init__(self, n: int):
        if not 0 <= n < 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):
            raise OverflowError(f"n = {n} does not fit a size_t")  # ctypes would cut it
        length = ctypes.c_size_t()
        self.pointer = lib.squares_new(n, ctypes.byref(length))
        if not self.pointer:
            raise ValueError(f"squares_new({n}) failed")
        self.length = length.value

    def close(self) -> None:
        lib.squares_free(self.pointer, self.length)

    def __del__(self) -> None:
        self.close()


if sys.argv[1:] == ["close-then-del"]:
    s = SquaresWithDel(3)
    s.close()  # frees the memory...
    del s  # ...and __del__ frees it again
    print("still running")
    sys.exit(0)
if sys.argv[1:] == ["failed-init"]:
    try:
        SquaresWithDel(2**62)  # too long: squares_new returns NULL, __init__ raises
    except ValueError as err:
        print("caught:", err)
    sys.exit(0)

for case in ["close-then-del", "failed-init"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    print("  stdout:", child.stdout.strip() or "(nothing)")
    print(
        "  stderr:", child.stderr.strip().splitlines()[-1] if child.stderr.strip() else "(nothing)"
    )
