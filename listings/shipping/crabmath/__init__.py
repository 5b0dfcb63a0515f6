"""crabmath: a Rust library shipped inside this package, called with ctypes."""

import atexit
import contextlib
import ctypes
from array import array
from collections.abc import Sequence
from importlib import resources

# `as_file` gives a real file for the library: the file itself for an unpacked install, a
# temporary copy when the package is inside a zip. The copy must outlive the loaded library,
# so its context closes when the interpreter exits, not when loading is done.
_files = contextlib.ExitStack()
atexit.register(_files.close)


def _load_native() -> ctypes.CDLL:
    """Load the compiled library that the wheel put next to this file (_native.abi3.so)."""
    package = resources.files(__name__)
    for library in package.iterdir():
        if library.name.startswith("_native."):
            return ctypes.CDLL(str(_files.enter_context(resources.as_file(library))))
    raise ImportError(f"crabmath: no compiled library _native.* in {package}; install the wheel")


_lib = _load_native()
_lib.crabmath_mean.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
_lib.crabmath_mean.restype = ctypes.c_double


def mean(values: Sequence[float]) -> float:
    """The mean of `values`, computed in Rust; NaN for an empty sequence."""
    packed = array("d", values)  # the whole sequence converted in C, in one go
    c_values = (ctypes.c_double * len(packed)).from_buffer(packed)  # a view of it: no copy
    return _lib.crabmath_mean(c_values, len(packed))
