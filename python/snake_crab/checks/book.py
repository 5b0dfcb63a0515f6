"""mdbook build with no warning; every listing ran in it, succeeded and printed what is
expected; every run a listing has is shown by a chapter; and no file of the site (nor of its
downloads) holds a path of the machine that built it."""

import json
import zipfile
from pathlib import Path

from snake_crab import ROOT, install, model, run_listing, site
from snake_crab.check import Report

NEEDS = ("build",)
SECONDS = 90  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    problems = site.build(say)
    if problems:
        return Report(problems)
    shown = model.shown_runs()
    for spec in model.script_specs():
        if spec not in shown:
            problems.append(f"listings/{spec}: no chapter shows its run (add a cmdrun line for it)")
    for spec, where in shown.items():
        log = run_listing.RUNS / (spec.replace("/", "__") + ".json")
        if not log.is_file():
            problems.append(f"{where}: listings/{spec} did not run during mdbook build")
            continue
        for problem in json.loads(log.read_text())["problems"]:
            problems.append(f"{where}: listings/{spec} {problem}")
    problems += machine_paths(site.BOOK)
    files = sum(1 for p in site.BOOK.rglob("*") if p.is_file())
    return Report(problems, summary=f"{len(shown)} runs shown as run; no path of this machine in {files} files")


def machine_paths(built: Path) -> list[str]:
    """Each file of the built site (and each file inside its archives) that holds this clone's
    path or the tool cache's; a reader would see where and how the book was built."""
    paths = [str(ROOT).encode(), str(install.TOOLS.parents[1]).encode()]
    found = []
    for file in sorted(p for p in built.rglob("*") if p.is_file()):
        contents = {"": file.read_bytes()}
        if file.suffix == ".zip":
            with zipfile.ZipFile(file) as archive:
                contents = {f" ({name})": archive.read(name) for name in archive.namelist()}
        for inside, data in contents.items():
            for path in paths:
                if path in data:
                    found.append(f"{file.relative_to(built.parent)}{inside} shows this machine's path {path.decode()}")
    return found
