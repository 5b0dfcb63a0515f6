"""A trial run: build a package's sdist and wheel, make the wheel one PyPI accepts, install it
fresh and call it, all in a temporary folder (wheels.py makes the files to upload).

By default the package is crabmath, beside this script; `python3 ship.py FOLDER --call CODE`
ships another crate set up the same way (Shipping: "Your own crate as a wheel")."""

import argparse
import re
import shutil
import subprocess
import sys
import tempfile
import tomllib
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent  # Cargo.toml, pyproject.toml, crabmath/


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; on failure show its output and stop."""
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{command[:4]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout + done.stderr


parser = argparse.ArgumentParser(description=__doc__)
parser.add_argument("folder", type=Path, nargs="?", default=HERE, help="the crate and package")
parser.add_argument(
    "--call", default="crabmath.mean([1, 2, 4.5])", help="what to print once installed"
)
args = parser.parse_args()
folder = args.folder.resolve()
package = tomllib.loads((folder / "pyproject.toml").read_text())["tool"]["setuptools"]["packages"][
    0
]

with tempfile.TemporaryDirectory() as temp:
    temp = Path(temp)
    # 1. The source distribution, then the wheel built from it: proof that the sdist alone
    #    builds, on any machine with Rust. (From a clean copy: the build writes into its folder.)
    source = temp / "source"
    shutil.copytree(
        folder,
        source,
        ignore=shutil.ignore_patterns(
            "target", "build", "dist", "wheelhouse", "*.egg-info", ".venv", "__pycache__"
        ),
    )
    run(sys.executable, "-m", "build", "--no-isolation", "--outdir", temp / "dist", source)
    for built in sorted((temp / "dist").iterdir()):
        print("built", built.name)

    # 2. auditwheel checks which system libraries and symbol versions the library needs, and
    #    renames the wheel to the oldest manylinux tag that has them all; PyPI takes no linux_*.
    wheel = next((temp / "dist").glob("*.whl"))
    wheelhouse = temp / "wheelhouse"
    run(sys.executable, "-m", "auditwheel", "repair", "--wheel-dir", wheelhouse, wheel)
    repaired = next(wheelhouse.glob("*.whl"))
    shown = " ".join(run(sys.executable, "-m", "auditwheel", "show", repaired).split())
    print("repaired", repaired.name)
    print(
        "  auditwheel show:",
        re.search(r"is (consistent with the following platform tag: \S+)\.", shown)[1],
    )
    for name in sorted(zipfile.ZipFile(repaired).namelist()):
        if name.startswith(f"{package}/") and not name.endswith("/"):
            print("  contains", name)
    checked = run(sys.executable, "-m", "twine", "check", "--strict", repaired)
    print(
        "twine check:", re.sub(r"\x1b\[[0-9;]*m", "", checked).split(": ")[-1].strip()
    )  # no colours

    # 3. A new virtual environment, and the wheel installed from the file alone (no index).
    run(sys.executable, "-m", "venv", temp / "venv")
    python = temp / "venv" / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-index", repaired)

    # 4. Call it from a folder outside the source tree, as a user of the package would.
    code = f"import {package}; print({args.call!r}, '=', {args.call})"
    print(run(python, "-c", code, cwd=temp).strip())
    print(
        "loaded from the venv:",
        run(python, "-c", f"import {package}; print({package}.__file__)", cwd=temp).startswith(
            str(temp)
        ),
    )
