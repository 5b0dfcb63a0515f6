"""wheel_check: a wheel PyPI would refuse, or one whose tag overclaims, fails with auditwheel's reason."""

import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from snake_crab.checks import wheel as wheel_check

ROOT = Path(__file__).resolve().parents[2]
CRABMATH = ("crabmath", "crabmath.mean([1, 2, 4.5])", "2.5")  # installs_everywhere's call for crabmath


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
    found = wheel_check.installs_everywhere(wheels["repaired"], tmp_path, [wheel_check.pythons.HOST], CRABMATH)
    assert found == ([], [this])


def test_a_wheel_one_python_cannot_install_fails_naming_it(wheels: dict[str, Path], tmp_path: Path) -> None:
    platform = wheel_check.tags(wheels["repaired"])[2]
    other = renamed(wheels["repaired"], f"crabmath-0.1.0-cp312-cp312-{platform}.whl")  # not for 3.11
    problems, installed = wheel_check.installs_everywhere(other, tmp_path, [wheel_check.pythons.HOST], CRABMATH)
    assert installed == [] and problems[0].startswith(f"{other.name} on Python 3.11: exit 1")
    assert "is not a supported wheel on this platform" in problems[0]


def library(tmp_path: Path, name: str, source: str, *link: str) -> Path:
    """A Linux shared library built from C source with gcc."""
    (tmp_path / f"{name}.c").write_text(source)
    out = tmp_path / f"{name}.so"
    subprocess.run(["gcc", "-shared", "-fPIC", "-o", out, tmp_path / f"{name}.c", *link], check=True)
    return out


def a_wheel(dist: Path, platform: str, native: Path, native_name: str = "_native.abi3.so") -> Path:
    """A wheel for `platform` holding `native` as the package's library (no metadata: not read)."""
    wheel = dist / f"crabmath-0.1.0-py3-none-{platform}.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr("crabmath/__init__.py", "")
        archive.write(native, f"crabmath/{native_name}")
    return wheel


def test_a_missing_or_unknown_wheel_and_a_missing_sdist_fail(tmp_path: Path) -> None:
    native = library(tmp_path, "native", "double crabmath_mean(void) { return 0; }\n")
    dist = tmp_path / "dist"
    dist.mkdir()
    a_wheel(dist, "manylinux2014_x86_64", native)
    a_wheel(dist, "linux_riscv64", native)  # misnamed: a platform Shipping does not name
    found = wheel_check.dist_problems(dist, {"crabmath_mean"}, tmp_path / "work")
    assert "dist/: no win_amd64 wheel" in found and "dist/: no macosx_11_0_arm64 wheel" in found
    assert "dist/: crabmath-0.1.0-py3-none-linux_riscv64.whl is no platform Shipping names" in found
    assert "dist/: no source distribution (*.tar.gz)" in found


def test_a_musl_library_that_needs_another_library_fails(tmp_path: Path) -> None:
    helper = library(tmp_path, "libhelper", "int helper(void) { return 1; }\n")
    native = library(
        tmp_path,
        "native",
        "int helper(void);\nint crabmath_mean(void) { return helper(); }\n",
        "-L",
        str(helper.parent),
        "-lhelper",
    )
    wheel = a_wheel(tmp_path, "musllinux_1_2_x86_64", native)
    found = wheel_check.library_problems(wheel, "musllinux_1_2_x86_64", {"crabmath_mean"}, tmp_path / "work")
    assert any("needs ['libhelper.so'], which musllinux_1_2_x86_64 systems do not promise" in p for p in found)


def test_extra_exports_a_wrong_cpu_and_a_windows_library_misnamed_fail(tmp_path: Path) -> None:
    native = library(tmp_path, "native", "double crabmath_mean(void) { return 0; }\nint helper(void) { return 1; }\n")
    wheel = a_wheel(tmp_path, "manylinux2014_aarch64", native)
    found = wheel_check.library_problems(wheel, "manylinux2014_aarch64", {"crabmath_mean"}, tmp_path / "work")
    assert any("is elf64-x86-64 for x86_64, not ('elf64-littleaarch64', 'aarch64')" in p for p in found)
    assert any("exports differ from the crate's: missing [], extra ['helper']" in p for p in found)
    windows = a_wheel(tmp_path, "win_amd64", native)
    found = wheel_check.library_problems(windows, "win_amd64", {"crabmath_mean"}, tmp_path / "work")
    assert found == [f"{windows.name}: the library is _native.abi3.so; Windows loads _native.dll"]


def test_a_windows_library_that_needs_mingws_runtime_fails(tmp_path: Path) -> None:
    """Linked with mingw-w64's pthread DLL: a Windows machine has no libwinpthread-1.dll."""
    source = "#include <pthread.h>\n__declspec(dllexport) long long crabmath_mean(void)"
    source += " { return (long long)pthread_self(); }\n"
    (tmp_path / "native.c").write_text(source)
    dll = tmp_path / "native.dll"
    subprocess.run(["x86_64-w64-mingw32-gcc", "-shared", "-o", dll, tmp_path / "native.c", "-lpthread"], check=True)
    wheel = a_wheel(tmp_path, "win_amd64", dll, "_native.dll")
    found = wheel_check.library_problems(wheel, "win_amd64", {"crabmath_mean"}, tmp_path / "work")
    assert found == [f"{wheel.name}: needs ['libwinpthread-1.dll'], which win_amd64 systems do not promise"]


def test_the_workflow_runs_the_pages_commands() -> None:
    """wheels.yml, shown on the page and not run here, holds the commands the page shows (and the
    verification runs): each line of the recipe's wheels block, and the chapter's pip install."""
    import yaml

    page = (ROOT / "src" / "shipping.md").read_text()
    section = page[page.index("## Wheels for every platform") :]
    block = section[section.index("```sh\n") + 6 : section.index("```", section.index("```sh\n") + 6)]
    tools = page[page.index("```sh\npip install setuptools") + 4 :]
    tools = tools[: tools.index("```")]
    workflow = yaml.safe_load((ROOT / "listings" / "shipping" / "wheels.yml").read_text())
    steps = workflow["jobs"]["build"]["steps"]
    runs = " ".join(" ".join(step.get("run", "").replace("\\\n", " ").split()) for step in steps)

    def commands(text: str) -> list[str]:
        return [" ".join(line.split()) for line in text.replace("\\\n", " ").splitlines() if line.strip()]

    wanted = [c for c in commands(block) + commands(tools) if not c.startswith("cp ../shipping/")]
    assert [c for c in wanted if c not in runs] == []
    assert "id-token" in workflow["jobs"]["publish"]["permissions"]
