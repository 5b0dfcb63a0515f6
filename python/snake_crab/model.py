"""What a listing is: the one place in python/ that enumerates the listings and their files.

A listing is a folder of listings/ with a Cargo.toml: one crate (src/lib.rs) and the Python
scripts beside it that run, each with its expected output. Everything else asks this module
(nothing else globs listings/): which listings there are, which of them are C libraries (all but
a PyO3 extension module, which exports no C functions), their scripts, their headers, and the
settings of their checks.toml, which chapter shows which run, and which Pythons run each script.
Of the harness it imports only pythons (the Pythons, a leaf), so anything may import it.
"""

import functools
import os
import re
import tomllib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from snake_crab import ROOT, pythons

LISTINGS = ROOT / "listings"
CHAPTERS = ROOT / "src"
# A chapter shows a run with this line (mdbook-cmdrun runs it while the book is built).
CMDRUN = re.compile(r"<!-- cmdrun python3 \.\./python/book\.py run (?P<spec>\S+) -->")
# `verify --listing NAME[,NAME]` narrows listings/ to these for every check (a contributor's loop):
# the checks that look at listings one by one see only them. Unset, every listing.
NARROWED_TO = "SNAKE_CRAB_LISTINGS"
# The chapters whose listings also run free-threaded: the GIL decides what they show.
FREE_THREADED_CHAPTERS = {"threads.md", "callbacks.md", "numpy.md"}
# What builds and runs leave in the book's folders: never an input of the book.
LEFTOVERS = {"target", "__pycache__", ".pytest_cache"}
# Modules beside the scripts that the scripts import: not listings that run.
HELPERS = ("loader.py", "ctrl_c.py")
# Tools a page's commands run (Shipping's wheels.py, and the linkers for macOS and the browser):
# not listing runs.
TOOLS = ("wheels.py", "macos_ld.py", "wasm_ld.py")
# A line that marks a region of a listing file for a page (`// ANCHOR: name`, `# ANCHOR_END: name`):
# the book's, never the reader's, so neither pages nor downloads show it.
# An exercise's `starter: CODE` line, inside a `solution` region, is what its starter download has
# in place of the region (model.starter); pages and the solution's download leave it out too.
ANCHOR_LINE = re.compile(r"^\s*(//|#)\s*(?:ANCHOR(_END)?:\s*(?P<name>[\w-]+)|starter: (?P<stub>.+?))\s*$")


def without_anchors(text: str) -> str:
    return "".join(line for line in text.splitlines(keepends=True) if not ANCHOR_LINE.match(line))


# An exercise's solution marks the code the reader writes as regions named `solution`; its
# starter download has each replaced by the region's `starter:` line, or else by STUB (at the
# region's indentation). A Rust function called from Python needs a `starter:` value: a todo!()
# there would abort the Python process instead of failing a test.
SOLUTION = "solution"
STUB = {".rs": 'todo!("your code here")', ".py": 'raise NotImplementedError("your code here")'}


def marks_solution(text: str) -> bool:
    return any(m and m["name"] == SOLUTION for m in map(ANCHOR_LINE.match, text.splitlines()))


def starter(text: str, suffix: str) -> str:
    """The file as an exercise's starter gives it: each `solution` region replaced."""
    out, inside, stub, indent = [], False, None, ""
    for line in text.splitlines(keepends=True):
        m = ANCHOR_LINE.match(line)
        if m and m["name"] == SOLUTION and m[2] is None:  # the region opens
            inside, stub, indent = True, None, line[: len(line) - len(line.lstrip())]
        elif m and m["name"] == SOLUTION:  # and closes
            out.append(indent + (stub or STUB[suffix]) + "\n")
            inside = False
        elif m and m["stub"] and inside:
            stub = m["stub"]
        elif not m and not inside:
            out.append(line)
    return "".join(out)


def is_script(path: Path) -> bool:
    """Whether a Python file in a listing folder is a listing that runs: not a helper (`_*.py`,
    HELPERS), not a package's build configuration (`setup.py`, run by the build), not a TOOL."""
    return not path.name.startswith("_") and path.name not in ("setup.py", *HELPERS, *TOOLS)


