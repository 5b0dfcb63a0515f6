"""The exercise: a Rust struct holding another, made by Rust and passed back by pointer."""

import ctypes

from loader import load_library


class Point(ctypes.Structure):
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]


class Circle(ctypes.Structure):
    # ANCHOR: solution
    # starter: _fields_ = []  # your code here: Rust's fields, in Rust's order
    _fields_ = [("center", Point), ("radius", ctypes.c_double)]  # the same order as in Rust
    # ANCHOR_END: solution


lib = load_library("structs_circle")
lib.circle_new.argtypes = [Point, ctypes.c_double]
lib.circle_new.restype = Circle
lib.circle_contains.argtypes = [ctypes.POINTER(Circle), Point]
lib.circle_contains.restype = ctypes.c_int32

if __name__ == "__main__":
    circle = lib.circle_new(Point(1.0, 1.0), -2.0)
    print(f"sizeof(Circle) = {ctypes.sizeof(Circle)}, radius.offset = {Circle.radius.offset}")
    print(f"circle: center ({circle.center.x}, {circle.center.y}), radius {circle.radius}")
    for x, y in [(1.5, 0.5), (3.0, 1.0), (3.0, 3.0)]:
        inside = lib.circle_contains(ctypes.byref(circle), Point(x, y))
        print(f"contains ({x}, {y}) -> {inside}")
    print("contains with NULL ->", lib.circle_contains(None, Point(0.0, 0.0)))
