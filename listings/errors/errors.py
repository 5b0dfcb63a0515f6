"""Turn Rust's error codes and messages into Python exceptions."""

import ctypes

from loader import load_library

lib = load_library("errors")


class RustError(Exception):
    """An error reported by the Rust library; `code` is its error code."""

    def __init__(self, code: int, message: str):
        super().__init__(message)
        self.code = code


class NotANumberError(RustError, ValueError):
    """ERRORS_NOT_A_NUMBER: a field of the text is not a number."""


class EmptyError(RustError, ValueError):
    """ERRORS_EMPTY: the text holds no numbers."""


EXCEPTIONS = {3: NotANumberError, 4: EmptyError}  # codes from errors.h; others raise RustError


def last_error() -> str:
    length = lib.last_error_message(None, 0)  # how long is the message?
    buffer = ctypes.create_string_buffer(length + 1)
    lib.last_error_message(buffer, len(buffer))
    return buffer.value.decode()


def check(code: int, func: object, args: tuple) -> int:
    """An errcheck function: ctypes calls it with each result, and it may raise."""
    if code != 0:
        raise EXCEPTIONS.get(code, RustError)(code, last_error())
    return code


lib.mean_of.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_double)]
lib.mean_of.restype = ctypes.c_int32
lib.mean_of.errcheck = check
lib.last_error_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.last_error_message.restype = ctypes.c_size_t


def mean_of(text: str) -> float:
    """The mean of comma-separated numbers; raises a RustError subclass on bad input."""
    if "\0" in text:  # C would read the text only up to it
        raise ValueError(f"a NUL character in {text!r}")
    out = ctypes.c_double()
    lib.mean_of(text.encode(), ctypes.byref(out))
    return out.value


for text in ["1.5, 2, 4", "1, two, 3", " , "]:
    try:
        print(f"mean_of({text!r}) = {mean_of(text)}")
    except RustError as err:
        print(f"mean_of({text!r}) raised {type(err).__name__} (code {err.code}): {err}")

# The exception classes are also ValueErrors, so callers can catch what they already know.
try:
    mean_of("")
except ValueError as err:
    print("caught as ValueError:", err)

# Raw calls, bypassing the wrapper: bytes that are not UTF-8, and NULL pointers.
for text, out in [(b"1, 2\xff", ctypes.byref(ctypes.c_double())), (None, None)]:
    try:
        lib.mean_of(text, out)
    except RustError as err:
        print(f"mean_of({text!r}, ...) raised {type(err).__name__} (code {err.code}): {err}")
