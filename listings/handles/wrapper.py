"""A Python class owns the handle: it frees it once, and refuses to use it after that."""

import array
import ctypes
import weakref
from collections.abc import Iterable

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
lib.stats_variance.argtypes = [STATS_P]
lib.stats_variance.restype = ctypes.c_double
lib.stats_min.argtypes = [STATS_P]
lib.stats_min.restype = ctypes.c_double
lib.stats_max.argtypes = [STATS_P]
lib.stats_max.restype = ctypes.c_double


def check(code: int) -> None:
    """Turn the library's error codes into Python exceptions."""
    if code != 0:
        raise ValueError(f"the library refused the call (error code {code})")


class Accumulator:
    """Running statistics kept in Rust; freed by close(), a with block, or garbage collection."""

    def __init__(self) -> None:
        handle = lib.stats_new()
        if not handle:
            raise MemoryError("stats_new failed")
        self._handle = handle
        # The finalizer holds the handle, never self; it calls stats_free at most once.
        self._free = weakref.finalize(self, lib.stats_free, handle)
        self._free.atexit = False  # at exit a daemon thread may still use it: leave it to the OS

    def _live_handle(self) -> STATS_P:
        """The handle, checked before every call: a freed address never reaches Rust."""
        if not self._free.alive:
            raise ValueError("the Accumulator is closed")
        return self._handle

    def close(self) -> None:
        self._free()  # a second close() finds the finalizer dead and does nothing

    def __enter__(self) -> "Accumulator":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def push(self, x: float) -> None:
        check(lib.stats_push(self._live_handle(), x))

    def push_many(self, values: Iterable[float]) -> None:
        buffer = array.array("d", values)  # contiguous doubles, whatever the input was
        pointer = (ctypes.c_double * len(buffer)).from_buffer(buffer)
        check(lib.stats_push_many(self._live_handle(), pointer, len(buffer)))

    @property
    def count(self) -> int:
        return lib.stats_count(self._live_handle())

    @property
    def mean(self) -> float:
        return lib.stats_mean(self._live_handle())

    @property
    def variance(self) -> float:
        return lib.stats_variance(self._live_handle())

    @property
    def min(self) -> float:
        return lib.stats_min(self._live_handle())

    @property
    def max(self) -> float:
        return lib.stats_max(self._live_handle())


with Accumulator() as acc:
    acc.push(2.0)
    acc.push_many([4, 4, 5, 9])
    acc.push_many(range(0))  # nothing to add
    print(f"count={acc.count} mean={acc.mean} variance={acc.variance} min={acc.min} max={acc.max}")

# The with block has closed it. What would be a double free or a use after free is now an exception.
attempts = {
    "close() again": acc.close,
    "push(1.0)": lambda: acc.push(1.0),
    "read the mean": lambda: acc.mean,
}
for what, attempt in attempts.items():
    try:
        attempt()
        print(f"{what}: nothing happens")
    except ValueError as err:
        print(f"{what}: ValueError: {err}")
