"""Two Python threads call the same Rust function, through CDLL and then through PyDLL."""

import ctypes
import time
from concurrent.futures import ThreadPoolExecutor

from loader import load_library

lib = load_library("threads")  # a CDLL: ctypes releases the GIL during each call
lib.spin.argtypes = [ctypes.c_uint64]
lib.spin.restype = ctypes.c_uint64
lib.most_at_once.argtypes = []
lib.most_at_once.restype = ctypes.c_size_t

# The same file, loaded again as a PyDLL: ctypes keeps the GIL during each call.
gil_lib = ctypes.PyDLL(lib._name)  # _name: the path the library was loaded from
gil_lib.spin.argtypes = [ctypes.c_uint64]
gil_lib.spin.restype = ctypes.c_uint64


def seconds(function, *args) -> float:
    start = time.perf_counter()
    function(*args)
    return time.perf_counter() - start


def iterations_for(target_s: float) -> int:
    """How many iterations make one call of spin last about `target_s` on this machine."""
    n = 1 << 20
    while (elapsed := seconds(lib.spin, n)) < 0.05:
        n *= 2
    return int(n * target_s / elapsed)


def two_threads(spin, n: int) -> None:
    """Two Python threads call spin(n) once each, at the same time."""
    with ThreadPoolExecutor(max_workers=2) as pool:
        list(pool.map(spin, [n, n]))


n = iterations_for(0.4)
lib.most_at_once()  # reset the count
for name, spin in [("CDLL", lib.spin), ("PyDLL", gil_lib.spin)]:
    two_threads(spin, n)
    print(f"{name + ',':6} two threads: calls running at once:", lib.most_at_once())
