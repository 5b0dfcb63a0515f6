# header-check: skip (this listing mis-declares on purpose)
"""DANGER: Python's Structure declares the fields in another order, or type, than Rust does."""

import ctypes
import sys
from pathlib import Path


def load_library(name: str) -> ctypes.CDLL:
    """Load the library that `cargo build --release` made for crate `name`.

    Looks in target/release beside this script, then beside each folder above
    it (a workspace's), so it works from any working directory."""
    here = Path(__file__).resolve().parent
    files = {"win32": f"{name}.dll", "darwin": f"lib{name}.dylib"}
    file = files.get(sys.platform, f"lib{name}.so")
    tried = [d / "target" / "release" / file for d in (here, *here.parents)]
    for path in tried:
        if path.is_file():
            return ctypes.CDLL(str(path))
    looked = "".join(f"\n  {path}" for path in tried)
    build = "run `cargo build --release` beside Cargo.toml"
    raise OSError(f"{file} is not built; looked for:{looked}\n{build}")


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
