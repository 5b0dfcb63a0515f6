"""DANGER: the mistakes of the troubleshooting appendix, each made once, with what Python says."""

import ctypes
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

from loader import load_library


def heading(title: str) -> None:
    print(f"\n== {title}")


lib = load_library("troubleshooting")
lib.byte_len.argtypes = [ctypes.c_char_p]
lib.byte_len.restype = ctypes.c_int64
lib.version.argtypes = []
lib.version.restype = ctypes.c_uint32

heading("the library is not found")
try:
    ctypes.CDLL("libtroubleshootin.so")  # a typo, and no path
except OSError as err:
    print("OSError:", err)

heading("the symbol is not exported")
try:
    print(lib.forgot_no_mangle())
except AttributeError as err:
    print("AttributeError:", str(err).replace(str(Path(lib._name).parent), "..."))

heading("a str where C wants bytes")
try:
    lib.byte_len("crab")
except ctypes.ArgumentError as err:
    print("ArgumentError:", err)
text = "crab"
print("byte_len(text.encode()) =", lib.byte_len(text.encode()))  # str -> UTF-8 bytes

heading("a pointer returned without restype")
guessed = lib.some_address()  # no restype: ctypes reads a C int, the low 32 bits
lib.some_address.restype = ctypes.c_void_p
address = lib.some_address()
print("with restype = c_void_p, the address is above 4 GiB:", address > 2**32)
print(
    "without, ctypes kept only its low 32 bits:",
    guessed != address and (address & 0xFFFFFFFF) == (guessed & 0xFFFFFFFF),
)

heading("a panic in Rust")
code = (
    "import ctypes, sys; lib = ctypes.CDLL(sys.argv[1]); "
    "lib.divide.argtypes = [ctypes.c_int32] * 2; lib.divide(1, 0)"
)
env = {k: v for k, v in os.environ.items() if k != "RUST_BACKTRACE"}  # no backtrace: shorter
child = subprocess.run(
    [sys.executable, "-c", code, lib._name], capture_output=True, text=True, env=env
)
lines = child.stderr.strip().splitlines()
print("exit code:", child.returncode, "(SIGABRT)")
print(
    "stderr:",
    lines[lines.index(next(x for x in lines if "panicked at" in x)) + 1],
    "...",
    lines[-1],
)

heading("a rebuilt library, loaded again by the same interpreter")
with tempfile.TemporaryDirectory() as temp:
    path = Path(temp) / "libmylib.so"
    shutil.copy(lib._name, path)
    first = ctypes.CDLL(str(path))
    print("loaded: version() =", first.version())
    rebuilt = Path(temp) / "new.so"
    shutil.copy(lib._name, rebuilt)
    rebuilt.replace(path)  # what a rebuild does: a new file at the same path
    again = ctypes.CDLL(str(path))
    print(
        "loaded again after the rebuild: the very same library as before:",
        again._handle == first._handle,
    )
