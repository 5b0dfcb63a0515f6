"""Every listing builds with exactly the oldest Rust the book supports (Cargo.toml's rust-version)."""

from snake_crab import ROOT, prerequisites
from snake_crab.check import Report, sh

NEEDS = ("build",)
SECONDS = 37  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    msrv = prerequisites.MSRV  # read from Cargo.toml once, where the set-up installs it
    sh("cargo", f"+{msrv}", "build", "--workspace", "--quiet", "--target-dir", ROOT / "target" / "msrv")
    return Report(summary=f"cargo +{msrv} build --workspace (into target/msrv)")
