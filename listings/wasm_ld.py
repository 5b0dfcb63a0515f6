#!/usr/bin/env python3
"""A linker for `wasm32-unknown-emscripten` side modules, in place of Emscripten's emcc.

rustc links a `cdylib` for this target by calling emcc with the objects, the rlibs and
`-sEXPORTED_FUNCTIONS=[...]`. For a side module, the kind of library Pyodide `dlopen`s, what
emcc does comes down to one wasm-ld call, and rustup ships wasm-ld as `rust-lld -flavor wasm`:
a shared, position-independent module with no entry point, whose missing symbols (the C
library, malloc, the exception tag) are imported from the main module at load time, and which
exports only the listed functions. So no Emscripten SDK is needed.

Name it in the environment (and make it executable: `chmod +x wasm_ld.py`):
    CARGO_TARGET_WASM32_UNKNOWN_EMSCRIPTEN_LINKER=path/to/wasm_ld.py \\
        cargo build --release --target wasm32-unknown-emscripten
"""

import re
import subprocess
import sys
from pathlib import Path


def arguments(argv: list[str]) -> list[str]:
    """The arguments, with `@file` response files read in."""
    found = []
    for arg in argv:
        found += Path(arg[1:]).read_text().split() if arg.startswith("@") else [arg]
    return found


def main(argv: list[str]) -> int:
    args = arguments(argv)
    inputs, exports, output, lld = [], [], None, None
    i = 0
    while i < len(args):
        arg = args[i]
        if arg == "-o":
            output, i = args[i + 1], i + 2
            continue
        if arg == "-s" and i + 1 < len(args):  # `-s NAME=VALUE` in two words
            arg, i = "-s" + args[i + 1], i + 1
        if arg.startswith("-sEXPORTED_FUNCTIONS="):
            exports += re.findall(r'"_?([^"]+)"', arg)  # C names carry a leading underscore there
        elif arg.startswith("-B") and arg.endswith("gcc-ld"):  # rustc's own linker folder
            lld = Path(arg[2:]).parent / "rust-lld"
        elif arg.endswith((".o", ".rlib", ".a")):
            inputs.append(arg)
        i += 1
    if output is None or lld is None:
        print(f"wasm_ld.py: no -o or no -B.../gcc-ld among: {' '.join(args)}", file=sys.stderr)
        return 2
    command = [
        str(lld), "-flavor", "wasm",
        "--shared", "--experimental-pic", "--no-entry",  # a side module, as emcc -sSIDE_MODULE
        "--unresolved-symbols=import-dynamic",  # libc and the rest come from Pyodide's main module
        "--no-export-dynamic", *(f"--export={name}" for name in exports),  # only the exports
        "--gc-sections", "--strip-debug", "-O2",
        "-o", output, *inputs,
    ]  # fmt: skip
    return subprocess.run(command).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
