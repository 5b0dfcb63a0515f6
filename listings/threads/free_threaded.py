"""Is there a GIL? And what stays exact when threads really run at once."""

import ctypes
import sys
import sysconfig
import threading

from loader import load_library

lib = load_library("threads")
lib.tally_up.argtypes = [ctypes.c_uint64]
lib.tally_up.restype = ctypes.c_uint64
lib.tally_take.argtypes = []
lib.tally_take.restype = ctypes.c_uint64

# How this Python was built, and whether the GIL is on now (a free-threaded build turns it back
# on with `-X gil=1`, PYTHON_GIL=1, or when an extension module that needs it is imported).
free_threaded = sysconfig.get_config_var("Py_GIL_DISABLED") == 1
gil_enabled = sys._is_gil_enabled() if hasattr(sys, "_is_gil_enabled") else True  # 3.13+
print(f"free-threaded build: {free_threaded} | GIL enabled: {gil_enabled}")

THREADS, TIMES = 4, 100_000
count = 0
count_lock = threading.Lock()


def add_in_python() -> None:
    global count
    for _ in range(TIMES):
        with count_lock:  # without it, threads that really run at once lose updates
            count += 1


def add_in_rust() -> None:
    lib.tally_up(TIMES)  # CDLL: the call runs without holding the GIL, whatever the build


for work in (add_in_python, add_in_rust):
    threads = [threading.Thread(target=work) for _ in range(THREADS)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
print(f"{THREADS} threads x {TIMES:,} additions each:")
print(f"  a Python int behind a threading.Lock: {count:,}")
print(f"  Rust's AtomicU64, through ctypes:     {lib.tally_take():,}")
