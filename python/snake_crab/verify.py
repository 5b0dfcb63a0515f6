"""Run the book's checks: every module of snake_crab/checks/, two at a time, each after the
checks it NEEDS; print each one's start, its progress, and PASS/FAIL with its time, then
`N passed, N failed`.

    python3 python/book.py verify                         # every check (what CI runs)
    python3 python/book.py verify --list                  # every check, what it does, its last time
    python3 python/book.py verify --only header,wrappers  # some checks
    python3 python/book.py verify --listing slices        # the PER_LISTING checks, on one listing
    python3 python/book.py bless [--python 3.14] [NAME...]  # rewrite expected outputs, then the chapters

Order: the cheap checks first (a broken rule shows in seconds, not at the end), then the long
ones, longest chain of NEEDS first, so that the two cores stay busy until the end.
"""

import importlib
import json
import os
import pkgutil
import sys
import threading
import time
from dataclasses import dataclass
from types import ModuleType

from snake_crab import ROOT, checks, gen, model, pythons, run_listing
from snake_crab.check import Failed, Report
from snake_crab.checks import matrix

WORKERS = 2  # checks at once; most run their own work on every core
TIMES = ROOT / "target" / "verify-times.json"  # each check's last time and verdict here, for --list
CHEAP_S = 30  # a check that usually takes less runs before every longer one


@dataclass
class Check:
    name: str
    module: ModuleType

    @property
    def what(self) -> str:
        return " ".join((self.module.__doc__ or self.name).split("\n\n")[0].split())

    @property
    def needs(self) -> tuple[str, ...]:
        return tuple(getattr(self.module, "NEEDS", ()))

    @property
    def per_listing(self) -> bool:
        return bool(getattr(self.module, "PER_LISTING", False))

    @property
    def seconds(self) -> float:
        """Its usual time: its last here, or the module's SECONDS, or 10."""
        last = last_times().get(self.name)
        return last["seconds"] if last else getattr(self.module, "SECONDS", 10)


def registry() -> dict[str, Check]:
    """Every check, by name (the module's, `_` read as `-`)."""
    found = {}
    for info in pkgutil.iter_modules(checks.__path__):
        module = importlib.import_module(f"{checks.__name__}.{info.name}")
        if hasattr(module, "run"):
            found[info.name.replace("_", "-")] = Check(info.name.replace("_", "-"), module)
    return found


def last_times() -> dict[str, dict]:
    return json.loads(TIMES.read_text()) if TIMES.is_file() else {}


def order(selected: dict[str, Check]) -> list[str]:
    """The checks by priority: cheap ones by time, then the rest by the longest chain they start."""
    chain: dict[str, float] = {}

    def length(name: str) -> float:
        if name not in chain:
            after = [n for n, c in selected.items() if name in c.needs]
            chain[name] = selected[name].seconds + max((length(n) for n in after), default=0)
        return chain[name]

    return sorted(
        selected, key=lambda n: (0, selected[n].seconds) if selected[n].seconds < CHEAP_S else (1, -length(n))
    )


class Run:
    """One verification: the checks left, those finished and their verdicts, and the output."""

    def __init__(self, selected: dict[str, Check]):
        self.selected = selected
        self.todo = order(selected)
        self.passed: dict[str, bool] = {}
        self.lock = threading.Condition()

    def say(self, text: str) -> None:
        with self.lock:
            print(text, flush=True)

    def next_check(self) -> Check | None:
        """The first check in priority whose needs are done; None when all are taken."""
        with self.lock:
            while self.todo:
                for name in self.todo:
                    if all(n in self.passed or n not in self.selected for n in self.selected[name].needs):
                        self.todo.remove(name)
                        return self.selected[name]
                self.lock.wait()
            return None

    def work(self) -> None:
        while (check := self.next_check()) is not None:
            ok = self.run_one(check)
            with self.lock:
                self.passed[check.name] = ok
                self.lock.notify_all()

    def run_one(self, check: Check) -> bool:
        failed_needs = [n for n in check.needs if self.passed.get(n) is False]
        self.say(f"verify: {check.name} ...")
        start = time.monotonic()
        if failed_needs:
            report = Report([f"not run: it needs {', '.join(failed_needs)}, which failed"])
        else:
            try:
                report = check.module.run(lambda line: self.say(f"  {check.name}: {line}"))
            except Failed as err:
                report = Report([str(err)])
            except Exception as err:  # a crash fails the check, and must not stop the others
                report = Report([f"crashed: {err!r}"])
        seconds = time.monotonic() - start
        ok = not report.problems
        lines = [
            f"{'PASS' if ok else 'FAIL'} {check.name} ({seconds:.1f} s)"
            + (f": {report.summary}" if report.summary else "")
        ]
        lines += [f"  note: {note}" for note in report.notes]
        lines += [f"  {problem}" for problem in report.problems]
        self.say("\n".join(lines))
        record_time(check.name, seconds, ok)
        return ok


