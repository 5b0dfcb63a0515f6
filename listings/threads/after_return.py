"""DANGER: a Rust thread keeps writing into a buffer after the call that got it has returned."""

import ctypes
import subprocess
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


lib = load_library("threads")
DOUBLE_P = ctypes.POINTER(ctypes.c_double)
lib.fill_later.argtypes = [DOUBLE_P, ctypes.c_size_t, ctypes.c_double]
lib.fill_later.restype = ctypes.c_bool
lib.finish_fills.argtypes = []
lib.finish_fills.restype = ctypes.c_size_t
N = 1024  # 8 KiB: the memory comes from malloc, which is quick to hand it out again

if sys.argv[1:] == ["alive"]:
    values = (ctypes.c_double * N)()
    lib.fill_later(values, N, 7.0)  # returns at once; a Rust thread waits to write 7.0
    print("right after the call:", set(values))
    lib.finish_fills()  # the thread writes now (in real code: whenever its work is done)
    print("after the thread ran:", set(values))
    sys.exit(0)
if sys.argv[1:] == ["freed"]:
    values = (ctypes.c_double * N)()
    address = ctypes.addressof(values)
    lib.fill_later(values, N, 7.0)
    del values  # Python frees the buffer: as far as it knows, nobody uses it any more
    other = (ctypes.c_double * N)()  # a new array, for something else entirely
    print("the new array got the same memory:", ctypes.addressof(other) == address)
    print("the new array right away:    ", set(other))
    lib.finish_fills()
    print("after the thread ran:        ", set(other))
    sys.exit(0)

for case in ["alive", "freed"]:
    child = subprocess.run([sys.executable, __file__, case], capture_output=True, text=True)
    print(f"{case}: exit code {child.returncode}")
    for line in child.stdout.splitlines():
        print("  " + line)
