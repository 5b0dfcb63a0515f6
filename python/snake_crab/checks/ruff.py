"""ruff format --check and ruff check over the listings' Python and python/."""

import sys

from snake_crab.check import Report, sh

SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    sh(sys.executable, "-m", "ruff", "format", "--check", "listings", "python")
    sh(sys.executable, "-m", "ruff", "check", "listings", "python")
    return Report(summary="formatted and linted: listings/ and python/")
