"""Python owns memory that Rust allocated, and gives it back with Rust's free functions."""

import ctypes
import gc
import weakref

from loader import load_library


class Stats(ctypes.Structure):
    _fields_ = [("count", ctypes.c_size_t), ("mean", ctypes.c_double), ("max", ctypes.c_double)]


lib = load_library("freeing")
lib.live_allocations.argtypes = []
lib.live_allocations.restype = ctypes.c_size_t
lib.squares_new.argtypes = [ctypes.c_size_t, ctypes.POINTER(ctypes.c_size_t)]
lib.squares_new.restype = ctypes.POINTER(ctypes.c_double)
lib.squares_free.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.squares_free.restype = None
lib.stats_new.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
lib.stats_new.restype = ctypes.POINTER(Stats)
lib.stats_free.argtypes = [ctypes.POINTER(Stats)]
lib.stats_free.restype = None


class Squares:
    """The squares of 0..n in Rust memory, freed by close(), a with block, or garbage collection."""

    def __init__(self, n: int):
        if not 0 <= n < 2 ** (8 * ctypes.sizeof(ctypes.c_size_t)):
            raise OverflowError(f"n = {n} does not fit a size_t")  # ctypes would cut it
        length = ctypes.c_size_t()
        pointer = lib.squares_new(n, ctypes.byref(length))
        if not pointer:
            raise ValueError(f"squares_new({n}) failed")
        # A ctypes array over Rust's memory, without a copy. The view, not `self`, owns the
        # memory: it is freed when the view goes, so `Squares(n).values` outlives its Squares.
        self.values = ctypes.cast(pointer, ctypes.POINTER(ctypes.c_double * length.value)).contents
        # The finalizer holds what it needs to free, never the view (that would keep it alive).
        self._free = weakref.finalize(self.values, lib.squares_free, pointer, length.value)
        # Not at interpreter exit: a daemon thread may still be reading the view then, and
        # the operating system takes the memory back anyway.
        self._free.atexit = False

    def close(self) -> None:
        """Frees the memory now: no view taken from `values` may be used afterwards."""
        self.values = None  # the memory is about to go: drop our view of it
        self._free()  # runs squares_free at most once, however often it is called

    def __enter__(self) -> "Squares":
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def live() -> int:
    return lib.live_allocations()


with Squares(5) as s:
    print("in the with block:", list(s.values), "| live:", live())
print("after the with block: live:", live())

s = Squares(3)
print("a new Squares: live:", live())
del s  # the last reference: CPython frees the object, and the finalizer runs, at once
print("after del: live:", live())

# The Squares is a temporary, gone before the indexing, but its view keeps the memory.
print("Squares(100_000).values[99_999] =", Squares(100_000).values[99_999], "| live:", live())

s = Squares(3)
s.myself = s  # a reference cycle: the reference count can never reach zero by itself
del s
print("after del of an object in a cycle: live:", live())
gc.collect()  # the cycle collector finds it and runs the finalizer
print("after gc.collect(): live:", live())

# A Box<Stats>: read it through the pointer, then free it, even if the reading fails.
values = (ctypes.c_double * 4)(1, 2, 3, 10)
stats = lib.stats_new(values, len(values))
try:
    print(
        f"stats: count={stats.contents.count} mean={stats.contents.mean} max={stats.contents.max}"
    )
finally:
    lib.stats_free(stats)
print("after stats_free: live:", live())
