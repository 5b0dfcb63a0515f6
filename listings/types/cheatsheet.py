"""The type cheat-sheet: for each type, what Rust, C, ctypes, NumPy and struct say, measured."""

import ctypes
import re
import struct
import sys
from pathlib import Path

import numpy as np
from loader import load_library


class Layout(ctypes.Structure):
    _fields_ = [("name", ctypes.c_char_p), ("size", ctypes.c_size_t), ("align", ctypes.c_size_t)]


class Pair(ctypes.Structure):
    _fields_ = [("small", ctypes.c_uint8), ("big", ctypes.c_double)]


class Vec3(ctypes.Structure):
    _fields_ = [("xyz", ctypes.c_double * 3)]


class Bits(ctypes.Union):
    _fields_ = [("as_int", ctypes.c_uint32), ("as_float", ctypes.c_float)]


DOUBLE_P = ctypes.POINTER(ctypes.c_double)
UNARY = ctypes.CFUNCTYPE(ctypes.c_double, ctypes.c_double)
twice = UNARY(lambda x: 2 * x)
kept = ctypes.c_double(2.5)  # what the pointer rows point to
address = ctypes.c_void_p(
    ctypes.addressof(kept)
)  # the same, as an address of nothing in particular
NDPOINTER = np.ctypeslib.ndpointer(np.float64, ndim=1, flags="C_CONTIGUOUS,ALIGNED")

# One row per type: the echo function, the ctypes type Python declares (as you write it: on
# Linux ctypes.c_int64 *is* c_long, which is 4 bytes on Windows), the NumPy dtype and the
# struct-module format of the same memory (None: there is none), and a value to send.
PAIR_DTYPE = np.dtype([("small", "u1"), ("big", "f8")], align=True)
BITS_DTYPE = np.dtype(
    {"names": ["as_int", "as_float"], "formats": ["u4", "f4"], "offsets": [0, 0]}, align=True
)
VEC3_DTYPE = np.dtype([("xyz", "f8", (3,))], align=True)
ROWS = [
    ("echo_i8", "c_int8", ctypes.c_int8, "int8", np.int8, "b", -(2**7)),
    ("echo_i16", "c_int16", ctypes.c_int16, "int16", np.int16, "h", -(2**15)),
    ("echo_i32", "c_int32", ctypes.c_int32, "int32", np.int32, "i", -(2**31)),
    ("echo_i64", "c_int64", ctypes.c_int64, "int64", np.int64, "q", -(2**63)),
    ("echo_u8", "c_uint8", ctypes.c_uint8, "uint8", np.uint8, "B", 2**8 - 1),
    ("echo_u16", "c_uint16", ctypes.c_uint16, "uint16", np.uint16, "H", 2**16 - 1),
    ("echo_u32", "c_uint32", ctypes.c_uint32, "uint32", np.uint32, "I", 2**32 - 1),
    ("echo_u64", "c_uint64", ctypes.c_uint64, "uint64", np.uint64, "Q", 2**64 - 1),
    ("echo_usize", "c_size_t", ctypes.c_size_t, "uintp", np.uintp, "N", 2**64 - 1),
    ("echo_isize", "c_ssize_t", ctypes.c_ssize_t, "intp", np.intp, "n", -(2**63)),
    ("echo_f32", "c_float", ctypes.c_float, "float32", np.float32, "f", 0.1),
    ("echo_f64", "c_double", ctypes.c_double, "float64", np.float64, "d", 0.1),
    ("echo_bool", "c_bool", ctypes.c_bool, "bool", np.bool_, "?", True),
    ("echo_c_char", "c_char", ctypes.c_char, "S1", np.dtype("S1"), "c", b"A"),
    ("echo_ptr", "POINTER(c_double)", DOUBLE_P, "uintp", np.uintp, "P", ctypes.pointer(kept)),
    ("echo_opt_ref", "POINTER(c_double)", DOUBLE_P, "uintp", np.uintp, "P", ctypes.pointer(kept)),
    ("echo_opt_nonnull", "POINTER(c_double)", DOUBLE_P, "uintp", np.uintp, "P", None),
    ("echo_fn", "CFUNCTYPE(...)", UNARY, "-", None, "P", twice),
    ("echo_pair", "Structure", Pair, "fields", PAIR_DTYPE, "Bd", Pair(7, 2.5)),
    ("echo_color", "c_uint32", ctypes.c_uint32, "uint32", np.uint32, "I", 2),
    ("echo_bits", "Union", Bits, "offsets 0", BITS_DTYPE, "I", Bits(as_float=1.0)),
    ("echo_vec3", "c_double * 3", Vec3, "(f8, (3,))", VEC3_DTYPE, "3d", Vec3((1.0, 2.0, 3.0))),
    ("echo_str", "c_char_p", ctypes.c_char_p, "uintp", np.uintp, "P", b"hi"),
    ("echo_void", "c_void_p", ctypes.c_void_p, "uintp", np.uintp, "P", address),
    ("echo_handle", "c_void_p", ctypes.c_void_p, "uintp", np.uintp, "P", address),
    (
        "sum_slice",
        "POINTER(c_double)",
        DOUBLE_P,
        "uintp",
        np.uintp,
        "P",
        (ctypes.c_double * 2)(1, 2.5),
    ),
    ("sum_slice", "ndpointer(...)", NDPOINTER, "uintp", np.uintp, "P", np.array([1, 2.5])),
]
BY_POINTER = {"echo_bits"}  # libffi cannot pass a union by value: Rust takes a pointer to it

