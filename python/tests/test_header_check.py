"""The header check: passes on the book, fails on a copy whose declarations drift from the header."""

import shutil
from pathlib import Path

import pytest

from snake_crab import c_header
from snake_crab.checks import header as header_check

ROOT = Path(__file__).resolve().parents[2]


# The listings these tests break (the whole book passing is test_the_book_passes).
COPIED = ("callbacks", "hello", "primitives", "structs", "threads")


@pytest.fixture
def listings_copy(tmp_path: Path) -> Path:
    """Some listings' Python files and headers, in a temporary folder to break."""
    copy = tmp_path / "listings"
    listings = ROOT / "listings"
    files = ("*.py", "*.h", "checks.toml", "Cargo.toml")
    for path in [p for name in COPIED for pattern in files for p in (listings / name).glob(pattern)]:
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


def test_the_check_passes_and_fails(listings_copy: Path):
    assert header_check.check_book(listings_copy)[0] == []
    replace(listings_copy / "primitives" / "primitives.py", "[ctypes.c_int64, ctypes.c_int64]", "[ctypes.c_int32]")
    problems = header_check.check_book(listings_copy)[0]
    assert any("add.argtypes: 1 arguments, the header says 2" in p for p in problems), problems


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


def test_a_skip_in_checks_toml_skips(listings_copy: Path):
    script = listings_copy / "primitives" / "primitives.py"
    replace(script, "[ctypes.c_int64, ctypes.c_int64]", "[ctypes.c_int32]")
    assert header_check.check_book(listings_copy)[0]
    with open(script.parent / "checks.toml", "a") as checks:  # beside the folder's other settings
        checks.write('\n["primitives.py"]\nheader-check = "skip: on purpose"\n')
    problems, notes, _checked = header_check.check_book(listings_copy)
    assert problems == []
    assert any("primitives.py: skip: on purpose" in n for n in notes)


def test_unknown_patterns_are_notes_not_crashes(listings_copy: Path):
    with open(listings_copy / "primitives" / "primitives.py", "a") as file:
        file.write(
            "for t in (ctypes.c_int64,):\n"
            "    lib.add.restype = t\n"
            "lib.add.argtypes = make_types()\n"
            "other.thing.argtypes = [ctypes.c_int]\n"
            "for name in names:\n"
            "    f = lib[name]\n"
            "    f.argtypes = [ctypes.c_int]\n"
        )
    problems, notes, _checked = header_check.check_book(listings_copy)
    assert problems == []
    # The loop over a tuple of types is read (each value checked); the other three are not: a
    # call's result, another library, and a function named at run time (`lib[name]`).
    assert sum("primitives.py" in n and "not checked" in n for n in notes) == 3


def test_a_header_is_read_by_a_c_parser():
    header = c_header.parse_header(
        "#define ERR -3\nint64_t add(int64_t a, long b);\ntypedef struct S { uint32_t x: 3; } S;\n"
    )
    assert header.functions["add"] == (("int", (8, 8, 8), True), [("int", (8, 8, 8), True), ("int", (8, 4, 4), True)])
    assert header.defines == {"ERR": -3}
    assert header.bitfields == {"S": {"x": 3}}
    assert header.notes == []


def test_a_header_that_is_not_c_fails(listings_copy: Path):
    header = c_header.parse_header("int64_t add(int64_t a, int64_t b);\nthis is not C;\n")
    assert any("not valid C" in e for e in header.errors)
    # A Rust field named like a C keyword makes such a header: cbindgen writes `float float;`.
    path = listings_copy / "structs" / "structs.h"
    path.write_text(path.read_text().replace("double x;", "double float;"))
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("structs.h: not valid C" in p for p in problems), problems


def extra(listings_copy: Path, text: str) -> list[str]:
    """The problems of a new listing file in primitives/, `lib` loaded from the primitives library."""
    (listings_copy / "primitives" / "extra.py").write_text('import ctypes\n\nlib = load_library("primitives")\n' + text)
    return [p for p in header_check.check_book(listings_copy)[0] if "extra.py" in p]


def test_a_type_right_here_but_wrong_on_windows_fails(listings_copy: Path):
    problems = extra(
        listings_copy, "lib.add.argtypes = [ctypes.c_long, ctypes.c_int64]\nlib.add.restype = ctypes.c_int64\n"
    )
    assert len(problems) == 1, problems
    assert "argument 1 is int of 8/4/4 bytes" in problems[0]
    assert "a different size on 64-bit Windows and 32-bit systems" in problems[0]


def test_a_call_without_declarations_fails(listings_copy: Path):
    problems = extra(listings_copy, "print(lib.add(2**40, 1))\n")
    assert len(problems) == 1, problems
    assert "extra.py:4: calls add with no argtypes or restype" in problems[0]


def test_a_rebound_library_variable_fails(listings_copy: Path):
    text = 'lib.add.argtypes = [ctypes.c_int64] * 2\nlib.add.restype = ctypes.c_int64\nlib = load_library("hello")\n'
    problems = extra(listings_copy, text)
    assert any("lib is bound again (lines 3, 6)" in p for p in problems), problems


def test_each_value_of_a_loop_is_checked(listings_copy: Path):
    text = (
        "lib.add.argtypes = [ctypes.c_int64] * 2\nfor t in (ctypes.c_int64, ctypes.c_int32):\n    lib.add.restype = t\n"
    )
    problems = extra(listings_copy, text)
    assert len(problems) == 1 and "result is int32, the header says int64" in problems[0], problems


