"""A panic caught in Rust becomes a Python exception, and nothing is printed to stderr."""

import ctypes

from loader import load_library

lib = load_library("panics")
lib.guarded_divide.argtypes = [ctypes.c_int64, ctypes.c_int64, ctypes.POINTER(ctypes.c_int64)]
lib.guarded_divide.restype = ctypes.c_int32
lib.last_panic_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.last_panic_message.restype = ctypes.c_size_t

PANICS_PANICKED = 2  # from panics.h


class RustPanic(Exception):
    """The Rust code panicked; the message is the panic's."""


def last_panic_message() -> str:
    buffer = ctypes.create_string_buffer(lib.last_panic_message(None, 0) + 1)
    lib.last_panic_message(buffer, len(buffer))
    return buffer.value.decode()


def divide(a: int, b: int) -> int:
    if not (-(2**63) <= a < 2**63 and -(2**63) <= b < 2**63):
        raise OverflowError(f"divide({a}, {b}): each must fit an int64_t")  # ctypes would wrap
    out = ctypes.c_int64()
    code = lib.guarded_divide(a, b, ctypes.byref(out))
    if code == PANICS_PANICKED:
        raise RustPanic(last_panic_message())
    if code != 0:
        raise ValueError(f"guarded_divide failed with code {code}")
    return out.value


for a, b in [(7, 2), (7, 0), (-(2**63), -1), (-7, 2)]:
    try:
        print(f"divide({a}, {b}) = {divide(a, b)}")
    except RustPanic as err:
        print(f"divide({a}, {b}) raised RustPanic:\n    {err}")

print("guarded_divide(1, 1, NULL) =", lib.guarded_divide(1, 1, None))
