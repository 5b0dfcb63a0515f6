#!/usr/bin/env python3
"""Link a macOS library on Linux: rustc calls this as its linker for the *-apple-darwin targets.

rustc hands a macOS linker `cc`-style arguments. This turns them into a call of the Mach-O
linker that rustup ships (`rust-lld -flavor darwin`, which is LLVM's ld64.lld), against the
stub of macOS's system library that PyPI's `ziglang` carries. Unlike zig's own linker, ld64.lld
applies rustc's list of exported symbols, so the library exports your functions and nothing
else, and it signs arm64 code (ad hoc), as macOS requires.

    CARGO_TARGET_AARCH64_APPLE_DARWIN_LINKER=path/to/macos_ld.py \\
        cargo build --release --target aarch64-apple-darwin
"""

import re
import subprocess
import sys
import tempfile
from pathlib import Path

import ziglang  # pip install ziglang: its lib/ holds libSystem.tbd, the stub of macOS's libc


def rust_lld() -> Path:
    sysroot = subprocess.run(
        ["rustc", "--print", "sysroot"], capture_output=True, text=True, check=True
    )
    host = re.search(
        r"^host: (\S+)",
        subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout,
        re.M,
    )
    return Path(sysroot.stdout.strip()) / "lib" / "rustlib" / host[1] / "bin" / "rust-lld"


def sdk(folder: Path) -> Path:
    """A minimal SDK: zig's libSystem.tbd, with the architecture names ld64.lld knows (zig lists
    arm64 code as arm64e, and adds arm64e.x1, which LLVM does not read)."""
    stub = (Path(ziglang.__file__).parent / "lib" / "libc" / "darwin" / "libSystem.tbd").read_text()
    stub = re.sub(r",\s*arm64e\.x1-(macos|maccatalyst)", "", stub).replace("arm64e-", "arm64-")
    (folder / "usr" / "lib").mkdir(parents=True)
    (folder / "usr" / "lib" / "libSystem.tbd").write_text(stub)
    return folder


def main(args: list[str]) -> int:
    linker_args, arch, version = [], None, None
    for arg in args:
        if arch == "":
            arch = arg
        elif arg == "-arch":
            arch = ""  # the next argument
        elif arg.startswith("-mmacosx-version-min="):
            version = arg.split("=", 1)[1]
        elif arg.startswith("-Wl,"):
            linker_args += arg[4:].split(",")
        elif arg == "-dynamiclib":
            linker_args.append("-dylib")
        elif arg not in ("-nodefaultlibs", "-lc", "-lm"):  # libc and libm are inside libSystem
            linker_args.append(arg)
    if not arch or not version:
        sys.exit(f"macos_ld.py: no -arch or -mmacosx-version-min among {args}")
    output = Path(linker_args[linker_args.index("-o") + 1])
    with tempfile.TemporaryDirectory() as temp:
        command = [rust_lld(), "-flavor", "darwin", "-arch", arch]
        command += ["-platform_version", "macos", version, version, "-syslibroot", sdk(Path(temp))]
        command += ["-install_name", f"@rpath/{output.name}", *linker_args]
        return subprocess.run([str(c) for c in command]).returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
