"""wheel_check: a wheel PyPI would refuse, or one whose tag overclaims, fails with auditwheel's reason."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from snake_crab.checks import wheel as wheel_check

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def wheels(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """crabmath built as ship.py builds it: the plain wheel, and the one auditwheel repaired."""
    temp = tmp_path_factory.mktemp("wheels")
    source = temp / "source"
    ignore = shutil.ignore_patterns("target", "build", "dist", "wheelhouse", "*.egg-info")
    shutil.copytree(ROOT / "listings" / "shipping", source, ignore=ignore)
    build = [sys.executable, "-m", "build", "--wheel", "--no-isolation", "--outdir", str(temp / "dist"), str(source)]
    subprocess.run(build, check=True, capture_output=True)
    plain = next((temp / "dist").glob("*.whl"))
    repair = [sys.executable, "-m", "auditwheel", "repair", "--wheel-dir", str(temp / "wheelhouse"), str(plain)]
    subprocess.run(repair, check=True, capture_output=True)
    return {"plain": plain, "repaired": next((temp / "wheelhouse").glob("*.whl"))}


def renamed(wheel: Path, name: str) -> Path:
    copy = wheel.parent.parent / name
    shutil.copy(wheel, copy)
    return copy


def test_the_repaired_wheel_passes(wheels: dict[str, Path]) -> None:
    assert wheels["repaired"].name.startswith("crabmath-0.1.0-py3-none-manylinux_")
    assert wheel_check.problems(wheels["repaired"]) == []


def test_a_linux_tag_fails_with_auditwheels_reason(wheels: dict[str, Path]) -> None:
    (problem,) = wheel_check.problems(wheels["plain"])
    assert "PyPI accepts no linux_x86_64 wheel" in problem
    assert 'is consistent with the following platform tag: "manylinux_' in problem  # auditwheel's words


def test_a_tag_older_than_the_libraries_allow_fails(wheels: dict[str, Path]) -> None:
    claimed = renamed(wheels["repaired"], "crabmath-0.1.0-py3-none-manylinux2014_x86_64.whl")
    (problem,) = wheel_check.problems(claimed)
    assert "the libraries inside do not fit manylinux2014_x86_64" in problem
    assert "GLIBC_2.34" in problem  # auditwheel names the symbol versions that are too new


def test_a_tag_for_one_python_fails(wheels: dict[str, Path]) -> None:
    platform = wheel_check.tags(wheels["repaired"])[2]
    claimed = renamed(wheels["repaired"], f"crabmath-0.1.0-cp311-cp311-{platform}.whl")
    (problem,) = wheel_check.problems(claimed)
    assert "tagged cp311-cp311, not py3-none" in problem


def test_a_library_outside_the_policy_fails(wheels: dict[str, Path], tmp_path: Path) -> None:
    """The wheel's library swapped for one that needs libhelper.so, which no manylinux system
    promises: the manylinux tag now claims too much, and auditwheel names the library."""
    (tmp_path / "helper.c").write_text("int helper(void) { return 1; }\n")
    (tmp_path / "native.c").write_text("int helper(void);\ndouble crabmath_mean(void) { return helper(); }\n")
    gcc = ["gcc", "-shared", "-fPIC", "-o"]
    subprocess.run([*gcc, tmp_path / "libhelper.so", tmp_path / "helper.c"], check=True)
    link = ["-L", str(tmp_path), "-lhelper", f"-Wl,-rpath,{tmp_path}"]
    subprocess.run([*gcc, tmp_path / "native.so", tmp_path / "native.c", *link], check=True)
    swapped = tmp_path / wheels["repaired"].name
    with zipfile.ZipFile(wheels["repaired"]) as original, zipfile.ZipFile(swapped, "w") as copy:
        for item in original.infolist():
            library = item.filename.endswith("_native.abi3.so")
            copy.writestr(item, (tmp_path / "native.so").read_bytes() if library else original.read(item))
    (problem,) = wheel_check.problems(swapped)
    assert "the libraries inside do not fit manylinux_" in problem
    assert "dependencies will need to be eliminated: libhelper.so" in problem


def test_the_wheel_installs_and_runs_on_this_python(wheels: dict[str, Path], tmp_path: Path) -> None:
    this = sys.version.split()[0]  # the venv's Python, which runs the tests and is the matrix's 3.11
    assert wheel_check.installs_everywhere(wheels["repaired"], tmp_path, [wheel_check.pythons.HOST]) == ([], [this])


def test_a_wheel_one_python_cannot_install_fails_naming_it(wheels: dict[str, Path], tmp_path: Path) -> None:
    platform = wheel_check.tags(wheels["repaired"])[2]
    other = renamed(wheels["repaired"], f"crabmath-0.1.0-cp312-cp312-{platform}.whl")  # not for 3.11
    problems, installed = wheel_check.installs_everywhere(other, tmp_path, [wheel_check.pythons.HOST])
    assert installed == [] and problems[0].startswith(f"{other.name} on Python 3.11: exit 1")
    assert "is not a supported wheel on this platform" in problems[0]
