"""cargo fmt --check: every listing as rustfmt writes it."""

from snake_crab.check import Report, sh

SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    sh("cargo", "fmt", "--all", "--check")
    return Report(summary="every listing as rustfmt writes it")
