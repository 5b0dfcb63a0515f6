"""DANGER: a panic that reaches an extern "C" function's edge aborts the whole process."""

import ctypes
import os
import subprocess
import sys

from loader import load_library

lib = load_library("panics")
lib.unguarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64]
lib.unguarded_divide.restype = ctypes.c_int64

if sys.argv[1:] == ["child"]:
    print("7 / 2 =", lib.unguarded_divide(7, 2))
    try:
        print("7 / 0 =", lib.unguarded_divide(7, 0))
    except BaseException as err:  # never reached: there is no exception to catch
        print("caught", repr(err))
    finally:
        print("finally")  # never reached either
    sys.exit(0)

child = subprocess.run(
    [sys.executable, __file__, "child"],
    capture_output=True,
    text=True,
    env=dict(os.environ, RUST_BACKTRACE="0"),  # the same report whatever your setting
)
print("child's stdout:", child.stdout.strip())
print("child's exit code:", child.returncode)
print("child's stderr, without the backtrace:")
for line in child.stderr.splitlines():
    if line and not line.startswith(" "):
        print(
            "  " + line.replace(" panicked at ", " panicked at\n    ")
        )  # the place on a line of its own
