"""Every function a listing exports is called by some test in python/tests (issue: bad input for each)."""

import re

from conftest import ROOT

from snake_crab.checks.unwind import EXPORT


def test_every_exported_function_is_tested() -> None:
    tests = "\n".join(p.read_text() for p in (ROOT / "python" / "tests").glob("test_*.py"))
    untested = [
        f"{lib.relative_to(ROOT)}: {name}"
        for lib in sorted((ROOT / "listings").glob("*/src/lib.rs"))
        for name in EXPORT.findall(lib.read_text())
        if not re.search(rf"\b{name}\b", tests)
    ]
    assert not untested, "exported but never called from python/tests:\n" + "\n".join(untested)
