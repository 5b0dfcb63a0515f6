"""Pass a NumPy array's memory to Rust: a pointer to the first element, and the element count."""

import ctypes
import sys
from pathlib import Path

import numpy as np


def load_library(name: str) -> ctypes.CDLL:
    """Load the library that `cargo build --release` made for crate `name`.

    Looks in target/release beside this script, then beside each folder above
    it (a workspace's), so it works from any working directory."""
    here = Path(__file__).resolve().parent
    files = {"win32": f"{name}.dll", "darwin": f"lib{name}.dylib"}
    file = files.get(sys.platform, f"lib{name}.so")
    tried = [d / "target" / "release" / file for d in (here, *here.parents)]
    for path in tried:
        if path.is_file():
            return ctypes.CDLL(str(path))
    looked = "".join(f"\n  {path}" for path in tried)
    build = "run `cargo build --release` beside Cargo.toml"
    raise OSError(f"{file} is not built; looked for:{looked}\n{build}")


lib = load_library("numpy_buffers")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
lib.sum.restype = ctypes.c_double
lib.scale_in_place.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
lib.scale_in_place.restype = ctypes.c_bool

prices = np.array([1.5, 2.0, 4.25, 10.0])  # float64 is NumPy's default for floats
print("dtype:", prices.dtype, "| size:", prices.size, "| itemsize:", prices.itemsize, "bytes")

# The address of the first element, typed as a double * for ctypes. No copy: Rust reads the
# array's own memory, and the pointer keeps the array alive as long as it exists itself.
pointer = prices.ctypes.data_as(DOUBLE_P)
print("sum ->", lib.sum(pointer, prices.size), "| NumPy says", prices.sum())

# The same memory, written by Rust: the array changes in place.
print("scale_in_place ->", lib.scale_in_place(pointer, prices.size, 2.0))
print("prices now:", prices)

# NULL is answered with the documented error values.
print(
    "sum(NULL) ->", lib.sum(None, 4), "| scale_in_place(NULL) ->", lib.scale_in_place(None, 4, 2.0)
)
