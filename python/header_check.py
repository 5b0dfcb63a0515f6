"""Check every ctypes declaration in the book's listings against the listing's C header.

cbindgen writes `listings/<name>/<name>.h` from the Rust source (see build.rs); the Python
listings declare the same functions again by hand, with `argtypes`, `restype` and
`ctypes.Structure` classes. This check reads both and reports where they disagree:

- a function declared in Python that the header does not have;
- a different number of arguments;
- an argument, result or struct field whose size or kind (signed, unsigned, float, bool,
  pointer, struct, function pointer) differs from the C type;
- a struct whose fields differ in count, names, sizes or kinds.

Nothing is imported or run: the Python files are parsed with `ast`, the headers with a small
parser for cbindgen's regular output. A listing that mis-declares on purpose carries the line

    # header-check: skip (this listing mis-declares on purpose)

Patterns this check does not understand are reported as notes ("not checked"), never as a
crash. `python3 python/header_check.py` checks the whole book and exits 1 on any mismatch.
"""

import ast
import ctypes
import re
import sys
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
LISTINGS = ROOT / "listings"
SKIP_MARKER = re.compile(r"^#\s*header-check:\s*skip\b", re.MULTILINE)

# ---------------------------------------------------------------- types

# A type is a tuple: ("void",), ("int", size, signed), ("float", size), ("bool", size),
# ("ptr", target), ("struct", name), ("func", result, (args...)), ("array", item, count),
# ("unknown", why). For pointers `target` is None when it is void (any pointer matches).