@dataclass(frozen=True)
class Listing:
    name: str
    folder: Path

    @cached_property
    def manifest(self) -> dict:
        return tomllib.loads((self.folder / "Cargo.toml").read_text())

    @property
    def c_library(self) -> bool:
        """Whether the crate is a C library (extern "C" exports, a header), not a Python
        extension module made with PyO3."""
        return "pyo3" not in self.manifest.get("dependencies", {})

    @property
    def header(self) -> Path:
        return self.folder / f"{self.name}.h"

    @property
    def lib_rs(self) -> Path:
        return self.folder / "src" / "lib.rs"

    @property
    def scripts(self) -> list[Path]:
        """The Python listings that run, in the folder itself."""
        return sorted(p for p in self.folder.glob("*.py") if is_script(p))

    @cached_property
    def solution_files(self) -> list[Path]:
        """The files that mark a `solution` region: what an exercise's starter leaves for the
        reader (none if the listing is no exercise). Read once per Listing: is_exercise and
        rust_exercise both ask."""
        files = [*self.folder.glob("*.py"), *self.folder.glob("src/*.rs")]
        return [f for f in files if marks_solution(f.read_text())]

    @property
    def is_exercise(self) -> bool:
        """Whether it is an exercise's solution: some file marks a `solution` region."""
        return bool(self.solution_files)

    @property
    def rust_exercise(self) -> bool:
        """Whether the reader of its starter writes Rust too (else only Python, against the
        listing's crate as it is)."""
        return any(f.suffix == ".rs" for f in self.solution_files)

    @property
    def inner_crates(self) -> list["Listing"]:
        """Crates inside the listing's folder, part of its download (alternatives holds the same
        function made with PyO3, which its script builds)."""
        return [Listing(p.parent.name, p.parent) for p in sorted(self.folder.glob("*/Cargo.toml"))]

    @property
    def python_files(self) -> list[Path]:
        """Every Python file of the listing, helpers and a package's modules included."""
        return sorted(self.folder.glob("*.py")) + sorted(self.folder.glob("*/*.py"))


def narrowed() -> list[str]:
    """The listings `verify --listing` named ($SNAKE_CRAB_LISTINGS), or none: every listing."""
    return [n for n in os.environ.get(NARROWED_TO, "").split(",") if n]


def listings(root: Path = LISTINGS) -> list[Listing]:
    """Every listing under `root` (listings/, or a copy of it), by name; under listings/, only
    those named in $SNAKE_CRAB_LISTINGS when it is set (`verify --listing`)."""
    found = [Listing(p.parent.name, p.parent) for p in sorted(root.glob("*/Cargo.toml"))]
    named = narrowed()
    return [x for x in found if x.name in named] if named and root == LISTINGS else found


def crates(root: Path = LISTINGS) -> list[Listing]:
    """Every crate of the listings: each listing's own, and those inside a listing's folder."""
    return [crate for listing in listings(root) for crate in (listing, *listing.inner_crates)]


def names(root: Path = LISTINGS) -> list[str]:
    return [listing.name for listing in listings(root)]


def scripts(root: Path = LISTINGS) -> list[Path]:
    """Every Python listing that runs, in every listing."""
    return [script for listing in listings(root) for script in listing.scripts]


def script_specs(root: Path = LISTINGS) -> list[str]:
    """Every Python listing that runs, as a path relative to listings/ ("hello/hello.py")."""
    return sorted(p.relative_to(root).as_posix() for p in scripts(root))


def check_setting(script: Path, check: str) -> str | None:
    """How one of python/'s checks treats a script, from `checks.toml` beside it (or None).

    The file is the checks' own, never the reader's: downloads and copies leave it out.

        ["without_argtypes.py"]
        header-check = "skip: it mis-declares on purpose"
    """
    table = script.parent / "checks.toml"
    if not table.is_file():
        return None
    setting = tomllib.loads(table.read_text()).get(script.name, {}).get(check)
    if setting is not None and not re.fullmatch(r"(skip|expect leak): .+", setting):
        raise ValueError(f"{table}: {script.name}: {check} must be 'skip: <reason>' or 'expect leak: <reason>'")
    return setting


def chapters() -> list[Path]:
    return sorted(CHAPTERS.rglob("*.md"))


def shown_runs() -> dict[str, str]:
    """Each listing run a chapter asks for ("hello/hello.py"), mapped to the chapter and line
    that asks ("src/hello.md:12"); the first, if several do."""
    runs = {}
    for chapter in chapters():
        for number, line in enumerate(chapter.read_text().splitlines(), 1):
            for m in CMDRUN.finditer(line):
                runs.setdefault(m["spec"], f"{chapter.relative_to(ROOT)}:{number}")
    return runs


@functools.cache
def chapters_of_scripts() -> dict[str, str]:
    """Each listing script a chapter runs, mapped to that chapter's file name (read once)."""
    return {spec: Path(where.split(":")[0]).name for spec, where in shown_runs().items()}


def cells_for(script: Path) -> list[pythons.Cell]:
    """The Pythons (cells of the version matrix) a script runs on: every one, and the
    free-threaded ones only for the chapters where the GIL decides what a listing shows."""
    spec = script.relative_to(LISTINGS).as_posix() if script.is_absolute() else script.as_posix()
    chapter = chapters_of_scripts().get(spec)
    return [c for c in pythons.CELLS if not c.free_threaded or chapter in FREE_THREADED_CHAPTERS]
