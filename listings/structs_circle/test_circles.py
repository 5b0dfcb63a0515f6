"""The exercise's task as tests: `python3 -m pytest -q` passes once Circle, circle_new and
circle_contains are written."""

import ctypes

from circles import Circle, Point, lib


def test_the_layout_is_rusts():
    assert ctypes.sizeof(Circle) == 24
    assert (Circle.center.offset, Circle.radius.offset) == (0, 16)


def new(x: float, y: float, radius: float) -> Circle:
    test_the_layout_is_rusts()  # a struct of the wrong size returned by value is no test
    return lib.circle_new(Point(x, y), radius)


def test_a_new_circle_keeps_its_center_and_makes_its_radius_positive():
    circle = new(1.0, 1.0, -2.0)
    assert (circle.center.x, circle.center.y, circle.radius) == (1.0, 1.0, 2.0)


def test_inside_on_the_edge_and_outside():
    circle = new(1.0, 1.0, 2.0)
    inside = [
        lib.circle_contains(ctypes.byref(circle), Point(x, y))
        for x, y in [(1.5, 0.5), (3.0, 1.0), (3.0, 3.0)]
    ]
    assert inside == [1, 1, 0]


def test_a_null_circle_is_refused():
    test_the_layout_is_rusts()
    assert lib.circle_contains(None, Point(0.0, 0.0)) == -1
