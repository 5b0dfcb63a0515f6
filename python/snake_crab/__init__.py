"""The book's harness: what a listing is (model), how the site is built (site), and the checks
(checks/, one module each, run by verify). Entry point: python/book.py."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the repository


def module_command(module: str, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command and environment that run `python -m module args` in a child process, with
    this package importable (as python/book.py has it)."""
    path = os.pathsep.join(filter(None, [str(ROOT / "python"), os.environ.get("PYTHONPATH")]))
    env = dict(os.environ, PYTHONPATH=path)
    return [sys.executable, "-m", module, *args], env
