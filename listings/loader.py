"""Load the library that `cargo build --release` made for this folder's crate.

Every script in the folder starts with `from loader import load_library`, so the
library is found the same way from any working directory, on Linux, macOS and Windows."""

import ctypes
import sys
from pathlib import Path


def load_library(name: str) -> ctypes.CDLL:
    """Load the library that `cargo build --release` made for crate `name`.

    Looks in target/release beside this file, then beside each folder above it
    (a workspace's), so it works from any working directory. In a package that
    a wheel installed, the library is beside this file, named _native.*."""
    here = Path(__file__).resolve().parent
    installed = sorted(here.glob("_native.*"))
    if installed:
        return ctypes.CDLL(str(installed[0]))
    files = {"win32": f"{name}.dll", "darwin": f"lib{name}.dylib"}
    file = files.get(sys.platform, f"lib{name}.so")
    tried = [d / "target" / "release" / file for d in (here, *here.parents)]
    for path in tried:
        if path.is_file():
            return ctypes.CDLL(str(path))
    looked = "".join(f"\n  {path}" for path in tried)
    build = "run `cargo build --release` beside Cargo.toml"
    raise OSError(f"{file} is not built; looked for:{looked}\n{build}")
