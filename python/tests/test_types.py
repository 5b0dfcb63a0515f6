"""types: every echo function gives back what it got, and the cheat-sheet fails on a wrong row."""

import ctypes
import math
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, load_listing
from hypothesis import given
from hypothesis import strategies as st

INTEGERS = {
    "echo_i8": (ctypes.c_int8, 8, True),
    "echo_i16": (ctypes.c_int16, 16, True),
    "echo_i32": (ctypes.c_int32, 32, True),
    "echo_i64": (ctypes.c_int64, 64, True),
    "echo_isize": (ctypes.c_ssize_t, 64, True),
    "echo_u8": (ctypes.c_uint8, 8, False),
    "echo_u16": (ctypes.c_uint16, 16, False),
    "echo_u32": (ctypes.c_uint32, 32, False),
    "echo_u64": (ctypes.c_uint64, 64, False),
    "echo_usize": (ctypes.c_size_t, 64, False),
}


@pytest.fixture(scope="module")
def lib() -> ctypes.CDLL:
    return load_listing("types")


@pytest.mark.parametrize("name", sorted(INTEGERS))
@given(data=st.data())
def test_integers_come_back_unchanged(lib: ctypes.CDLL, name: str, data: st.DataObject) -> None:
    ctype, bits, signed = INTEGERS[name]
    low, high = (-(2 ** (bits - 1)), 2 ** (bits - 1) - 1) if signed else (0, 2**bits - 1)
    value = data.draw(st.integers(low, high))
    f = lib[name]
    f.argtypes, f.restype = [ctype], ctype
    assert f(value) == value


def test_the_other_types_come_back(lib: ctypes.CDLL) -> None:
    lib.echo_f32.argtypes, lib.echo_f32.restype = [ctypes.c_float], ctypes.c_float
    lib.echo_f64.argtypes, lib.echo_f64.restype = [ctypes.c_double], ctypes.c_double
    lib.echo_bool.argtypes, lib.echo_bool.restype = [ctypes.c_bool], ctypes.c_bool
    lib.echo_c_char.argtypes, lib.echo_c_char.restype = [ctypes.c_char], ctypes.c_char
    assert lib.echo_f32(0.5) == 0.5 and lib.echo_f64(-0.0) == 0.0 and lib.echo_bool(True) is True
    assert lib.echo_c_char(b"\xff") == b"\xff"
    double_p = ctypes.POINTER(ctypes.c_double)
    lib.echo_ptr.argtypes, lib.echo_ptr.restype = [double_p], double_p
    lib.echo_opt_ref.argtypes, lib.echo_opt_ref.restype = [double_p], ctypes.c_double
    lib.echo_opt_nonnull.argtypes, lib.echo_opt_nonnull.restype = [double_p], double_p
    x = ctypes.c_double(4.0)
    assert lib.echo_ptr(ctypes.byref(x)).contents.value == 4.0
    assert lib.echo_opt_ref(ctypes.byref(x)) == 4.0 and math.isnan(lib.echo_opt_ref(None))
    assert not lib.echo_opt_nonnull(None)
    unary = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
    lib.echo_fn.argtypes, lib.echo_fn.restype = [unary, ctypes.c_double], ctypes.c_double
    assert lib.echo_fn(unary(lambda v: v + 1), 2.0) == 3.0 and math.isnan(lib.echo_fn(unary(), 2.0))
    lib.echo_color.argtypes, lib.echo_color.restype = [ctypes.c_uint32], ctypes.c_uint32
    assert [lib.echo_color(c) for c in (1, 2)] == [1, 2]  # only the variants: anything else is UB


