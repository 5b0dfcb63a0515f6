"""Each listing is one cdylib crate named like its folder, with src/lib.rs and expected outputs,
and a Cargo.toml complete on its own: the root's edition, rust-version and lints, nothing
inherited; every line a page may show fits its 100 columns; helpers are the shared ones."""

import re
import tomllib
from pathlib import Path

from snake_crab import ROOT, model, run_listing
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)  # a header's lines must fit the page too
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    problems = []
    root = tomllib.loads((ROOT / "Cargo.toml").read_text())
    policy = {"edition": root["package"]["edition"], "rust-version": root["package"]["rust-version"]}
    for listing in model.crates():
        text, manifest, name = (listing.folder / "Cargo.toml").read_text(), listing.manifest, listing.name
        if re.search(r"^\s*[\w.-]*\.workspace\s*=|^\s*workspace\s*=\s*true", text, re.MULTILINE):
            problems.append(f"listings/{name}/Cargo.toml inherits from the workspace: a copied listing cannot build")
        for key, wanted in policy.items():
            if manifest["package"].get(key) != wanted:
                problems.append(f"listings/{name}/Cargo.toml: {key} must be {wanted!r}, as in the root Cargo.toml")
        if manifest.get("lints") != root["lints"]:
            problems.append(f"listings/{name}/Cargo.toml: [lints] must be the root Cargo.toml's {root['lints']}")
        if manifest["package"]["name"] != name:
            problems.append(f"listings/{name}/Cargo.toml: package name must be {name!r}")
        if manifest.get("lib", {}).get("crate-type") != ["cdylib"]:
            problems.append(f'listings/{name}/Cargo.toml: needs [lib] crate-type = ["cdylib"]')
        if not listing.lib_rs.is_file():
            problems.append(f"listings/{name}: no src/lib.rs")
        # Every line a page may show fits the book's column (100): caught here, in a second, rather
        # than by the browser check minutes later (cargo fmt and ruff leave comments as they are).
        for path in [listing.lib_rs, listing.header, *listing.python_files, *listing.folder.glob("*.yml")]:
            lines = path.read_text().splitlines() if path.is_file() else []
            for number, line in enumerate(lines, 1):
                if len(line) > 100:
                    problems.append(f"{path.relative_to(ROOT)}:{number}: {len(line)} columns; a page shows at most 100")
    helpers = {Path(name).stem: (model.LISTINGS / name).read_text() for name in model.HELPERS}
    wrong_copies: set[Path] = set()
    for spec in model.script_specs():
        script = model.LISTINGS / spec
        if not run_listing.expected_path(script).is_file():
            problems.append(f"listings/{spec}: no expected output (run `python3 python/book.py bless`)")
        if "def load_library" in script.read_text():
            problems.append(f"listings/{spec}: defines its own load_library; import it from loader.py")
        for name, text in helpers.items():
            copy = script.parent / f"{name}.py"
            if f"from {name} import" not in script.read_text() or copy in wrong_copies:
                continue
            if not copy.is_file() or copy.read_text() != text:
                wrong_copies.add(copy)
                problems.append(f"listings/{script.parent.name}/{name}.py must be the same as listings/{name}.py")
    return Report(problems, summary=f"{len(model.listings())} listings laid out as the book's crates")
