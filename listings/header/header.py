"""Declare the `header` library as its C header says."""

import ctypes

from loader import load_library


class Measurement(ctypes.Structure):  # typedef struct Measurement {...}
    _fields_ = [("sensor", ctypes.c_uint16), ("value", ctypes.c_double)]


lib = load_library("header")
# struct Measurement measurement_scaled(struct Measurement m, double factor);
lib.measurement_scaled.argtypes = [Measurement, ctypes.c_double]
lib.measurement_scaled.restype = Measurement
# int64_t total_seconds(uint32_t days, int64_t seconds);
lib.total_seconds.argtypes = [ctypes.c_uint32, ctypes.c_int64]
lib.total_seconds.restype = ctypes.c_int64

m = lib.measurement_scaled(Measurement(7, 21.5), 2.0)
print(f"measurement_scaled(sensor 7, 21.5, x2) -> sensor {m.sensor}, value {m.value}")
print("sizeof(Measurement) =", ctypes.sizeof(Measurement), "(2 bytes, 6 of padding, 8)")
print("total_seconds(1, 5) =", lib.total_seconds(1, 5))
print("total_seconds(30000, 0) =", lib.total_seconds(30_000, 0))
