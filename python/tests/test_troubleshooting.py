"""troubleshooting: the exports behind the appendix's mistakes do what their docs say."""

import ctypes
import subprocess
import sys

from conftest import ROOT, load_listing
from hypothesis import given
from hypothesis import strategies as st


def lib() -> ctypes.CDLL:
    library = load_listing("troubleshooting")
    library.byte_len.argtypes, library.byte_len.restype = [ctypes.c_char_p], ctypes.c_int64
    library.some_address.argtypes, library.some_address.restype = [], ctypes.POINTER(ctypes.c_double)
    library.version.argtypes, library.version.restype = [], ctypes.c_uint32
    library.divide.argtypes, library.divide.restype = [ctypes.c_int32] * 2, ctypes.c_int32
    return library


@given(st.binary().filter(lambda b: b"\0" not in b))
def test_byte_len_counts_bytes(text: bytes) -> None:
    assert lib().byte_len(text) == len(text)


def test_the_other_exports() -> None:
    library = lib()
    assert library.byte_len(None) == -1
    assert library.some_address().contents.value == 2.5
    assert library.version() == 1
    assert library.divide(-7, 2) == -3


def test_divide_by_zero_aborts() -> None:
    path = ROOT / "target" / "release" / "libtroubleshooting.so"
    code = f"import ctypes; lib = ctypes.CDLL({str(path)!r}); lib.divide(1, 0)"
    child = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert child.returncode == -6 and "attempt to divide by zero" in child.stderr
