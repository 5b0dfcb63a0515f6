"""release_settings: count_byte counts bytes, and NULL gives 0."""

import ctypes

from conftest import load_listing
from hypothesis import given
from hypothesis import strategies as st


@given(data=st.binary(max_size=5000), wanted=st.integers(0, 255))
def test_count_byte(data: bytes, wanted: int) -> None:
    lib = load_listing("release_settings")
    lib.count_byte.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint8]
    lib.count_byte.restype = ctypes.c_size_t
    assert lib.count_byte(data, len(data), wanted) == data.count(wanted)
    assert lib.count_byte(None, 3, wanted) == 0
