"""Check every ctypes declaration in the book's listings against the listing's C header.

cbindgen writes `listings/<name>/<name>.h` from the Rust source (see build.rs); the Python
listings declare the same functions again by hand, with `argtypes`, `restype` and
`ctypes.Structure` classes. This check reads both and reports where they disagree:

- a function declared or called in Python that the header does not have;
- a different number of arguments;
- an argument, result or struct field whose size or kind (signed, unsigned, float, bool,
  pointer, struct, function pointer) differs from the C type, on any of the data models of
  64-bit Linux and macOS, 64-bit Windows and 32-bit systems (`ctypes.c_long` for `int64_t` is
  right here and wrong on Windows);
- a struct whose layout differs: fields in count, names, sizes or kinds, bit fields, a
  `_pack_` or `_align_`, a Union for a struct, `_fields_` set twice (in the class body or
  after it: both are read), fields inherited from another class;
- a function called with no `argtypes` (ctypes then guesses C ints), on the library object it
  is called through: each load (`load_library(...)`, `CDLL(...)`) is a new object with nothing
  declared, whatever another load of the same file declared; an alias (`other = lib`) shares;
- a library variable or type alias that the declarations use, bound more than once;
- an error code copied into Python (`NAME = -1`) that differs from the header's `#define`.

Nothing is imported or run: the Python files are parsed with `ast`, the headers with
pycparser (the C parser under cffi) once the preprocessor lines are out. A loop over a tuple
of types (`for cls in (A, B): lib.f.restype = cls`) checks each; a library loaded again from
another's file (`ctypes.PyDLL(lib._name)`) is checked against that library's header. A listing that
mis-declares on purpose is named in its folder's `checks.toml` (never in the reader's file):

    ["drift.py"]
    header-check = "skip: this listing mis-declares on purpose"

Patterns this check does not understand are reported as notes ("not checked"), never as a
crash. `python3 python/book.py verify --only header` checks the whole book and exits 1 on any mismatch.
"""

import ast
from pathlib import Path

from snake_crab import ROOT, model
from snake_crab.c_header import C_SCALARS, MODELS, Header, fixed, load_header, show
from snake_crab.check import Report
from snake_crab.ctypes_reader import Listing, py_type, read_listing

PER_LISTING = True
NEEDS = ("build",)  # the headers build.rs writes
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)


LISTINGS = ROOT / "listings"

# ---------------------------------------------------------------- comparing


