"""What the book needs on this machine, installed once: Debian packages and rustup parts
(prerequisites); into a cache outside the clone, keyed by version (pythons.CACHE), the Python
packages (python/requirements.txt, in a venv that .venv links to), the pinned mdBook tools and
the version matrix's Pythons; and Pyodide (npm ci). `environment()` puts them first on PATH."""

import contextlib
import fcntl
import hashlib
import os
import shutil
import subprocess
import sys
import threading
import venv
from collections.abc import Iterator
from pathlib import Path

from snake_crab import ROOT, prerequisites, pythons

VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "python" / "requirements.txt"
# The venvs .venv links to: one per requirements.txt and Python (1 GB and 30 s each), shared by clones.
VENVS = pythons.CACHE / "venvs"
# mdBook and mdbook-quiz: the newest 0.5 releases (0.5.0 is the first quiz for mdBook 0.5).
CARGO_TOOLS = {"mdbook": "0.5.4", "mdbook-quiz": "0.5.0"}
# mdbook-cmdrun 0.7.3 runs each chapter's commands. It is built on mdBook 0.4, so its own folder
# (no mdbook 0.4 binary beside it), and book.toml runs it through snake_crab/cmdrun_bridge.py.
CMDRUN_TOOLS = {"mdbook-cmdrun": "0.7.3"}


def tools_folder(pins: dict[str, str]) -> Path:
    """The cache folder of a set of pinned cargo tools, named by every tool and version in it."""
    return pythons.CACHE / "tools" / "-".join(f"{tool}-{version}" for tool, version in pins.items())


# Compiled once per machine (a few minutes), each set in a folder named by its versions.
TOOLS = tools_folder(CARGO_TOOLS)
CMDRUN = tools_folder(CMDRUN_TOOLS)


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
    link_venv()
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
        say("npm ci: Pyodide 314.0.8 and CodeMirror, which the pages' Run panels load, and esbuild")
        subprocess.run(["npm", "ci", "--silent", "--no-audit", "--no-fund"], cwd=ROOT, check=True)


def link_venv() -> None:
    """.venv: a link to the machine's venv for this requirements.txt and this Python (VENVS),
    made once and then shared by every clone. A .venv that is a folder of its own (made by an
    older book.py, or by hand) is kept, and brought up to date."""
    if VENV.is_dir() and not VENV.is_symlink():
        fill_venv(VENV)
        return
    # The Python: its version and installation (a venv's Python, even a copy, names its base's).
    key = "\n".join([sys.version, sys.base_prefix, REQUIREMENTS.read_text()])
    shared = VENVS / hashlib.sha256(key.encode()).hexdigest()[:12]
    VENVS.mkdir(parents=True, exist_ok=True)
    with open(VENVS / ".lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)  # another clone may be making the same one
        if not (shared / "requirements.installed").is_file():
            shutil.rmtree(shared, ignore_errors=True)  # a half-made one
            fill_venv(shared)
    if not (VENV.is_symlink() and VENV.readlink() == shared):
        VENV.unlink(missing_ok=True)  # a link to the venv of another requirements.txt
        VENV.symlink_to(shared)


def fill_venv(folder: Path) -> None:
    """A venv in `folder` holding python/requirements.txt; requirements.installed says which."""
    if not (folder / "bin" / "python").exists():
        say(f"creating a venv in {folder}")
        venv.create(folder, with_pip=True)
    stamp = folder / "requirements.installed"
    if not stamp.exists() or stamp.read_text() != REQUIREMENTS.read_text():
        say(f"installing {REQUIREMENTS.relative_to(ROOT)} into {folder} (about 30 s)")
        subprocess.run([folder / "bin" / "python", "-m", "pip", "install", "-q", "-r", REQUIREMENTS], check=True)
        stamp.write_text(REQUIREMENTS.read_text())


def install_tools(errors: list[BaseException]) -> None:
    """The pinned mdBook tools (cargo install --locked), each set in its own cache folder; a
    failure goes to `errors`, for the main thread to raise."""
    try:
        for pins, root in ((CARGO_TOOLS, TOOLS), (CMDRUN_TOOLS, CMDRUN)):
            listed = subprocess.run(
                ["cargo", "install", "--list", "--root", root], capture_output=True, text=True
            ).stdout
            for tool, version in pins.items():
                if f"{tool} v{version}:" in listed and (root / "bin" / tool).exists():
                    continue
                say(f"installing {tool} {version} into {root} (a few minutes, once per machine)")
                # One target dir per folder: mdbook-quiz builds mdBook's crates as libraries, so
                # the second install reuses some of what the first compiled.
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
    bins = [str(d) for d in (venv_python().parent, TOOLS / "bin", CMDRUN / "bin") if d.is_dir()]
    env = dict(os.environ, PATH=os.pathsep.join([*bins, os.environ.get("PATH", "")]))
    if VENV.is_dir():
        env["VIRTUAL_ENV"] = str(VENV)
    sccache = venv_python().parent / "sccache"
    if sccache.is_file() and "RUSTC_WRAPPER" not in env:
        # Every cargo of the checks, the site and the tests compiles through sccache, whose cache
        # lives outside the clone: a new clone's builds (release, msrv, cross, wasm, each copied
        # download) take the crates compiled before from it. A cdylib's link is never cached.
        env["RUSTC_WRAPPER"] = str(sccache)
        env.setdefault("SCCACHE_DIR", str(pythons.CACHE / "sccache"))
        # Its server (shared by every cargo, even of nested verifies, so never stopped by one of
        # them) leaves 2 minutes after the last build; it holds none of its starter's pipes.
        env.setdefault("SCCACHE_IDLE_TIMEOUT", "120")
    return env
