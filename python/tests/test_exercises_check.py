"""exercises: a starter leaves each `solution` region to the reader, builds, and fails its tests;
a starter that passes them, or does not build, fails the check."""

import zipfile
from pathlib import Path

from snake_crab import model
from snake_crab.checks import exercises

SOLUTION = """fn double(x: u64) -> u64 {
    // ANCHOR: solution
    // starter: 0 // your code here
    x * 2
    // ANCHOR_END: solution
}
"""


def test_a_region_becomes_its_starter_line_or_the_stub() -> None:
    assert model.starter(SOLUTION, ".rs") == "fn double(x: u64) -> u64 {\n    0 // your code here\n}\n"
    python = "def f():\n    # ANCHOR: solution\n    return 1\n    # ANCHOR_END: solution\n"
    assert model.starter(python, ".py") == 'def f():\n    raise NotImplementedError("your code here")\n'
    assert "starter" not in model.without_anchors(SOLUTION)  # the solution's page and zip show no marker


def test_every_exercise_of_the_book_has_a_starter_that_differs_from_it() -> None:
    names = [listing.name for listing in model.listings() if listing.is_exercise]
    assert len(names) >= 14
    assert "slices_max" in names and "hello" not in names
    python_only = [listing.name for listing in model.listings() if listing.is_exercise and not listing.rust_exercise]
    assert "primitives" in python_only and "slices_max" not in python_only


def starter_zip(book: Path, lib_rs: str, test_py: str) -> None:
    """A site holding one exercise's starter, demo-start.zip."""
    (book / "listings").mkdir(parents=True)
    with zipfile.ZipFile(book / "listings" / "demo-start.zip", "w") as archive:
        archive.writestr("demo/Cargo.toml", '[package]\nname = "demo"\nversion = "0.1.0"\nedition = "2024"\n')
        archive.writestr("demo/src/lib.rs", lib_rs)
        archive.writestr("demo/test_demo.py", test_py)


def test_a_starter_that_already_passes_its_tests_fails(tmp_path: Path) -> None:
    lib_rs = "pub fn double(x: u64) -> u64 { x * 2 }\n#[test]\nfn doubles() { assert_eq!(double(2), 4); }\n"
    starter_zip(tmp_path / "book", lib_rs, "def test_nothing():\n    assert True\n")
    problems, _ = exercises.starter_problems("demo", tmp_path / "book", tmp_path / "work")
    assert "listings/demo: its starter passes `cargo test`: the tests do not state the task" in problems
    assert any("its starter's pytest run did not fail as a task not done does: 1 passed" in p for p in problems)


def test_a_starter_that_does_not_build_fails(tmp_path: Path) -> None:
    starter_zip(tmp_path / "book", "pub fn double(x: u64) -> u64 { x * }\n", "")
    problems, _ = exercises.starter_problems("demo", tmp_path / "book", tmp_path / "work")
    assert len(problems) == 1 and problems[0].startswith("listings/demo: its starter does not build:")


def test_a_starter_whose_tests_fail_passes(tmp_path: Path) -> None:
    lib_rs = "pub fn double(x: u64) -> u64 { x }\n#[test]\nfn doubles() { assert_eq!(double(2), 4); }\n"
    starter_zip(tmp_path / "book", lib_rs, "def test_double():\n    assert 2 == 4\n")
    problems, said = exercises.starter_problems("demo", tmp_path / "book", tmp_path / "work")
    assert problems == [] and said.startswith("1 failed")


def test_a_python_only_starter_keeps_its_crates_passing_tests(tmp_path: Path) -> None:
    """Where the reader writes only Python, the starter's crate is the chapter's, tests passing."""
    lib_rs = "pub fn double(x: u64) -> u64 { x * 2 }\n#[test]\nfn doubles() { assert_eq!(double(2), 4); }\n"
    starter_zip(tmp_path / "book", lib_rs, "def test_wrapper():\n    raise NotImplementedError\n")
    problems, said = exercises.starter_problems("demo", tmp_path / "book", tmp_path / "work", rust=False)
    assert problems == [] and said.startswith("1 failed")
    starter_zip(tmp_path / "book2", lib_rs, "def test_wrapper():\n    pass\n")
    problems, _ = exercises.starter_problems("demo", tmp_path / "book2", tmp_path / "work2", rust=False)
    assert any("did not fail as a task not done does: 1 passed" in p for p in problems)
