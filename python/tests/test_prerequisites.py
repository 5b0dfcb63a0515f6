"""The set-up step finds each missing system package and installs it, or stops with the command."""

import fcntl
import threading

import pytest

from snake_crab import install, prerequisites
from snake_crab.prerequisites import Prerequisite, SetupError


class FakeMachine:
    """Packages that appear once apt-get has 'installed' them; records every command run."""

    def __init__(self, absent: set[str]):
        self.absent = set(absent)
        self.commands: list[list[str]] = []

    def packages(self) -> list[Prerequisite]:
        # The real names and reasons, with probes that ask this fake machine.
        return [
            Prerequisite(p.name, p.why, lambda n=p.name: n not in self.absent) for p in prerequisites.CHECK_PACKAGES
        ]

    def run(self, command: list[str]) -> None:
        self.commands.append(command)
        if "install" in command:
            self.absent -= set(command)


ALL = [p.name for p in prerequisites.CHECK_PACKAGES]


def test_the_checks_need_the_packages_the_issue_names() -> None:
    assert ALL == [
        "python3-venv", "gcc", "python3-dev", "nodejs", "npm",
        "chromium", "fonts-noto-color-emoji", "fonts-ipafont-gothic", "pandoc",
        "valgrind", "poppler-utils", "epubcheck", "gcc-mingw-w64-x86-64", "debootstrap",
        "make", "libffi-dev", "libssl-dev", "zlib1g-dev", "liblzma-dev", "libbz2-dev",
        "gcc-multilib",
    ]  # fmt: skip


@pytest.mark.parametrize("package", ALL)
def test_as_root_each_missing_package_is_installed_with_apt_get(package: str, capsys) -> None:
    machine = FakeMachine({package})
    installed = prerequisites.install_packages(machine.packages(), root=True, sudo=False, apt=True, run=machine.run)
    assert installed == [package]
    assert machine.commands == [
        ["apt-get", "update", "-qq"],
        ["env", "DEBIAN_FRONTEND=noninteractive", "apt-get", "install", "-y", "-qq", package],
    ]
    said = capsys.readouterr().out
    assert said.count("==> apt-get install") == 1 and package in said  # one line: what and why


@pytest.mark.parametrize("package", ALL)
def test_without_root_but_with_sudo_each_is_installed_through_sudo(package: str) -> None:
    machine = FakeMachine({package})
    prerequisites.install_packages(machine.packages(), root=False, sudo=True, apt=True, run=machine.run)
    assert [c[0] for c in machine.commands] == ["sudo", "sudo"] and machine.commands[1][-1] == package


@pytest.mark.parametrize("package", ALL)
def test_without_root_or_sudo_it_stops_at_once_with_the_exact_command(package: str) -> None:
    machine = FakeMachine({package, "valgrind"})
    with pytest.raises(SetupError) as stopped:
        prerequisites.install_packages(machine.packages(), root=False, sudo=False, apt=True, run=machine.run)
    assert machine.commands == []  # nothing was tried
    wanted = " ".join(name for name in ALL if name in {package, "valgrind"})
    assert f"sudo apt-get update && sudo apt-get install -y {wanted}" in str(stopped.value)


def test_nothing_missing_runs_nothing() -> None:
    machine = FakeMachine(set())
    assert prerequisites.install_packages(machine.packages(), root=True, sudo=True, apt=True, run=machine.run) == []
    assert machine.commands == []


def test_an_install_that_did_not_help_is_an_error() -> None:
    machine = FakeMachine({"valgrind"})
    with pytest.raises(SetupError, match="still missing: valgrind"):
        prerequisites.install_packages(machine.packages(), root=True, sudo=False, apt=True, run=lambda cmd: None)


def test_without_apt_get_it_names_the_packages() -> None:
    machine = FakeMachine({"chromium"})
    with pytest.raises(SetupError, match="chromium: prints the book as a PDF"):
        prerequisites.install_packages(machine.packages(), root=True, sudo=False, apt=False, run=machine.run)


def test_a_missing_miri_toolchain_is_installed_with_rustup() -> None:
    installed = set()
    miri = Prerequisite(prerequisites.MIRI.name, prerequisites.MIRI.why, lambda: "miri" in installed)
    commands = []

    def run(command: list[str]) -> None:
        commands.append(command)
        installed.add("miri")

    assert prerequisites.install_rust_parts([miri], run=run) == ["nightly-2026-05-20"]
    assert commands == [
        [
            "rustup",
            "toolchain",
            "install",
            "nightly-2026-05-20",
            "--profile",
            "minimal",
            "--component",
            "miri,rust-src",
        ],
        ["cargo", "+nightly-2026-05-20", "miri", "setup"],
    ]


def test_the_probes_see_this_machine() -> None:
    """The real probes: the verification runs here, so every prerequisite is present."""
    assert prerequisites.missing([*prerequisites.CHECK_PACKAGES, prerequisites.CLIPPY, prerequisites.RUSTFMT]) == []


def test_a_second_install_waits_for_the_first(tmp_path, monkeypatch) -> None:
    # Seen here: a `book.py bless` beside a fresh `verify` ran two `cargo install`s into one cache
    # folder, and the second failed. The cache lock makes the second wait.
    monkeypatch.setattr(install.pythons, "CACHE", tmp_path)
    waiting, inside = threading.Event(), threading.Event()
    monkeypatch.setattr(install, "say", lambda message: waiting.set())

    def second() -> None:
        with install.cache_lock():
            inside.set()

    with open(tmp_path / ".install.lock", "w") as first:
        fcntl.flock(first, fcntl.LOCK_EX)  # the first install, under way
        thread = threading.Thread(target=second)
        thread.start()
        assert waiting.wait(timeout=60), "the second install did not see the first"
        assert not inside.is_set()
    thread.join(timeout=60)
    assert inside.is_set()
