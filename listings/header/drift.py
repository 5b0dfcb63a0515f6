# header-check: skip (this listing mis-declares on purpose)
"""DANGER: the Rust signature changed, the Python declaration did not; the header check sees it."""

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


lib = load_library("header")
# Still version 1's declaration: int32_t total_seconds(int32_t days, int32_t seconds);
lib.total_seconds.argtypes = [ctypes.c_int32, ctypes.c_int32]
lib.total_seconds.restype = ctypes.c_int32

print("total_seconds(1, 5) =", lib.total_seconds(1, 5), "(right: the result fits in 32 bits)")
print(
    "total_seconds(30000, 0) =",
    lib.total_seconds(30_000, 0),
    "(wrong: the top 32 bits were dropped)",
)
