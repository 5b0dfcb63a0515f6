"""Build a package's wheels for Linux, macOS and Windows on one Linux machine, into FOLDER/dist.

    python3 wheels.py FOLDER        (FOLDER: the crate and package, as for ship.py)

A ctypes library uses no part of Python's C API, so one `py3-none` wheel per platform serves
every Python 3, free-threaded builds included. Each wheel holds the library built for its
platform: linked by zig (cargo-zigbuild) for Linux, against glibc 2.17 or musl; by rust-lld
(macos_ld.py, beside this script) for macOS; by mingw-w64 for Windows. Needs the Rust targets
(`rustup target add`, listed in PLATFORMS) and Debian's gcc-mingw-w64-x86-64."""

import argparse
import os
import shutil
import stat
import subprocess
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent

# Rust target, the wheel's platform tag, and the linker.
PLATFORMS = [
    ("x86_64-unknown-linux-gnu", "manylinux2014_x86_64", "zig"),  # glibc 2.17 and newer
    ("aarch64-unknown-linux-gnu", "manylinux2014_aarch64", "zig"),
    ("x86_64-unknown-linux-musl", "musllinux_1_2_x86_64", "zig"),  # Alpine and other musl systems
    ("aarch64-unknown-linux-musl", "musllinux_1_2_aarch64", "zig"),
    ("x86_64-apple-darwin", "macosx_10_12_x86_64", "rust-lld"),  # rustc's oldest macOS for each
    ("aarch64-apple-darwin", "macosx_11_0_arm64", "rust-lld"),
    ("x86_64-pc-windows-gnu", "win_amd64", "mingw-w64"),
]


def run(*command: str | Path, env: dict[str, str] | None = None) -> str:
    """Run a command; on failure show its output and stop."""
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, env=env)
    if done.returncode != 0:
        sys.exit(
            f"{' '.join(map(str, command[:5]))} failed ({done.returncode}):\n"
            + done.stdout
            + done.stderr
        )
    return done.stdout


def build_wheel(source: Path, target: str, linker: str, out: Path, cargo_target_dir: Path) -> Path:
    """The wheel of `source` with its library built for `target` (tagged for this machine still)."""
    env = dict(os.environ, CARGO_BUILD_TARGET=target, CARGO_TARGET_DIR=str(cargo_target_dir))
    if linker == "zig":
        env["CARGO"] = "cargo-zigbuild"  # setuptools-rust then runs `cargo-zigbuild rustc`
        if "-gnu" in target:
            env["CARGO_BUILD_TARGET"] = target + ".2.17"  # link against glibc 2.17's symbols
        else:  # a musl cdylib links musl dynamically, as the system's Python does
            env["RUSTFLAGS"] = (env.get("RUSTFLAGS", "") + " -C target-feature=-crt-static").strip()
    elif linker == "rust-lld":
        macos_ld = HERE / "macos_ld.py"
        macos_ld.chmod(macos_ld.stat().st_mode | stat.S_IXUSR)  # unzipped files are not executable
        env[f"CARGO_TARGET_{target.upper().replace('-', '_')}_LINKER"] = str(macos_ld)
    shutil.rmtree(source / "build", ignore_errors=True)  # setuptools' staging folder
    run(
        sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", out, source, env=env
    )
    return next(out.glob("*.whl"))


def retag(wheel: Path, platform: str) -> Path:
    """The same wheel with another platform tag (`wheel tags` prints the new file's name)."""
    name = run(sys.executable, "-m", "wheel", "tags", "--remove", "--platform-tag", platform, wheel)
    return wheel.parent / name.split()[-1]


def windows_names(wheel: Path, work: Path) -> Path:
    """setuptools-rust names the library by this machine's rules (_native.abi3.so); give it the
    Windows name, _native.dll, and let `wheel pack` write the new RECORD."""
    run(sys.executable, "-m", "wheel", "unpack", "--dest", work, wheel)
    unpacked = next(work.iterdir())
    for library in unpacked.glob("*/_native.*"):
        library.rename(library.with_name("_native.dll"))
    out = work / "packed"
    out.mkdir()
    run(sys.executable, "-m", "wheel", "pack", "--dest-dir", out, unpacked)
    return next(out.glob("*.whl"))


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "folder", type=Path, help="the crate and package (pyproject.toml, Cargo.toml)"
    )
    folder = parser.parse_args().folder.resolve()
    dist = folder / "dist"
    dist.mkdir(exist_ok=True)
    with tempfile.TemporaryDirectory() as temp:
        temp = Path(temp)
        source = temp / "source"  # a clean copy: the build writes into its folder
        ignore = shutil.ignore_patterns(
            "target", "build", "dist", "*.egg-info", ".venv", "__pycache__"
        )
        shutil.copytree(folder, source, ignore=ignore)
        for target, platform, linker in PLATFORMS:
            work = temp / platform
            wheel = build_wheel(source, target, linker, work, folder / "target")
            if platform.startswith("manylinux"):
                # auditwheel reads the library: the tag it grants is the check that it fits.
                wheel = retag(wheel, f"linux_{target.split('-')[0]}")
                run(sys.executable, "-m", "auditwheel", "repair", "-w", work / "repaired", wheel)
                wheel = next((work / "repaired").glob("*.whl"))
                if platform not in wheel.name:
                    sys.exit(f"auditwheel made {wheel.name}, not a {platform} wheel")
            else:  # auditwheel judges a musl wheel only on a musl system: the tag is set here.
                wheel = retag(wheel, platform)
                if platform.startswith("win"):
                    wheel = windows_names(wheel, work / "windows")
            shutil.copy(wheel, dist)
            print(
                f"{wheel.name}  ({wheel.stat().st_size // 1024} KiB, {target}, linked by {linker})"
            )
        run(sys.executable, "-m", "build", "--sdist", "--no-isolation", "--outdir", dist, source)


if __name__ == "__main__":
    main()