def record_time(name: str, seconds: float, passed: bool) -> None:
    with LOCK:
        times = last_times()
        times[name] = {"seconds": round(seconds, 1), "passed": passed}
        TIMES.parent.mkdir(exist_ok=True)
        TIMES.write_text(json.dumps(times, indent=1, sort_keys=True))


LOCK = threading.Lock()


def list_checks() -> int:
    """Each check in the order verify starts them, what it does, and its last time here."""
    every = registry()
    times = last_times()
    for name in order(every):
        last = times.get(name)
        when = f"{last['seconds']:.0f} s, {'passed' if last['passed'] else 'failed'}" if last else "not run here"
        scope = "per listing" if every[name].per_listing else "whole book"
        print(f"{name:12} {when:18} {scope:12} {every[name].what}")
    return 0


def bless(argv: list[str]) -> int:
    """Re-run every listing (or the named ones), rewrite its expected output, then the chapters'
    blocks; with --python CELL, rewrite that cell's outputs instead (the matrix's runs)."""
    cell = pythons.HOST
    if argv[:1] == ["--python"] and len(argv) > 1:
        if argv[1] not in pythons.BY_NAME:
            print(f"bless: no Python {argv[1]}; known: {', '.join(pythons.BY_NAME)}", file=sys.stderr)
            return 2
        cell, argv = pythons.BY_NAME[argv[1]], argv[2:]
    unknown = [n for n in argv if n not in model.names()]
    if unknown:
        print(f"bless: no listing {', '.join(unknown)}; known: {', '.join(model.names())}", file=sys.stderr)
        return 2
    if argv:
        os.environ[model.NARROWED_TO] = ",".join(argv)
    if cell != pythons.HOST:
        report = matrix.run_cells([cell], print, bless=True)
        print("\n".join(report.problems))
        return 1 if report.problems else 0
    failed = sum(run_listing.main(["--bless", spec]) for spec in model.script_specs())
    problems = gen.sync(write=True, only=[])
    print("\n".join(problems))
    return 1 if failed or problems else 0


def main(argv: list[str]) -> int:
    every = registry()
    names = list(every)
    if "--listing" in argv[:-1]:
        at = argv.index("--listing")
        wanted, argv = argv[at + 1].split(","), argv[:at] + argv[at + 2 :]
        unknown = [n for n in wanted if n not in model.names()]
        if unknown:
            print(f"verify: no listing {', '.join(unknown)}; known: {', '.join(model.names())}", file=sys.stderr)
            return 2
        os.environ[model.NARROWED_TO] = ",".join(wanted)  # the model, here and in every check's process
        names = [n for n, c in every.items() if c.per_listing]
        if argv[:1] == ["--only"] and len(argv) == 2 and (whole := set(argv[1].split(",")) - set(names)):
            print(f"verify: {', '.join(sorted(whole))} run on the whole book, not --listing", file=sys.stderr)
            return 2
    if argv == ["--list"]:
        return list_checks()
    if argv[:1] == ["--only"] and len(argv) == 2:
        names = argv[1].split(",")
        if unknown := [n for n in names if n not in every]:
            print(f"verify: unknown check {', '.join(unknown)}; known: {', '.join(every)}", file=sys.stderr)
            return 2
    elif argv:
        print(__doc__, file=sys.stderr)
        return 2
    run = Run({n: every[n] for n in names})
    began = time.monotonic()
    workers = [threading.Thread(target=run.work) for _ in range(WORKERS)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    passed = sum(run.passed.values())
    failed = len(run.passed) - passed
    print(f"verify: {passed} passed, {failed} failed in {time.monotonic() - began:.0f} s")
    return 1 if failed else 0


if __name__ == "__main__":  # `python -m snake_crab.verify` runs it with the tools already on PATH
    sys.exit(main(sys.argv[1:]))
