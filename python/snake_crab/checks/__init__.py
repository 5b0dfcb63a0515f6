"""The checks, one module each: its docstring says what it checks, `run(say)` returns a Report,
NEEDS names the checks whose output it reads, PER_LISTING says `--listing` narrows it. verify
finds every module here; adding a check is adding a file (and its test)."""