def test_structs_unions_and_layouts(lib: ctypes.CDLL) -> None:
    class Pair(ctypes.Structure):
        _fields_ = [("small", ctypes.c_uint8), ("big", ctypes.c_double)]

    class Vec3(ctypes.Structure):
        _fields_ = [("xyz", ctypes.c_double * 3)]

    class Bits(ctypes.Union):
        _fields_ = [("as_int", ctypes.c_uint32), ("as_float", ctypes.c_float)]

    class Layout(ctypes.Structure):
        _fields_ = [("name", ctypes.c_char_p), ("size", ctypes.c_size_t), ("align", ctypes.c_size_t)]

    lib.echo_pair.argtypes, lib.echo_pair.restype = [Pair], Pair
    lib.echo_vec3.argtypes, lib.echo_vec3.restype = [Vec3], Vec3
    lib.echo_bits.argtypes, lib.echo_bits.restype = [ctypes.POINTER(Bits)], ctypes.c_uint32
    lib.layout_of.argtypes, lib.layout_of.restype = [ctypes.c_uint32], Layout
    pair = lib.echo_pair(Pair(255, 1e300))
    assert (pair.small, pair.big) == (255, 1e300)
    assert list(lib.echo_vec3(Vec3((1.0, -2.0, 3.5))).xyz) == [1.0, -2.0, 3.5]
    assert lib.echo_bits(ctypes.byref(Bits(as_float=-2.0))) == 0xC0000000 and lib.echo_bits(None) == 0
    assert (lib.layout_of(18).name, lib.layout_of(18).size) == (b"Pair: #[repr(C)] struct", 16)
    assert lib.layout_of(1000).name is None


def test_a_row_that_disagrees_fails_the_cheat_sheet(tmp_path: Path) -> None:
    """The listing run on a copy whose i32 row declares c_int16: the run fails, naming the row."""
    folder = tmp_path / "listings" / "types"
    folder.mkdir(parents=True)
    shutil.copy(ROOT / "listings" / "types" / "types.h", folder)
    shutil.copy(ROOT / "listings" / "loader.py", folder)
    text = (ROOT / "listings" / "types" / "cheatsheet.py").read_text()
    wrong = '("echo_i32", "c_int32", ctypes.c_int32,'
    assert wrong in text
    (folder / "cheatsheet.py").write_text(text.replace(wrong, '("echo_i32", "c_int16", ctypes.c_int16,'))
    (tmp_path / "target").symlink_to(ROOT / "target")  # the loader finds target/release above it
    done = subprocess.run([sys.executable, str(folder / "cheatsheet.py")], capture_output=True, text=True)
    assert done.returncode == 1
    assert "MISMATCH: i32: sizes {'Rust': 4, 'ctypes': 2, 'struct': 4, 'NumPy': 4}" in done.stdout


def test_pointers_come_back_as_the_same_address(lib: ctypes.CDLL) -> None:
    lib.echo_str.argtypes, lib.echo_str.restype = [ctypes.c_char_p], ctypes.c_char_p
    assert lib.echo_str(b"caf\xc3\xa9") == b"caf\xc3\xa9"
    assert lib.echo_str(None) is None
    lib.echo_void.argtypes, lib.echo_void.restype = [ctypes.c_void_p], ctypes.c_void_p
    buffer = ctypes.create_string_buffer(8)
    assert lib.echo_void(ctypes.addressof(buffer)) == ctypes.addressof(buffer)
    assert lib.echo_void(None) is None
    handle = ctypes.c_void_p(ctypes.addressof(buffer))
    lib.echo_handle.argtypes, lib.echo_handle.restype = [ctypes.c_void_p], ctypes.c_void_p
    assert lib.echo_handle(handle) == handle.value


@given(values=st.lists(st.floats(-1e6, 1e6), max_size=50))
def test_sum_slice_adds_what_it_is_given(lib: ctypes.CDLL, values: list[float]) -> None:
    lib.sum_slice.argtypes = [ctypes.POINTER(ctypes.c_double), ctypes.c_size_t]
    lib.sum_slice.restype = ctypes.c_double
    array = (ctypes.c_double * len(values))(*values)
    assert lib.sum_slice(array, len(values)) == pytest.approx(math.fsum(values), abs=1e-6)


def test_sum_slice_refuses_null_and_misaligned_pointers(lib: ctypes.CDLL) -> None:
    lib.sum_slice.argtypes = [ctypes.c_void_p, ctypes.c_size_t]
    lib.sum_slice.restype = ctypes.c_double
    assert math.isnan(lib.sum_slice(None, 3))
    assert lib.sum_slice(None, 0) == 0.0
    buffer = (ctypes.c_double * 4)(1, 2, 3, 4)
    assert math.isnan(lib.sum_slice(ctypes.addressof(buffer) + 1, 2))
    assert math.isnan(lib.sum_slice(ctypes.addressof(buffer), 2**62))  # longer than any array
