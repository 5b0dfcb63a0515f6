"""ub_check: an out-of-bounds write and a NULL slice in a unit test each fail the check."""

import subprocess
from pathlib import Path

import pytest
from conftest import scratch_crate

from snake_crab.checks import ub as ub_check

CASES = {
    "clean": "let v = vec![1u8, 2, 3];\n    assert_eq!(v.iter().sum::<u8>(), 6);",
    # One byte past a 3-byte allocation: valgrind reports an invalid write.
    "out_of_bounds": "let mut v = vec![0u8; 3];\n    unsafe { *v.as_mut_ptr().add(3) = 1 };",
    # A NULL pointer for an empty slice: the debug build's precondition check aborts.
    "null_slice": "let s: &[u8] = unsafe { std::slice::from_raw_parts(std::hint::black_box(std::ptr::null()), 0) };\n"
    "    assert!(s.is_empty());",
}


def crate(root: Path, name: str, body: str) -> Path:
    """A crate whose one unit test runs `body`."""
    return scratch_crate(root / name, f"#[test]\nfn case() {{\n    {body}\n}}\n")


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("ub")
    for name, body in CASES.items():
        crate(root, name, body)
    (root / "Cargo.toml").write_text(
        '[workspace]\nmembers = ["clean", "out_of_bounds", "null_slice"]\nresolver = "3"\n'
    )
    subprocess.run(["cargo", "test", "--no-run", "-q", "--manifest-path", str(root / "Cargo.toml")], check=True)
    return root


def test_each_broken_crate_fails_and_the_clean_one_passes(workspace: Path, capsys) -> None:
    failures = ub_check.run_tests(workspace / "Cargo.toml", print)
    out = capsys.readouterr().out
    assert "ok    clean" in out
    assert "FAIL  out_of_bounds: valgrind found errors" in out
    assert any("Invalid write of size 1" in f for f in failures if f.startswith("out_of_bounds"))
    assert "FAIL  null_slice" in out
    assert any("unsafe precondition(s) violated" in f for f in failures if f.startswith("null_slice"))
    assert len(failures) == 2


ALIASING = """let mut x = 1u8;
    let p = &mut x as *mut u8;
    let (a, b) = unsafe { (&mut *p, &mut *p) }; // two live &mut to one byte
    *b = 2;
    *a = 3;
    assert_eq!(x, 3);"""


def test_miri_catches_what_valgrind_cannot_see(tmp_path: Path, capsys) -> None:
    crate(tmp_path, "aliasing", ALIASING)
    (tmp_path / "Cargo.toml").write_text('[workspace]\nmembers = ["aliasing"]\nresolver = "3"\n')
    assert ub_check.run_tests(tmp_path / "Cargo.toml", print) == []  # valid memory all along: valgrind is content
    failures = ub_check.run_miri(tmp_path / "Cargo.toml", [], print)
    assert len(failures) == 1 and "Undefined Behavior" in failures[0], failures
    assert "FAIL  miri" in capsys.readouterr().out


def test_a_missing_miri_fails_the_check_and_says_how_to_install_it(tmp_path: Path, monkeypatch, capsys) -> None:
    monkeypatch.setattr(ub_check, "miri_available", lambda: False)
    failures = ub_check.run_miri(tmp_path / "Cargo.toml", [], print)
    assert len(failures) == 1, failures
    assert "rustup toolchain install nightly-2026-05-20 --profile minimal --component miri,rust-src" in failures[0]
    assert "FAIL  miri" in capsys.readouterr().out
