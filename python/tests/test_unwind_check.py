"""unwind_check: a panic let through an extern "C" function fails the check; wrapped or announced ones pass."""

import subprocess
from collections import Counter
from pathlib import Path

import pytest
from conftest import scratch_crate

from snake_crab.checks import unwind as unwind_check

KINDS: Counter = Counter()  # each export's kind, as the last run_check counted them

LIB_RS = """
#[unsafe(no_mangle)]
pub extern "C" fn add(a: i64, b: i64) -> i64 {
    a.wrapping_add(b)
}

#[unsafe(no_mangle)]
pub extern "C" fn pick(i: usize) -> i64 {
    let values = [1, 2, 3];
    std::hint::black_box(values)[i]
}

#[unsafe(no_mangle)]
pub extern "C" fn pick_wrapped(i: usize) -> i64 {
    std::panic::catch_unwind(|| std::hint::black_box([1, 2, 3])[i]).unwrap_or(-1)
}

/// Says catch_unwind in a comment, and has one in code that never runs: not a wrapper.
#[unsafe(no_mangle)]
pub extern "C" fn pick_said_wrapped(i: usize) -> i64 {
    // std::panic::catch_unwind(...) would go here
    if false {
        let _ = std::panic::catch_unwind(|| 0);
    }
    std::hint::black_box([1, 2, 3])[i]
}

/// Picks one value.
///
/// # Panics
/// For `i` above 2, on purpose. A panic aborts the process.
#[unsafe(no_mangle)]
pub extern "C" fn pick_announced(i: usize) -> i64 {
    std::hint::black_box([1, 2, 3])[i]
}
"""


@pytest.fixture(scope="module")
def demo(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A one-crate 'book' with a listing `demo` built in release mode."""
    root = tmp_path_factory.mktemp("unwind")
    crate = scratch_crate(root / "listings" / "demo", LIB_RS, '\n[lib]\ncrate-type = ["cdylib"]\n\n[workspace]\n')
    subprocess.run(
        ["cargo", "build", "--release", "--quiet", "--target-dir", str(root / "target")], cwd=crate, check=True
    )
    (root / "tests").mkdir()
    return root


def run_check(demo: Path, monkeypatch: pytest.MonkeyPatch, tests: str) -> list[str]:
    (demo / "tests" / "test_demo.py").write_text(tests)
    monkeypatch.setattr(unwind_check, "ROOT", demo)
    monkeypatch.setattr(unwind_check, "RELEASE", demo / "target" / "release")
    monkeypatch.setattr(unwind_check, "TESTS", demo / "tests")
    KINDS.clear()
    return unwind_check.check(demo / "listings" / "demo", unwind_check.panic_tests(), KINDS)


def test_unannounced_panic_fails_naming_the_function(demo: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    problems = run_check(demo, monkeypatch, "def test_pick_wrapped_panics():\n    lib.pick_wrapped(9)\n")
    problems = [p for p in problems if "pick_said_wrapped" not in p]  # its own test below
    assert len(problems) == 1, problems
    assert "listings/demo/src/lib.rs: pick: a panic inside would abort" in problems[0]
    assert "panic_bounds_check" in problems[0]
    assert KINDS["cannot unwind"] >= 1  # add
    assert KINDS["catch the panic"] >= 1  # pick_wrapped
    assert KINDS["may abort, as documented"] >= 1  # pick_announced


def test_wrapped_function_needs_a_panic_test(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_check(demo, monkeypatch, "def test_other():\n    lib.pick_wrapped(0)\n")
    assert any("pick_wrapped: wrapped in catch_unwind, but no test_*panic*" in p for p in problems), problems


def test_catch_unwind_in_a_comment_or_dead_code_is_not_a_wrapper(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tests = "def test_pick_said_wrapped_panics():\n    lib.pick_said_wrapped(9)\n"
    problems = run_check(demo, monkeypatch, tests)
    assert any("pick_said_wrapped: a panic inside would abort" in p for p in problems), problems


def test_a_name_in_a_string_or_comment_is_not_a_panic_test(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    tests = 'def test_pick_wrapped_panics():\n    # lib.pick_wrapped(9)\n    print("lib.pick_wrapped(9)")\n'
    problems = run_check(demo, monkeypatch, tests)
    assert any("pick_wrapped: wrapped in catch_unwind, but no test_*panic*" in p for p in problems), problems


def test_a_call_through_a_subscript_counts(demo: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    problems = run_check(demo, monkeypatch, 'def test_pick_wrapped_panics():\n    lib["pick_wrapped"](9)\n')
    assert not any("pick_wrapped:" in p for p in problems), problems
