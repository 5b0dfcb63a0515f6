"""The exercise: `most_sides` answers a `Shape`, and `markup_len` takes a `Style` and
refuses bits Rust does not know with an exception, not a -1."""

import ctypes
import enum

from loader import load_library


class Shape(enum.IntEnum):
    CIRCLE = 1
    SQUARE = 2
    TRIANGLE = 3


class Style(enum.IntFlag):
    BOLD = 1 << 0
    ITALIC = 1 << 1
    CODE = 1 << 2


lib = load_library("enums")
lib.most_sides.argtypes = []
lib.most_sides.restype = ctypes.c_uint32
lib.markup_len.argtypes = [ctypes.c_uint32]
lib.markup_len.restype = ctypes.c_int32


def most_sides() -> Shape:
    """The shape with the most sides, as a Shape."""
    # ANCHOR: solution
    return Shape(lib.most_sides())
    # ANCHOR_END: solution


def markup_len(style: Style | int) -> int:
    """How many characters of Markdown `style` adds around a word. ValueError for a bit Rust
    does not know, OverflowError for a number a uint32_t cannot hold."""
    # ANCHOR: solution
    if not 0 <= style < 2**32:
        raise OverflowError(f"{style} does not fit a uint32_t")
    length = lib.markup_len(style)
    if length < 0:
        raise ValueError(f"{style:#x} has a bit the library does not know")
    return length
    # ANCHOR_END: solution


if __name__ == "__main__":
    print("most_sides() ->", repr(most_sides()))
    print("markup_len(BOLD | CODE) ->", markup_len(Style.BOLD | Style.CODE))
    try:
        markup_len(8)
    except ValueError as err:
        print("ValueError:", err)
