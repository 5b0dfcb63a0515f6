"""DANGER: Rust keeps a callback pointer after Python has freed the callback object."""

import ctypes
import subprocess
import sys

from loader import load_library

lib = load_library("alloc_callback")

ALLOC_U32 = ctypes.CFUNCTYPE(None, ctypes.c_size_t, ctypes.POINTER(ctypes.c_void_p))
lib.set_allocator.argtypes = [ALLOC_U32]
lib.set_allocator.restype = None
lib.primes_below_registered.argtypes = [ctypes.c_uint32]
lib.primes_below_registered.restype = ctypes.c_int64

buffers = []  # every buffer handed to Rust, kept alive


def alloc(count: int, out: ctypes.Array) -> None:
    try:
        buffer = (ctypes.c_uint32 * count)()
        buffers.append(buffer)
        out[0] = ctypes.addressof(buffer)
    except BaseException:  # nothing may escape into Rust: `*out` stays NULL, no memory came
        pass


def other(count: int, out: ctypes.Array) -> None:
    try:
        print(f"  other() ran instead of alloc(), asked for {count} values; it gives none")
    except BaseException:
        pass


if sys.argv[1:] == ["child"]:
    lib.set_allocator(ALLOC_U32(alloc))  # nothing keeps this ctypes object: it is freed at once
    print("  first call: primes_below_registered(30) =", lib.primes_below_registered(30))
    unrelated = ALLOC_U32(other)  # a new callback, made later for some other purpose
    print("  second call: primes_below_registered(30) =", lib.primes_below_registered(30))
    print("  buffers received:", len(buffers))
    sys.exit(0)

# The right way: a reference that lives as long as the registration.
kept_alloc = ALLOC_U32(alloc)
lib.set_allocator(kept_alloc)
print(
    "kept alive: primes_below_registered(30) =",
    lib.primes_below_registered(30),
    "->",
    list(buffers[-1]),
)

print("dropped (in a child process):")
child = subprocess.run([sys.executable, __file__, "child"], capture_output=True, text=True)
print(child.stdout, end="")
print("  exit code:", child.returncode, "| stderr:", repr(child.stderr))
