"""Rust finds the primes below n and asks Python, through a callback, for memory to hold them."""

import ctypes

from ctrl_c import HeldCtrlC
from loader import load_library

lib = load_library("alloc_callback")

# The allocator's C type: void (*)(size_t count, uint32_t **out). It answers through `out`,
# where Rust put NULL first: a callback that fails before its `try` leaves that NULL in place.
ALLOC_U32 = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p))
lib.primes_below.argtypes = [ctypes.c_uint32, ALLOC_U32]
lib.primes_below.restype = ctypes.c_int64


def primes_below(n: int, budget: int | None = None) -> ctypes.Array:
    """The primes below n, in a ctypes array that Python allocated and will free.
    Raises MemoryError if they would need more than `budget` values, and KeyboardInterrupt
    after Rust has returned if Ctrl+C was pressed during the call."""
    buffers = []  # keeps each buffer alive after alloc returns
    errors = []  # an exception raised in alloc, carried out of the call

    @ALLOC_U32
    def alloc(count: int, out: ctypes.Array) -> None:
        # No exception may leave a callback: ctypes would print it, and `*out` would stay NULL.
        try:
            if ctrl_c.pressed:
                return  # no memory: Rust stops, and Ctrl+C is raised after the call
            print(f"  Rust asks for room for {count} values")
            if budget is not None and count > budget:
                raise MemoryError(f"{count} values is over the budget of {budget}")
            buffer = (ctypes.c_uint32 * count)()
            buffers.append(buffer)
            out[0] = ctypes.addressof(buffer)
        except BaseException as err:  # everything, MemoryError and RecursionError included
            errors.append(err)

    if not 0 <= n < 2**32:  # c_uint32 would keep only the low 32 bits
        raise OverflowError(f"n = {n} does not fit a uint32_t")
    with HeldCtrlC() as ctrl_c:  # Ctrl+C during the call is raised when the block ends
        found = lib.primes_below(n, alloc)
    if errors:
        raise errors[0]
    if found == -2:  # alloc failed before its `try` could catch why; ctypes printed it
        raise MemoryError(f"the allocator gave no memory for the primes below {n}")
    if found < 0:
        raise ValueError(f"primes_below({n}) failed with error code {found}")
    return buffers[0] if buffers else (ctypes.c_uint32 * 0)()


print("primes below 30:", list(primes_below(30)))
print("primes below 2:", list(primes_below(2)))
primes = primes_below(10_000_000)
print("primes below 10 million:", len(primes), "the last is", primes[-1])
try:
    primes_below(10_000_000, budget=1000)
except MemoryError as err:
    print("with a budget of 1000 values: MemoryError:", err)

# ALLOC_U32() is a NULL function pointer: Rust sees `None` and returns its error code.
print("primes_below(30, NULL) =", lib.primes_below(30, ALLOC_U32()))
