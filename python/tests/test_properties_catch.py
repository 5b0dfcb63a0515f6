"""The generated-input tests can fail: a listing with a subtle bug is caught with a falsifying example."""

import subprocess
import sys


def test_a_wrong_answer_is_found(book_copy) -> None:
    # The bounding rectangle takes its top edge from an x instead of a y: right for many inputs.
    book_copy.edit("listings/structs/src/lib.rs", "rect.max.y.max(p.y)", "rect.max.y.max(p.x)")
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "structs"], cwd=book_copy.path, check=True)
    done = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "python/tests/test_structs.py"],
        cwd=book_copy.path,
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1, done.stdout
    assert "Failing test case: test_bounding_rect_any_points(" in done.stdout  # hypothesis shrank it to a small case
    assert "1 failed, 6 passed" in done.stdout
