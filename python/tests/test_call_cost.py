"""call_cost: NULL and empty buffers get the documented answer, never a crash."""

import ctypes
import math

import pytest
from conftest import FLOATS, load_listing
from hypothesis import given
from hypothesis import strategies as st

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


@given(values=st.lists(FLOATS, max_size=300), start=FLOATS, step=FLOATS)
def test_ramp_and_sum_any_values(lib: ctypes.CDLL, values: list[float], start: float, step: float) -> None:
    buffer = (ctypes.c_double * len(values))(*values)
    assert lib.sum(buffer, len(values)) == pytest.approx(math.fsum(values), rel=1e-9, abs=1e-3)
    assert lib.ramp(buffer, len(values), start, step)
    assert list(buffer) == [start + step * i for i in range(len(values))]
    assert lib.sum(None, len(values)) == 0.0
