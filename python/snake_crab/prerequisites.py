"""What the book needs from the machine outside this repository, found and installed by book.py.

Two kinds of prerequisite, each with the reason it is needed:

- Debian/Ubuntu packages. Installed with apt-get when running as root, through sudo when it is
  there; otherwise the set-up stops at once and prints the exact command to run.
- rustup toolchains and components (no root needed): clippy and rustfmt for the stable checks,
  and the pinned nightly with Miri for the UB check.

Each probe looks for the thing itself (a command, a header, a module), never for a package
database, so a machine that has it some other way (pyenv, a hand-built valgrind) is left alone.
"""

import functools
import importlib.util
import os
import re
import shutil
import subprocess
import sys
import sysconfig
import tomllib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

from snake_crab import ROOT

# Pinned, so that a newer Miri's new rules arrive as a deliberate change, not as a red CI.
MIRI_TOOLCHAIN = "nightly-2026-05-20"
CHROMIUM = Path("/usr/bin/chromium")  # Debian's; python/snake_crab/checks/browser.py drives exactly this one
# The oldest Rust the book supports: the root Cargo.toml's rust-version, which every listing states.
MSRV = tomllib.loads((ROOT / "Cargo.toml").read_text())["package"]["rust-version"]


@dataclass(frozen=True)
class Prerequisite:
    name: str  # the apt package, or the rustup toolchain/component
    why: str
    present: Callable[[], bool]


def _python_headers() -> bool:
    return (Path(sysconfig.get_paths()["include"]) / "Python.h").is_file()


def _cargo_works(*args: str) -> Callable[[], bool]:
    def probe() -> bool:
        try:
            return subprocess.run(["cargo", *args], capture_output=True).returncode == 0
        except FileNotFoundError:
            return False

    return probe


VENV = Prerequisite(
    "python3-venv",
    "creates .venv for the pinned Python packages",
    lambda: importlib.util.find_spec("ensurepip") is not None,
)
GCC = Prerequisite(
    "gcc", "cffi's API mode compiles a C extension (listings/alternatives)", lambda: bool(shutil.which("gcc"))
)
PYTHON_DEV = Prerequisite("python3-dev", "Python.h, for that same C extension", _python_headers)
VALGRIND = Prerequisite(
    "valgrind", "the UB and memory checks run unit tests and listings under it", lambda: bool(shutil.which("valgrind"))
)
CHROMIUM_PACKAGE = Prerequisite(
    "chromium", "prints the book as a PDF; the browser check opens every page in it", CHROMIUM.is_file
)
# Fonts for what the PDF prints (Chromium embeds them): emoji, and the Japanese of Arrays of strings.
PDF_FONTS = [
    Prerequisite(
        "fonts-noto-color-emoji",
        "the PDF's emoji (a string of Strings)",
        lambda: Path("/usr/share/fonts/truetype/noto/NotoColorEmoji.ttf").is_file(),
    ),
    Prerequisite(
        "fonts-ipafont-gothic",
        "the PDF's Japanese (a string of Arrays of strings)",
        lambda: Path("/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf").is_file(),
    ),
]
PANDOC = Prerequisite(
    "pandoc", "makes the book's EPUB from its print page (offline.py)", lambda: bool(shutil.which("pandoc"))
)
EPUBCHECK = Prerequisite(
    "epubcheck",
    "the epub check validates the EPUB with it (a Java program, run with java -jar)",
    lambda: Path("/usr/share/java/epubcheck.jar").is_file() and bool(shutil.which("java")),
)
POPPLER = Prerequisite(
    "poppler-utils", "the pdf check reads the PDF's text (pdftotext, pdfinfo)", lambda: bool(shutil.which("pdftotext"))
)
MINGW = Prerequisite(
    "gcc-mingw-w64-x86-64",
    "the cross check links every listing into a Windows .dll",
    lambda: bool(shutil.which("x86_64-w64-mingw32-gcc")),
)

DEBOOTSTRAP = Prerequisite(
    "debootstrap",
    "the version matrix runs the listings on Debian sid's Python 3.13, 3.14 and 3.15, in a root it makes",
    lambda: bool(shutil.which("debootstrap") or Path("/usr/sbin/debootstrap").is_file()),
)


def _header(*names: str) -> Callable[[], bool]:
    folders = [Path("/usr/include"), *Path("/usr/include").glob("*-linux-gnu")]
    return lambda: all(any((folder / name).is_file() for folder in folders) for name in names)


