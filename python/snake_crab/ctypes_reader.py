"""A Python listing's ctypes declarations as the checks read them, with `ast` (nothing is
imported or run): each function's argtypes and restype on each library object, its Structure
classes, the calls it makes, and the constants it copies from the header."""

import ast
from dataclasses import dataclass, field
from pathlib import Path

from snake_crab.c_header import LONG, NUMPY_DTYPES, POINTER, fixed

# ---------------------------------------------------------------- the Python listing

# ctypes' simple types by name, with their sizes on each data model (not this machine's alone:
# here ctypes.c_int64 *is* ctypes.c_long, which is 4 bytes on Windows).
CTYPES_NAMES = {
    "c_bool": ("bool", 1),
    "c_float": ("float", 4),
    "c_double": ("float", 8),
    "c_char": ("int", fixed(1), True),
    "c_byte": ("int", fixed(1), True),
    "c_ubyte": ("int", fixed(1), False),
    "c_short": ("int", fixed(2), True),
    "c_ushort": ("int", fixed(2), False),
    "c_int": ("int", fixed(4), True),
    "c_uint": ("int", fixed(4), False),
    "c_long": ("int", LONG, True),
    "c_ulong": ("int", LONG, False),
    "c_longlong": ("int", fixed(8), True),
    "c_ulonglong": ("int", fixed(8), False),
    "c_size_t": ("int", POINTER, False),
    "c_ssize_t": ("int", POINTER, True),
    **{f"c_int{b}": ("int", fixed(b // 8), True) for b in (8, 16, 32, 64)},
    **{f"c_uint{b}": ("int", fixed(b // 8), False) for b in (8, 16, 32, 64)},
    "c_wchar": ("int", (4, 2, 4), True),
    "c_char_p": ("ptr", ("int", fixed(1), True)),
    "c_wchar_p": ("ptr", ("int", (4, 2, 4), True)),
    "c_void_p": ("ptr", None),
}


@dataclass
class Declaration:
    library: str
    function: str
    what: str  # "argtypes" or "restype"
    node: ast.expr
    line: int
    handle: str = ""  # the library object it is declared on (see Listing.handles)


@dataclass
class Listing:
    """What a Python listing declares: its functions' argtypes/restype and its Structure classes."""

    path: Path
    declarations: list[Declaration] = field(default_factory=list)
    structs: dict[str, list[tuple[str, ast.expr]] | None] = field(default_factory=dict)
    names: dict[str, ast.expr] = field(default_factory=dict)  # module-level `NAME = <expr>`
    notes: list[str] = field(default_factory=list)
    # Per Structure class: "pack"/"align" (line of `_pack_`/`_align_`), "bits" (field -> bits),
    # "union" (a ctypes.Union), "base" (a Structure class it inherits fields from), "twice".
    layout: dict[str, dict] = field(default_factory=dict)
    calls: list[tuple[str, str, int, str]] = field(default_factory=list)  # (library, function, line, handle)
    bindings: dict[str, list[int]] = field(default_factory=dict)  # name -> lines that bind it
    libraries: dict[str, str] = field(default_factory=dict)  # variable -> listing name
    # variable -> the library object it holds: each load is a new object whose functions have no
    # argtypes/restype yet, whatever another load of the same file declared; an alias shares it.
    handles: dict[str, str] = field(default_factory=dict)
    # Libraries that are not a listing's (the C library, or one loaded by a path the check
    # cannot follow): every call through them must still be declared.
    foreign: set[str] = field(default_factory=set)  # variable (`libc`, `self._lib`)
    foreign_declared: set[tuple[str, str]] = field(default_factory=set)  # (variable, function)
    foreign_calls: list[tuple[str, str, int]] = field(default_factory=list)  # (variable, function, line)
    constants: dict[str, tuple[int, int]] = field(default_factory=dict)  # NAME -> (value, line)


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


def read_fields(value: ast.expr, listing: Listing, layout: dict) -> list[tuple[str, ast.expr]] | None:
    """A `_fields_` list as (name, type expression) pairs; bit fields go to layout["bits"]."""
    if not isinstance(value, (ast.List, ast.Tuple)):
        listing.notes.append(f"line {value.lineno}: `_fields_ = {ast.unparse(value)[:40]}` not understood: not checked")
        return None
    fields = []
    for f in value.elts:
        if isinstance(f, ast.Tuple) and len(f.elts) in (2, 3) and isinstance(f.elts[0], ast.Constant):
            fields.append((f.elts[0].value, f.elts[1]))
            if len(f.elts) == 3 and isinstance(f.elts[2], ast.Constant):
                layout.setdefault("bits", {})[f.elts[0].value] = f.elts[2].value
        else:
            listing.notes.append(f"line {f.lineno}: a _fields_ entry not understood: not checked")
    return fields


def bound_names(node: ast.AST) -> list[str]:
    """The names an assignment-like statement binds."""
    targets = []
    if isinstance(node, ast.Assign):
        targets = node.targets
    elif isinstance(node, (ast.AugAssign, ast.AnnAssign, ast.For, ast.AsyncFor)):
        targets = [node.target]
    elif isinstance(node, ast.withitem) and node.optional_vars is not None:
        targets = [node.optional_vars]
    elif isinstance(node, (ast.FunctionDef, ast.ClassDef)):
        return [node.name]
    elif isinstance(node, (ast.Import, ast.ImportFrom)):
        # `import ctypes.util` binds `ctypes` to the module `import ctypes` bound: not a rebinding.
        return [a.asname or a.name for a in node.names if a.asname or "." not in a.name]
    names, targets = [], list(targets)
    while targets:  # `a = ...`, `a, b = ...`, `*a, b = ...`; not `lib.f.argtypes = ...`
        target = targets.pop()
        if isinstance(target, ast.Name):
            names.append(target.id)
        elif isinstance(target, (ast.Tuple, ast.List)):
            targets += target.elts
        elif isinstance(target, ast.Starred):
            targets.append(target.value)
    return names


def int_constant(expr: ast.expr) -> int | None:
    if isinstance(expr, ast.Constant) and type(expr.value) is int:
        return expr.value
    if isinstance(expr, ast.UnaryOp) and isinstance(expr.op, ast.USub):
        inner = int_constant(expr.operand)
        return None if inner is None else -inner
    return None


def read_listing(path: Path, source: str | None = None) -> Listing:
    """Collect the declarations of a Python file without running it."""
    source = path.read_text() if source is None else source
    listing = Listing(path)
    tree = ast.parse(source, filename=str(path))
    libraries = listing.libraries  # variable -> listing name
    functions: dict[str, tuple[str, str]] = {}  # variable -> (library, function)
    function_handles: dict[str, str] = {}  # variable -> the library object of that function
    loops: dict[str, list[ast.expr]] = {}  # `for cls in (A, B):` -> cls: [A, B]
    for node in ast.walk(tree):
        for name in bound_names(node):
            listing.bindings.setdefault(name, []).append(getattr(node, "lineno", 0))
        if (
            isinstance(node, ast.For)
            and isinstance(node.target, ast.Name)
            and isinstance(node.iter, (ast.Tuple, ast.List))
        ):
            loops[node.target.id] = list(node.iter.elts)
        if isinstance(node, ast.ClassDef):
            layout = listing.layout.setdefault(node.name, {})
            bases = [ast.unparse(b).removeprefix("ctypes.") for b in node.bases]
            layout["union"] = "Union" in bases
            layout["base"] = next((b for b in bases if b not in ("Structure", "Union", "LittleEndianStructure")), None)
            fields = None
            for item in node.body:
                targets = [t.id for t in getattr(item, "targets", []) if isinstance(t, ast.Name)]
                if "_fields_" in targets:
                    fields = read_fields(item.value, listing, layout)
                for special in ("_pack_", "_align_"):
                    if special in targets:
                        layout[special.strip("_")] = item.lineno
            listing.structs[node.name] = fields
    for node in ast.walk(tree):
        # `Point._fields_ = [...]` after the class: ctypes takes it as long as the class is unused.
        if (
            isinstance(node, ast.Assign)
            and len(node.targets) == 1
            and isinstance(node.targets[0], ast.Attribute)
            and node.targets[0].attr in ("_fields_", "_pack_", "_align_")
            and isinstance(node.targets[0].value, ast.Name)
            and node.targets[0].value.id in listing.structs
        ):
            cls, attr = node.targets[0].value.id, node.targets[0].attr
            layout = listing.layout[cls]
            if attr != "_fields_":
                layout[attr.strip("_")] = node.lineno
            elif listing.structs[cls] is not None:
                layout["twice"] = node.lineno
            else:
                listing.structs[cls] = read_fields(node.value, listing, layout)
    find_libraries(tree, listing)
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.targets[0], ast.Tuple)
            and isinstance(node.value, ast.Tuple)
        ):
            for t, v in zip(node.targets[0].elts, node.value.elts, strict=False):
                if isinstance(t, ast.Name) and (value := int_constant(v)) is not None:
                    listing.constants.setdefault(t.id, (value, node.lineno))
        if not isinstance(node, ast.Assign) or len(node.targets) != 1:
            continue
        target, value = node.targets[0], node.value
        if isinstance(target, ast.Name):
            listing.names.setdefault(target.id, value)
            if (constant := int_constant(value)) is not None:
                listing.constants.setdefault(target.id, (constant, node.lineno))
            if (f := function_of(value, libraries)) is not None:
                functions[target.id] = f
                function_handles[target.id] = handle_of(value, listing.handles)
            continue
        if isinstance(target, ast.Attribute) and target.attr in ("argtypes", "restype"):
            f = function_of(target.value, libraries)
            handle = handle_of(target.value, listing.handles)
            if f is None and isinstance(target.value, ast.Name):
                f = functions.get(target.value.id)
                handle = function_handles.get(target.value.id, "")
            if (g := function_of(target.value, {k: k for k in listing.foreign})) is not None:
                if target.attr == "argtypes":
                    listing.foreign_declared.add(g)
                continue
            if f is None:
                if not is_foreign(target.value, tree):
                    listing.notes.append(
                        f"line {node.lineno}: `{ast.unparse(target)}` is on a library not loaded with "
                        "load_library(...): not checked"
                    )
                continue
            values = [value]
            if isinstance(value, ast.Name) and value.id in loops and value.id not in listing.names:
                values = loops[value.id]  # one declaration per value the loop gives it
            for v in values:
                listing.declarations.append(Declaration(f[0], f[1], target.attr, v, node.lineno, handle))
    for node in ast.walk(tree):
        if isinstance(node, ast.Call):
            f = function_of(node.func, libraries)
            handle = handle_of(node.func, listing.handles)
            if f is None and isinstance(node.func, ast.Name):
                f = functions.get(node.func.id)
                handle = function_handles.get(node.func.id, "")
            if f is not None:
                listing.calls.append((*f, node.lineno, handle))
            elif (g := function_of(node.func, {k: k for k in listing.foreign})) is not None:
                listing.foreign_calls.append((*g, node.lineno))
    return listing


LOADERS = ("CDLL", "PyDLL", "cdll.LoadLibrary", "pydll.LoadLibrary", "WinDLL", "OleDLL")


def find_libraries(tree: ast.Module, listing: Listing) -> None:
    """Every name or attribute (`lib`, `self._lib`) bound to a loaded library, however it is
    called: `load_library("x")`, `ctypes.CDLL(lib._name)` (the listing's library again), an
    alias of another, or any other ctypes loader (a foreign library). Repeated until nothing
    new is found, so the order of the assignments does not matter."""
    while True:
        before = (dict(listing.libraries), set(listing.foreign))
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                pairs = [(t, node.value) for t in node.targets]
            elif isinstance(node, (ast.AnnAssign, ast.NamedExpr)) and node.value is not None:
                pairs = [(node.target, node.value)]
            else:
                continue
            for target, value in pairs:
                if not isinstance(target, (ast.Name, ast.Attribute)):
                    continue
                key, source = ast.unparse(target), ast.unparse(value)
                if (name := string_arg(value)) is not None or (name := reopened(value, listing.libraries)):
                    listing.libraries[key] = name
                    listing.handles[key] = f"{key} (line {node.lineno})"  # a new library object
                elif source in listing.libraries:
                    listing.libraries[key] = listing.libraries[source]
                    listing.handles[key] = listing.handles.get(source, source)  # the same object
                elif source in listing.foreign or (
                    isinstance(value, ast.Call) and ast.unparse(value.func).removeprefix("ctypes.") in LOADERS
                ):
                    listing.foreign.add(key)
        if (dict(listing.libraries), set(listing.foreign)) == before:
            return


def reopened(call: ast.expr, libraries: dict[str, str]) -> str | None:
    """`ctypes.PyDLL(lib._name)`: the same library file as `lib`, loaded again."""
    if (
        isinstance(call, ast.Call)
        and ast.unparse(call.func).removeprefix("ctypes.") in LOADERS
        and len(call.args) == 1
        and isinstance(call.args[0], ast.Attribute)
        and call.args[0].attr == "_name"
    ):
        return libraries.get(ast.unparse(call.args[0].value))
    return None


def handle_of(expr: ast.expr, handles: dict[str, str]) -> str:
    """The library object of `lib.add`, `lib["add"]` or `getattr(lib, "add")` ("" if none)."""
    if isinstance(expr, (ast.Attribute, ast.Subscript)):
        return handles.get(ast.unparse(expr.value), "")
    if isinstance(expr, ast.Call) and ast.unparse(expr.func) == "getattr" and expr.args:
        return handles.get(ast.unparse(expr.args[0]), "")
    return ""


def function_of(expr: ast.expr, libraries: dict[str, str]) -> tuple[str, str] | None:
    """`lib.add`, `lib["add"]` or `getattr(lib, "add")`, where lib (or `self._lib`) was loaded
    with load_library -> (library, "add")."""
    if isinstance(expr, ast.Attribute) and ast.unparse(expr.value) in libraries and not expr.attr.startswith("_"):
        return libraries[ast.unparse(expr.value)], expr.attr
    if (
        isinstance(expr, ast.Subscript)
        and ast.unparse(expr.value) in libraries
        and isinstance(expr.slice, ast.Constant)
        and isinstance(expr.slice.value, str)
    ):
        return libraries[ast.unparse(expr.value)], expr.slice.value
    if (
        isinstance(expr, ast.Call)
        and ast.unparse(expr.func) == "getattr"
        and len(expr.args) >= 2
        and ast.unparse(expr.args[0]) in libraries
        and isinstance(expr.args[1], ast.Constant)
        and isinstance(expr.args[1].value, str)
    ):
        return libraries[ast.unparse(expr.args[0])], expr.args[1].value
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
        if name in CTYPES_NAMES:
            return CTYPES_NAMES[name]
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
