"""cross_check: a Windows DLL whose exports differ from the Linux library's fails, naming them."""

from pathlib import Path

import pytest

from snake_crab.checks import cross as cross_check

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = cross_check.TARGET_DIR / cross_check.WINDOWS / "release"


@pytest.fixture(scope="module", autouse=True)
def dlls() -> None:
    """The two DLLs these tests read, built here (the cross check builds all of them, maybe
    at the same time: cargo's lock on target/cross makes one wait for the other)."""
    cross_check.cargo("build", "--release", "-p", "numpy_buffers", "-p", "primitives", "--target", cross_check.WINDOWS)


def test_the_same_exports_pass() -> None:
    assert cross_check.compare(ROOT / "target/release/libnumpy_buffers.so", WINDOWS / "numpy_buffers.dll") == []


def test_different_exports_fail_naming_them() -> None:
    problems = cross_check.compare(ROOT / "target/release/libhello.so", WINDOWS / "primitives.dll")
    assert problems[0] == "primitives.dll lacks hello, which libhello.so exports"
    assert problems[1].startswith("primitives.dll also exports add, is_even")


def test_a_dll_not_built_fails() -> None:
    assert cross_check.compare(ROOT / "target/release/libhello.so", WINDOWS / "nowhere.dll") == [
        "target/cross/x86_64-pc-windows-gnu/release/nowhere.dll was not built"
    ]


FREEING_BEFORE = """
pub const MAX_LEN: usize = 1 << 28;
#[cfg(test)]
mod tests {
    fn squares_bad_input() {
        assert!(squares_new(MAX_LEN + 1, &mut len).is_null());
    }
}
"""


def test_a_limit_not_tested_exactly_fails() -> None:
    # freeing before issue 34: MAX_LEN + 1 was tested, MAX_LEN itself aborted on 32-bit
    problems = cross_check.limit_problems(FREEING_BEFORE, "freeing")
    assert len(problems) == 1
    assert problems[0].startswith("listings/freeing/src/lib.rs: the tests must call with MAX_LEN itself and with")
    exact = FREEING_BEFORE.replace(
        "    fn squares_bad_input", "    fn at_limit() { squares_new(MAX_LEN, &mut len); }\n    fn squares_bad_input"
    )
    assert cross_check.limit_problems(exact, "freeing") == []
    assert cross_check.limit_problems(exact.replace("MAX_LEN + 1", "usize::MAX"), "freeing") != []


def test_the_listings_test_their_limits() -> None:
    listings = Path(cross_check.__file__).resolve().parents[1] / "listings"
    found = [
        p
        for f in sorted(listings.glob("*/src/lib.rs"))
        for p in cross_check.limit_problems(f.read_text(), f.parent.parent.name)
    ]
    assert found == []
