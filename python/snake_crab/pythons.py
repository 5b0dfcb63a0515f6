"""The Pythons the book is verified on, found or installed, and how to run a listing on each.

The book's pages are built with the machine's python3 (3.11 here). The version matrix
(python/snake_crab/checks/matrix.py) runs the listings again on every other cell below, from the same
repository and the same Rust libraries, built once on this machine:

- 3.13, 3.14, 3.15: Debian's python3.13, python3.14 and python3.15 from the `sid` suite, in a
  root made by debootstrap (they need sid's C library, newer than this machine's). A listing
  runs there through `unshare --mount` and `chroot`, with the repository, ~/.cargo and
  ~/.rustup bound at the same paths, so the scripts, their libraries and cargo are where they
  are outside. Needs root.
- 3.13t: CPython 3.13.5 built with `--disable-gil` (free-threaded, PEP 703) from the source
  Debian's trixie ships (its .orig.tar.xz is the upstream release), about 8 minutes on 2 cores.
  No Debian suite packages a free-threaded Python, and none carries 3.14's or 3.15's sources,
  so 3.14t cannot be built here. It runs natively; a second cell runs it with `-X gil=1`.

Each cell has a virtual environment with the packages the listings import
(python/requirements-listings.txt), installed as wheels only: a package with no wheel for a
cell is recorded, with pip's reason, and the listings that import it are reported as "not
available" there instead of run.

Everything heavy lives outside the clone, in $SNAKE_CRAB_CACHE (default /var/cache/snake-crab
as root, ~/.cache/snake-crab otherwise), in folders named by what they hold, so warm runs and
other clones on this machine reuse them: root-sid-r<N> (N: the recipe below), python-3.13.5t,
and a venv per cell inside each.
"""

import os
import shlex
import shutil
import subprocess
import sys
import time
from dataclasses import dataclass
from pathlib import Path

from snake_crab import ROOT

HOST_VENV = ROOT / ".venv"
REQUIREMENTS = ROOT / "python" / "requirements-listings.txt"
IS_ROOT = hasattr(os, "geteuid") and os.geteuid() == 0
CACHE = Path(
    os.environ.get("SNAKE_CRAB_CACHE")
    or ("/var/cache/snake-crab" if IS_ROOT else Path.home() / ".cache" / "snake-crab")
)


def keep(folder: Path, kept: int) -> None:
    """Drop all but the `kept` newest entries (by modification time) of a folder of CACHE."""
    for old in sorted(folder.iterdir(), key=lambda p: p.stat().st_mtime, reverse=True)[kept:]:
        if old.is_dir():
            shutil.rmtree(old, ignore_errors=True)
        else:
            old.unlink(missing_ok=True)


SUITE = "sid"  # the Debian suite with python3.13, 3.14 and 3.15 (forky has them too)
MIRROR = "http://deb.debian.org/debian"
RECIPE = 1  # raise it when ROOT_PACKAGES change: a new root is made beside the old one
ROOT_PACKAGES = [
    *(f"python{v}{part}" for v in ("3.13", "3.14", "3.15") for part in ("", "-venv", "-dev")),
    "gcc",  # cffi's API mode and cargo's linker, inside the root
    "libc6-dev",
    "ca-certificates",
]
# sid's Release file may be older than its Valid-Until on a mirror snapshot: apt must not refuse.
APT = ["apt-get", "-q", "-y", "-o", "Acquire::Check-Valid-Until=false", "--no-install-recommends"]
FT_VERSION = "3.13.5"
FT_SOURCE = ("python3.13", "trixie", f"python3.13_{FT_VERSION}.orig.tar.xz")


@dataclass(frozen=True)
class Cell:
    name: str  # as printed and as named in expected-output files: "3.14", "3.13t", "3.13t-gil1"
    version: str  # "3.14"
    free_threaded: bool = False
    options: tuple[str, ...] = ()  # interpreter options: ("-X", "gil=1")

    @property
    def number(self) -> tuple[int, ...]:
        return tuple(int(part) for part in self.version.split("."))

    @property
    def label(self) -> str:
        """How a page names it."""
        if self.options:
            return f"{self.version}t with `{' '.join(self.options)}`"
        return f"{self.version}t (free-threaded)" if self.free_threaded else self.version


HOST = Cell("3.11", "3.11")
CELLS = [
    HOST,
    Cell("3.13", "3.13"),
    Cell("3.14", "3.14"),
    Cell("3.15", "3.15"),
    Cell("3.13t", "3.13", free_threaded=True),
    Cell("3.13t-gil1", "3.13", free_threaded=True, options=("-X", "gil=1")),
]
BY_NAME = {cell.name: cell for cell in CELLS}


def say(message: str) -> None:
    print(f"==> {message}", flush=True)


