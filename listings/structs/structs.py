"""Structs across the boundary: by value, nested, by pointer, and filled in by Rust."""

import ctypes

from loader import load_library


class Point(ctypes.Structure):
    # The same fields, in the same order, with the same C types as the Rust struct.
    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]

    def __repr__(self) -> str:
        return f"Point({self.x}, {self.y})"


class Rect(ctypes.Structure):
    _fields_ = [("min", Point), ("max", Point)]  # nested structs are stored inline

    def __repr__(self) -> str:
        return f"Rect(min={self.min}, max={self.max})"


lib = load_library("structs")
lib.rect_from_corners.argtypes = [Point, Point]
lib.rect_from_corners.restype = Rect
lib.rect_area.argtypes = [ctypes.POINTER(Rect)]
lib.rect_area.restype = ctypes.c_double
lib.bounding_rect.argtypes = [ctypes.POINTER(Point), ctypes.c_size_t, ctypes.POINTER(Rect)]
lib.bounding_rect.restype = ctypes.c_bool

print("sizeof(Point) =", ctypes.sizeof(Point), "| sizeof(Rect) =", ctypes.sizeof(Rect))

# By value: ctypes copies the structs in, and builds a new Rect from the result.
rect = lib.rect_from_corners(Point(4, 1), Point(1, 3))
print("rect_from_corners ->", rect)

# By pointer: byref passes the address of our Rect, without a copy.
print("rect_area ->", lib.rect_area(ctypes.byref(rect)))

# A pointer to fill: Python allocates an empty Rect, Rust writes into it.
points = (Point * 3)(Point(1, 5), Point(-2, 0), Point(3, 2))
out = Rect()
ok = lib.bounding_rect(points, len(points), ctypes.byref(out))
print("bounding_rect ->", ok, out)

# Bad input: NULL gets the documented answer, and `out` is left alone.
print("rect_area(NULL) ->", lib.rect_area(None))
print("bounding_rect(NULL, 3, out) ->", lib.bounding_rect(None, 3, ctypes.byref(out)), out)
