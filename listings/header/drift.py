"""DANGER: the Rust signature changed, and the Python declaration did not."""

import ctypes

from loader import load_library

lib = load_library("header")
# Still version 1's declaration: int32_t total_seconds(int32_t days, int32_t seconds);
lib.total_seconds.argtypes = [ctypes.c_int32, ctypes.c_int32]
lib.total_seconds.restype = ctypes.c_int32

print("total_seconds(1, 5) =", lib.total_seconds(1, 5), "(right: the result fits in 32 bits)")
print(
    "total_seconds(30000, 0) =",
    lib.total_seconds(30_000, 0),
    "(wrong: the top 32 bits were dropped)",
)
