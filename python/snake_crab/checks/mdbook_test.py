"""`mdbook test`, exactly as a reader types it in a clone: rustdoc compiles every Rust block
that uses only the standard library (an excerpt carries, hidden, the items it names); a block
that uses a crates.io dependency is marked `ignore`, and cargo compiles it with its crate."""

from snake_crab import model
from snake_crab.check import Report, sh

NEEDS = ("build",)  # mdbook test runs the gen preprocessor, which shows the headers build.rs writes
SECONDS = 12  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    sh("mdbook", "test")
    fences = [line for ch in model.chapters() for line in ch.read_text().splitlines() if line.startswith("```rust")]
    ignored = sum("ignore" in line for line in fences)
    return Report(summary=f"{len(fences) - ignored} Rust blocks compiled, {ignored} left to cargo")