def run(command: list, **kwargs) -> subprocess.CompletedProcess:
    """Run a set-up command; on failure, raise with its output (set-up output is long)."""
    done = subprocess.run([str(c) for c in command], capture_output=True, text=True, **kwargs)
    if done.returncode != 0:
        raise RuntimeError(f"`{' '.join(map(str, command))}` exited {done.returncode}:\n{done.stdout}{done.stderr}")
    return done


def root_dir() -> Path:
    return CACHE / f"root-{SUITE}-r{RECIPE}"


def host_ca() -> Path:
    """The certificates this machine trusts (a proxy's included), which pip in the root needs."""
    for name in ("SSL_CERT_FILE", "PIP_CERT", "REQUESTS_CA_BUNDLE"):
        if os.environ.get(name) and Path(os.environ[name]).is_file():
            return Path(os.environ[name])
    return Path("/etc/ssl/certs/ca-certificates.crt")


def ensure_root() -> Path:
    """The debootstrap'ed sid root with the three Pythons, made once (about 2 minutes)."""
    root = root_dir()
    stamp = root / ".snake-crab-ready"
    if stamp.is_file():
        return root
    if not IS_ROOT:
        raise RuntimeError(
            "the version matrix makes a Debian root with debootstrap and runs listings in it with "
            "chroot, which needs root: run `sudo python3 python/book.py verify`"
        )
    if not shutil.which("debootstrap"):
        raise RuntimeError("debootstrap is missing: `apt-get install debootstrap` (book.py's set-up does)")
    start = time.monotonic()
    partial = root.with_name(root.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    say(f"debootstrap --variant=minbase {SUITE} into {partial} (about a minute, once)")
    run(["debootstrap", "--variant=minbase", SUITE, partial, MIRROR])
    shutil.copy("/etc/resolv.conf", partial / "etc" / "resolv.conf")
    say(f"apt-get install {' '.join(ROOT_PACKAGES)} in the root")
    env = dict(os.environ, DEBIAN_FRONTEND="noninteractive")
    run(["chroot", partial, *APT, "install", *ROOT_PACKAGES], env=env)
    for folder in ("proc", "dev"):
        (partial / folder).mkdir(exist_ok=True)
    (partial / ".snake-crab-ready").write_text(
        run(["chroot", partial, "sh", "-c", "python3.13 -V; python3.14 -V; python3.15 -V"]).stdout
    )
    shutil.rmtree(root, ignore_errors=True)
    partial.rename(root)
    say(f"root ready in {time.monotonic() - start:.0f} s")
    return root


def ft_dir() -> Path:
    return CACHE / f"python-{FT_VERSION}t"


def ensure_free_threaded() -> Path:
    """CPython 3.13.5 built with --disable-gil, once (about 8 minutes on 2 cores)."""
    prefix = ft_dir()
    python = prefix / "bin" / "python3.13"  # `make install` names it so; sysconfig says it is "t"
    if python.is_file():
        return python
    root = ensure_root()
    start = time.monotonic()
    package, suite, tarball = FT_SOURCE
    sources = root / "etc" / "apt" / "sources.list.d" / f"{suite}-src.list"
    sources.write_text(f"deb-src {MIRROR} {suite} main\n")
    say(f"apt-get source {package}/{suite} (the {FT_VERSION} source), in the root")
    run(["chroot", root, *APT, "update"])
    run(
        [
            "chroot",
            root,
            "sh",
            "-c",
            f"mkdir -p /tmp/src && cd /tmp/src && apt-get source -q --download-only {package}/{suite}",
        ]
    )
    build = CACHE / "build"
    shutil.rmtree(build, ignore_errors=True)
    build.mkdir(parents=True)
    run(["tar", "xf", root / "tmp" / "src" / tarball, "-C", build])
    source = build / f"Python-{FT_VERSION}"
    say(f"building CPython {FT_VERSION} with --disable-gil into {prefix} (about 8 minutes on 2 cores, once)")
    run(["./configure", "-q", "--disable-gil", f"--prefix={prefix}"], cwd=source)
    run(["make", f"-j{os.cpu_count() or 2}", "-s"], cwd=source)
    run(["make", "-s", "install"], cwd=source)
    shutil.rmtree(build, ignore_errors=True)
    say(f"free-threaded CPython ready in {time.monotonic() - start:.0f} s")
    return python


def venv_dir(cell: Cell) -> Path:
    """Inside the root for its Pythons (/opt/venv-3.14 there), beside the build for 3.13t."""
    if cell.free_threaded:
        return ft_dir() / "venv"
    return root_dir() / "opt" / f"venv-{cell.version}"


def unavailable(cell: Cell) -> dict[str, str]:
    """Packages with no wheel for this cell, by import name, with pip's reason."""
    path = venv_dir(cell) / "unavailable.txt"
    if cell == HOST or not path.is_file():
        return {}
    return dict(line.split(" ", 1) for line in path.read_text().splitlines() if line)


def requirements() -> list[str]:
    lines = [line.split("#")[0].strip() for line in REQUIREMENTS.read_text().splitlines()]
    return [line for line in lines if line]


def import_name(requirement: str) -> str:
    return requirement.split("==")[0].split(";")[0].strip().replace("-", "_")


def ensure_venv(cell: Cell) -> None:
    """The cell's virtual environment with the listings' packages, wheels only; a package with
    no wheel here is recorded in unavailable.txt with pip's reason."""
    if cell == HOST:
        return
    venv = venv_dir(cell)
    stamp = venv / "requirements.installed"
    if stamp.is_file() and stamp.read_text() == REQUIREMENTS.read_text():
        return
    start = time.monotonic()
    shutil.rmtree(venv, ignore_errors=True)
    say(f"creating the {cell.label} venv and installing {REQUIREMENTS.relative_to(ROOT)} (wheels only)")
    ca = None
    if cell.free_threaded:
        run([ensure_free_threaded(), "-m", "venv", venv])
        pip = [venv / "bin" / "python", "-m", "pip"]
        env = dict(os.environ)
    else:
        root = ensure_root()
        ca = root / "etc" / "host-ca.crt"
        shutil.copy(host_ca(), ca)
        inside = f"/opt/venv-{cell.version}"
        run(["chroot", root, f"python{cell.version}", "-m", "venv", inside])
        pip = ["chroot", root, f"{inside}/bin/python", "-m", "pip"]
        env = {k: v for k, v in os.environ.items() if not k.startswith("PIP_")}
        env |= {"SSL_CERT_FILE": "/etc/host-ca.crt", "PIP_CERT": "/etc/host-ca.crt"}
    missing = []
    for requirement in requirements():
        done = subprocess.run(
            [*map(str, pip), "install", "-q", "--only-binary", ":all:", requirement],
            capture_output=True,
            text=True,
            env=env,
        )
        if done.returncode != 0:
            errors = [line for line in done.stderr.splitlines() if line.startswith("ERROR:")]
            reason = errors[-1].removeprefix("ERROR: ") if errors else f"pip exited {done.returncode}"
            missing.append(f"{import_name(requirement)} no {cell.name} wheel of {requirement.split(';')[0]}: {reason}")
    (venv / "unavailable.txt").write_text("".join(line + "\n" for line in missing))
    stamp.write_text(REQUIREMENTS.read_text())
    say(f"{cell.label} venv ready in {time.monotonic() - start:.0f} s ({len(missing)} package(s) without a wheel)")


def ensure(cells: list[Cell]) -> None:
    for cell in cells:
        ensure_venv(cell)


def command(cell: Cell, argv: list[str], cwd: Path = ROOT) -> list[str]:
    """The command that runs `python3 *argv` from `cwd` on this cell (PYTHONUNBUFFERED set)."""
    if cell == HOST:
        python = HOST_VENV / "bin" / "python"
        return [str(python if python.is_file() else sys.executable), *argv]
    if cell.free_threaded:
        venv = venv_dir(cell)
        return [
            "env",
            f"PATH={venv / 'bin'}:{os.environ.get('PATH', '')}",
            f"VIRTUAL_ENV={venv}",
            str(venv / "bin" / "python"),
            *cell.options,
            *argv,
        ]
    root = root_dir()
    cargo_home = Path(os.environ.get("CARGO_HOME", Path.home() / ".cargo"))
    rustup_home = Path(os.environ.get("RUSTUP_HOME", Path.home() / ".rustup"))
    binds = [cwd.resolve(), cargo_home, rustup_home]
    mounts = [f"mkdir -p {root}{b} && mount --bind {b} {root}{b}" for b in binds if b.is_dir()]
    mounts += [f"mount -t proc proc {root}/proc", f"mount --rbind /dev {root}/dev"]
    venv = f"/opt/venv-{cell.version}"
    inner = " ".join(
        [
            "env",
            "-i",
            f"HOME={Path.home()}",
            f"CARGO_HOME={cargo_home}",
            f"RUSTUP_HOME={rustup_home}",
            f"PATH={venv}/bin:{cargo_home}/bin:/usr/bin:/bin",
            f"VIRTUAL_ENV={venv}",
            "LANG=C.UTF-8",
            "SSL_CERT_FILE=/etc/host-ca.crt",
            "PYTHONUNBUFFERED=1",
            "sh",
            "-c",
            shlex.quote(f"cd {shlex.quote(str(cwd.resolve()))} && exec python3 " + " ".join(map(shlex.quote, argv))),
        ]
    )
    script = " && ".join([*mounts, f"exec chroot {root} {inner}"])
    return ["unshare", "--mount", "--propagation", "private", "sh", "-c", script]


if __name__ == "__main__":
    names = sys.argv[1:] or [c.name for c in CELLS]
    ensure([BY_NAME[n] for n in names])
    for name in names:
        print(name, " ".join(command(BY_NAME[name], ["-VV"])))
