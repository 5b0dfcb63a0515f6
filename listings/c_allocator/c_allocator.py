"""Memory crosses the boundary in both directions, always allocated and freed by C's allocator."""

import ctypes
import ctypes.util

from loader import load_library

lib = load_library("c_allocator")
lib.repeat_text.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.repeat_text.restype = ctypes.c_void_p  # not c_char_p: we need the pointer itself, to free it
lib.adopt_and_measure.argtypes = [ctypes.c_void_p]
lib.adopt_and_measure.restype = ctypes.c_size_t

# The C library itself, for malloc and free.
libc = ctypes.CDLL(ctypes.util.find_library("c"))
libc.malloc.argtypes = [ctypes.c_size_t]
libc.malloc.restype = ctypes.c_void_p
libc.free.argtypes = [ctypes.c_void_p]
libc.free.restype = None

# Rust allocates with malloc, Python frees with free.
pointer = lib.repeat_text(b"ab", 3)
try:
    print("repeat_text(b'ab', 3) ->", ctypes.string_at(pointer))
finally:
    libc.free(pointer)

# Python allocates with malloc, Rust frees with free.
text = b"handed over to Rust"
pointer = libc.malloc(len(text) + 1)
ctypes.memmove(pointer, text, len(text) + 1)  # the bytes and their NUL terminator
print("adopt_and_measure ->", lib.adopt_and_measure(pointer))
pointer = None  # Rust freed it: forget the address

# Bad input: NULL in, NULL (None) out; a size that overflows is refused the same way.
print("repeat_text(NULL, 3) ->", lib.repeat_text(None, 3))
SIZE_MAX = ctypes.c_size_t(-1).value  # the largest size_t: 2**64 - 1 here, 2**32 - 1 on 32-bit
print("repeat_text(b'ab', SIZE_MAX) ->", lib.repeat_text(b"ab", SIZE_MAX))
