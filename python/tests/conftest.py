"""Shared fixtures: a throw-away copy of the book to break on purpose."""

import ctypes
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))  # the harness modules (gen, unwind_check, ...) for the tests
SKIP = {".git", ".venv", ".tools", "target", "book", "screenshots", "__pycache__", ".pytest_cache", ".ruff_cache"}


def load_listing(name: str) -> ctypes.CDLL:
    """The built library of listings/<name> (the verification builds all of them before pytest)."""
    path = ROOT / "target" / "release" / f"lib{name}.so"
    if not path.is_file():
        pytest.fail(f"{path} is not built: run `cargo build --release -p {name}`")
    return ctypes.CDLL(str(path))


class BookCopy:
    """A copy of the repository in a temporary folder; `verify(...)` runs checks there."""

    def __init__(self, path: Path):
        self.path = path

    def edit(self, relative: str, old: str, new: str) -> None:
        file = self.path / relative
        text = file.read_text()
        assert old in text, f"{old!r} not in {relative}"
        file.write_text(text.replace(old, new, 1))

    def append(self, relative: str, text: str) -> None:
        with open(self.path / relative, "a") as file:
            file.write(text)

    def verify(self, *checks: str) -> subprocess.CompletedProcess:
        return subprocess.run(
            [sys.executable, str(self.path / "python" / "verify.py"), "--only", ",".join(checks)],
            cwd=self.path,
            capture_output=True,
            text=True,
        )


@pytest.fixture
def book_copy(tmp_path: Path) -> BookCopy:
    """The repository's files, plus its built target/release so that cargo only rebuilds the listings."""
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=lambda _dir, names: [n for n in names if n in SKIP])
    if (ROOT / "target" / "release").is_dir():
        shutil.copytree(ROOT / "target" / "release", copy / "target" / "release", symlinks=True)
    return BookCopy(copy)
