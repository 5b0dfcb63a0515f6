"""DANGER: forget to free, and the process grows with every call (Linux: reads /proc/self/statm)."""

import ctypes
import os

from loader import load_library

lib = load_library("freeing")
lib.live_allocations.argtypes = []
lib.live_allocations.restype = ctypes.c_size_t
lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.squares_new.restype = ctypes.POINTER(ctypes.c_double)
lib.squares_free.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.squares_free.restype = None


def resident_mib() -> float:
    """The memory this process occupies in RAM, in MiB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def work(free: bool) -> None:
    before = resident_mib()
    for _ in range(20):
        length = ctypes.c_size_t()
        pointer = lib.squares_new(1_000_000, ctypes.byref(length))  # 8 MB
        total = sum(pointer[:3])  # use the result
        if free:
            lib.squares_free(pointer, length.value)
    grew = resident_mib() - before
    print(
        f"free={free}: 20 calls, total={total}, grew by {grew:.0f} MiB, "
        f"live: {lib.live_allocations()}"
    )
    print(f"  grew by more than 100 MiB: {grew > 100}")


work(free=True)
work(free=False)
