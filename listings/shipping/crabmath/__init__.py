"""crabmath: a Rust library shipped inside this package, called with ctypes."""

import ctypes
from collections.abc import Sequence
from importlib import machinery, resources


def _load_native() -> ctypes.CDLL:
    """Load the compiled library that the wheel put next to this file."""
    package = resources.files(__name__)
    for suffix in machinery.EXTENSION_SUFFIXES:  # e.g. .cpython-311-x86_64-linux-gnu.so, .abi3.so, .so
        library = package / f"_native{suffix}"
        if library.is_file():
            with resources.as_file(library) as path:
                return ctypes.CDLL(str(path))
    raise ImportError(f"crabmath: no compiled library _native.* in {package}; install the wheel")


_lib = _load_native()
_lib.crabmath_mean.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
_lib.crabmath_mean.restype = ctypes.c_double


def mean(values: Sequence[float]) -> float:
    """The mean of `values`, computed in Rust; NaN for an empty sequence."""
    array = (ctypes.c_double * len(values))(*values)
    return _lib.crabmath_mean(array, len(values))
