"""What every check returns, and the one helper most of them share.

A check is a module of snake_crab/checks/ with a docstring (its first paragraph is what
`verify --list` prints) and `run(say) -> Report`; `say(line)` prints progress while it runs.
Optional: NEEDS, the checks whose output it reads (they finish first), and PER_LISTING = True
when it looks at listings one by one, so `--listing NAME` narrows it through the model.
"""

import subprocess
from collections.abc import Callable
from dataclasses import dataclass, field

from snake_crab import ROOT

Say = Callable[[str], None]


@dataclass
class Report:
    """problems: each names the file to edit and what is wrong (none: the check passed);
    notes: what a reader of the log should know (skips); summary: one line of what was checked."""

    problems: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    summary: str = ""


class Failed(Exception):
    """Raised inside a check: the same as returning a Report with this one problem."""


def sh(*cmd, **kwargs) -> subprocess.CompletedProcess:
    """Run a command from the repository root; raise Failed with its output if it fails."""
    kwargs.setdefault("cwd", ROOT)
    done = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise Failed(f"`{' '.join(map(str, cmd))}` exited {done.returncode}:\n{done.stdout}{done.stderr}".rstrip())
    return done
