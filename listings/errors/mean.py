"""The exercise: a mean that answers None for text without numbers and raises ValueError,
with Rust's whole message, for anything else wrong."""

import ctypes

from loader import load_library

ERRORS_OK, ERRORS_EMPTY = 0, 4
lib = load_library("errors")
lib.mean_of.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_double)]
lib.mean_of.restype = ctypes.c_int32
lib.last_error_message.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.last_error_message.restype = ctypes.c_size_t


def mean(text: str) -> float | None:
    """The mean of comma-separated numbers; None if the text holds none; ValueError with
    Rust's message, however long, if a field is not a number."""
    # ANCHOR: solution
    if "\0" in text:
        raise ValueError("a NUL character would end the C string early")
    out = ctypes.c_double()
    code = lib.mean_of(text.encode(), ctypes.byref(out))
    if code == ERRORS_OK:
        return out.value
    if code == ERRORS_EMPTY:
        return None
    length = lib.last_error_message(None, 0)  # first the length, then the whole message
    buffer = ctypes.create_string_buffer(length + 1)
    lib.last_error_message(buffer, len(buffer))
    raise ValueError(buffer.value.decode())
    # ANCHOR_END: solution


if __name__ == "__main__":
    print(mean("1, 2, 4.5"), mean(" , "))
    try:
        mean("1, " + "9" * 40 + "x")
    except ValueError as err:
        print("ValueError:", err)
