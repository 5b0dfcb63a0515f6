"""The version matrix: every listing on every Python the book names, compared with its page.

The pages are built, and every listing run and compared, with the machine's python3 (the
book check). This check runs the listings again on each other cell of python/snake_crab/pythons.py:

- 3.13, 3.14 and 3.15 (GIL): every listing;
- 3.13t (free-threaded), and 3.13t with `-X gil=1`: the listings of the chapters about threads,
  callbacks and NumPy (the ones whose behaviour the GIL decides).

The runs happen in a copy of the repository's build inputs (Cargo.toml, Cargo.lock, build.rs,
.cargo/ and listings/) in target/matrix/tree, with a target folder of its own, so that the
other checks running meanwhile never see a library this check rebuilt for another Python
(compare.py builds its PyO3 module with whichever Python runs it). The C libraries do not depend
on the Python, so the tree's target/release gets the build check's (copied, not built again);
only what a script builds itself is built there.

A run passes when it exits 0, writes nothing to stderr and prints the output the page shows
for that version (run_listing.expected_path: the cell's own expected file, or the one it falls
back to). A listing that imports a package with no wheel for a cell is not run there and is
printed as "not available", with the package and the reason. The check fails on any failed
run, and when the Introduction's "What you need" names a Python version that no cell runs.

    python3 python/book.py verify --only matrix             # every cell
    python3 python/book.py bless --python 3.14 NAME         # rewrite that cell's expected outputs
"""

import ast
import re
import shutil
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from snake_crab import model, pythons, run_listing
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)  # its C libraries are copied into the tree
SECONDS = 305  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

ROOT = pythons.ROOT
LISTINGS = ROOT / "listings"
INTRODUCTION = ROOT / "src" / "introduction.md"


def imports(script: Path) -> set[str]:
    tree = ast.parse(script.read_text())
    names = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
    names |= {n.module.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom) and n.module}
    if script.name.startswith("test_"):
        names.add("pytest")
    return names


def named_versions() -> list[str]:
    """The Python versions the Introduction's "What you need" names."""
    section = INTRODUCTION.read_text().split("## What you need", 1)[-1].split("\n## ", 1)[0]
    bullet = next((b for b in section.split("\n- ") if b.lstrip("- ").startswith("Python")), "")
    return re.findall(r"\b3\.\d+t?\b", bullet)


def check_named_versions() -> list[str]:
    named = named_versions()
    problems = [
        f"{INTRODUCTION.relative_to(ROOT)}: names Python {v}, which no cell of the matrix runs"
        for v in named
        if v not in pythons.BY_NAME
    ]
    if not named:
        problems.append(f'{INTRODUCTION.relative_to(ROOT)}: "What you need" names no Python version')
    return problems


TREE = ROOT / "target" / "matrix" / "tree"
TREE_INPUTS = ["Cargo.toml", "Cargo.lock", "build.rs", ".cargo", "listings"]
NOT_COPIED = {"target", "__pycache__", ".pytest_cache", "wheelhouse", "build", "dist"}


def sync_tree(source: Path = ROOT, tree: Path = TREE) -> None:
    """Make `tree` hold the build inputs of `source`, each file with its time (copy2), and
    nothing else; then put the C libraries the build check made in its target/release."""
    wanted = set()
    for name in TREE_INPUTS:
        top = source / name
        files = [top] if top.is_file() else [p for p in top.rglob("*") if p.is_file()]
        for path in files:
            relative = path.relative_to(source)
            if NOT_COPIED & set(relative.parts) or relative.name.endswith(".egg-info"):
                continue
            wanted.add(relative)
            target = tree / relative
            stat = path.stat()
            if not target.is_file() or target.stat().st_size != stat.st_size or target.stat().st_mtime != stat.st_mtime:
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(path, target)
    for name in TREE_INPUTS:
        top = tree / name
        for path in [top] if top.is_file() else (top.rglob("*") if top.is_dir() else []):
            relative = path.relative_to(tree)
            if path.is_file() and relative not in wanted and not NOT_COPIED & set(relative.parts):
                path.unlink()
    release = tree / "target" / "release"
    release.mkdir(parents=True, exist_ok=True)
    for listing in model.listings(source / "listings"):
        if listing.c_library:
            built = source / "target" / "release" / f"lib{listing.name}.so"
            if not built.is_file():
                raise RuntimeError(f"{built.relative_to(source)} is not built (the build check builds it)")
            shutil.copy2(built, release / built.name)


def run_cell(cell: pythons.Cell, specs: list[str], bless: bool) -> tuple[int, int, list[str], list[str]]:
    """(passed, run, problems, not available) for one cell."""
    missing = pythons.unavailable(cell)
    todo, skipped = [], []
    for spec in specs:
        script = LISTINGS / spec
        if cell not in model.cells_for(script):
            continue
        lacking = sorted(imports(script) & set(missing))
        if lacking:
            skipped.append(
                f"{spec}: not available on {cell.name}: {'; '.join(missing[m].split(':')[0] for m in lacking)}"
            )
            continue
        todo.append(spec)

    def one(spec: str) -> tuple[str, dict]:
        return spec, run_listing.run(spec, cell, TREE, build=False)  # sync_tree copied them all

    problems, passed = [], 0
    with ThreadPoolExecutor(max_workers=2) as pool:
        for spec, record in pool.map(one, todo):
            if bless and record["exit"] == 0 and not record["stderr"]:
                run_listing.bless(spec, record, cell)
            found = run_listing.problems(record)
            if found:
                problems += [f"{cell.name}: listings/{spec} {p}" for p in found]
            else:
                passed += 1
    return passed, len(todo), problems, skipped


def run(say) -> Report:
    return run_cells([c for c in pythons.CELLS if c != pythons.HOST], say)


def run_cells(cells: list[pythons.Cell], say, bless: bool = False) -> Report:
    """Run (or, with bless, rewrite the expected outputs of) the listings on these cells."""
    problems = check_named_versions()
    try:
        pythons.ensure(cells)
        began = time.monotonic()
        sync_tree()
        say(f"listings copied into {TREE.relative_to(ROOT)} ({time.monotonic() - began:.0f} s)")
    except RuntimeError as err:
        return Report([*problems, f"matrix set-up: {err}"])
    specs = model.script_specs()
    notes = []
    for cell in cells:
        began = time.monotonic()
        passed, ran, found, skipped = run_cell(cell, specs, bless)
        problems += found
        notes += skipped
        extra = f", {len(skipped)} not available" if skipped else ""
        say(f"{cell.name}: {passed}/{ran} listings print what the page shows{extra} ({time.monotonic() - began:.0f} s)")
    return Report(problems, notes, summary=f"{len(cells)} cell(s): {', '.join(c.name for c in cells)}")