class Comparison:
    """Compares Python types with C types, following structs on both sides."""

    def __init__(self, listing: Listing, header: Header):
        self.listing, self.header = listing, header
        self.compared: dict[tuple[str, str], str | None] = {}

    def mismatch(self, py: tuple, c: tuple) -> str | None:
        """None if `py` may stand for `c`; otherwise why not."""
        if py[0] == "unknown":
            return None  # reported as a note by the caller
        if c[0] == "unknown":
            return None
        if py[0] == "ptr" and c[0] == "ptr":
            if py[1] is None or c[1] is None:  # c_void_p, or a void * in C: any pointer
                return None
            if py[1][0] == "int" and c[1][0] == "int" and py[1][1] == c[1][1] == fixed(1):
                return None  # c_char_p / POINTER(c_uint8) for char * / uint8_t *
            inner = self.mismatch(py[1], c[1])
            return None if inner is None else f"{show(py)} for {show(c)}: {inner}"
        if py[0] == "struct" and c[0] == "struct":
            return self.struct_mismatch(py[1], c[1])
        if py[0] == "func" and c[0] == "func":
            if len(py[2]) != len(c[2]):
                return f"a callback of {len(py[2])} arguments for one of {len(c[2])}"
            for i, (p, q) in enumerate(zip((py[1], *py[2]), (c[1], *c[2]), strict=True)):
                if (why := self.mismatch(p, q)) is not None:
                    return f"callback {'result' if i == 0 else f'argument {i}'}: {why}"
            return None
        if py[0] == "func" and c[0] == "ptr" and c[1] is None:
            return None
        if py[0] == "array" and c[0] == "array":
            if py[2] != c[2]:
                return f"{show(py)} for {show(c)}"
            return self.mismatch(py[1], c[1])
        if py[0] == c[0] == "int" and py[2] == c[2] and py[1] != c[1]:
            where = [m for m, a, b in zip(MODELS, py[1], c[1], strict=True) if a != b]
            if py[1][0] == c[1][0]:  # right here, wrong elsewhere
                return f"{show(py)} for {show(c)}: a different size on {' and '.join(where)}"
        if py[0] == c[0] and py[0] in ("int", "float", "bool"):
            same = py[1] == c[1] and (py[0] != "int" or py[2] == c[2])
            return None if same else f"{show(py)} for {show(c)}"
        if py[0] == c[0] == "void":
            return None
        return f"{show(py)} for {show(c)}"

    def struct_mismatch(self, py_name: str, c_name: str) -> str | None:
        key = (py_name, c_name)
        if key not in self.compared:
            self.compared[key] = None  # a struct that contains a pointer to itself
            self.compared[key] = self._struct_mismatch(py_name, c_name)
        return self.compared[key]

    def _struct_mismatch(self, py_name: str, c_name: str) -> str | None:
        py_fields = self.listing.structs.get(py_name)
        if c_name not in self.header.structs:
            return f"struct {c_name} is not in the header"
        c_fields = self.header.structs[c_name]
        layout = self.listing.layout.get(py_name, {})
        if (layout.get("union", False)) != (c_name in self.header.unions):
            kinds = ("a ctypes.Union", "a struct") if layout.get("union") else ("a ctypes.Structure", "a union")
            return f"class {py_name} is {kinds[0]}, {c_name} is {kinds[1]} in the header"
        if py_fields is None or c_fields is None:
            return None  # an opaque type on either side: nothing to compare
        for special, why in (("pack", "moves its fields"), ("align", "changes its alignment")):
            if special in layout:
                return (
                    f"class {py_name} sets _{special}_ (line {layout[special]}), which {why}; "
                    f"the header's {c_name} has C's own layout"
                )
        if layout.get("twice"):
            return f"class {py_name} gets _fields_ twice (again at line {layout['twice']}): ctypes keeps the first"
        if layout.get("base"):
            return (
                f"class {py_name} inherits from {layout['base']}: ctypes puts the base's fields first; "
                "declare every field in one class, as the header does"
            )
        c_bits, py_bits = self.header.bitfields.get(c_name, {}), layout.get("bits", {})
        if c_bits != py_bits:
            return f"class {py_name} has bit fields {py_bits or 'none'}, struct {c_name} has {c_bits or 'none'}"
        if len(py_fields) != len(c_fields):
            return f"class {py_name} has {len(py_fields)} fields, struct {c_name} has {len(c_fields)}"
        for (pn, pt), (cn, ct) in zip(py_fields, c_fields, strict=True):
            if pn != cn:
                return f"class {py_name} field {pn!r} where struct {c_name} has {cn!r}"
            if (why := self.mismatch(py_type(pt, self.listing), ct)) is not None:
                return f"class {py_name} field {pn!r}: {why}"
        return None


