"""DANGER: a Python callback raises; ctypes prints the exception, and Rust never hears of it."""

import ctypes
import os
import subprocess
import sys
from pathlib import Path

from loader import load_library

# The callback's C type, as in the header: void (*)(void *user_data, double item, int *answer).
VISIT = ctypes.CFUNCTYPE(None, ctypes.c_void_p, ctypes.c_double, ctypes.POINTER(ctypes.c_int))
VISIT_CONTINUE = 0

lib = load_library("callbacks")
lib.for_each.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t, VISIT, ctypes.c_void_p]
lib.for_each.restype = ctypes.c_int64


seen: list[float] = []


@VISIT
def naive_visit(user_data: int, item: float, answer: ctypes.Array) -> None:
    seen.append(item)
    if item == 2.0:
        raise ValueError(f"{item} is not welcome")
    answer[0] = VISIT_CONTINUE


if sys.argv[1:] == ["raise-at-2"]:
    values = (ctypes.c_double * 4)(1, 2, 3, 4)
    print(
        "for_each returned", lib.for_each(values, 4, naive_visit, None), "| the callback saw", seen
    )
    sys.exit(0)
if sys.argv[1:] == ["raise-first"]:
    values = (ctypes.c_double * 4)(2, 3, 4, 5)
    print("for_each returned", lib.for_each(values, 4, naive_visit, None))
    sys.exit(0)

for case in ["raise-at-2", "raise-first"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  stdout:", line)
    print("  stderr:")
    here = str(Path(__file__).resolve().parent) + os.sep  # shown relative to this folder
    for line in child.stderr.splitlines():
        print("    " + line.replace(here, ""))
