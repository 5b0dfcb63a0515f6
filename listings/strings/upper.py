"""Rust writes into a buffer that Python allocates, and says how big it needed to be."""

import ctypes

from loader import load_library

lib = load_library("strings")
lib.to_upper.argtypes = [ctypes.c_char_p, ctypes.POINTER(ctypes.c_char), ctypes.c_size_t]
lib.to_upper.restype = ctypes.c_int64


def upper(text: str) -> str:
    """`text` in upper case, computed by Rust in a buffer that starts small and grows if needed."""
    if "\0" in text:  # C would read the text only up to it
        raise ValueError(f"a NUL character in {text!r}")
    data = text.encode()
    size = 8  # a first guess
    while True:
        buffer = ctypes.create_string_buffer(size)  # size bytes, all zero
        needed = lib.to_upper(data, buffer, size)
        if needed < 0:
            raise ValueError(f"to_upper({data!r}) failed: {needed}")
        if needed < size:  # it fit, with its NUL
            return buffer.raw[:needed].decode()
        print(f"  {size} bytes are too few for {needed} bytes and a NUL: again with {needed + 1}")
        size = needed + 1


print(upper("snake"))
print(upper("snake and crab"))
print(upper("straße"))
longer = upper("ǰ")  # one character in, two out: upper case can need more bytes
print(f"'ǰ' ({len('ǰ'.encode())} bytes) -> {longer!r} ({len(longer.encode())} bytes)")

# A buffer without room for the NUL gets an empty string, never a part of the text.
buffer = ctypes.create_string_buffer(4)
print("'crab' into 4 bytes:", lib.to_upper(b"crab", buffer, len(buffer)), buffer.value)
print("ask for the size only:", lib.to_upper(b"crab", None, 0))
print("Latin-1 bytes:", lib.to_upper("é".encode("latin-1"), buffer, len(buffer)))
