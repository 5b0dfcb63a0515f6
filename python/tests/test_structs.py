"""structs: NULL and empty input get the documented answer, never a crash."""

import ctypes
import math

import pytest
from conftest import FLOATS, load_listing
from hypothesis import given
from hypothesis import strategies as st


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class Rect(ctypes.Structure):
    _fields_ = [("min", Point), ("max", Point)]


class Reading(ctypes.Structure):
    _fields_ = [("sensor", ctypes.c_uint32), ("celsius", ctypes.c_float), ("timestamp", ctypes.c_uint64)]


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    lib = load_listing("structs")
    lib.rect_from_corners.argtypes = [Point, Point]
    lib.rect_from_corners.restype = Rect
    lib.rect_area.argtypes = [ctypes.POINTER(Rect)]
    lib.rect_area.restype = ctypes.c_double
    lib.bounding_rect.argtypes = [ctypes.POINTER(Point), ctypes.c_size_t, ctypes.POINTER(Rect)]
    lib.bounding_rect.restype = ctypes.c_bool
    lib.reading_new.argtypes = [ctypes.c_uint32, ctypes.c_float, ctypes.c_uint64]
    lib.reading_new.restype = Reading
    return lib


def test_rect_from_corners(lib: ctypes.CDLL) -> None:
    r = lib.rect_from_corners(Point(4, 1), Point(1, 3))
    assert (r.min.x, r.min.y, r.max.x, r.max.y) == (1, 1, 4, 3)


def test_rect_area(lib: ctypes.CDLL) -> None:
    assert lib.rect_area(ctypes.byref(Rect(Point(0, 0), Point(2, 3)))) == 6
    assert math.isnan(lib.rect_area(None))


def test_bounding_rect(lib: ctypes.CDLL) -> None:
    points = (Point * 2)(Point(1, 5), Point(-2, 0))
    out = Rect()
    assert lib.bounding_rect(points, 2, ctypes.byref(out))
    assert (out.min.x, out.min.y, out.max.x, out.max.y) == (-2, 0, 1, 5)


def test_bounding_rect_bad_input_leaves_out_alone(lib: ctypes.CDLL) -> None:
    points = (Point * 2)(Point(1, 5), Point(-2, 0))
    out = Rect(Point(9, 9), Point(9, 9))
    assert not lib.bounding_rect(None, 2, ctypes.byref(out))
    assert not lib.bounding_rect(points, 0, ctypes.byref(out))
    assert not lib.bounding_rect(points, 2, None)
    assert (out.min.x, out.max.y) == (9, 9)


def test_reading_new(lib: ctypes.CDLL) -> None:
    r = lib.reading_new(7, 21.5, 2**64 - 1)
    assert (r.sensor, r.celsius, r.timestamp) == (7, 21.5, 2**64 - 1)


def test_layout_matches_header() -> None:
    assert (ctypes.sizeof(Point), ctypes.sizeof(Rect), ctypes.sizeof(Reading)) == (16, 32, 16)


@given(points=st.lists(st.tuples(FLOATS, FLOATS), max_size=100))
def test_bounding_rect_any_points(lib: ctypes.CDLL, points: list[tuple[float, float]]) -> None:
    array = (Point * len(points))(*[Point(x, y) for x, y in points])
    out = Rect(Point(7, 7), Point(7, 7))
    ok = lib.bounding_rect(array, len(points), ctypes.byref(out))
    assert ok == bool(points)
    if points:
        xs, ys = [p[0] for p in points], [p[1] for p in points]
        assert (out.min.x, out.min.y, out.max.x, out.max.y) == (min(xs), min(ys), max(xs), max(ys))
    else:
        assert (out.min.x, out.max.y) == (7, 7)
