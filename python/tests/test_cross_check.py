"""cross_check: a Windows DLL whose exports differ from the Linux library's fails, naming them."""

from pathlib import Path

import cross_check

ROOT = Path(__file__).resolve().parents[2]
WINDOWS = cross_check.TARGET_DIR / cross_check.WINDOWS / "release"


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