# What compiling the free-threaded CPython 3.13t needs (its ctypes, ssl for pip, zlib and lzma
# for wheels); probed by header, so a machine that builds Python already (pyenv) is left alone.
FT_BUILD = [
    Prerequisite(
        "make", "builds the free-threaded CPython 3.13t of the version matrix", lambda: bool(shutil.which("make"))
    ),
    Prerequisite("libffi-dev", "ctypes, in the free-threaded CPython 3.13t", _header("ffi.h")),
    Prerequisite("libssl-dev", "ssl, so pip works in the free-threaded CPython 3.13t", _header("openssl/ssl.h")),
    Prerequisite("zlib1g-dev", "zlib, which pip needs, in the free-threaded CPython 3.13t", _header("zlib.h")),
    Prerequisite("liblzma-dev", "lzma, in the free-threaded CPython 3.13t", _header("lzma.h")),
    Prerequisite("libbz2-dev", "bz2, in the free-threaded CPython 3.13t", _header("bzlib.h")),
]

MULTILIB = Prerequisite(
    "gcc-multilib",
    "links the listings' tests as 32-bit programs (the cross check)",
    lambda: any(Path("/usr/lib/gcc/x86_64-linux-gnu").glob("*/32/crtbegin.o")),
)
NODE = Prerequisite(
    "nodejs", "measures which listings run in the page (Pyodide under Node)", lambda: bool(shutil.which("node"))
)
NPM = Prerequisite("npm", "installs the pinned Pyodide (package.json)", lambda: bool(shutil.which("npm")))

# What building the book needs (every listing runs while it is built), and what the checks add.
BOOK_PACKAGES = [VENV, GCC, PYTHON_DEV, NODE, NPM, CHROMIUM_PACKAGE, *PDF_FONTS, PANDOC]
CHECK_PACKAGES = [*BOOK_PACKAGES, VALGRIND, POPPLER, EPUBCHECK, MINGW, DEBOOTSTRAP, *FT_BUILD, MULTILIB]

CLIPPY = Prerequisite("clippy", "the clippy check (cargo clippy -- -D warnings)", _cargo_works("clippy", "--version"))
RUSTFMT = Prerequisite("rustfmt", "the fmt check (cargo fmt --check)", _cargo_works("fmt", "--version"))


@functools.cache
def host_triple() -> str:
    """The target rustc builds for when given none (x86_64-unknown-linux-gnu here)."""
    host = re.search(r"^host: (\S+)$", subprocess.run(["rustc", "-vV"], capture_output=True, text=True).stdout, re.M)
    return host[1] if host else ""


@functools.cache  # rustc is asked once per tool, not for every library read
def llvm_tool(name: str) -> Path:
    """One of rustup's llvm-tools (llvm-nm, llvm-readobj, llvm-objdump): they read ELF, Mach-O and
    PE libraries alike, whatever machine built them."""
    sysroot = subprocess.run(["rustc", "--print", "sysroot"], capture_output=True, text=True).stdout.strip()
    return Path(sysroot) / "lib" / "rustlib" / host_triple() / "bin" / name


LLVM_TOOLS = Prerequisite(
    "llvm-tools",
    "the wheel check reads the macOS, Windows and Linux libraries in Shipping's wheels",
    lambda: llvm_tool("llvm-readobj").is_file(),
)
MIRI = Prerequisite(
    MIRI_TOOLCHAIN,
    "Miri, for the UB check's interpreted run of the unit tests",
    _cargo_works(f"+{MIRI_TOOLCHAIN}", "miri", "--version"),
)

MSRV_TOOLCHAIN = Prerequisite(
    MSRV,
    "the msrv check builds every listing with the oldest Rust the book supports",
    _cargo_works(f"+{MSRV}", "--version"),
)
# The platforms the cross check builds for (Windows, linked with mingw-w64) or checks (macOS:
# `cargo check` needs no linker). Not run here: there is no Windows or macOS to run them on.
CROSS_TARGETS = ["x86_64-pc-windows-gnu", "aarch64-apple-darwin", "x86_64-apple-darwin"]


def _targets_installed(targets: list[str]) -> Callable[[], bool]:
    def probe() -> bool:
        try:
            done = subprocess.run(["rustup", "target", "list", "--installed"], capture_output=True, text=True)
        except FileNotFoundError:
            return False
        return set(targets) <= set(done.stdout.split())

    return probe


# The cross check also runs every listing's tests as a 32-bit Linux program (i686); Shipping's
# wheels.py builds for ARM Linux and for musl.
CROSS_TARGETS += ["i686-unknown-linux-gnu"]
CROSS_TARGETS += ["aarch64-unknown-linux-gnu", "x86_64-unknown-linux-musl", "aarch64-unknown-linux-musl"]
TARGETS = Prerequisite(
    " ".join(CROSS_TARGETS),
    "the cross check builds for Windows and macOS and tests on 32-bit Linux; Shipping's wheels need the rest",
    _targets_installed(CROSS_TARGETS),
)
# The pages' Run buttons: every listing built for the browser (python/snake_crab/wasm.py).
WASM_TARGET = Prerequisite(
    "wasm32-unknown-emscripten",
    "the pages' Run buttons load each listing built for the browser",
    _targets_installed(["wasm32-unknown-emscripten"]),
)
BOOK_RUST_PARTS = [WASM_TARGET]
RUST_PARTS = [CLIPPY, RUSTFMT, LLVM_TOOLS, MIRI, MSRV_TOOLCHAIN, TARGETS, WASM_TARGET]


