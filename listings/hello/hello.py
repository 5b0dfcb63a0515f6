"""Load the `hello` Rust library and call its one function."""

import ctypes
import sys
from pathlib import Path


def load_library(name: str) -> ctypes.CDLL:
    """Load the library `cargo build --release` made for crate `name`, from any working directory:
    from target/release beside this script's folder or beside a folder above it (a workspace)."""
    here = Path(__file__).resolve().parent
    file = {"win32": f"{name}.dll", "darwin": f"lib{name}.dylib"}.get(sys.platform, f"lib{name}.so")
    tried = [folder / "target" / "release" / file for folder in (here, *here.parents)]
    for path in tried:
        if path.is_file():
            return ctypes.CDLL(str(path))
    looked = "\n  ".join(map(str, tried))
    raise OSError(f"{file} is not built; looked for:\n  {looked}\nrun `cargo build --release` beside Cargo.toml")


lib = load_library("hello")
lib.hello.argtypes = []  # takes no arguments
lib.hello.restype = None  # returns nothing (ctypes assumes a C int otherwise)

lib.hello()
