"""The interrupt check fails on the defects it exists for: a callback that only has its `try`
(Ctrl+C lands before it), and a script that passes a callback with no case."""

import shutil
from pathlib import Path

import pytest
from conftest import ROOT

from snake_crab.checks import interrupt as interrupt_check

# A HeldCtrlC that holds nothing back: the wrappers are left with their callbacks' `try` alone.
TRY_ALONE = """
class HeldCtrlC:
    pressed = False

    def __enter__(self):
        return self

    def __exit__(self, *exc_info):
        return None
"""


@pytest.fixture
def listings(tmp_path_factory) -> Path:
    """A copy of two listings where the built libraries are still found (target/release above)."""
    scratch = ROOT / "target" / "interrupt-tests"
    scratch.mkdir(parents=True, exist_ok=True)
    folder = Path(tmp_path_factory.mktemp("copy", numbered=True).name)
    copy = scratch / folder / "listings"
    for name in ("alloc_callback", "progress"):
        shutil.copytree(ROOT / "listings" / name, copy / name, ignore=shutil.ignore_patterns("target"))
    yield copy
    shutil.rmtree(scratch / folder, ignore_errors=True)


def test_the_listings_as_they_are_pass(listings):
    problems, ran = interrupt_check.check(listings)
    assert (problems, ran) == ([], 2)


# Rust works a second or more before its first callback, so the signal lands between callbacks
# (where a `try` cannot catch it) however busy the machine is: the helper thread needs the GIL free
# for a moment only.
LONG_FIRST_WAIT = dict(interrupt_check.CASES, **{"progress/progress.py": "count_primes(10**12, user, 10**7)"})


@pytest.mark.parametrize("name", ["alloc_callback", "progress"])
def test_a_callback_with_only_its_try_fails(listings, name):
    (listings / name / "ctrl_c.py").write_text(TRY_ALONE)
    problems, _ = interrupt_check.check(listings, LONG_FIRST_WAIT)
    assert len(problems) == 1 and f"listings/{name}/" in problems[0], problems
    assert "Exception ignored on calling ctypes callback function" in problems[0], problems


def test_a_script_passing_a_callback_without_a_case_fails(listings):
    cases = {k: v for k, v in interrupt_check.CASES.items() if not k.startswith("progress/")}
    problems, _ = interrupt_check.check(listings, cases)
    assert problems == [
        "listings/progress/progress.py: passes a callback to Rust, but has no case in interrupt_check.CASES"
    ]
