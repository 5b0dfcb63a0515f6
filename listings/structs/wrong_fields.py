"""DANGER: Python's Structure declares the fields in another order, or type, than Rust does."""

import ctypes

from loader import load_library


class Reading(ctypes.Structure):  # right: as in the header
    _fields_ = [
        ("sensor", ctypes.c_uint32),
        ("celsius", ctypes.c_float),
        ("timestamp", ctypes.c_uint64),
    ]


class SwappedReading(ctypes.Structure):  # wrong: the first two fields swapped
    _fields_ = [
        ("celsius", ctypes.c_float),
        ("sensor", ctypes.c_uint32),
        ("timestamp", ctypes.c_uint64),
    ]


class MistypedReading(ctypes.Structure):  # wrong: timestamp declared as a double
    _fields_ = [
        ("sensor", ctypes.c_uint32),
        ("celsius", ctypes.c_float),
        ("timestamp", ctypes.c_double),
    ]


lib = load_library("structs")
lib.reading_new.argtypes = [ctypes.c_uint32, ctypes.c_float, ctypes.c_uint64]

for cls in (Reading, SwappedReading, MistypedReading):
    lib.reading_new.restype = cls
    r = lib.reading_new(7, 21.5, 1_700_000_000)
    print(
        f"{cls.__name__:15} size {ctypes.sizeof(cls)}: sensor={r.sensor} celsius={r.celsius} "
        f"timestamp={r.timestamp}"
    )