lib = load_library("types")
lib.layout_of.argtypes = [ctypes.c_uint32]
lib.layout_of.restype = Layout
header = (Path(__file__).resolve().parent / "types.h").read_text()


def c_type(function: str) -> str:
    """The C type of the function's first parameter, as cbindgen wrote it in types.h."""
    declared = re.search(rf"\b{function}\((.*?)\);", header)[1].split(",")[0]
    return " ".join(declared.replace("*", " * ").split()[:-1]).replace(" *", "*")


def show(value: object) -> str:
    """A value as the table prints it."""
    if isinstance(value, ctypes.Structure | ctypes.Union):
        return (
            "("
            + ", ".join(
                show(getattr(value, f)) for f, *_ in value._fields_[:1] + value._fields_[1:]
            )
            + ")"
        )
    if isinstance(value, ctypes.Array):
        return show(list(value))
    if isinstance(value, np.ndarray):
        return f"array({show(value.tolist())})"
    if isinstance(value, ctypes.c_void_p) or value == ctypes.addressof(kept):
        return "&2.5" if getattr(value, "value", value) == ctypes.addressof(kept) else "another"
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list):
        return "[" + ", ".join(map(show, value)) + "]"
    if isinstance(value, ctypes._Pointer):
        if not value:
            return "NULL"
        return (
            "&2.5"
            if ctypes.addressof(value.contents) == ctypes.addressof(kept)
            else "another pointer"
        )
    if value is twice:
        return "x -> 2x"
    if isinstance(value, str):
        return value
    if type(value) is int and abs(value) >= 2**16:  # -2**63, not -9223372036854775808
        bits = (abs(value) + (value > 0)).bit_length() - 1
        return (
            f"-2**{bits}"
            if value == -(2**bits)
            else f"2**{bits} - 1"
            if value == 2**bits - 1
            else repr(value)
        )
    return "NULL" if value is None else repr(value)


def send(function: str, ctype: type, value: object) -> object:
    """Call the echo function with `value`; what came back."""
    f = lib[function]
    if function == "echo_fn":
        f.argtypes, f.restype = [UNARY, ctypes.c_double], ctypes.c_double
        return f"f(1.5) = {f(value, 1.5)}"  # Rust calls the callback with 1.5
    if function == "sum_slice":  # a slice: the pointer, then the count of elements
        f.argtypes, f.restype = [ctype, ctypes.c_size_t], ctypes.c_double
        return f(value, len(value))
    if function in BY_POINTER:
        f.argtypes, f.restype = [ctypes.POINTER(ctype)], ctypes.c_uint32
        return f(ctypes.byref(value))
    f.argtypes = [ctype]
    f.restype = {"echo_opt_ref": ctypes.c_double, "echo_color": ctypes.c_uint32}.get(
        function, ctype
    )
    back = f(value)
    if function == "echo_ptr":  # a bare address comes back: the same one?
        back = (
            "&2.5" if ctypes.cast(back, ctypes.c_void_p).value == ctypes.addressof(kept) else back
        )
    return back


problems, names, measured = [], [], []
for index, (function, name, ctype, numpy, dtype, code, value) in enumerate(ROWS):
    rust = lib.layout_of(index)
    dtype = None if dtype is None else np.dtype(dtype)
    sizes = {
        "Rust": rust.size,
        "ctypes": ctypes.sizeof(ctype),
        "struct": struct.calcsize("@" + code),
    }
    aligns = {"Rust": rust.align, "ctypes": ctypes.alignment(ctype)}
    if dtype is not None:
        sizes["NumPy"] = dtype.itemsize
        aligns["NumPy"] = dtype.alignment
    if len(set(sizes.values())) > 1 or len(set(aligns.values())) > 1:
        problems.append(f"{rust.name.decode()}: sizes {sizes}, alignments {aligns}")
    back = send(function, ctype, value)
    rust_name = rust.name.decode()
    names.append(f"{rust_name:<33} {c_type(function):<17} {name:<17} {numpy:<10} {code}")
    measured.append(
        f"{rust_name:<33} {rust.size:>4} {rust.align:>5}  {show(value)} -> {show(back)}"
    )
if lib.layout_of(len(ROWS)).name is not None:
    problems.append("Rust's layout_of knows more types than this table has rows")
# Two tables, so that neither is wider than a page.
print(f"{'Rust':<33} {'C (cbindgen)':<17} {'ctypes':<17} {'NumPy':<10} struct", *names, sep="\n")
print(f"\n{'Rust':<33} size align  a value in -> out", *measured, sep="\n")
for problem in problems:
    print("MISMATCH:", problem)
sys.exit(1 if problems else 0)
