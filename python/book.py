"""The book's one entry point. Run from anywhere with the python3 that has venv:

    python3 python/book.py serve    # install what is missing, build the book, serve it on 127.0.0.1
                                    # and rebuild when a chapter or listing is saved (--bind ADDRESS)
    python3 python/book.py build    # the same, but only write the static site to book/ (to publish it)
    python3 python/book.py verify   # install what is missing, run every check (what CI runs)
    python3 python/book.py verify --list                 # every check, what it does, its last time here
    python3 python/book.py verify --only header,wrappers # some checks, set up as verify is
    python3 python/book.py verify --listing slices       # the per-listing checks, on one listing
    python3 python/book.py bless [--python 3.14] [NAME...]   # re-run listings, rewrite expected outputs
    python3 python/book.py gen --write                   # rewrite the chapters' generated blocks
    python3 python/book.py pictures                      # redraw src/pictures/*.svg
    python3 python/book.py bench [--quick]               # the benchmarks (src/benchmarks/)

mdBook runs three more: `gen` and `cmdrun` as preprocessors (book.toml), and `run hello/hello.py`
for a chapter's output block (mdbook-cmdrun). The harness is the package python/snake_crab; this file
installs what a command needs (snake_crab/install.py) and then runs it in the .venv's Python.
Each command imports only its own modules: mdBook starts `run` once for every output block of a
build (86 times), and the whole harness takes 0.1 s to import.
"""

import os
import subprocess
import sys

USAGE = __doc__
INSTALLED = "SNAKE_CRAB_INSTALLED"  # set once the set-up has run, for the .venv's Python it starts


def main(argv: list[str]) -> int:
    command, options = (argv[0], argv[1:]) if argv else ("", [])
    if command == "run":  # mdbook-cmdrun, from src/: a chapter's output block
        from snake_crab import run_listing

        return run_listing.main(options)
    if command == "cmdrun":  # mdBook's preprocessor: mdbook-cmdrun, bridged to mdBook 0.5
        from snake_crab import cmdrun_bridge

        return cmdrun_bridge.main(options)
    from snake_crab import gen, install

    if command == "gen":  # mdBook's preprocessor, or `gen --write` by hand
        if options[:1] == ["--write"]:
            problems = gen.sync(write=True, only=options[1:])
            print("\n".join(problems), file=sys.stderr)
            return 1 if problems else 0
        return gen.preprocess(options)
    if command not in ("serve", "build", "verify", "bless", "pictures", "bench"):
        print(USAGE, file=sys.stderr)
        return 2
    if os.environ.get(INSTALLED) != "1":
        install.install(for_checks=command in ("verify", "bless"))
        python = str(install.venv_python())
        env = dict(install.environment(), **{INSTALLED: "1"})
        os.execve(python, [python, os.path.abspath(__file__), *argv], env)
    return run(command, options)


def run(command: str, options: list[str]) -> int:
    """The command, in the .venv's Python with the tools on PATH."""
    from snake_crab import install, pictures, site, verify

    if command == "verify":
        return verify.main(options)
    if command == "bless":
        return verify.bless(options)
    if command == "pictures":
        pictures.draw(write=True)
        return 0
    if command == "bench":
        from snake_crab import bench  # numpy and matplotlib: only the .venv has them

        return bench.main(options)
    if options and command == "build":
        print(USAGE, file=sys.stderr)
        return 2
    install.say("building every listing (cargo build --release)")
    subprocess.run(["cargo", "build", "--release"], cwd=install.ROOT, check=True)
    install.say("building the book into book/ (every listing runs; the Run buttons are measured)")
    problems = site.build(install.say)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems or command == "build":
        if not problems:
            install.say(f"the static site is in {site.BOOK}: publish that folder (README: Publishing)")
        return 1 if problems else 0
    bind = options[1] if options[:1] == ["--bind"] and len(options) == 2 else "127.0.0.1"
    return site.serve(bind, install.say)


if __name__ == "__main__":
    from snake_crab.prerequisites import SetupError

    try:
        sys.exit(main(sys.argv[1:]))
    except (subprocess.CalledProcessError, SetupError) as err:
        print(f"book.py: {err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
