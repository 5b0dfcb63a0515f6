"""The model of a listing: what it finds, and that it is the one place that enumerates listings."""

import re
from pathlib import Path

from snake_crab import model

PYTHON = Path(model.__file__).resolve().parent


def test_every_crate_folder_is_a_listing_and_only_pyo3_is_not_a_c_library():
    names = model.names()
    assert names == sorted(p.parent.name for p in model.LISTINGS.glob("*/Cargo.toml"))
    assert [x.name for x in model.listings() if not x.c_library] == ["alternatives_pyo3"]


def test_helpers_are_not_scripts():
    specs = model.script_specs()
    assert "hello/hello.py" in specs and "progress/progress.py" in specs
    assert not any(s.endswith(("/loader.py", "/ctrl_c.py", "/setup.py")) for s in specs)


def test_free_threaded_pythons_run_only_the_chapters_that_need_them():
    on = [c.name for c in model.cells_for(model.LISTINGS / "threads/gil.py")]
    off = [c.name for c in model.cells_for(model.LISTINGS / "hello/hello.py")]
    assert "3.13t" in on and "3.13t" not in off


def test_no_other_module_enumerates_the_listings():
    # a glob over listings/ outside the model is a second answer to "which listings are there"
    pattern = re.compile(r"""glob\(["']\*/(Cargo\.toml|\*\.py|\*/\*\.py)["']\)|iterdir\(\).*Cargo\.toml""")
    found = [
        f"{path.name}:{number}"
        for path in sorted(PYTHON.glob("*.py"))
        if path.name != "model.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []
