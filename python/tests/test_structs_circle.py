"""structs_circle (the Structs exercise's solution): circles by value and by pointer; NULL and
misaligned pointers give CIRCLE_BAD_POINTER, never a crash."""

import ctypes
import math

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

CIRCLE_BAD_POINTER = -1  # from structs_circle.h
FLOATS = st.floats(min_value=-1e150, max_value=1e150)


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class Circle(ctypes.Structure):
    _fields_ = [("center", Point), ("radius", ctypes.c_double)]


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("structs_circle")
    lib.circle_new.argtypes = [Point, ctypes.c_double]
    lib.circle_new.restype = Circle
    lib.circle_contains.argtypes = [ctypes.POINTER(Circle), Point]
    lib.circle_contains.restype = ctypes.c_int32
    return lib


@given(FLOATS, FLOATS, FLOATS, FLOATS, FLOATS)
def test_circle_contains_matches_python(lib, cx, cy, radius, x, y):
    circle = lib.circle_new(Point(cx, cy), radius)
    assert (circle.center.x, circle.center.y, circle.radius) == (cx, cy, abs(radius))
    inside = math.hypot(x - cx, y - cy) <= abs(radius)
    assert lib.circle_contains(ctypes.byref(circle), Point(x, y)) == int(inside)


def test_circle_contains_refuses_null_and_misaligned(lib):
    assert lib.circle_contains(None, Point(0.0, 0.0)) == CIRCLE_BAD_POINTER
    buffer = (ctypes.c_double * 4)()
    misaligned = ctypes.cast(ctypes.addressof(buffer) + 1, ctypes.POINTER(Circle))
    assert lib.circle_contains(misaligned, Point(0.0, 0.0)) == CIRCLE_BAD_POINTER
