"""Load the `hello` Rust library and call its one function."""

import ctypes
import sys
from pathlib import Path


def load_library(name: str) -> ctypes.CDLL:
    """Load lib<name> from this repository's target/release, from any working directory."""
    folder = Path(__file__).resolve().parents[2] / "target" / "release"
    prefix = "" if sys.platform == "win32" else "lib"
    suffix = {"win32": ".dll", "darwin": ".dylib"}.get(sys.platform, ".so")
    return ctypes.CDLL(str(folder / f"{prefix}{name}{suffix}"))


lib = load_library("hello")
lib.hello.argtypes = []  # takes no arguments
lib.hello.restype = None  # returns nothing (ctypes assumes a C int otherwise)

lib.hello()
