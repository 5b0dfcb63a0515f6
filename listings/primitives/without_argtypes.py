"""DANGER: call the `primitives` library without declaring argtypes and restype."""

import ctypes

from loader import load_library

lib = load_library("primitives")

# No argtypes, no restype: ctypes guesses. A Python int is passed as a 32-bit C int,
# and the result is read back as a 32-bit C int, whatever the Rust function says.
print("add(10, 15) =", lib.add(10, 15), "(right, by luck: small numbers fit in 32 bits)")
print("add(2**40, 3) =", lib.add(2**40, 3), "(wrong: 2**40 lost its high bits on the way in)")
print("add(2**31, 2**31) =", lib.add(2**31, 2**31), "(wrong: the 64-bit result was cut to 32 bits)")
print("is_even(7) =", lib.is_even(7), "(a C bool read as an int)")

# restype alone is not enough: each argument is still a 32-bit C int, which becomes a 64-bit
# value by sign extension, so bit 31 turns into the sign. An int of more than 64 bits is refused.
lib.add.restype = ctypes.c_int64
print("add(2**31, 0) =", lib.add(2**31, 0), "(wrong: Rust received -2**31)")
try:
    lib.add(2**64, 0)
except ctypes.ArgumentError as err:
    print("add(2**64, 0) raised ArgumentError:", err)

# A float is refused outright: ctypes will not guess a C double.
try:
    lib.scale(2.5, 4.0)
except ctypes.ArgumentError as err:
    print("scale(2.5, 4.0) raised ArgumentError:", err)
