"""cargo clippy over every listing and its tests, every warning an error."""

from snake_crab.check import Report, sh

SECONDS = 30  # its usual time, warm, on 2 cores (25-33 s measured; orders the checks; see verify.py)


def run(say) -> Report:
    sh("cargo", "clippy", "--workspace", "--all-targets", "--quiet", "--", "-D", "warnings")
    return Report(summary="no warning in any listing or its tests")