def check_listing(listing: Listing, headers: dict[str, Header | None]) -> tuple[list[str], list[str]]:
    """(problems, notes) for one parsed listing; `headers` maps a library name to its header."""
    where = Path(*listing.path.parts[-3:])  # listings/<name>/<script>.py
    problems, notes = [], [f"{where}: {n}" for n in listing.notes]
    declared_restype = {(d.library, d.function) for d in listing.declarations if d.what == "restype"}
    comparisons: dict[str, Comparison] = {}
    for d in listing.declarations:
        at = f"{where}:{d.line}: {d.function}.{d.what}"
        header = headers.get(d.library)
        if header is None:
            problems.append(f"{at}: no header listings/{d.library}/{d.library}.h (run `cargo build --release`)")
            continue
        if d.function not in header.functions:
            problems.append(f"{at}: {d.library}.h declares no function {d.function!r}")
            continue
        cmp = comparisons.setdefault(d.library, Comparison(listing, header))
        c_result, c_args = header.functions[d.function]
        if d.what == "restype":
            pairs = [("result", d.node, c_result)]
        elif isinstance(d.node, (ast.List, ast.Tuple)):
            if len(d.node.elts) != len(c_args):
                problems.append(f"{at}: {len(d.node.elts)} arguments, the header says {len(c_args)}")
                continue
            pairs = [(f"argument {i}", e, c) for i, (e, c) in enumerate(zip(d.node.elts, c_args, strict=True), 1)]
            if (d.library, d.function) not in declared_restype and c_result not in (C_SCALARS["int"], ("void",)):
                problems.append(f"{at}: no restype, so ctypes reads a C int; the header returns {show(c_result)}")
        else:
            notes.append(f"{at}: `{ast.unparse(d.node)}` is not a list: not checked")
            continue
        for what, expr, c in pairs:
            py = py_type(expr, listing)
            if py[0] == "unknown":
                notes.append(f"{at}: cannot tell the C type of {py[1]} ({what}): not checked")
            elif (why := cmp.mismatch(py, c)) is not None:
                detail = "" if why == f"{show(py)} for {show(c)}" else f" ({why})"
                problems.append(f"{at}: {what} is {show(py)}, the header says {show(c)}{detail}")
    # Declarations belong to a library object: keyed by it, not by the library's name.
    declared = {(d.handle, d.function) for d in listing.declarations}
    declared_args = {(d.handle, d.function) for d in listing.declarations if d.what == "argtypes"}
    declared_elsewhere = {d.function: d.handle for d in listing.declarations}
    for library, function, line, handle in listing.calls:
        header = headers.get(library)
        if header is None or function not in header.functions:
            if header is not None:
                problems.append(f"{where}:{line}: calls {function}, which {library}.h does not declare")
            continue
        c_result, c_args = header.functions[function]
        if (handle, function) not in declared:
            other = declared_elsewhere.get(function)
            also = f" (declared on {other}, another load: each load is a new object)" if other else ""
            problems.append(
                f"{where}:{line}: calls {function} with no argtypes or restype{also}: ctypes guesses C ints, "
                f"the header says {show(c_result)} {function}({', '.join(map(show, c_args))})"
            )
        elif (handle, function) not in declared_args and c_args:
            problems.append(
                f"{where}:{line}: calls {function} with a restype but no argtypes: ctypes guesses the arguments"
            )
    for variable, function, line in listing.foreign_calls:
        if (variable, function) not in listing.foreign_declared:
            problems.append(f"{where}:{line}: calls {variable}.{function} with no argtypes: ctypes guesses C ints")
    problems += rebound(listing, where)
    for name, (value, line) in listing.constants.items():
        for library in sorted(set(listing.libraries.values())):
            header = headers.get(library)
            if header is not None and name in header.defines and header.defines[name] != value:
                problems.append(
                    f"{where}:{line}: {name} = {value}, but {library}.h defines it as {header.defines[name]}"
                )
    # Structure classes named like a header struct are compared even when no declaration uses them.
    for name in listing.structs:
        for library, header in headers.items():
            if header is not None and name in header.structs and library in {d.library for d in listing.declarations}:
                if why := comparisons.setdefault(library, Comparison(listing, header)).struct_mismatch(name, name):
                    problems.append(f"{where}: class {name}: {why}")
    return problems, notes


def rebound(listing: Listing, where: Path) -> list[str]:
    """Names the declarations depend on (a library variable, a type alias) bound more than once:
    which binding a declaration meant depends on the order the code runs in."""
    used: set[str] = set(listing.libraries)
    todo = [d.node for d in listing.declarations]
    while todo:
        for node in ast.walk(todo.pop()):
            if isinstance(node, ast.Name) and node.id not in used:
                used.add(node.id)
                if node.id in listing.names:
                    todo.append(listing.names[node.id])
    problems = []
    for name in sorted(used):
        lines = sorted(set(listing.bindings.get(name, [])))
        if len(lines) > 1:
            problems.append(
                f"{where}:{lines[1]}: {name} is bound again (lines {', '.join(map(str, lines))}); "
                "the declarations that use it may mean either"
            )
    return problems


def check_book(listings: Path = LISTINGS) -> tuple[list[str], list[str], int]:
    """(problems, notes, files checked) for every Python file under listings/<name>/."""
    problems, notes, checked = [], [], 0
    headers: dict[str, Header | None] = {}
    for path in [p for listing in model.listings(listings) for p in sorted(listing.folder.glob("*.py"))]:
        source = path.read_text()
        where = path.relative_to(listings.parent)
        if (setting := model.check_setting(path, "header-check")) is not None:
            notes.append(f"{where}: {setting} (its folder's checks.toml)")
            continue
        try:
            listing = read_listing(path, source)
        except SyntaxError as err:
            problems.append(f"{where}: not valid Python: {err}")
            continue
        except Exception as err:  # as above
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        for library in sorted({d.library for d in listing.declarations} | set(listing.libraries.values())):
            if library not in headers:
                headers[library] = load_header(library, listings)
                if headers[library] is not None:
                    notes += [f"listings/{library}/{library}.h: {n}" for n in headers[library].notes]
                    problems += [f"listings/{library}/{library}.h: {e}" for e in headers[library].errors]
        try:
            found, more = check_listing(listing, headers)
        except Exception as err:  # a pattern this check does not follow: say so, do not stop the others
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        problems += found
        notes += more
        checked += 1
    return problems, notes, checked


def run(say) -> Report:
    problems, notes, checked = check_book(LISTINGS)
    return Report(problems, notes, summary=f"{checked} files' declarations match their headers")
