"""Every exercise's starter builds and fails its tests, which its solution passes.

An exercise is a listing that marks the code a reader writes as `solution` regions
(model.Listing.is_exercise); the site has its starter, book/listings/NAME-start.zip, with each
region left for the reader (model.starter). For each, the starter is unpacked alone, outside
the repository, as a reader gets it, and:
- its chapter links it;
- `cargo build --release` passes: the reader starts from code that compiles;
- `python3 -m pytest -q` fails, with a venv holding only pytest, and so does `cargo test` where
  the reader writes Rust too: the tests state the task, so a starter that passes them would
  teach nothing. (Where the task is on the Python side only, the starter's crate is the
  chapter's own, whose tests pass.)
The solution, the listing itself, passes the same tests: the build and copyout checks run its
`cargo test`, and its test file is a run its chapter shows, which copyout and the matrix repeat
on every Python.
"""

import os
import subprocess
from pathlib import Path

from snake_crab import ROOT, downloads, model
from snake_crab.check import Report
from snake_crab.checks import copyout

NEEDS = ("book",)  # the site's starters
SECONDS = 25  # its usual time, warm, on 2 cores (orders the checks; see verify.py)
PER_LISTING = True


def starter_problems(name: str, book: Path, folders: Path, rust: bool = True) -> tuple[list[str], str]:
    """(problems, what its tests said) for one exercise's starter, unpacked in a folder of
    `folders` as the copy-out check unpacks a download; `rust`: whether the reader writes Rust
    too (model.Listing.rust_exercise), so `cargo test` must fail."""
    archive = book / "listings" / f"{name}-start.zip"
    if not archive.is_file():
        return [f"listings/{name}: no starter {archive.name} in the site"], ""
    with copyout.locked(folders, archive.stem):
        return tried(name, copyout.unpack(archive, folders), rust)


def tried(name: str, folder: Path, rust: bool) -> tuple[list[str], str]:
    """The starter in `folder` built, then its tests run: (problems, what its tests said)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("CARGO_TARGET") and k != "VIRTUAL_ENV"}
    done = subprocess.run(
        ["cargo", "build", "--release", "--quiet"], cwd=folder, capture_output=True, text=True, env=env
    )
    if done.returncode != 0:
        return [f"listings/{name}: its starter does not build:\n{done.stderr[-2000:]}"], ""
    found = []
    if rust:
        done = subprocess.run(["cargo", "test", "--quiet"], cwd=folder, capture_output=True, text=True, env=env)
        if done.returncode == 0:
            found.append(f"listings/{name}: its starter passes `cargo test`: the tests do not state the task")
    python = copyout.reader_venv([downloads.PINS["pytest"]])
    done = subprocess.run(
        [python, "-m", "pytest", "-q", "-p", "no:cacheprovider"], cwd=folder, capture_output=True, text=True, env=env
    )
    said = done.stdout.strip().splitlines()[-1] if done.stdout.strip() else done.stderr[-300:]
    if done.returncode != 1 or " failed" not in said:
        found.append(f"listings/{name}: its starter's pytest run did not fail as a task not done does: {said}")
    return found, said


def chapter_links(name: str) -> bool:
    return any(f"listings/{name}-start.zip" in page.read_text() for page in model.chapters())


def run(say) -> Report:
    exercises = [listing for listing in model.listings() if listing.is_exercise]
    if not exercises:
        return Report(["no exercise: no listing marks a `solution` region"])
    found, said = [], []
    for listing in exercises:
        name = listing.name
        if not chapter_links(name):
            found.append(f"listings/{name}: no chapter links its starter listings/{name}-start.zip")
        problems, tests = starter_problems(name, ROOT / "book", copyout.FOLDERS, listing.rust_exercise)
        found += problems
        said.append(f"{name} ({tests})")
        say(f"{name}: starter: {tests}")
    return Report(found, summary=f"{len(exercises)} starters build and fail their tests: {', '.join(said)}")
