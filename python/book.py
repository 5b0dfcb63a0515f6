"""The book's one entry point. Run from anywhere with the python3 that has venv:

    python3 python/book.py serve    # install what is missing, build everything, serve and open the book
                                    # (on 127.0.0.1; `serve --bind 0.0.0.0` serves every interface)
    python3 python/book.py build    # the same, but only write the static site to book/ (to publish it)
    python3 python/book.py verify   # install what is missing, run every check (what CI runs)
    python3 python/book.py bless    # re-run every listing, rewrite its expected output and the chapters
    python3 python/book.py bless slices          # the same for the named listings only
    python3 python/book.py verify --list         # every check, what it does, its last time here
    python3 python/book.py verify --only header,wrappers   # some checks, set up as verify is
    python3 python/book.py verify --listing slices         # the per-listing checks, on one listing

First, what the machine lacks (python/prerequisites.py): Debian packages with apt-get (as root,
or through sudo; otherwise it stops and prints the command to run) and, for verify, rustup's
clippy and rustfmt, the pinned Miri nightly and the oldest supported Rust (the rust-version of
Cargo.toml). Then, only into this repository: Python packages into .venv/
(python/requirements.txt); the pinned mdBook tools (cargo install --locked --root) and the
version matrix's Pythons go into a cache outside it, keyed by version (python/pythons.py's
CACHE), so a different global mdbook (0.5.x breaks mdbook-cmdrun 0.7.3) does not get
in the way.
"""

import contextlib
import fcntl
import os
import subprocess
import sys
import threading
import venv
from collections.abc import Iterator
from pathlib import Path

import prerequisites
import pythons

ROOT = Path(__file__).resolve().parents[1]
VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "python" / "requirements.txt"
# mdbook-cmdrun 0.7.3 runs each chapter's commands; it cannot parse mdBook 0.5's input.
CARGO_TOOLS = {"mdbook": "0.4.52", "mdbook-cmdrun": "0.7.3"}


def tools_folder(pins: dict[str, str]) -> Path:
    """The cache folder of a set of pinned cargo tools, named by every tool and version in it."""
    return pythons.CACHE / "tools" / "-".join(f"{tool}-{version}" for tool, version in pins.items())


# Compiled once per machine (a few minutes), in a folder named by both versions.
TOOLS = tools_folder(CARGO_TOOLS)
# mdbook-quiz 0.4.0 renders the chapters' quizzes: the last release for mdBook 0.4 (0.5.0 needs
# mdBook 0.5). Its own folder, so a change of either pin compiles only its own tools.
QUIZ_TOOLS = {"mdbook-quiz": "0.4.0"}
QUIZ = tools_folder(QUIZ_TOOLS)


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def venv_python() -> Path:
    return VENV / ("Scripts/python.exe" if os.name == "nt" else "bin/python")


