"""The GitHub Pages workflow parses, runs only this repository's command, and publishes book/."""

from pathlib import Path

import yaml

import book

WORKFLOW = Path(__file__).resolve().parents[2] / ".github" / "workflows" / "pages.yml"


def steps() -> list[dict]:
    jobs = yaml.safe_load(WORKFLOW.read_text())["jobs"]
    return [step for job in jobs.values() for step in job["steps"]]


def test_it_runs_nothing_but_book_py_build() -> None:
    runs = [step["run"].strip() for step in steps() if "run" in step]
    assert runs == ["python3 python/book.py build"]
    assert "build" in book.__doc__  # a command book.py has


def test_its_actions_are_githubs_own_checkout_and_pages_actions() -> None:
    used = {step["uses"].split("@")[0] for step in steps() if "uses" in step}
    assert used == {"actions/checkout", "actions/upload-pages-artifact", "actions/deploy-pages"}


def test_it_publishes_the_folder_book_py_build_writes() -> None:
    upload = next(step for step in steps() if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == "book"
