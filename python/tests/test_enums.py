"""enums: every u32 is checked before it becomes a Shape; unknown flag bits are refused."""

import ctypes
import math

import pytest
from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st

NOT_A_SHAPE, BAD_OUT = -1, -2


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    library = load_listing("enums")
    library.area.argtypes = [ctypes.c_uint32, ctypes.c_double, ctypes.POINTER(ctypes.c_double)]
    library.area.restype = ctypes.c_int32
    library.most_sides.argtypes, library.most_sides.restype = [], ctypes.c_uint32
    library.markup_len.argtypes, library.markup_len.restype = [ctypes.c_uint32], ctypes.c_int32
    return library


@given(shape=st.integers(0, 2**32 - 1))
def test_every_u32_is_a_shape_or_refused(lib: ctypes.CDLL, shape: int) -> None:
    out = ctypes.c_double(-1.0)
    code = lib.area(shape, 2.0, ctypes.byref(out))
    if shape in (1, 2, 3):
        assert code == 0 and out.value == pytest.approx([math.pi * 4, 4.0, math.sqrt(3)][shape - 1])
    else:
        assert code == NOT_A_SHAPE and out.value == -1.0


def test_null_out_and_most_sides(lib: ctypes.CDLL) -> None:
    assert lib.area(1, 2.0, None) == BAD_OUT
    assert lib.most_sides() == 2


@given(style=st.integers(0, 2**32 - 1))
def test_unknown_bits_are_refused(lib: ctypes.CDLL, style: int) -> None:
    expected = -1 if style & ~7 else 4 * (style & 1 != 0) + 2 * (style & 2 != 0) + 2 * (style & 4 != 0)
    assert lib.markup_len(style) == expected


def test_the_tag_decides_which_field_is_read(lib: ctypes.CDLL) -> None:
    class Payload(ctypes.Union):
        _fields_ = [("as_int", ctypes.c_int64), ("as_float", ctypes.c_double)]

    class Number(ctypes.Structure):
        _fields_ = [("kind", ctypes.c_uint32), ("payload", Payload)]

    lib.number_as_f64.argtypes, lib.number_as_f64.restype = [ctypes.POINTER(Number)], ctypes.c_double
    assert lib.number_as_f64(ctypes.byref(Number(1, Payload(as_int=-7)))) == -7.0
    assert lib.number_as_f64(ctypes.byref(Number(2, Payload(as_float=1.5)))) == 1.5
    assert math.isnan(lib.number_as_f64(ctypes.byref(Number(3, Payload(as_int=1)))))
    assert math.isnan(lib.number_as_f64(None))
