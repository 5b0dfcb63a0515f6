"""Shared fixtures: a throw-away copy of the book to break on purpose."""

import ctypes
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from hypothesis import settings
from hypothesis import strategies as st

ROOT = Path(__file__).resolve().parents[2]
# Generated input shared by the listings' property tests (hypothesis).
I64 = st.integers(-(2**63), 2**63 - 1)
FLOATS = st.floats(allow_nan=False, allow_infinity=False, width=64, min_value=-1e12, max_value=1e12)
# Every property test: 200 examples, no per-example deadline (a loaded CI machine is slow), and the
# same examples on every run (derandomize): a verification that passes must pass again. A wrong
# answer hypothesis once found stays as an @example.
settings.register_profile("book", max_examples=200, deadline=None, derandomize=True)
settings.load_profile("book")
SKIP = {".git", ".venv", ".tools", "target", "book", "screenshots", "__pycache__", ".pytest_cache", ".ruff_cache"}


def load_listing(name: str) -> ctypes.CDLL:
    """The built library of listings/<name> (the verification builds all of them before pytest)."""
    path = ROOT / "target" / "release" / f"lib{name}.so"
    if not path.is_file():
        pytest.fail(f"{path} is not built: run `cargo build --release -p {name}`")
    return ctypes.CDLL(str(path))


def scratch_crate(folder: Path, lib_rs: str, manifest_extra: str = "") -> Path:
    """A throw-away edition-2024 crate named after `folder`, with `lib_rs` as its src/lib.rs."""
    (folder / "src").mkdir(parents=True)
    (folder / "Cargo.toml").write_text(
        f'[package]\nname = "{folder.name}"\nedition = "2024"\nversion = "0.1.0"\n{manifest_extra}'
    )
    (folder / "src" / "lib.rs").write_text(lib_rs)
    return folder


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
        return book_py(self.path, "verify", "--only", ",".join(checks))


def book_py(root: Path, *args: str) -> subprocess.CompletedProcess:
    """`python3 python/book.py ARGS` in the checkout at root, with this machine's set-up done
    (the tests run inside a verification, which did it)."""
    return subprocess.run(
        [sys.executable, str(root / "python" / "book.py"), *args],
        cwd=root,
        capture_output=True,
        text=True,
        env=dict(os.environ, SNAKE_CRAB_INSTALLED="1"),
    )


# What a copy keeps: enough of the book for every check to run, but only these listings and the
# chapters that show them, so a check that builds the book runs 3 listings, not all 34.
COPY_LISTINGS = ("hello", "structs", "structs_circle")  # structs.md shows the last (its exercise)
COPY_CHAPTERS = ("hello.md", "structs.md")


def _copy_ignore(folder: str, names: list[str]) -> list[str]:
    here = Path(folder)
    drop = [n for n in names if n in SKIP]
    if here == ROOT / "listings":
        drop += [n for n in names if (here / n).is_dir() and n not in COPY_LISTINGS]
    if here == ROOT / "src":
        drop += [n for n in names if n != "SUMMARY.md" and n not in COPY_CHAPTERS]
    return drop


@pytest.fixture
def book_copy(tmp_path: Path) -> BookCopy:
    """The repository reduced to the listings in COPY_LISTINGS and their chapters, plus the
    built target/release, so that cargo only rebuilds what a test changes."""
    copy = tmp_path / "book"
    shutil.copytree(ROOT, copy, ignore=_copy_ignore, symlinks=True)  # each folder's loader.py -> ../loader.py
    # The workspace's PyO3 member glob matches nothing in the copy, which cargo refuses.
    manifest = copy / "Cargo.toml"
    manifest.write_text(manifest.read_text().replace(', "listings/*/*_pyo3"', ""))
    titles = {"hello.md": "Hello world", "structs.md": "Structs"}
    (copy / "src" / "SUMMARY.md").write_text(
        "# Summary\n\n" + "".join(f"- [{titles[c]}]({c})\n" for c in COPY_CHAPTERS)
    )
    if (ROOT / "target" / "release").is_dir():
        shutil.copytree(ROOT / "target" / "release", copy / "target" / "release", symlinks=True, ignore=_unneeded)
    return BookCopy(copy)


def _unneeded(_folder: str, names: list[str]) -> list[str]:
    """Build outputs of the listings a copy leaves out, and of PyO3 (only alternatives' inner crate
    uses it): half of target/release. Whatever this drops by mistake, cargo just builds again."""
    gone = [d.name for d in (ROOT / "listings").iterdir() if d.is_dir() and d.name not in COPY_LISTINGS]
    prefixes = tuple(p for name in [*gone, "pyo3"] for p in (f"{name}-", f"lib{name}.", f"lib{name}-"))
    return [n for n in names if n.startswith(prefixes)]
