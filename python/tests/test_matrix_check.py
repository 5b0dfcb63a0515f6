"""The version matrix: expected outputs per Python, the Introduction's versions, and failures."""

from pathlib import Path

import pytest

from snake_crab import model, pythons, run_listing
from snake_crab.checks import matrix as matrix_check


def test_each_cell_falls_back_to_older_versions_only():
    assert run_listing.fallbacks(pythons.HOST) == []
    assert run_listing.fallbacks(pythons.BY_NAME["3.15"]) == ["3.15", "3.14", "3.13"]
    assert run_listing.fallbacks(pythons.BY_NAME["3.13"]) == ["3.13"]
    assert run_listing.fallbacks(pythons.BY_NAME["3.13t"]) == ["3.13t", "3.13"]
    assert run_listing.fallbacks(pythons.BY_NAME["3.13t-gil1"]) == ["3.13t-gil1", "3.13"]


def test_a_cell_uses_its_own_output_or_the_newest_older_one(tmp_path: Path):
    script = tmp_path / "demo.py"
    (tmp_path / "demo.output.txt").write_text("default\n")
    (tmp_path / "demo.output.3.13.txt").write_text("from 3.13\n")
    (tmp_path / "demo.output.3.15.txt").write_text("from 3.15\n")
    seen = {c.name: run_listing.expected_path(script, c).read_text() for c in pythons.CELLS}
    assert seen == {
        "3.11": "default\n",
        "3.13": "from 3.13\n",
        "3.14": "from 3.13\n",
        "3.15": "from 3.15\n",
        "3.13t": "from 3.13\n",
        "3.13t-gil1": "from 3.13\n",
    }


def test_bless_writes_a_cell_file_only_when_the_output_differs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    listings = tmp_path / "listings"
    (listings / "demo").mkdir(parents=True)
    (listings / "demo" / "demo.output.txt").write_text("same\n")
    monkeypatch.setattr(run_listing, "LISTINGS", listings)
    run_listing.bless("demo/demo.py", {"stdout": "same\n"}, pythons.BY_NAME["3.14"])
    assert not (listings / "demo" / "demo.output.3.14.txt").exists()
    run_listing.bless("demo/demo.py", {"stdout": "object at 0x7f5c27fa87c0\n"}, pythons.BY_NAME["3.14"])
    assert (listings / "demo" / "demo.output.3.14.txt").read_text() == "object at [..]\n"


def test_an_output_that_differs_on_a_cell_fails_it(monkeypatch: pytest.MonkeyPatch):
    def run(spec: str, cell: pythons.Cell, root: Path, build: bool = True) -> dict:
        return {"listing": spec, "cell": cell.name, "exit": 0, "stdout": "not what the page shows\n", "stderr": ""}

    monkeypatch.setattr(run_listing, "run", run)
    monkeypatch.setattr(pythons, "unavailable", lambda cell: {})
    passed, ran, problems, skipped = matrix_check.run_cell(pythons.BY_NAME["3.14"], ["hello/hello.py"], False)
    assert (passed, ran, skipped) == (0, 1, [])
    assert problems == [
        "3.14: listings/hello/hello.py printed an output that differs from listings/hello/hello.output.txt"
    ]


def test_a_listing_needing_a_package_without_a_wheel_is_reported_not_run(monkeypatch: pytest.MonkeyPatch):
    monkeypatch.setattr(pythons, "unavailable", lambda cell: {"pandas": "no 3.13t wheel of pandas==3.1.1: ..."})
    monkeypatch.setattr(run_listing, "run", lambda *args: pytest.fail("must not run"))
    passed, ran, problems, skipped = matrix_check.run_cell(
        pythons.BY_NAME["3.13t"], ["numpy_buffers/pandas_columns.py"], False
    )
    assert (passed, ran, problems) == (0, 0, [])
    assert skipped == ["numpy_buffers/pandas_columns.py: not available on 3.13t: no 3.13t wheel of pandas==3.1.1"]


def test_free_threaded_cells_run_only_the_chapters_the_gil_decides():
    on = [c.name for c in model.cells_for(model.LISTINGS / "threads/gil.py")]
    off = [c.name for c in model.cells_for(model.LISTINGS / "hello/hello.py")]
    assert on == ["3.11", "3.13", "3.14", "3.15", "3.13t", "3.13t-gil1"]
    assert off == ["3.11", "3.13", "3.14", "3.15"]


def test_the_introduction_names_only_versions_the_matrix_runs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    assert matrix_check.check_named_versions() == []
    intro = tmp_path / "introduction.md"
    intro.write_text("# Intro\n\n## What you need\n\n- Rust 1.91;\n- Python 3.11, 3.12 and\n  3.14t;\n\n## Next\n")
    monkeypatch.setattr(matrix_check, "INTRODUCTION", intro)
    monkeypatch.setattr(matrix_check, "ROOT", tmp_path)
    assert matrix_check.check_named_versions() == [
        "introduction.md: names Python 3.12, which no cell of the matrix runs",
        "introduction.md: names Python 3.14t, which no cell of the matrix runs",
    ]
