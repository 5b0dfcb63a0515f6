"""The benchmark harness end to end in quick mode, into target/ (never over src/benchmarks/)."""

import sys

from snake_crab import ROOT
from snake_crab.check import Report, sh

NEEDS = ("build",)
SECONDS = 3  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    out = ROOT / "target" / "bench-quick"
    sh(sys.executable, "-m", "snake_crab.bench", "--quick", "--no-build", "--out", out, cwd=ROOT / "python")
    return Report(summary=f"quick benchmarks into {out.relative_to(ROOT)}")
