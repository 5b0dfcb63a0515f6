"""The chapters' generated blocks match the listing files (`book.py gen --write` fixes), and the
pictures match what snake_crab/pictures.py draws from its measurements (`book.py pictures` fixes)."""

from snake_crab import gen, pictures
from snake_crab.check import Report

NEEDS = ("build",)  # chapters show the headers build.rs writes
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


def run(say) -> Report:
    problems = gen.stale() + pictures.stale()
    return Report(problems, summary="every generated block and picture is up to date")
