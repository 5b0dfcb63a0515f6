"""Pass Python text to Rust as a NUL-terminated string, and see what Rust makes of it."""

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


lib = load_library("strings")
lib.char_count.argtypes = [ctypes.c_char_p]
lib.char_count.restype = ctypes.c_int64

for word in ["hello", "héllo", "🐍🦀"]:
    data = word.encode()  # str -> UTF-8 bytes; ctypes passes them with a NUL after the last one
    print(
        f"{word!r}: Rust counts {lib.char_count(data)} characters in {len(data)} bytes; "
        f"len() says {len(word)}"
    )

# The error results, as strings.h defines them: STRINGS_BAD_ARGUMENT -1, STRINGS_NOT_UTF8 -2.
print("NULL:", lib.char_count(None))
print("héllo in Latin-1:", lib.char_count("héllo".encode("latin-1")))
print("a NUL inside:", lib.char_count(b"ab\0cd"))  # Rust's string stops at the first NUL
try:
    lib.char_count("héllo")  # a str, not bytes: ctypes refuses it
except ctypes.ArgumentError as err:
    print("a str:", err)
