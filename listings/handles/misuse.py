"""DANGER: free a handle twice, or use it after the free, without a wrapper to stop you."""

import ctypes
import subprocess
import sys

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

if sys.argv[1:] == ["double-free"]:
    handle = lib.stats_new()
    lib.stats_free(handle)
    print("freed once", flush=True)
    lib.stats_free(handle)  # the same address again
    print("freed twice")
    sys.exit(0)
if sys.argv[1:] == ["read-after-free"]:
    handle = lib.stats_new()
    lib.stats_push_many(handle, (ctypes.c_double * 3)(1, 2, 3), 3)
    print("before the free: count", lib.stats_count(handle), "mean", lib.stats_mean(handle))
    lib.stats_free(handle)
    count, mean = lib.stats_count(handle), lib.stats_mean(handle)
    print("after the free: count", count, "mean", mean)
    print("still count 3 and mean 2.0:", (count, mean) == (3, 2.0))
    sys.exit(0)
if sys.argv[1:] == ["reuse"]:
    old = lib.stats_new()
    lib.stats_free(old)
    new = lib.stats_new()  # another object, for some other part of the program
    same = ctypes.addressof(old.contents) == ctypes.addressof(new.contents)
    print("the new object has the old address:", same)
    lib.stats_push(old, 1000.0)  # meant for the freed object...
    print(
        "new object: count", lib.stats_count(new), "mean", lib.stats_mean(new)
    )  # ...changed this one
    lib.stats_free(new)
    sys.exit(0)

for case in ["double-free", "read-after-free", "reuse"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  stdout:", line)
    for line in child.stderr.splitlines():
        print("  stderr:", line)
