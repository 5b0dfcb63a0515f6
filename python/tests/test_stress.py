"""stress.py counts a run that fails, names the failed check, and keeps a core busy meanwhile."""

import os
import subprocess
import sys
from pathlib import Path

from snake_crab import stress


def test_summary_of_a_verify_output() -> None:
    output = "verify: a ...\nPASS a (1.5 s)\nverify: b ...\nFAIL b (20.0 s)\nboom\nPASS c (3.0 s)\n"
    failed, slowest = stress.summarize(output)
    assert failed == ["b"]
    assert slowest == [(20.0, "b"), (3.0, "c"), (1.5, "a")]


def test_a_failing_check_fails_every_run_and_is_named(book_copy) -> None:
    (book_copy.path / "listings/hello/hello.output.txt").unlink()  # the layout check needs it
    done = subprocess.run(
        [sys.executable, "-m", "snake_crab.stress", "--runs", "2", "--checks", "layout"],
        cwd=book_copy.path / "python",
        env=dict(os.environ, SNAKE_CRAB_INSTALLED="1"),
        capture_output=True,
        text=True,
    )
    assert done.returncode == 1
    assert done.stdout.count("FAIL (layout)") == 2
    assert "stress: 0 of 2 runs passed" in done.stdout


def spinners() -> int:
    """This process's children running stress.BUSY, found in /proc (no procps needed)."""
    found = 0
    for proc in Path("/proc").glob("[0-9]*"):
        try:
            parent = int((proc / "stat").read_text().rpartition(")")[2].split()[1])
            found += parent == os.getpid() and stress.BUSY.encode() in (proc / "cmdline").read_bytes()
        except (OSError, ValueError, IndexError):
            pass  # the process ended meanwhile
    return found


def test_one_core_is_busy_while_it_runs_and_free_after() -> None:
    with stress.one_core_busy():
        assert spinners() == 1
    assert spinners() == 0
