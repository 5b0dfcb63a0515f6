"""python/tests: the listings' exports with bad and generated input, and each check fed its defect."""

import sys

from snake_crab.check import Report, sh

NEEDS = ("build", "book")  # some tests read the built site
SECONDS = 270  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    done = sh(
        sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "--durations=10", "python/tests"
    )
    lines = done.stdout.strip().splitlines()
    # pytest's ten slowest steps, for whoever makes the verification faster.
    start = next((i for i, line in enumerate(lines) if "slowest 10 durations" in line), len(lines))
    slowest = [f"slow: {line.strip()}" for line in lines[start + 1 : start + 11] if line.strip()[:1].isdigit()]
    return Report(notes=slowest, summary=(lines or [""])[-1])
