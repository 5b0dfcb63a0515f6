"""Check the wheels Shipping's recipe leaves in dist/, the way PyPI, pip and each platform see them.

The copyout check runs the recipe (Shipping: "Your own crate as a wheel" and "Wheels for every
platform") on the collatz download, outside the repository; this check reads what it left:

- every platform of PLATFORMS has its wheel, and nothing else is there but the sdist;
- each wheel is tagged `py3-none-<platform>`: a ctypes library uses no Python ABI, so one wheel
  serves every Python 3, and a `cp311` tag would keep it from Python 3.12;
- its library is built for that platform (file format and CPU) and exports exactly the functions
  of the reader's own build of the crate;
- it needs only the system's own libraries: for manylinux, `auditwheel show` must agree that
  the libraries fit the tag (its words are the reason given); for musllinux, only what
  auditwheel's musllinux policy lists; for macOS, libSystem; for Windows, Windows' DLLs;
- the x86-64 manylinux wheel, that same file, installs into a new venv of every Python of the
  version matrix (3.11, 3.13, 3.14, 3.15 and the free-threaded 3.13t) and answers there, and pip
  there accepts `py3-none` everywhere but an `abi3` tag (what a PyO3 module ships) nowhere
  free-threaded: the two facts Shipping's comparison rests on.

The macOS, Windows and ARM libraries are read (rustup's llvm-tools), not run: there is no such
machine here.
"""

import json
import re
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import auditwheel

from snake_crab import ROOT, libraries, pythons
from snake_crab.check import Report
from snake_crab.checks import copyout

NEEDS = ("copyout", "matrix")  # the recipe's dist/; the matrix makes the Pythons to install on
SECONDS = 20  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

ACCEPTED = re.compile(r"^(manylinux_\d+_\d+|manylinux\d+|musllinux_\d+_\d+|macosx_\d+_\d+|win)_?\w*$")
# The wheels Shipping promises: platform tag -> (library format, CPU) as llvm-readobj names them.
PLATFORMS = {
    "manylinux2014_x86_64": ("elf64-x86-64", "x86_64"),
    "manylinux2014_aarch64": ("elf64-littleaarch64", "aarch64"),
    "musllinux_1_2_x86_64": ("elf64-x86-64", "x86_64"),
    "musllinux_1_2_aarch64": ("elf64-littleaarch64", "aarch64"),
    "macosx_10_12_x86_64": ("Mach-O 64-bit x86-64", "x86_64"),
    "macosx_11_0_arm64": ("Mach-O arm64", "aarch64"),
    "win_amd64": ("COFF-x86-64", "x86_64"),
}
MACOS_SYSTEM = {"/usr/lib/libSystem.B.dylib"}
# Windows' own DLLs (what Rust's standard library imports, linked by mingw-w64); never mingw's
# runtime (libgcc_s_seh-1.dll, libwinpthread-1.dll), which a Windows machine does not have.
WINDOWS_SYSTEM = re.compile(
    r"^(api-ms-win-[\w.-]+|kernel32|ntdll|msvcrt|ucrtbase|ws2_32|userenv|advapi32|bcrypt|bcryptprimitives)\.dll$",
    re.IGNORECASE,
)


def tags(wheel: Path) -> tuple[str, str, str]:
    """(python, abi, platform) from a wheel's file name: name-version(-build)?-py-abi-platform.whl."""
    python, abi, platform = wheel.name.removesuffix(".whl").split("-")[-3:]
    return python, abi, platform


def auditwheel_says(wheel: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(wheel)], capture_output=True, text=True)
    return " ".join((done.stdout + done.stderr).split())