PTR_SIZE = ctypes.sizeof(ctypes.c_void_p)
C_SCALARS = {
    "void": ("void",),
    "bool": ("bool", 1),
    "_Bool": ("bool", 1),
    "float": ("float", 4),
    "double": ("float", 8),
    "char": ("int", 1, True),
    "signed char": ("int", 1, True),
    "unsigned char": ("int", 1, False),
    "short": ("int", ctypes.sizeof(ctypes.c_short), True),
    "unsigned short": ("int", ctypes.sizeof(ctypes.c_short), False),
    "int": ("int", ctypes.sizeof(ctypes.c_int), True),
    "unsigned int": ("int", ctypes.sizeof(ctypes.c_int), False),
    "unsigned": ("int", ctypes.sizeof(ctypes.c_int), False),
    "long": ("int", ctypes.sizeof(ctypes.c_long), True),
    "unsigned long": ("int", ctypes.sizeof(ctypes.c_long), False),
    "long long": ("int", 8, True),
    "unsigned long long": ("int", 8, False),
    "size_t": ("int", PTR_SIZE, False),
    "uintptr_t": ("int", PTR_SIZE, False),
    "intptr_t": ("int", PTR_SIZE, True),
    "ptrdiff_t": ("int", PTR_SIZE, True),
    **{f"int{b}_t": ("int", b // 8, True) for b in (8, 16, 32, 64)},
    **{f"uint{b}_t": ("int", b // 8, False) for b in (8, 16, 32, 64)},
}


# NumPy dtypes, by the name after `np.` (or a dtype string), as C types; for ndpointer(dtype=...).
NUMPY_DTYPES = {
    "float64": ("float", 8),
    "double": ("float", 8),
    "float32": ("float", 4),
    "bool": ("bool", 1),
    "bool_": ("bool", 1),
    **{f"int{b}": ("int", b // 8, True) for b in (8, 16, 32, 64)},
    **{f"uint{b}": ("int", b // 8, False) for b in (8, 16, 32, 64)},
}


def show(t: tuple) -> str:
    """A type as a reader would write it."""
    kind = t[0]
    if kind == "int":
        return f"{'' if t[2] else 'u'}int{t[1] * 8}"
    if kind == "float":
        return {4: "float", 8: "double"}.get(t[1], f"float{t[1] * 8}")
    if kind == "bool":
        return "bool"
    if kind == "ptr":
        return "void *" if t[1] is None else f"{show(t[1])} *"
    if kind == "struct":
        return f"struct {t[1]}"
    if kind == "func":
        return f"function pointer {show(t[1])} (*)({', '.join(map(show, t[2]))})"
    if kind == "array":
        return f"{show(t[1])}[{t[2]}]"
    return kind if kind != "unknown" else f"<{t[1]}>"


# ---------------------------------------------------------------- the header


@dataclass
class Header:
    functions: dict[str, tuple[tuple, list[tuple]]] = field(default_factory=dict)  # name -> (result, args)
    structs: dict[str, list[tuple[str, tuple]] | None] = field(default_factory=dict)  # None: opaque
    aliases: dict[str, tuple] = field(default_factory=dict)
    notes: list[str] = field(default_factory=list)


def split_top(text: str, sep: str) -> list[str]:
    """Split at `sep` outside (), {} and []."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "({[":
            depth += 1
        elif ch in ")}]":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def c_base(words: str, header: Header) -> tuple:
    """A C type without declarator: `const struct Rect`, `uint32_t`, `AllocU32`."""
    words = re.sub(r"\b(const|volatile|extern|static|enum)\b", " ", words)
    words = " ".join(words.split())
    if words.startswith("struct ") or words.startswith("union "):
        return ("struct", words.split(" ", 1)[1])
    if words in C_SCALARS:
        return C_SCALARS[words]
    if words in header.aliases:
        return header.aliases[words]
    if words in header.structs:
        return ("struct", words)
    return ("unknown", f"C type {words!r}")


def c_declaration(decl: str, header: Header) -> tuple[str, tuple]:
    """Parse `type name`, `type *name`, `type name[3]` or `ret (*name)(args)`; return (name, type)."""
    decl = decl.strip()
    m = re.fullmatch(r"(?P<ret>.+?)\(\s*\*\s*(?:const\s+)?(?P<name>\w*)\s*\)\s*\((?P<args>.*)\)", decl, re.S)
    if m:
        return m["name"], ("func", c_type(m["ret"], header), tuple(c_params(m["args"], header)))
    m = re.fullmatch(r"(?P<type>.*?[\s*])(?P<name>\w+)\s*(?:\[(?P<n>\w+)\])?", decl, re.S)
    if m and m["type"].strip() and m["type"].strip() not in ("struct", "union", "enum", "const"):
        t = c_type(m["type"], header)
        if m["n"]:
            t = ("array", t, int(m["n"]) if m["n"].isdigit() else 0)
        return m["name"], t
    return "", c_type(decl, header)  # an unnamed parameter, as in `void (*)(uintptr_t)`


def c_type(text: str, header: Header) -> tuple:
    """`const double *`, `char **`, `struct Point`: base type plus pointer stars."""
    text = text.strip()
    stars = text.count("*")
    t = c_base(text.replace("*", " "), header)
    for _ in range(stars):
        t = ("ptr", None if t == ("void",) else t)
    return t


def c_params(text: str, header: Header) -> list[tuple]:
    params = split_top(text, ",")
    if params in ([], ["void"]):
        return []
    return [c_declaration(p, header)[1] for p in params]


def parse_header(text: str) -> Header:
    """The functions, structs and typedefs of a cbindgen-generated C header."""
    header = Header()
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    text = re.sub(r"//[^\n]*", " ", text)
    text = "\n".join(line for line in text.splitlines() if not line.lstrip().startswith("#"))
    for stmt in split_top(text, ";"):
        stmt = " ".join(stmt.split())
        try:
            parse_statement(stmt, header)
        except (ValueError, IndexError) as err:  # never crash on a header we do not follow
            header.notes.append(f"header statement not understood ({err}): {stmt[:80]}")
    return header


def parse_statement(stmt: str, header: Header) -> None:
    m = re.fullmatch(r"(?:typedef )?(?P<kw>struct|union) (?P<tag>\w+)? ?\{(?P<body>.*)\} ?(?P<name>\w+)?", stmt)
    if m:
        fields = [c_declaration(f, header) for f in split_top(m["body"], ";")]
        for name in {m["tag"], m["name"]} - {None}:
            header.structs[name] = fields
        return
    m = re.fullmatch(r"(?:typedef )?enum (?P<tag>\w+)? ?\{.*\} ?(?P<name>\w+)?", stmt)
    if m:
        for name in {m["tag"], m["name"]} - {None}:
            header.aliases.setdefault(name, C_SCALARS["int"])
        return
    m = re.fullmatch(r"typedef (?:struct|union) (?P<tag>\w+) (?P<name>\w+)", stmt)
    if m:  # an opaque type: only pointers to it cross the boundary
        for name in (m["tag"], m["name"]):
            header.structs.setdefault(name, None)
        return
    if stmt.startswith("typedef "):
        name, t = c_declaration(stmt[len("typedef ") :], header)
        if name:
            header.aliases[name] = t
        return
    m = re.fullmatch(r"(?:extern )?(?P<ret>[^()]+?[\s*])(?P<name>\w+) ?\((?P<args>.*)\)", stmt)
    if m:
        header.functions[m["name"]] = (c_type(m["ret"], header), c_params(m["args"], header))
        return
    if "(" in stmt:
        header.notes.append(f"header declaration not understood: {stmt[:80]}")


# ---------------------------------------------------------------- the Python listing

CTYPES_CODES = {  # the `_type_` code of ctypes' simple types
    **{
        c: ("int", ctypes.sizeof(getattr(ctypes, n)), True)
        for c, n in zip("bhilq", "c_byte c_short c_int c_long c_longlong".split(), strict=True)
    },
    **{
        c: ("int", ctypes.sizeof(getattr(ctypes, n)), False)
        for c, n in zip("BHILQ", "c_ubyte c_ushort c_uint c_ulong c_ulonglong".split(), strict=True)
    },
    "c": ("int", 1, True),
    "f": ("float", 4),
    "d": ("float", 8),
    "g": ("float", ctypes.sizeof(ctypes.c_longdouble)),
    "?": ("bool", 1),
    "z": ("ptr", ("int", 1, True)),  # c_char_p: char *
    "Z": ("ptr", ("int", ctypes.sizeof(ctypes.c_wchar), True)),
    "P": ("ptr", None),  # c_void_p
}


@dataclass
class Declaration:
    library: str
    function: str
    what: str  # "argtypes" or "restype"
    node: ast.expr
    line: int


@dataclass
class Listing:
    """What a Python listing declares: its functions' argtypes/restype and its Structure classes."""

    path: Path
    declarations: list[Declaration] = field(default_factory=list)
    structs: dict[str, list[tuple[str, ast.expr]] | None] = field(default_factory=dict)
    names: dict[str, ast.expr] = field(default_factory=dict)  # module-level `NAME = <expr>`
    notes: list[str] = field(default_factory=list)


def string_arg(call: ast.expr) -> str | None:
    """`load_library("name")` -> "name"."""
    if (
        isinstance(call, ast.Call)
        and isinstance(call.func, ast.Name)
        and call.func.id == "load_library"
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Constant)
        and isinstance(call.args[0].value, str)
    ):
        return call.args[0].value
    return None


def read_listing(path: Path, source: str | None = None) -> Listing:
    """Collect the declarations of a Python file without running it."""
    source = path.read_text() if source is None else source
    listing = Listing(path)
    tree = ast.parse(source, filename=str(path))
    libraries: dict[str, str] = {}  # variable -> listing name
    functions: dict[str, tuple[str, str]] = {}  # variable -> (library, function)
    for node in ast.walk(tree):
        if isinstance(node, ast.ClassDef):
            fields = None
            for item in node.body:
                if (
                    isinstance(item, ast.Assign)
                    and any(isinstance(t, ast.Name) and t.id == "_fields_" for t in item.targets)
                    and isinstance(item.value, (ast.List, ast.Tuple))
                ):
                    fields = []
                    for f in item.value.elts:
                        if isinstance(f, ast.Tuple) and len(f.elts) >= 2 and isinstance(f.elts[0], ast.Constant):
                            fields.append((f.elts[0].value, f.elts[1]))
                        else:
                            listing.notes.append(f"line {f.lineno}: a _fields_ entry not understood: not checked")
            listing.structs[node.name] = fields
    for node in ast.walk(tree):
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name):
            listing.names.setdefault(target.id, value)
            if (name := string_arg(value)) is not None:
                libraries[target.id] = name
            elif (f := function_of(value, libraries)) is not None:
                functions[target.id] = f
            continue
        if isinstance(target, ast.Attribute) and target.attr in ("argtypes", "restype"):
            f = function_of(target.value, libraries)
            if f is None and isinstance(target.value, ast.Name):
                f = functions.get(target.value.id)
            if f is None:
                if not is_foreign(target.value, tree):
                    listing.notes.append(
                        f"line {node.lineno}: `{ast.unparse(target)}` is on a library not loaded with "
                        "load_library(...): not checked"
                    )
                continue
            listing.declarations.append(Declaration(f[0], f[1], target.attr, value, node.lineno))
    return listing


def function_of(expr: ast.expr, libraries: dict[str, str]) -> tuple[str, str] | None:
    """`lib.add` or `lib["add"]`, where lib was loaded with load_library -> (library, "add")."""
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id in libraries:
        return libraries[expr.value.id], expr.attr
    if (
        isinstance(expr, ast.Subscript)
        and isinstance(expr.value, ast.Name)
        and expr.value.id in libraries
        and isinstance(expr.slice, ast.Constant)
        and isinstance(expr.slice.value, str)
    ):
        return libraries[expr.value.id], expr.slice.value
    return None


def is_foreign(expr: ast.expr, tree: ast.Module) -> bool:
    """`libc.free`: a library opened with ctypes.CDLL(...) directly (the C library, not a listing)."""
    while isinstance(expr, (ast.Attribute, ast.Subscript)):
        expr = expr.value
    if not isinstance(expr, ast.Name):
        return False
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign) and any(isinstance(t, ast.Name) and t.id == expr.id for t in node.targets):
            call = node.value
            if isinstance(call, ast.Call) and ast.unparse(call.func) in (
                "ctypes.CDLL",
                "CDLL",
                "ctypes.cdll.LoadLibrary",
            ):
                return True
    return False


def py_type(expr: ast.expr, listing: Listing, depth: int = 0) -> tuple:
    """The type a ctypes expression stands for: `ctypes.c_int64`, `POINTER(Point)`, an alias..."""
    if depth > 20:
        return ("unknown", "alias loop")
    if isinstance(expr, ast.Constant) and expr.value is None:
        return ("void",)
    name = None
    if isinstance(expr, ast.Attribute) and isinstance(expr.value, ast.Name) and expr.value.id == "ctypes":
        name = expr.attr
    elif isinstance(expr, ast.Name):
        if expr.id in listing.structs:
            return ("struct", expr.id)
        if expr.id in listing.names:
            return py_type(listing.names[expr.id], listing, depth + 1)
        name = expr.id
    if name is not None:
        simple = getattr(ctypes, name, None)
        code = getattr(simple, "_type_", None)
        if isinstance(simple, type) and isinstance(code, str) and code in CTYPES_CODES:
            return CTYPES_CODES[code]
        return ("unknown", f"`{ast.unparse(expr)}`")
    if isinstance(expr, ast.Call) and ast.unparse(expr.func).endswith("ctypeslib.ndpointer"):
        # NumPy's checked array argument: a pointer to its dtype's items (any pointer if no dtype).
        dtype = next((k.value for k in expr.keywords if k.arg == "dtype"), expr.args[0] if expr.args else None)
        if dtype is None:
            return ("ptr", None)
        item = NUMPY_DTYPES.get(ast.unparse(dtype).split(".")[-1].strip("'\""))
        return ("ptr", item) if item else ("unknown", f"`{ast.unparse(expr)}`")
    if isinstance(expr, ast.Call) and expr.args:
        func = ast.unparse(expr.func).removeprefix("ctypes.")
        if func == "POINTER" and len(expr.args) == 1:
            target = py_type(expr.args[0], listing, depth + 1)
            return ("ptr", target)
        if func in ("CFUNCTYPE", "PYFUNCTYPE"):
            result, *args = (py_type(a, listing, depth + 1) for a in expr.args)
            return ("func", result, tuple(args))
    if isinstance(expr, ast.BinOp) and isinstance(expr.op, ast.Mult) and isinstance(expr.right, ast.Constant):
        return ("array", py_type(expr.left, listing, depth + 1), expr.right.value)
    return ("unknown", f"`{ast.unparse(expr)}`")


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
            if py[1][0] == "int" and c[1][0] == "int" and py[1][1] == c[1][1] == 1:
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
        if py_fields is None or c_fields is None:
            return None  # an opaque type on either side: nothing to compare
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
    # Structure classes named like a header struct are compared even when no declaration uses them.
    for name in listing.structs:
        for library, header in headers.items():
            if header is not None and name in header.structs and library in {d.library for d in listing.declarations}:
                if why := comparisons.setdefault(library, Comparison(listing, header)).struct_mismatch(name, name):
                    problems.append(f"{where}: class {name}: {why}")
    return problems, notes


def load_header(library: str, listings: Path = LISTINGS) -> Header | None:
    path = listings / library / f"{library}.h"
    return parse_header(path.read_text()) if path.is_file() else None


def check_book(listings: Path = LISTINGS) -> tuple[list[str], list[str], int]:
    """(problems, notes, files checked) for every Python file under listings/<name>/."""
    problems, notes, checked = [], [], 0
    headers: dict[str, Header | None] = {}
    for path in sorted(listings.glob("*/*.py")):
        source = path.read_text()
        where = path.relative_to(listings.parent)
        if SKIP_MARKER.search(source):
            notes.append(f"{where}: skipped (marked `# header-check: skip`)")
            continue
        try:
            listing = read_listing(path, source)
        except SyntaxError as err:
            problems.append(f"{where}: not valid Python: {err}")
            continue
        except Exception as err:  # as above
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        for d in listing.declarations:
            if d.library not in headers:
                headers[d.library] = load_header(d.library, listings)
                if headers[d.library] is not None:
                    notes += [f"listings/{d.library}/{d.library}.h: {n}" for n in headers[d.library].notes]
        try:
            found, more = check_listing(listing, headers)
        except Exception as err:  # a pattern this check does not follow: say so, do not stop the others
            notes.append(f"{where}: not checked, the check failed on it: {type(err).__name__}: {err}")
            continue
        problems += found
        notes += more
        checked += 1
    return problems, notes, checked


def main() -> int:
    listings = Path(sys.argv[1]) if len(sys.argv) > 1 else LISTINGS
    problems, notes, checked = check_book(listings)
    for note in notes:
        print(f"note: {note}")
    for problem in problems:
        print(f"MISMATCH: {problem}")
    print(f"header_check: {checked} files checked, {len(problems)} mismatches")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
