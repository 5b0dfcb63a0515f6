"""Check a built wheel the way PyPI and a user's pip will see it.

- Its tag is `py3-none-<platform>`: a ctypes library uses no Python ABI, so one wheel serves
  every Python 3, and a `cp311` tag would keep it from Python 3.12.
- Its platform tag is one PyPI accepts (manylinux_*, musllinux_*, macOS, Windows; never
  `linux_*`), and `auditwheel show` agrees that the libraries inside fit that tag: they need
  no newer glibc symbols and no system library outside the manylinux policy. When it does
  not agree, auditwheel's own words are the reason given.

`python3 python/wheel_check.py WHEEL...` checks wheels; exit 1 on any problem.
"""

import re
import subprocess
import sys
from pathlib import Path

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


def main(wheels: list[str]) -> int:
    found = [p for wheel in wheels for p in problems(Path(wheel))]
    for problem in found:
        print(f"FAIL {problem}")
    print(f"wheel check: {len(wheels)} wheel(s), {len(found)} problem(s)")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
