"""errno: a C-style failure, read with use_errno=True, the only way that reads it reliably."""

import ctypes
import errno
import os

from loader import load_library

ERRNO_NULL_PATH = -2

lib = load_library("errno")
# use_errno=True: around each call, ctypes swaps the real errno with a private copy that
# ctypes.get_errno() reads, so nothing Python does after the call can overwrite it first.
checked = ctypes.CDLL(lib._name, use_errno=True)
checked.file_size.argtypes = [ctypes.c_char_p]
checked.file_size.restype = ctypes.c_int64
lib.file_size.argtypes = [ctypes.c_char_p]  # the same function, loaded without use_errno
lib.file_size.restype = ctypes.c_int64


def file_size(path: str | bytes | os.PathLike) -> int:
    """The size of the file, or OSError with the reason C gave, as Python's own os.stat does."""
    # os.fsencode gives the bytes the operating system knows the name by (even a name that is
    # not UTF-8); a NUL would end the C string early and name another file: refuse it.
    name = os.fsencode(path)
    if b"\0" in name:
        raise ValueError("embedded null byte")
    ctypes.set_errno(0)
    size = checked.file_size(name)
    if size == -1:
        code = ctypes.get_errno()
        raise OSError(code, os.strerror(code), path)
    return size


print("file_size(this script) > 0:", file_size(__file__) > 0)
try:
    file_size("/no/such/file")
except OSError as err:
    # The name, not the number: ENOENT is 2 on Linux, 44 in a browser's WebAssembly.
    print(f"OSError {errno.errorcode[err.errno]}: {err.strerror}: {err.filename!r}")

# A NUL inside the name: without the check, C would see "/etc/passwd" and give its size.
try:
    file_size("/etc/passwd\0.bak")
except ValueError as err:
    print(f"file_size('/etc/passwd\\0.bak'): ValueError: {err}")
try:
    os.stat("/etc/passwd\0.bak")
except ValueError:
    print("os.stat('/etc/passwd\\0.bak'): a ValueError too")

# Without use_errno, get_errno() reads only ctypes' private copy, which no call has set.
ctypes.set_errno(0)
print(
    "without use_errno: result",
    lib.file_size(b"/no/such/file"),
    "| get_errno() =",
    ctypes.get_errno(),
)