def problems(wheel: Path) -> list[str]:
    """What PyPI or pip would object to in a wheel's name, and for manylinux, auditwheel's verdict."""
    python, abi, platform = tags(wheel)
    found = []
    if (python, abi) != ("py3", "none"):
        found.append(f"{wheel.name}: tagged {python}-{abi}, not py3-none: it will not install on every Python 3")
    if not all(ACCEPTED.match(p) for p in platform.split(".")):
        found.append(
            f"{wheel.name}: PyPI accepts no {platform} wheel; run auditwheel repair. "
            f"auditwheel: {auditwheel_says(wheel)}"
        )
    elif platform.startswith("manylinux"):
        said = auditwheel_says(wheel)
        fits = re.search(r'consistent with the following platform tag: "([^"]+)"', said)
        if fits is None or not all(fits_under(fits[1], p) for p in platform.split(".")):
            found.append(f"{wheel.name}: the libraries inside do not fit {platform}. auditwheel: {said}")
    return found


def fits_under(best: str, claimed: str) -> bool:
    """Whether a wheel whose libraries fit `best` (auditwheel's answer) may claim `claimed`:
    only a glibc (or musl) at least as new as `best` needs."""

    def version(tag: str) -> tuple[int, int]:
        legacy = {"manylinux1": (2, 5), "manylinux2010": (2, 12), "manylinux2014": (2, 17)}
        for old, glibc in legacy.items():
            if tag.startswith(old + "_"):
                return glibc
        numbers = re.match(r"^\w+?_(\d+)_(\d+)_", tag)
        return (int(numbers[1]), int(numbers[2])) if numbers else (0, 0)

    return best.split("_")[0][:4] == claimed.split("_")[0][:4] and version(claimed) >= version(best)


def musllinux_allows() -> set[str]:
    """The libraries auditwheel's musllinux_1_2 policy lets a wheel need from the system."""
    policies = json.loads((Path(auditwheel.__file__).parent / "policy" / "musllinux-policy.json").read_text())
    return set(next(p for p in policies if p["name"] == "musllinux_1_2")["lib_whitelist"])


def library_problems(wheel: Path, platform: str, functions: set[str], work: Path) -> list[str]:
    """The wheel's library against its platform: format, CPU, exports, the libraries it needs."""
    with zipfile.ZipFile(wheel) as archive:
        inside = [n for n in archive.namelist() if Path(n).name.startswith("_native.")]
        if len(inside) != 1:
            return [f"{wheel.name}: {len(inside)} libraries _native.* inside, not 1"]
        library = work / platform / Path(inside[0]).name
        library.parent.mkdir(parents=True, exist_ok=True)
        library.write_bytes(archive.read(inside[0]))
    if platform == "win_amd64" and library.name != "_native.dll":
        return [f"{wheel.name}: the library is {library.name}; Windows loads _native.dll"]
    read = libraries.read(library)
    exports, needs = read.exports, read.needs
    found = []
    if (read.form, read.cpu) != PLATFORMS[platform]:
        found.append(f"{wheel.name}: its library is {read.form} for {read.cpu}, not {PLATFORMS[platform]}")
    if exports != functions:
        extra = sorted(exports - functions)
        shown = f"{extra[:5]}{f' and {len(extra) - 5} more' if len(extra) > 5 else ''}"
        found.append(
            f"{wheel.name}: exports differ from the crate's: missing {sorted(functions - exports)}, extra {shown}"
        )
    if platform.startswith("musllinux"):
        allowed = musllinux_allows()
    elif platform.startswith("macosx"):
        allowed = MACOS_SYSTEM
    elif platform.startswith("win"):
        allowed = {n for n in needs if WINDOWS_SYSTEM.match(n)}
    else:
        allowed = needs  # manylinux: auditwheel show judges (problems)
    if needs - allowed:
        found.append(f"{wheel.name}: needs {sorted(needs - allowed)}, which {platform} systems do not promise")
    return found


def dist_problems(dist: Path, functions: set[str], work: Path) -> list[str]:
    """Every wheel PLATFORMS promises, each as it must be, and nothing else but the sdist."""
    wheels = sorted(dist.glob("*.whl"))
    by_platform = {p: [w for w in wheels if p in tags(w)[2].split(".")] for p in PLATFORMS}
    found = [f"dist/: no {p} wheel" for p, matched in by_platform.items() if not matched]
    found += [
        f"dist/: {w.name} is no platform Shipping names"
        for w in wheels
        if not any(w in m for m in by_platform.values())
    ]
    if len(list(dist.glob("*.tar.gz"))) != 1:
        found.append("dist/: no source distribution (*.tar.gz)")
    for platform, matched in by_platform.items():
        for wheel in matched:
            found += problems(wheel) + library_problems(wheel, platform, functions, work)
    return found


