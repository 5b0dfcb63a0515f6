# header-check: skip (this listing mis-declares on purpose)
"""DANGER: the Rust signature changed, the Python declaration did not. Then the header check catches it."""

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


lib = load_library("header")
# Still version 1's declaration: int32_t total_seconds(int32_t days, int32_t seconds);
lib.total_seconds.argtypes = [ctypes.c_int32, ctypes.c_int32]
lib.total_seconds.restype = ctypes.c_int32

print("total_seconds(1, 5) =", lib.total_seconds(1, 5), "(right: the result fits in 32 bits)")
print("total_seconds(30000, 0) =", lib.total_seconds(30_000, 0), "(wrong: the top 32 bits were dropped)")
