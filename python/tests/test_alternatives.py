"""alternatives: add wraps on overflow instead of panicking across the C boundary."""

import ctypes

from conftest import load_listing


def test_add_wraps_at_the_edges():
    lib = load_listing("alternatives")
    lib.add.argtypes = [ctypes.c_int64, ctypes.c_int64]
    lib.add.restype = ctypes.c_int64
    assert lib.add(2**63 - 1, 1) == -(2**63)
    assert lib.add(-(2**63), -1) == 2**63 - 1
    assert lib.add(-5, 5) == 0