# Each Python of the matrix once (3.13t with -X gil=1 is 3.13t's interpreter again).
EVERY_PYTHON = [cell for cell in pythons.CELLS if not cell.options]
# Run by each Python in a folder holding the wheel: a new venv, the wheel from the file alone, a
# call; then whether pip there would take a py3-none and an abi3 wheel for this platform.
INSTALL = """import subprocess, sys, venv
folder, wheel, package, call = sys.argv[1:5]
venv.create(folder, with_pip=True)
python = folder + "/bin/python"
subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", wheel], check=True)
code = f"import {package}, sys; print({call}, sys.version.split()[0] + sys.abiflags)"
subprocess.run([python, "-c", code], check=True)
tags = "from pip._vendor.packaging.tags import sys_tags; taken = {str(t) for t in sys_tags()}; print("
tags += "'py3-none:', 'py3-none-manylinux2014_x86_64' in taken, 'abi3:', 'cp311-abi3-manylinux2014_x86_64' in taken)"
subprocess.run([python, "-c", tags], check=True)
"""
CALL = ("collatz", "collatz.steps(27)", "111")  # the package, a call, what it prints


def installs_everywhere(
    wheel: Path, work: Path, cells: list[pythons.Cell] = EVERY_PYTHON, call: tuple[str, str, str] = CALL
) -> tuple[list[str], list[str]]:
    """(problems, one line per Python that installed and called it) for one wheel file on every
    cell, each in its own venv inside `work`, a folder of the caller's own (emptied first)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(wheel, work / wheel.name)
    (work / "install.py").write_text(INSTALL)
    package, code, answer = call

    def one(cell: pythons.Cell) -> tuple[str | None, str]:
        argv = ["install.py", f"venv-{cell.name}", wheel.name, package, code]
        command = pythons.command(cell, argv, cwd=work)  # the chroot cds there itself; the others need cwd
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=600)
        said = done.stdout.split()
        if done.returncode != 0 or not said or said[0] != answer:
            return (
                f"{wheel.name} on Python {cell.label}: exit {done.returncode}\n{done.stdout}{done.stderr[-1500:]}",
                "",
            )
        free_threaded = said[1].endswith("t")
        if said[-3:] != ["True", "abi3:", str(not free_threaded)]:
            return f"{wheel.name} on Python {cell.label}: pip's tags: {' '.join(said[2:])}", ""
        return None, said[1]

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, cells))
    return [p for p, _ in results if p], [version for p, version in results if not p]


def run(say) -> Report:
    folder = copyout.recipe_folder()
    dist = folder / "dist"
    if not dist.is_dir():
        return Report([f"{dist}: no dist/; the copyout check runs Shipping's recipe, which makes it"])
    crate = folder / "target" / "release" / "libcollatz.so"  # the reader's own build of the crate
    functions = libraries.read(crate).exports
    work = ROOT / "target" / "wheel-check"
    shutil.rmtree(work, ignore_errors=True)
    found = dist_problems(dist, functions, work / "libraries")
    linux = [w for w in dist.glob("*.whl") if "manylinux2014_x86_64" in tags(w)[2]]
    if not linux:
        return Report(found)
    pythons.ensure(EVERY_PYTHON)
    broken, versions = installs_everywhere(linux[0], work / "everywhere")
    wheels = ", ".join(f"{tags(w)[2].split('.')[0]} {w.stat().st_size // 1024} KiB" for w in sorted(dist.glob("*.whl")))
    return Report(
        found + broken,
        summary=f"{len(PLATFORMS)} wheels ({wheels}), each exporting {len(functions)} functions and "
        f"needing only system libraries; the manylinux2014_x86_64 file installed and called on "
        f"{', '.join(versions)}, where pip takes abi3 wheels on all but the free-threaded",
    )
