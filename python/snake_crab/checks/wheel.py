"""Check a built wheel the way PyPI and a user's pip will see it.

- Its tag is `py3-none-<platform>`: a ctypes library uses no Python ABI, so one wheel serves
  every Python 3, and a `cp311` tag would keep it from Python 3.12.
- Its platform tag is one PyPI accepts (manylinux_*, musllinux_*, macOS, Windows; never
  `linux_*`), and `auditwheel show` agrees that the libraries inside fit that tag: they need
  no newer glibc symbols and no system library outside the manylinux policy. When it does
  not agree, auditwheel's own words are the reason given.

The check: the crabmath sdist and wheel build (listings/shipping/ship.py), the wheel is
repaired to a manylinux tag that fits its libraries, installs into a new venv with --no-index
and works. Then that same wheel file is installed into a new venv of every Python of the
version matrix (3.11, 3.13, 3.14, 3.15 and the free-threaded 3.13t) and called there: one
py3-none wheel per platform serves them all, which is what the chapter claims.
"""

import re
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from snake_crab import ROOT, model, pythons, run_listing
from snake_crab.check import Report

NEEDS = ("build", "matrix")  # the matrix makes the Pythons the wheel is installed on
SECONDS = 12  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

ACCEPTED = re.compile(r"^(manylinux_\d+_\d+|manylinux\d+|musllinux_\d+_\d+|macosx_\d+_\d+|win)_?\w*$")


def tags(wheel: Path) -> tuple[str, str, str]:
    """(python, abi, platform) from a wheel's file name: name-version(-build)?-py-abi-platform.whl."""
    python, abi, platform = wheel.name.removesuffix(".whl").split("-")[-3:]
    return python, abi, platform


def auditwheel_says(wheel: Path) -> str:
    done = subprocess.run([sys.executable, "-m", "auditwheel", "show", str(wheel)], capture_output=True, text=True)
    return " ".join((done.stdout + done.stderr).split())


def problems(wheel: Path) -> list[str]:
    python, abi, platform = tags(wheel)
    found = []
    if (python, abi) != ("py3", "none"):
        found.append(f"{wheel.name}: tagged {python}-{abi}, not py3-none: it will not install on every Python 3")
    said = auditwheel_says(wheel)
    fits = re.search(r'consistent with the following platform tag: "([^"]+)"', said)
    if not ACCEPTED.match(platform) or platform.startswith("linux_"):
        found.append(f"{wheel.name}: PyPI accepts no {platform} wheel; run auditwheel repair. auditwheel: {said}")
    elif platform.startswith(("manylinux", "musllinux")) and (fits is None or not fits_under(fits[1], platform)):
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


# Each Python of the matrix once (3.13t with -X gil=1 is 3.13t's interpreter again).
EVERY_PYTHON = [cell for cell in pythons.CELLS if not cell.options]
# Run by each Python in a folder holding the wheel: a new venv, the wheel from the file alone, a call.
INSTALL = """import subprocess, sys, venv
folder, wheel = sys.argv[1], sys.argv[2]
venv.create(folder, with_pip=True)
python = folder + "/bin/python"
subprocess.run([python, "-m", "pip", "install", "-q", "--no-index", wheel], check=True)
call = "import crabmath, sys; print(crabmath.mean([1, 2, 4.5]), sys.version.split()[0] + sys.abiflags)"
subprocess.run([python, "-c", call], check=True)
"""


def installs_everywhere(
    wheel: Path, work: Path, cells: list[pythons.Cell] = EVERY_PYTHON
) -> tuple[list[str], list[str]]:
    """(problems, the Pythons that installed and called it) for one wheel file on every cell,
    each in its own venv inside `work`, a folder of the caller's own (emptied first)."""
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    shutil.copy(wheel, work / wheel.name)
    (work / "install.py").write_text(INSTALL)

    def one(cell: pythons.Cell) -> tuple[str | None, str]:
        argv = ["install.py", f"venv-{cell.name}", wheel.name]
        command = pythons.command(cell, argv, cwd=work)  # the chroot cds there itself; the others need cwd
        done = subprocess.run(command, cwd=work, capture_output=True, text=True, timeout=600)
        said = done.stdout.split()
        if done.returncode != 0 or not said or said[0] != "2.5":
            return (
                f"{wheel.name} on Python {cell.label}: exit {done.returncode}\n{done.stdout}{done.stderr[-1500:]}",
                "",
            )
        return None, said[-1]

    with ThreadPoolExecutor(2) as pool:
        results = list(pool.map(one, cells))
    return [p for p, _ in results if p], [version for p, version in results if not p]


def run(say) -> Report:
    wheelhouse = ROOT / "target" / "wheelhouse"  # this check's own: the book's runs keep none
    shutil.rmtree(wheelhouse, ignore_errors=True)
    script = model.LISTINGS / "shipping" / "ship.py"
    done = subprocess.run(
        [sys.executable, script, "--wheelhouse", wheelhouse], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0 or not run_listing.matches(run_listing.expected_path(script).read_text(), done.stdout):
        return Report([f"listings/shipping/ship.py --wheelhouse: exit {done.returncode}\n{done.stdout}{done.stderr}"])
    wheels = sorted(wheelhouse.glob("*.whl"))
    found = [p for wheel in wheels for p in problems(wheel)] if wheels else ["listings/shipping/ship.py made no wheel"]
    if not wheels:
        return Report(found)
    pythons.ensure(EVERY_PYTHON)
    broken, versions = installs_everywhere(wheels[0], ROOT / "target" / "wheel-everywhere")
    size = f"{wheels[0].name}, {wheels[0].stat().st_size // 1024} KiB"
    return Report(
        found + broken,
        summary=f"{size}: built by ship.py, fits its tag; the same file installed and called on {', '.join(versions)}",
    )