class SetupError(Exception):
    """A prerequisite is missing and cannot be installed from here; the message says what to run."""


def quietly(command: list[str]) -> None:
    """Run an installer, showing its output only when it fails (the line before said what and why)."""
    done = subprocess.run(command, capture_output=True, text=True)
    if done.returncode != 0:
        raise SetupError(f"`{' '.join(command)}` exited {done.returncode}:\n{(done.stdout + done.stderr)[-3000:]}")


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def missing(wanted: Sequence[Prerequisite]) -> list[Prerequisite]:
    return [p for p in wanted if not p.present()]


def apt_commands(packages: Sequence[str], *, root: bool, sudo: bool) -> list[list[str]] | None:
    """The commands that install `packages`, or None when this user cannot run apt-get."""
    prefix = [] if root else ["sudo"] if sudo else None
    if prefix is None:
        return None
    return [
        [*prefix, "apt-get", "update", "-qq"],
        [*prefix, "env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", *packages],
    ]


def install_packages(
    wanted: Sequence[Prerequisite],
    *,
    root: bool | None = None,
    sudo: bool | None = None,
    apt: bool | None = None,
    run: Callable[[list[str]], object] = quietly,
) -> list[str]:
    """Install the missing system packages; return their names. Raises SetupError when it cannot.

    `root`, `sudo` and `apt` default to what this machine has; the tests pass them in."""
    absent = missing(wanted)
    if not absent:
        return []
    names = [p.name for p in absent]
    root = (os.name == "posix" and os.geteuid() == 0) if root is None else root
    sudo = bool(shutil.which("sudo")) if sudo is None else sudo
    apt = bool(shutil.which("apt-get")) if apt is None else apt
    listed = "\n".join(f"  {p.name}: {p.why}" for p in absent)
    if not apt:
        raise SetupError(f"missing system packages (Debian names):\n{listed}\ninstall them, then run this again")
    commands = apt_commands(names, root=root, sudo=sudo)
    if commands is None:
        command = "sudo apt-get update && sudo apt-get install -y " + " ".join(names)
        raise SetupError(f"missing system packages:\n{listed}\nrun as root:\n  {command}\nthen run this again")
    for p in absent:
        say(f"apt-get install {p.name}: {p.why}")
    for command in commands:
        run(command)
    still = [p.name for p in missing(absent)]
    if still:
        raise SetupError(f"apt-get ran, but these are still missing: {', '.join(still)}")
    return names


def install_rust_parts(
    wanted: Sequence[Prerequisite],
    run: Callable[[list[str]], object] = quietly,
) -> list[str]:
    """Install the missing rustup components and the Miri toolchain; return what was installed."""
    absent = missing(wanted)
    for p in absent:
        if p.name == MIRI_TOOLCHAIN:
            say(f"rustup toolchain install {p.name} (about 30 s): {p.why}")
            cmd = ["rustup", "toolchain", "install", p.name, "--profile", "minimal", "--component", "miri,rust-src"]
        elif p in (TARGETS, WASM_TARGET):
            say(f"rustup target add {p.name} (about 20 s): {p.why}")
            cmd = ["rustup", "target", "add", *p.name.split()]
        elif p.name == MSRV:
            say(f"rustup toolchain install {p.name} (about 30 s): {p.why}")
            cmd = ["rustup", "toolchain", "install", p.name, "--profile", "minimal"]
        else:
            say(f"rustup component add {p.name}: {p.why}")
            cmd = ["rustup", "component", "add", p.name]
        if not shutil.which("rustup"):
            raise SetupError(f"{p.name} is missing and there is no rustup to install it: {' '.join(cmd)}")
        run(cmd)
        if p.name == MIRI_TOOLCHAIN:
            say("cargo miri setup (once, about a minute): builds the standard library Miri interprets")
            run(["cargo", f"+{MIRI_TOOLCHAIN}", "miri", "setup"])
    still = [p.name for p in missing(absent)]
    if still:
        raise SetupError(f"rustup ran, but these are still missing: {', '.join(still)}")
    return [p.name for p in absent]


def main(argv: list[str]) -> int:
    """`python -m snake_crab.prerequisites [--check]` (from python/): install, or list, what the checks need."""
    wanted_packages, wanted_rust = CHECK_PACKAGES, RUST_PARTS
    if argv == ["--check"]:
        absent = missing([*wanted_packages, *wanted_rust])
        for p in absent:
            print(f"missing: {p.name}: {p.why}")
        return 1 if absent else 0
    try:
        install_packages(wanted_packages)
        install_rust_parts(wanted_rust)
    except SetupError as err:
        print(f"prerequisites: {err}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
