"""Build every listing (and, through build.rs, every header)."""

from snake_crab import model
from snake_crab.check import Report, sh

SECONDS = 25  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    sh("cargo", "build", "--release", "--workspace", "--quiet")
    missing = [f"listings/{x.name}/{x.name}.h: build.rs wrote none" for x in model.listings() if not x.header.is_file()]
    return Report(missing, summary=f"{len(model.listings())} listings built, each with its header")
