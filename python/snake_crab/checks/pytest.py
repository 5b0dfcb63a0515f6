"""python/tests: the listings' exports with bad and generated input, and each check fed its defect."""

import sys

from snake_crab.check import Report, sh

NEEDS = ("build", "book")  # some tests read the built site
SECONDS = 270  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    done = sh(sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-n", "2", "python/tests")
    return Report(summary=(done.stdout.strip().splitlines() or [""])[-1])
