"""Every listing compiles with exactly the oldest Rust the book supports (Cargo.toml's rust-version).

`cargo +MSRV check`: what an older Rust lacks (a library function, a language feature, a lint)
fails in type and borrow checking; code generation and linking, which do not depend on the
version the reader has, are the build check's. cargo-hack's `--rust-version` checks the same way.

    python3 python/book.py verify --only msrv                  # the workspace
    python3 python/book.py verify --only msrv --listing hello  # one listing
"""

from snake_crab import ROOT, model, prerequisites
from snake_crab.check import Report, sh

PER_LISTING = True
NEEDS = ("build",)  # build.rs writes the headers: once, by the build check
SECONDS = 20  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    msrv = prerequisites.MSRV  # read from Cargo.toml once, where the set-up installs it
    which = [a for n in model.names() for a in ("-p", n)] if model.narrowed() else ["--workspace"]
    sh("cargo", f"+{msrv}", "check", *which, "--quiet", "--target-dir", ROOT / "target" / "msrv")
    return Report(summary=f"cargo +{msrv} check {' '.join(which)} (into target/msrv)")
