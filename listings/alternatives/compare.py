"""One Rust add(i64, i64) -> i64 called through ctypes, cffi (ABI, API mode) and PyO3, timed."""

import ctypes
import importlib
import shutil
import subprocess
import sys
import tempfile
import timeit
from importlib import machinery
from pathlib import Path

import cffi
from loader import load_library

HERE = Path(__file__).resolve().parent
PYO3_CRATE = HERE / "alternatives_pyo3"  # the second crate, in this folder


# 1. ctypes: load the cdylib, declare the signature in Python.
lib = load_library("alternatives")
lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
lib.add.restype = ctypes.c_int64

# 2. cffi, ABI mode: the same library, the signature given as a C declaration, no compiler.
ffi = cffi.FFI()
ffi.cdef("int64_t add(int64_t a, int64_t b);")
abi = ffi.dlopen(lib._name)  # the file load_library found
release = Path(lib._name).parent

temp = Path(tempfile.mkdtemp())
# 3. cffi, API mode: cffi writes a C extension module that calls add, and gcc compiles it
#    against the header cbindgen wrote, linked to the same library.
builder = cffi.FFI()
builder.cdef("int64_t add(int64_t a, int64_t b);")
builder.set_source(
    "_alternatives_cffi",
    '#include "alternatives.h"',
    include_dirs=[str(HERE)],  # alternatives.h, beside this script
    library_dirs=[str(release)],
    libraries=["alternatives"],
    extra_link_args=[f"-Wl,-rpath,{release}"],
)
builder.compile(tmpdir=str(temp))

# 4. PyO3: build the extension crate, then copy it to a name the import system accepts.
subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=PYO3_CRATE, check=True)
built = {"win32": "alternatives_pyo3.dll", "darwin": "libalternatives_pyo3.dylib"}.get(
    sys.platform, "libalternatives_pyo3.so"
)
# Where cargo put it: the crate's own target/, or a workspace's above it (as load_library looks).
extension = next(
    f / "target/release" / built
    for f in (PYO3_CRATE, *PYO3_CRATE.parents)
    if (f / "target/release" / built).is_file()
)
module = (
    temp / f"alternatives_pyo3{machinery.EXTENSION_SUFFIXES[0]}"
)  # e.g. .cpython-311-x86_64-linux-gnu.so
shutil.copy(extension, module)

sys.path.insert(0, str(temp))
api = importlib.import_module("_alternatives_cffi").lib
pyo3 = importlib.import_module("alternatives_pyo3")
shutil.rmtree(temp)  # the loaded modules stay in memory


def python_add(a: int, b: int) -> int:
    return a + b


ways = {
    "ctypes": lib.add,
    "cffi ABI": abi.add,
    "cffi API": api.add,
    "PyO3": pyo3.add,
    "pure Python": python_add,
}
for name, add in ways.items():
    assert add(2**40, 2) == 2**40 + 2, name

print("add(2**40, 2) gives", 2**40 + 2, "in all five ways")
ns = {}
# The ways take turns, round after round, and each keeps its best round: a moment of load on a
# busy machine slows one round of every way, not every round of one way.
best = {name: float("inf") for name in ways}
for _ in range(9):
    for name, add in ways.items():
        seconds = timeit.timeit("add(1, 2)", globals={"add": add}, number=20_000)
        best[name] = min(best[name], seconds / 20_000 * 1e9)
for name in ways:
    ns[name] = best[name]
    print(f"{name:12} {ns[name]:6.0f} ns per call")
print("PyO3 is faster than cffi API mode:", ns["PyO3"] < ns["cffi API"])
print("cffi API mode is faster than ctypes:", ns["cffi API"] < ns["ctypes"])
