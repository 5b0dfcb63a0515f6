"""Rust finds the primes below n and asks Python, through a callback, for memory to hold them."""

import ctypes

from loader import load_library

lib = load_library("alloc_callback")

# The allocator's C type: it takes a count (size_t) and returns a pointer (void *).
ALLOC_U32 = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_size_t)
lib.primes_below.argtypes = [ctypes.c_uint32, ALLOC_U32]
lib.primes_below.restype = ctypes.c_int64


def primes_below(n: int, budget: int | None = None) -> ctypes.Array:
    """The primes below n, in a ctypes array that Python allocated and will free.
    Raises MemoryError if they would need more than `budget` values."""
    buffers = []  # keeps each buffer alive after alloc returns
    errors = []  # an exception raised in alloc, carried out of the call

    @ALLOC_U32
    def alloc(count: int) -> int | None:
        # No exception may leave a callback: ctypes would print it and hand Rust no pointer
        # at all, only whatever was in the return register. Catch it and return NULL (None).
        try:
            print(f"  Rust asks for room for {count} values")
            if budget is not None and count > budget:
                raise MemoryError(f"{count} values is over the budget of {budget}")
            buffer = (ctypes.c_uint32 * count)()
            buffers.append(buffer)
            return ctypes.addressof(buffer)
        except BaseException as err:  # everything, Ctrl+C's KeyboardInterrupt included
            errors.append(err)
            return None

    if not 0 <= n < 2**32:  # c_uint32 would keep only the low 32 bits
        raise OverflowError(f"n = {n} does not fit a uint32_t")
    found = lib.primes_below(n, alloc)
    if errors:
        raise errors[0]
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
