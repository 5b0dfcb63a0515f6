"""DANGER: bytes with no NUL after them: Rust's CStr::from_ptr reads on until it finds one."""

import ctypes
import mmap
import subprocess
import sys

from loader import load_library

lib = load_library("strings")
lib.char_count.argtypes = [ctypes.c_char_p]
lib.char_count.restype = ctypes.c_int64
lib.char_count_len.argtypes = [ctypes.c_char_p, ctypes.c_size_t]
lib.char_count_len.restype = ctypes.c_int64

if sys.argv[1:] == ["view"]:
    data = bytearray(b"hello world")
    word = (ctypes.c_char * 5).from_buffer(data)  # the first 5 bytes, shared, not copied
    print("the array holds", word.raw)
    print("char_count:", lib.char_count(word))
    sys.exit(0)
if sys.argv[1:] == ["page-end"]:
    libc = ctypes.CDLL(None)
    libc.mprotect.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    libc.mprotect.restype = ctypes.c_int
    pages = mmap.mmap(-1, 2 * mmap.PAGESIZE)  # two pages of memory...
    text = (ctypes.c_char * mmap.PAGESIZE).from_buffer(pages)
    libc.mprotect(
        ctypes.addressof(text) + mmap.PAGESIZE, mmap.PAGESIZE, 0
    )  # ...the second unreadable
    text.raw = b"x" * mmap.PAGESIZE  # the first page full of x: no NUL
    print("a page full of x, then a page that may not be read")
    print("char_count:", lib.char_count(text))
    sys.exit(0)

for case in ["view", "page-end"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)

data = bytearray(b"hello world")
word = (ctypes.c_char * 5).from_buffer(data)
print("fixed by passing the length:", lib.char_count_len(word, len(word)))
print("fixed by passing a copy, bytes(data[:5]):", lib.char_count(bytes(data[:5])))
buffer = ctypes.create_string_buffer(b"hello")
print(f"create_string_buffer(b'hello') has {len(buffer)} bytes: {buffer.raw}")