@contextlib.contextmanager
def cache_lock() -> Iterator[None]:
    """One book.py at a time installs into the machine's cache: a second waits for the first,
    then finds its tools there (two `cargo install`s into one folder break each other)."""
    pythons.CACHE.mkdir(parents=True, exist_ok=True)
    with open(pythons.CACHE / ".install.lock", "w") as file:
        try:
            fcntl.flock(file, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            say(f"another book.py is installing into {pythons.CACHE}: waiting for it to finish")
            fcntl.flock(file, fcntl.LOCK_EX)
        yield  # the lock goes with the file


def install(for_checks: bool) -> None:
    """Install what is missing: system prerequisites, then .venv and the tools as pinned."""
    if for_checks:
        prerequisites.install_packages(prerequisites.CHECK_PACKAGES)
        prerequisites.install_rust_parts(prerequisites.RUST_PARTS)
    else:
        prerequisites.install_packages(prerequisites.BOOK_PACKAGES)
        prerequisites.install_rust_parts(prerequisites.BOOK_RUST_PARTS)
    if not venv_python().exists():
        say(f"creating {VENV.relative_to(ROOT)}")
        venv.create(VENV, with_pip=True)
    stamp = VENV / "requirements.installed"
    if not stamp.exists() or stamp.read_text() != REQUIREMENTS.read_text():
        say(f"installing {REQUIREMENTS.relative_to(ROOT)} into .venv")
        subprocess.run([venv_python(), "-m", "pip", "install", "-q", "-r", REQUIREMENTS], check=True)
        stamp.write_text(REQUIREMENTS.read_text())
    # The pinned mdBook tools compile (about 8 + 8 minutes on 2 cores, once per machine) while the
    # matrix's Pythons install, which waits mostly on downloads.
    with cache_lock():
        tools = threading.Thread(target=install_tools, args=(errors := [],))
        tools.start()
        try:
            if for_checks:
                install_pythons()
        finally:
            tools.join()
    if errors:
        raise errors[0]
    # Pyodide, for the pages' Run buttons (package.json pins it, package-lock.json its files).
    lock = ROOT / "node_modules" / ".package-lock.json"
    if not lock.is_file() or lock.stat().st_mtime < (ROOT / "package-lock.json").stat().st_mtime:
        say("npm ci: Pyodide 314.0.8, which the pages' Run buttons load (about 14 MB)")
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def install_tools(errors: list[BaseException]) -> None:
    """The pinned mdBook tools (cargo install --locked), each set in its own cache folder; a
    failure goes to `errors`, for the main thread to raise."""
    try:
        for pins, root in ((CARGO_TOOLS, TOOLS), (QUIZ_TOOLS, QUIZ)):
            listed = subprocess.run(
                ["cargo", "install", "--list", "--root", root], capture_output=True, text=True
            ).stdout
            for tool, version in pins.items():
                if f"{tool} v{version}:" in listed and (root / "bin" / tool).exists():
                    continue
                say(f"installing {tool} {version} into {root} (a few minutes, once per machine)")
                # One target dir per folder: mdbook-cmdrun builds mdbook as a library, so the
                # second install reuses most of what the first compiled.
                cmd = ["cargo", "install", "--quiet", "--force", "--locked", tool, "--version", version]
                subprocess.run([*cmd, "--root", root, "--target-dir", root / "build"], check=True)
    except BaseException as err:  # raised again by install(), in the main thread
        errors.append(err)


def install_pythons() -> None:
    """The version matrix's Pythons (python/pythons.py), cached outside the clone: the sid root
    and the venvs in one thread, the free-threaded build (CPU-bound) in another."""
    errors: list[BaseException] = []

    def build_free_threaded() -> None:
        try:
            pythons.ensure_free_threaded()
        except BaseException as err:  # reported below, in the main thread
            errors.append(err)

    if not pythons.IS_ROOT and not pythons.root_dir().joinpath(".snake-crab-ready").is_file():
        raise prerequisites.SetupError(
            "the version matrix makes a Debian root with debootstrap and runs listings in it "
            "with chroot, which needs root: run `sudo python3 python/book.py verify`"
        )
    pythons.ensure_root()  # first: the free-threaded build takes its source through it
    builder = threading.Thread(target=build_free_threaded)
    builder.start()
    try:
        for cell in pythons.CELLS:
            if not cell.free_threaded:
                pythons.ensure_venv(cell)
    finally:
        builder.join()
    if errors:
        raise prerequisites.SetupError(f"setting up the version matrix's Pythons failed: {errors[0]}")
    for cell in pythons.CELLS:
        if cell.free_threaded:
            pythons.ensure_venv(cell)


def environment() -> dict[str, str]:
    """PATH with .venv and the tools first, so mdbook finds mdbook-cmdrun and the listings find numpy.

    Only what is installed: verify.py also calls this in a copy of the book without them, which
    must keep the caller's tools and VIRTUAL_ENV (PyO3's build finds Python through it)."""
    bins = [str(d) for d in (venv_python().parent, TOOLS / "bin", QUIZ / "bin") if d.is_dir()]
    env = dict(os.environ, PATH=os.pathsep.join([*bins, os.environ.get("PATH", "")]))
    if VENV.is_dir():
        env["VIRTUAL_ENV"] = str(VENV)
    return env


def main(argv: list[str]) -> int:
    bind = "127.0.0.1"  # this machine only, as `mdbook serve`; `serve --bind 0.0.0.0` for every interface
    if argv[:1] == ["serve"] and len(argv) == 3 and argv[1] == "--bind":
        bind, argv = argv[2], argv[:1]
    command, options = argv[:1], argv[1:]  # verify's options (--list, --only) and bless's listings
    if command not in (["serve"], ["build"], ["verify"], ["bless"]) or (options and command in (["serve"], ["build"])):
        print(__doc__, file=sys.stderr)
        return 2
    if command == ["verify"] and options == ["--list"]:  # nothing to install to read the list
        return subprocess.run([sys.executable, ROOT / "python" / "verify.py", "--list"]).returncode
    install(for_checks=argv[0] == "verify")
    env = environment()
    python = str(venv_python())
    if argv[0] == "verify":
        return subprocess.run([python, ROOT / "python" / "verify.py", *options], env=env).returncode
    say("building every listing (cargo build --release)")
    subprocess.run(["cargo", "build", "--release"], cwd=ROOT, env=env, check=True)
    if argv[0] == "bless":
        return subprocess.run([python, ROOT / "python" / "verify.py", "--bless", *options], env=env).returncode
    if argv[0] == "build":
        say("building the book into book/ (every listing runs, and must print what it is expected to)")
        done = subprocess.run([python, ROOT / "python" / "verify.py", "--only", "book"], env=env)
        if done.returncode == 0:
            say(f"the static site is in {ROOT / 'book'}: publish that folder (README: Publishing)")
        return done.returncode
    say("building the book into book/ (every listing runs; the Run buttons are measured)")
    done = subprocess.run([python, ROOT / "python" / "verify.py", "--only", "book"], env=env)
    if done.returncode != 0:
        return done.returncode
    # A plain static server: `mdbook serve` would rebuild without the Run buttons (python/wasm.py).
    host = "localhost" if bind == "127.0.0.1" else bind
    say(f"serving book/ at http://{host}:3000 (Ctrl-C stops; run `serve` again after a change)")
    import webbrowser

    webbrowser.open(f"http://{host}:3000/")
    server = [python, "-m", "http.server", "3000", "--bind", bind, "--directory", ROOT / "book"]
    return subprocess.run(server, env=env).returncode


if __name__ == "__main__":
    try:
        sys.exit(main(sys.argv[1:]))
    except subprocess.CalledProcessError as err:
        print(f"book.py: {err}", file=sys.stderr)
        sys.exit(1)
    except prerequisites.SetupError as err:
        print(f"book.py: {err}", file=sys.stderr)
        sys.exit(1)
    except KeyboardInterrupt:
        sys.exit(130)
