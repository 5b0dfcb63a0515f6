"""Enums and flags: IntEnum and IntFlag on the Python side, plain u32 across, checked in Rust."""

import ctypes
import enum

from loader import load_library


class Shape(enum.IntEnum):
    """The header's `enum Shape`, value for value."""

    CIRCLE = 1
    SQUARE = 2
    TRIANGLE = 3


class Style(enum.IntFlag):
    """The header's STYLE_* bits."""

    BOLD = 1 << 0
    ITALIC = 1 << 1
    CODE = 1 << 2


class Payload(ctypes.Union):
    _fields_ = [("as_int", ctypes.c_int64), ("as_float", ctypes.c_double)]


class Number(ctypes.Structure):
    _fields_ = [("kind", ctypes.c_uint32), ("payload", Payload)]


ENUMS_NOT_A_SHAPE = -1
NUMBER_INT, NUMBER_FLOAT = 1, 2

lib = load_library("enums")
lib.area.argtypes = [ctypes.c_uint32, ctypes.c_double, ctypes.POINTER(ctypes.c_double)]
lib.area.restype = ctypes.c_int32
lib.most_sides.argtypes = []
lib.most_sides.restype = ctypes.c_uint32  # the header's `Shape` is a uint32_t
lib.markup_len.argtypes = [ctypes.c_uint32]
lib.markup_len.restype = ctypes.c_int32
lib.number_as_f64.argtypes = [ctypes.POINTER(Number)]
lib.number_as_f64.restype = ctypes.c_double


def as_u32(value: int, what: str) -> int:
    """ctypes.c_uint32 keeps only the low 32 bits of an int: refuse what it would cut."""
    if not 0 <= value < 2**32:
        raise OverflowError(f"{what} {value} does not fit a uint32_t")
    return value


def area(shape: Shape, size: float) -> float:
    out = ctypes.c_double()
    code = lib.area(as_u32(shape, "shape"), size, ctypes.byref(out))
    if code == ENUMS_NOT_A_SHAPE:
        raise ValueError(f"{shape!r} is not a shape Rust knows")
    return out.value


def markup_len(style: Style) -> int:
    """The length of the markup for `style`, or -1 for bits Rust does not know."""
    return lib.markup_len(as_u32(style, "style"))


for shape in Shape:
    print(f"area({shape.name}, 2.0) = {area(shape, 2.0):.4f}")
print("most_sides() ->", Shape(lib.most_sides()).name)  # from Rust: always a valid Shape

# Python refuses a number that is no Shape; Rust refuses it too, when it arrives as a u32.
try:
    Shape(4)
except ValueError as err:
    print("Shape(4):", err)
try:
    area(4, 2.0)
except ValueError as err:
    print("area(4, 2.0):", err)
# 2**32 + 1 would reach Rust as 1, a CIRCLE: the wrapper refuses it before ctypes cuts it.
try:
    area(2**32 + 1, 2.0)
except OverflowError as err:
    print("area(2**32 + 1, 2.0):", err)

# Any combination of flags is a valid value, and IntFlag keeps unknown bits: Rust checks them.
for style in [Style.BOLD, Style.BOLD | Style.CODE, Style(0), Style(8)]:
    print(f"markup_len({style!r}) = {markup_len(style)}")
try:
    markup_len(Style(2**32 | 1))
except OverflowError as err:
    print("markup_len(Style(2**32 | 1)):", err)

# A tagged union: the tag says which field was written. Rust reads only that one.
for number in [
    Number(NUMBER_INT, Payload(as_int=2**53 + 1)),
    Number(NUMBER_FLOAT, Payload(as_float=0.25)),
    Number(7, Payload(as_int=1)),
]:
    field = {NUMBER_INT: "as_int", NUMBER_FLOAT: "as_float"}.get(number.kind, "as_int")
    print(f"kind {number.kind}, {field} = {getattr(number.payload, field)!r}", end=" ")
    print("-> number_as_f64:", lib.number_as_f64(ctypes.byref(number)))
