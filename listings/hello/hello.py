"""Load the `hello` Rust library and call its one function."""

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


lib = load_library("hello")
lib.hello.argtypes = []  # takes no arguments
lib.hello.restype = None  # returns nothing (ctypes assumes a C int otherwise)

lib.hello()
