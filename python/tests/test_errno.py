"""errno: file_size reports C's reason in errno, and NULL without touching it."""

import ctypes
import errno
import os

from conftest import ROOT, load_listing

NULL_PATH = -2


def test_size_errno_and_null() -> None:
    lib = ctypes.CDLL(load_listing("errno")._name, use_errno=True)
    lib.file_size.argtypes, lib.file_size.restype = [ctypes.c_char_p], ctypes.c_int64
    path = ROOT / "listings" / "errno" / "Cargo.toml"
    assert lib.file_size(str(path).encode()) == os.path.getsize(path)
    ctypes.set_errno(0)
    assert lib.file_size(b"/no/such/file") == -1 and ctypes.get_errno() == errno.ENOENT
    assert lib.file_size(str(path).encode() + b"/inside") == -1 and ctypes.get_errno() == errno.ENOTDIR
    ctypes.set_errno(0)
    assert lib.file_size(None) == NULL_PATH and ctypes.get_errno() == 0
