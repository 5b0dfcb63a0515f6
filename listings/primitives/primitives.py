"""Load the `primitives` library and declare each function before calling it."""

import ctypes

from loader import load_library

lib = load_library("primitives")

# argtypes: how to convert each Python argument; restype: how to read the result.
lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
lib.add.restype = ctypes.c_int64
lib.scale.argtypes = [ctypes.c_double, ctypes.c_double]
lib.scale.restype = ctypes.c_double
lib.is_even.argtypes = [ctypes.c_uint32]
lib.is_even.restype = ctypes.c_bool

print("add(10, 15) =", lib.add(10, 15))
print("add(2**40, 3) =", lib.add(2**40, 3))
print("scale(2.5, 4) =", lib.scale(2.5, 4))
print("is_even(7) =", lib.is_even(7))

# With argtypes set, a wrong argument is a Python exception, not a silent wrong answer.
try:
    lib.add(1, "2")
except ctypes.ArgumentError as err:
    print("add(1, '2') raised ArgumentError:\n   ", err)

# But ctypes does not range-check: an int too big for int64 wraps around silently.
print("add(2**63, 0) =", lib.add(2**63, 0))
