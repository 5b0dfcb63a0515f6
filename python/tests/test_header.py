"""header: the listing behind the header chapter, with generated input and the edges of its types."""

import ctypes

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st


class Measurement(ctypes.Structure):
    _fields_ = [("sensor", ctypes.c_uint16), ("value", ctypes.c_double)]


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("header")
    lib.measurement_scaled.argtypes = [Measurement, ctypes.c_double]
    lib.measurement_scaled.restype = Measurement
    lib.total_seconds.argtypes = [ctypes.c_uint32, ctypes.c_int64]
    lib.total_seconds.restype = ctypes.c_int64
    return lib


@given(sensor=st.integers(0, 2**16 - 1), value=st.floats(width=64, allow_nan=False), factor=st.floats(allow_nan=False))
def test_measurement_scaled(lib: ctypes.CDLL, sensor: int, value: float, factor: float) -> None:
    m = lib.measurement_scaled(Measurement(sensor, value), factor)
    assert m.sensor == sensor
    assert m.value == value * factor or (m.value != m.value and value * factor != value * factor)


@given(days=st.integers(0, 2**32 - 1), seconds=st.integers(-(2**63), 2**63 - 1))
def test_total_seconds_saturates(lib: ctypes.CDLL, days: int, seconds: int) -> None:
    expected = max(-(2**63), min(2**63 - 1, days * 86_400 + seconds))
    assert lib.total_seconds(days, seconds) == expected


def test_total_seconds_edges(lib: ctypes.CDLL) -> None:
    assert lib.total_seconds(30_000, 1) == 30_000 * 86_400 + 1  # too big for the old i32
    assert lib.total_seconds(2**32 - 1, 2**63 - 1) == 2**63 - 1
    with pytest.raises(ctypes.ArgumentError):
        lib.total_seconds("1", 0)
