"""shipping: crabmath_mean gives NaN for NULL or empty input instead of reading memory."""

import ctypes
import math

from conftest import load_listing


def test_null_and_empty_give_nan():
    lib = load_listing("shipping")
    lib.crabmath_mean.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
    lib.crabmath_mean.restype = ctypes.c_double
    assert math.isnan(lib.crabmath_mean(None, 5))
    values = (ctypes.c_double * 2)(1.0, 2.0)
    assert math.isnan(lib.crabmath_mean(values, 0))
    assert lib.crabmath_mean(values, 2) == 1.5
