"""call_cost: NULL and empty buffers get the documented answer, never a crash."""

import ctypes

import pytest
from conftest import load_listing

DOUBLE_P = ctypes.POINTER(ctypes.c_double)


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("call_cost")
    lib.noop.argtypes = []
    lib.noop.restype = None
    lib.identity.argtypes = [ctypes.c_int32]
    lib.identity.restype = ctypes.c_int32
    lib.ramp.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double, ctypes.c_double]
    lib.ramp.restype = ctypes.c_bool
    lib.sum.argtypes = [DOUBLE_P, ctypes.c_size_t]
    lib.sum.restype = ctypes.c_double
    return lib


def test_noop_and_identity(lib: ctypes.CDLL) -> None:
    assert lib.noop() is None
    assert [lib.identity(x) for x in (0, -1, 2**31 - 1, -(2**31))] == [0, -1, 2**31 - 1, -(2**31)]


def test_ramp_and_sum(lib: ctypes.CDLL) -> None:
    out = (ctypes.c_double * 4)()
    assert lib.ramp(out, 4, 1.0, 0.5)
    assert list(out) == [1.0, 1.5, 2.0, 2.5]
    assert lib.sum(out, 4) == 7.0


def test_bad_input(lib: ctypes.CDLL) -> None:
    assert not lib.ramp(None, 10, 0.0, 1.0)
    assert lib.sum(None, 10) == 0.0
    out = (ctypes.c_double * 1)(42.0)
    assert lib.ramp(out, 0, 0.0, 1.0)  # nothing to write
    assert out[0] == 42.0
    assert lib.sum(out, 0) == 0.0
