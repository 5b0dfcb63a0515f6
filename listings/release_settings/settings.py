"""Build one kernel with three release settings, side by side in one run, and time each."""

import ctypes
import os
import subprocess
import sys
import tempfile
import timeit
from pathlib import Path

HERE = Path(__file__).resolve().parent
SETTINGS = {  # what each build adds, as the environment variables cargo reads
    "release (the default)": {},
    '+ lto = "fat", codegen-units = 1': {
        "CARGO_PROFILE_RELEASE_LTO": "fat",
        "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "1",
    },
    '+ RUSTFLAGS="-C target-cpu=native"': {
        "CARGO_PROFILE_RELEASE_LTO": "fat",
        "CARGO_PROFILE_RELEASE_CODEGEN_UNITS": "1",
        "RUSTFLAGS": "-C target-cpu=native",
    },
}
DATA = bytes(range(256)) * 40_960  # 10 MiB: every byte value, 40,960 times


def build(target: Path, extra: dict[str, str]) -> ctypes.CDLL:
    """cargo build --release into its own target folder, with `extra` in the environment."""
    env = {
        k: v for k, v in os.environ.items() if not k.startswith(("CARGO_PROFILE_", "RUSTFLAGS"))
    } | extra
    command = [
        "cargo",
        "build",
        "--release",
        "--quiet",
        "--manifest-path",
        HERE / "Cargo.toml",
        "--target-dir",
        target,
    ]
    subprocess.run(command, env=env, check=True)
    file = {"win32": "release_settings.dll", "darwin": "librelease_settings.dylib"}.get(
        sys.platform
    )
    lib = ctypes.CDLL(str(target / "release" / (file or "librelease_settings.so")))
    lib.count_byte.argtypes = [ctypes.c_char_p, ctypes.c_size_t, ctypes.c_uint8]
    lib.count_byte.restype = ctypes.c_size_t
    return lib


with tempfile.TemporaryDirectory() as temp:
    libraries = {
        name: build(Path(temp) / str(i), extra) for i, (name, extra) in enumerate(SETTINGS.items())
    }
    print(f"built {len(libraries)} times, each in a fresh target folder")
    counts, times = {}, {}
    for name, lib in libraries.items():
        counts[name] = lib.count_byte(DATA, len(DATA), ord("a"))
        times[name] = (
            min(
                timeit.repeat(
                    lambda lib=lib: lib.count_byte(DATA, len(DATA), 97), number=20, repeat=5
                )
            )
            / 20
        )
    base = times["release (the default)"]
    for name, seconds in times.items():
        print(f"{name:<36} {seconds * 1e3:6.2f} ms per 10 MiB   {base / seconds:4.2f}x the default")
    print("all counted the same:", len(set(counts.values())) == 1, f"({counts[name]:,} times 'a')")
