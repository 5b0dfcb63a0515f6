"""Build the crabmath wheel, install it into a new virtual environment, and call it from outside the repository."""

import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

HERE = Path(__file__).resolve().parent  # listings/shipping: Cargo.toml, pyproject.toml, crabmath/


def run(*command: str | Path, cwd: Path | None = None) -> str:
    """Run a command; on failure show its output and stop."""
    done = subprocess.run([str(c) for c in command], cwd=cwd, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{command[:4]} failed ({done.returncode}):\n{done.stdout}{done.stderr}")
    return done.stdout


with tempfile.TemporaryDirectory() as temp:
    temp = Path(temp)
    # 1. Build the wheel from a clean copy of the package (the build writes into its folder).
    source = temp / "source"
    shutil.copytree(HERE, source, ignore=shutil.ignore_patterns("target", "build", "*.egg-info", "__pycache__"))
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-w", temp / "dist", source)
    wheel = next((temp / "dist").glob("*.whl"))
    print("built", wheel.name)
    for name in sorted(zipfile.ZipFile(wheel).namelist()):
        if name.startswith("crabmath/"):
            print("  contains", name)

    # 2. A new virtual environment, and the wheel installed from the file alone (no index).
    run(sys.executable, "-m", "venv", temp / "venv")
    python = temp / "venv" / ("Scripts" if sys.platform == "win32" else "bin") / "python"
    run(python, "-m", "pip", "install", "--quiet", "--no-index", wheel)

    # 3. Call it from a folder outside the repository, as a user of the package would.
    code = "import crabmath; print('crabmath.mean([1, 2, 4.5]) =', crabmath.mean([1, 2, 4.5]))"
    print(run(python, "-c", code, cwd=temp).strip())
    print(
        "loaded from the venv:",
        run(python, "-c", "import crabmath; print(crabmath.__file__)", cwd=temp).startswith(str(temp)),
    )
