"""The header check: passes on the book, fails on a copy whose declarations drift from the header."""

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "python"))
import header_check  # noqa: E402


@pytest.fixture
def listings_copy(tmp_path: Path) -> Path:
    """The listings' Python files and headers, in a temporary folder to break."""
    copy = tmp_path / "listings"
    for path in [*(ROOT / "listings").glob("*/*.py"), *(ROOT / "listings").glob("*/*.h")]:
        target = copy / path.relative_to(ROOT / "listings")
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, target)
    return copy


def replace(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1))


def test_the_book_passes():
    problems, _notes, checked = header_check.check_book()
    assert problems == []
    assert checked > 0


def test_the_command_line_passes_and_fails(listings_copy: Path):
    run = [sys.executable, str(ROOT / "python" / "header_check.py"), str(listings_copy)]
    assert subprocess.run(run, capture_output=True, text=True).returncode == 0
    replace(listings_copy / "primitives" / "primitives.py", "[ctypes.c_int64, ctypes.c_int64]", "[ctypes.c_int32]")
    done = subprocess.run(run, capture_output=True, text=True)
    assert done.returncode == 1
    assert "add.argtypes: 1 arguments, the header says 2" in done.stdout


def test_a_wrong_argument_type_fails(listings_copy: Path):
    replace(
        listings_copy / "primitives" / "primitives.py",
        "lib.scale.argtypes = [ctypes.c_double, ctypes.c_double]",
        "lib.scale.argtypes = [ctypes.c_double, ctypes.c_float]",
    )
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert len(problems) == 1
    assert "scale.argtypes: argument 2 is float, the header says double" in problems[0]


def test_a_function_missing_from_the_header_fails(listings_copy: Path):
    with open(listings_copy / "primitives" / "primitives.py", "a") as file:
        file.write("lib.substract.argtypes = [ctypes.c_int64, ctypes.c_int64]\n")
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("primitives.h declares no function 'substract'" in p for p in problems)


def test_a_struct_field_of_the_wrong_size_fails(listings_copy: Path):
    replace(listings_copy / "structs" / "structs.py", '("y", ctypes.c_double)', '("y", ctypes.c_float)')
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("class Point field 'y': float for double" in p for p in problems)


def test_the_skip_marker_skips(listings_copy: Path):
    script = listings_copy / "primitives" / "primitives.py"
    replace(script, "[ctypes.c_int64, ctypes.c_int64]", "[ctypes.c_int32]")
    assert header_check.check_book(listings_copy)[0]
    script.write_text("# header-check: skip (this listing mis-declares on purpose)\n" + script.read_text())
    problems, notes, _checked = header_check.check_book(listings_copy)
    assert problems == []
    assert any("primitives.py: skipped" in n for n in notes)


def test_unknown_patterns_are_notes_not_crashes(listings_copy: Path):
    with open(listings_copy / "primitives" / "primitives.py", "a") as file:
        file.write(
            "for t in (ctypes.c_int64,):\n"
            "    lib.add.restype = t\n"
            "lib.add.argtypes = make_types()\n"
            "other.thing.argtypes = [ctypes.c_int]\n"
        )
    problems, notes, _checked = header_check.check_book(listings_copy)
    assert problems == []
    assert sum("primitives.py" in n and "not checked" in n for n in notes) == 3


def test_a_header_it_cannot_read_is_a_note():
    header = header_check.parse_header("int64_t add(int64_t a, int64_t b);\nint x = (1 + 2);\n")
    assert header.functions["add"] == (("int", 8, True), [("int", 8, True), ("int", 8, True)])
    assert header.notes
