"""DANGER: with restype c_char_p, ctypes drops the pointer to Rust's string, which then leaks."""

import ctypes
import os

from loader import load_library

lib = load_library("strings")
lib.live_strings.argtypes = []
lib.live_strings.restype = ctypes.c_size_t
lib.string_free.argtypes = [ctypes.POINTER(ctypes.c_char)]
lib.string_free.restype = None
lib.repeat_new.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.repeat_new.restype = ctypes.POINTER(ctypes.c_char)  # right: we get the pointer
as_bytes = lib["repeat_new"]  # a second function object for the same Rust function
as_bytes.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
as_bytes.restype = ctypes.c_char_p  # wrong for an owned string: ctypes returns bytes


def resident_mib() -> float:
    """The memory this process occupies in RAM, in MiB."""
    with open("/proc/self/statm") as statm:
        return int(statm.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def with_pointer() -> bytes:
    pointer = lib.repeat_new(b"x", 100_000)  # 100 kB
    try:
        return ctypes.string_at(pointer)
    finally:
        lib.string_free(pointer)


def with_c_char_p() -> bytes:
    return as_bytes(b"x", 100_000)  # a copy of the 100 kB; the pointer is gone, never freed


for work in [with_pointer, with_c_char_p]:
    before = resident_mib()
    for _ in range(2_000):
        text = work()
    grew = resident_mib() - before
    print(
        f"{work.__name__}: 2000 calls of {len(text)} bytes, grew by {grew:.0f} MiB, "
        f"live: {lib.live_strings()}"
    )
    print(f"  grew by more than 100 MiB: {grew > 100}")