def test_a_library_loaded_again_from_its_name_is_checked(listings_copy: Path):
    replace(
        listings_copy / "threads" / "gil.py",
        "gil_lib.spin.argtypes = [ctypes.c_uint64]",
        "gil_lib.spin.argtypes = [ctypes.c_uint32]",
    )
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any(
        "gil.py:" in p and "spin.argtypes: argument 1 is uint32, the header says uint64" in p for p in problems
    ), problems


def test_a_copied_error_code_that_differs_fails(listings_copy: Path):
    replace(listings_copy / "callbacks" / "carry.py", "FOR_EACH_STOPPED = -4", "FOR_EACH_STOPPED = -3")
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("carry.py:" in p and "FOR_EACH_STOPPED = -3, but callbacks.h defines it as -4" in p for p in problems), (
        problems
    )


@pytest.mark.parametrize(
    ("old", "new", "message"),
    [
        (
            '    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]',
            '    _pack_ = 1\n    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]',
            "class Point sets _pack_",
        ),
        (
            "class Point(ctypes.Structure):",
            "class Point(ctypes.Union):",
            "class Point is a ctypes.Union, Point is a struct",
        ),
    ],
    ids=["_pack_", "Union"],
)
def test_a_struct_layout_that_differs_fails(listings_copy: Path, old: str, new: str, message: str):
    replace(listings_copy / "structs" / "structs.py", old, new)
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any(message in p for p in problems), problems


def test_a_bit_field_the_header_lacks_fails(listings_copy: Path):
    fields = "('sensor', ctypes.c_uint32, 8), ('celsius', ctypes.c_float), ('timestamp', ctypes.c_uint64)"
    text = f"class Reading(ctypes.Structure):\n    _fields_ = [{fields}]\n"
    (listings_copy / "structs" / "extra.py").write_text(
        "import ctypes\n\n" + text + 'lib = load_library("structs")\nlib.reading_new.restype = Reading\n'
    )
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("class Reading has bit fields {'sensor': 8}, struct Reading has none" in p for p in problems), problems


def test_fields_set_after_the_class_are_compared(listings_copy: Path):
    script = listings_copy / "structs" / "structs.py"
    replace(script, '    _fields_ = [("x", ctypes.c_double), ("y", ctypes.c_double)]', "")
    script.write_text(script.read_text() + '\nPoint._fields_ = [("x", ctypes.c_double), ("y", ctypes.c_float)]\n')
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("class Point field 'y': float for double" in p for p in problems), problems


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (
            "class Base(ctypes.Structure):\n    _fields_ = [('x', ctypes.c_double)]\n\n\nclass Point(Base):\n",
            "inherits from Base",
        ),
        ("class Point(ctypes.Structure):\n", "gets _fields_ twice"),
    ],
    ids=["inherited", "twice"],
)
def test_fields_from_elsewhere_fail(listings_copy: Path, text: str, message: str):
    fields = "[('x', ctypes.c_double), ('y', ctypes.c_double)]"
    body = f"{text}    _fields_ = {fields}\n\n\n" + ("Point._fields_ = " + fields + "\n" if "twice" in message else "")
    (listings_copy / "structs" / "extra.py").write_text(
        "import ctypes\n\n" + body + 'lib = load_library("structs")\nlib.rect_area.argtypes = [ctypes.POINTER(Point)]\n'
    )
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("extra.py" in p and message in p for p in problems), problems


@pytest.mark.parametrize(
    "text, call",
    [
        ("other = ctypes.CDLL(lib._name)\nprint(other.add(1, 2))\n", "calls add"),
        ("again = lib\nprint(again.add(1, 2))\n", "calls add"),
        (
            "class Wrapper:\n    def __init__(self):\n        self._lib = load_library('primitives')\n\n"
            "    def add(self, a, b):\n        return self._lib.add(a, b)\n",
            "calls add",
        ),
        ("print(getattr(lib, 'add')(1, 2))\n", "calls add"),
        ("print(lib['is_even'](3))\n", "calls is_even"),
        ("libc = ctypes.CDLL(None)\nprint(libc.strlen(b'abc'))\n", "calls libc.strlen with no argtypes"),
    ],
)
def test_every_call_through_any_handle_must_be_declared(listings_copy: Path, text: str, call: str):
    problems = extra(listings_copy, text)
    assert any(call in p for p in problems), problems


def test_a_call_of_a_function_with_no_arguments_must_be_declared_too(tmp_path: Path, listings_copy: Path):
    hello = listings_copy / "hello" / "hello.py"
    replace(hello, "lib.hello.argtypes = []  # takes no arguments\n", "")
    replace(hello, "lib.hello.restype = None  # returns nothing (ctypes assumes a C int otherwise)\n", "")
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert any("hello.py" in p and "calls hello with no argtypes" in p for p in problems), problems


def test_a_declared_foreign_call_passes(listings_copy: Path):
    text = "libc = ctypes.CDLL(None)\nlibc.strlen.argtypes = [ctypes.c_char_p]\nlibc.strlen.restype = ctypes.c_size_t\n"
    assert extra(listings_copy, text + "print(libc.strlen(b'abc'))\n") == []


def test_a_call_through_a_second_load_fails_and_through_an_alias_passes(listings_copy: Path):
    # Each load_library(...) is a new library object, with no declarations of its own.
    with open(listings_copy / "primitives" / "primitives.py", "a") as file:
        file.write('same = lib\nprint(same.add(1, 2))\nother = load_library("primitives")\nprint(other.add(1, 2))\n')
    problems, _notes, _checked = header_check.check_book(listings_copy)
    assert len(problems) == 1, problems
    assert "calls add with no argtypes or restype (declared on lib (line" in problems[0]
    assert problems[0].startswith(str(listings_copy / "primitives" / "primitives.py")) or "primitives.py" in problems[0]
