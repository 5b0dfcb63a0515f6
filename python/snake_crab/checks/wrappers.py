"""The Python side of the boundary: what a listing's wrapper code must do, read with `ast`.

The Rust side of each listing is checked by running it (boundary, UB, memcheck); these rules
are about Python code that no run shows failing until a reader hits the one input that breaks
it. For every Python file under listings/<name>/:

- **callbacks**: a function that Python hands to C (decorated with, or passed to, a
  `ctypes.CFUNCTYPE` type) runs every call and every `raise` inside a `try` that catches
  `BaseException`. An exception that leaves a callback is printed by ctypes, which then returns
  whatever was in the result register: a pointer to nowhere, or an arbitrary go-on or stop.
  `Exception` is not enough: Ctrl+C raises `KeyboardInterrupt`, `sys.exit()` `SystemExit`.
- **finalizers**: a `weakref.finalize` that frees memory has its `atexit` set to `False`.
  Finalizers still alive run at interpreter exit while daemon threads still run, and one of
  them may still be using the memory.
- **paths**: a file name crosses as `os.fsencode(...)` bytes, never `.encode()` (which fails on
  names that are not UTF-8 and ignores `os.PathLike`), and the function that encodes it refuses
  a NUL byte (`b"\\0" in ...`), which would end the C string early and name another file.
- **errors**: a wrapper (a function) that hands back what a listing's function returned looks
  at it first (a comparison, a test, a call) when the header's doc comment documents an error
  value for it (a negative code, NULL, false, a `#define`d code or "error code"), unless the
  wrapper's docstring names that value: else the error comes out as a result.
- **text**: a wrapper (a function) that makes C bytes of a `str` with `.encode()` refuses NUL
  (`"\\0" in text`): C would read the text only up to it, and answer for its first part.
- **integers**: a wrapper function that passes one of its own parameters to an integer
  argument of a listing's function checks that parameter's range (a comparison that names it)
  or passes it through a function that does. ctypes keeps only the low bits of a Python int
  that does not fit, without a word.

A danger demonstration that breaks a rule on purpose is named in its folder's `checks.toml`
(`wrapper-check = "skip: <reason>"`), never in the file a reader copies.
`python3 python/book.py verify --only wrappers` checks every listing and exits 1 on any finding.
"""

import ast
import functools
import re
from pathlib import Path

from snake_crab import ROOT, c_header, ctypes_reader, model
from snake_crab.check import Report

PER_LISTING = True
NEEDS = ("build",)  # documented error values come from the headers build.rs writes
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

LISTINGS = ROOT / "listings"
FUNCTION_TYPES = ("CFUNCTYPE", "PYFUNCTYPE", "WINFUNCTYPE")
INTEGER_TYPES = {
    f"c_{name}"
    for name in (
        "byte ubyte short ushort int uint long ulong longlong ulonglong size_t ssize_t "
        "int8 int16 int32 int64 uint8 uint16 uint32 uint64"
    ).split()
}


def parents_of(tree: ast.AST) -> dict[ast.AST, ast.AST]:
    return {child: node for node in ast.walk(tree) for child in ast.iter_child_nodes(node)}


def catches_everything(handler: ast.ExceptHandler) -> bool:
    if handler.type is None:
        return True
    types = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
    return any(ast.unparse(t).removeprefix("builtins.") == "BaseException" for t in types)


def guarded(node: ast.AST, top: ast.AST, parents: dict[ast.AST, ast.AST]) -> bool:
    """Whether `node` sits in the body of a try, inside `top`, that catches BaseException."""
    child, parent = node, parents.get(node)
    while parent is not None and child is not top:
        if isinstance(parent, ast.Try) and any(map(catches_everything, parent.handlers)):
            if child in parent.body or child in parent.handlers:
                return True  # in the try, or in its handlers: what is done with the exception
        child, parent = parent, parents.get(parent)
    return False


def own_nodes(function: ast.AST):
    """The nodes of a function's body, not those of functions defined inside it."""
    todo = list(ast.iter_child_nodes(function))
    while todo:
        node = todo.pop()
        yield node
        if not isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Lambda, ast.ClassDef)):
            todo += ast.iter_child_nodes(node)


def callbacks(tree: ast.Module) -> list[ast.FunctionDef | ast.Lambda]:
    """The functions handed to C: decorated with a CFUNCTYPE type, or passed to one."""
    types = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        and isinstance(node.value, ast.Call)
        and ast.unparse(node.value.func).split(".")[-1] in FUNCTION_TYPES
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    defs = {n.name: n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))}
    found = []
    for node in ast.walk(tree):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and any(
            ast.unparse(d) in types for d in node.decorator_list
        ):
            found.append(node)
        if isinstance(node, ast.Call) and ast.unparse(node.func) in types and len(node.args) == 1:
            arg = node.args[0]
            if isinstance(arg, ast.Lambda):
                found.append(arg)
            elif isinstance(arg, ast.Name) and arg.id in defs:
                found.append(defs[arg.id])
    return list({id(f): f for f in found}.values())


def check_callbacks(tree: ast.Module, parents: dict) -> list[str]:
    problems = []
    for function in callbacks(tree):
        name = getattr(function, "name", "lambda")
        for node in own_nodes(function):
            if isinstance(node, (ast.Call, ast.Raise)) and not guarded(node, function, parents):
                what = "raises" if isinstance(node, ast.Raise) else f"calls {ast.unparse(node.func)}"
                problems.append(
                    f"{node.lineno}: callback {name} {what} outside a try that catches BaseException: "
                    "an exception would leave the callback and ctypes would hand C an unset result"
                )
                break
    return problems


def check_finalizers(tree: ast.Module) -> list[str]:
    turned_off = {
        ast.unparse(t.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign)
        for t in node.targets
        if isinstance(t, ast.Attribute)
        and t.attr == "atexit"
        and isinstance(node.value, ast.Constant)
        and node.value.value is False
    }
    problems = []
    for node in ast.walk(tree):
        if (
            isinstance(node, ast.Assign)
            and isinstance(node.value, ast.Call)
            and ast.unparse(node.value.func)
            in (
                "weakref.finalize",
                "finalize",
            )
        ):
            names = [ast.unparse(t) for t in node.targets]
            if not any(n in turned_off for n in names):
                problems.append(
                    f"{node.lineno}: {names[0]} = weakref.finalize(...) without `{names[0]}.atexit = False`: "
                    "it would free at interpreter exit, while a daemon thread may still use the memory"
                )
    return problems


def check_paths(tree: ast.Module, parents: dict) -> list[str]:
    problems = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode":
            receiver = ast.unparse(node.func.value)
            if re.search(r"path|file", receiver, re.IGNORECASE):
                problems.append(
                    f"{node.lineno}: {receiver}.encode(): a file name crosses as os.fsencode({receiver}) bytes"
                )
        # A str made into C bytes, by os.fsencode anywhere or by .encode() in a wrapper (a function;
        # module-level demonstrations encode literals), must refuse NUL: C reads only up to it.
        fsencode = isinstance(node, ast.Call) and ast.unparse(node.func) == "os.fsencode"
        encode = isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "encode"
        if fsencode or encode:
            scope = node
            while scope in parents and not isinstance(scope, (ast.FunctionDef, ast.AsyncFunctionDef, ast.Module)):
                scope = parents[scope]
            if encode and isinstance(scope, ast.Module):
                continue
            refuses_nul = any(
                isinstance(n, ast.Compare)
                and isinstance(n.left, ast.Constant)
                and n.left.value in (b"\0", "\0")
                and any(isinstance(op, (ast.In, ast.NotIn)) for op in n.ops)
                for n in ast.walk(scope)
            )
            if not refuses_nul:
                call = "os.fsencode" if fsencode else f"{ast.unparse(node.func)}"
                problems.append(
                    f'{node.lineno}: {call}(...) without refusing a NUL byte (`"\\0" in text`): '
                    "C would read the text only up to it"
                )
    return problems


def integer_positions(listing: ctypes_reader.Listing) -> dict[tuple[str, str], set[int]]:
    """(library, function) -> the argument positions declared with a ctypes integer type."""
    positions: dict[tuple[str, str], set[int]] = {}
    for d in listing.declarations:
        if d.what == "argtypes" and isinstance(d.node, (ast.List, ast.Tuple)):
            for i, e in enumerate(d.node.elts):
                if ast.unparse(e).removeprefix("ctypes.") in INTEGER_TYPES:
                    positions.setdefault((d.library, d.function), set()).add(i)
    return positions


def check_integers(tree: ast.Module, listing: ctypes_reader.Listing) -> list[str]:
    positions = integer_positions(listing)
    problems = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        parameters = {a.arg for a in function.args.args + function.args.kwonlyargs}
        # Checked: named in a comparison, or handed to a function (a checker) before the call.
        compared = {
            n.id
            for c in own_nodes(function)
            if isinstance(c, ast.Compare)
            for n in ast.walk(c)
            if isinstance(n, ast.Name)
        }
        compared |= {
            a.id
            for c in own_nodes(function)
            if isinstance(c, ast.Call) and ctypes_reader.function_of(c.func, listing.libraries) is None
            for a in c.args
            if isinstance(a, ast.Name)
        }
        for call in own_nodes(function):
            if not isinstance(call, ast.Call):
                continue
            f = ctypes_reader.function_of(call.func, listing.libraries)
            for i in sorted(positions.get(f, ())) if f else ():
                if i < len(call.args) and isinstance(arg := call.args[i], ast.Name):
                    if arg.id in parameters and arg.id not in compared:
                        problems.append(
                            f"{call.lineno}: {function.name} passes its parameter {arg.id} to {f[1]}'s integer "
                            f"argument {i + 1} unchecked: ctypes keeps only the low bits of a number too big for it"
                        )
    return problems


@functools.cache
def documented_errors(library: str, listings: Path) -> dict[str, str]:
    """function -> the error value its header's doc comment documents as a return (a negative
    code, NULL or false: "Returns ..., or -1 if ...")."""
    header = c_header.load_header(library, listings)  # the functions' types and the #defines
    if header is None:
        return {}
    codes = [name for name, value in header.defines.items() if value < 0]  # a code, by its name
    found = {}
    text = (listings / library / f"{library}.h").read_text()
    # Each doc comment (never reaching past its own end) and the declaration right below it.
    for doc, name in re.findall(r"/\*\*((?:(?!\*/).)*)\*/\s*[^;{}/#]*?(\w+)\([^;{}/]*\)\s*;", text, re.DOTALL):
        returns = " ".join(doc.split("# Safety")[0].split())  # what it returns, not what it needs
        if name not in header.functions or "return" not in returns.lower():
            continue
        # The kind of error value that fits the result's C type: NULL, false, a negative code.
        result = header.functions[name][0][0]
        kind = {"ptr": r"\bNULL\b", "bool": r"\bfalse\b"}.get(result, r"(?<![\w.])-\d+\b")
        pattern = kind + (f"|\\b(?:{'|'.join(codes)})\\b" if codes else "") + r"|\berror codes?\b"
        if (error := re.search(pattern, returns)) is not None:
            found[name] = error[0]
    return found


def check_errors(tree: ast.Module, listing: ctypes_reader.Listing, listings: Path) -> list[str]:
    """A wrapper (a function) that hands back what a listing's function returned must look at it
    first when that function documents an error value: else the error comes out as a result."""
    errors = {lib: documented_errors(lib, listings) for lib in set(listing.libraries.values())}
    checked = {(d.library, d.function) for d in listing.declarations if d.what == "errcheck"}
    problems = []
    for function in ast.walk(tree):
        if not isinstance(function, (ast.FunctionDef, ast.AsyncFunctionDef)):
            continue
        nodes = list(own_nodes(function))
        # Names the function looks at: in a test, a comparison, or as an argument of a call.
        examined = {
            ast.unparse(n)
            for c in nodes
            if isinstance(c, (ast.Compare, ast.If, ast.IfExp, ast.BoolOp, ast.UnaryOp, ast.Assert, ast.Call))
            for n in ast.walk(c.test if isinstance(c, (ast.If, ast.IfExp, ast.Assert)) else c)
            if isinstance(n, (ast.Name, ast.Attribute))
        }
        purpose = ast.get_docstring(function) or ""  # a value the docstring names is passed on on purpose
        for node in nodes:
            if isinstance(node, ast.Return) and isinstance(node.value, ast.Call):
                call, name = node.value, None
            elif isinstance(node, ast.Assign) and isinstance(node.value, ast.Call) and len(node.targets) == 1:
                call, name = node.value, ast.unparse(node.targets[0])
            else:
                continue
            f = ctypes_reader.function_of(call.func, listing.libraries)
            if f is None or f in checked or f[1] not in errors.get(f[0], {}) or errors[f[0]][f[1]] in purpose:
                continue
            returned = name is None or (
                name not in examined
                and any(isinstance(r, ast.Return) and ast.unparse(r.value or ast.Constant(None)) == name for r in nodes)
            )
            if returned:
                problems.append(
                    f"{call.lineno}: {function.name} returns what {f[1]} returned without looking at it: "
                    f"its documented error value ({errors[f[0]][f[1]]}) would come out as a result, not an exception"
                )
    return problems


def check_file(path: Path, source: str | None = None) -> list[str]:
    source = path.read_text() if source is None else source
    tree = ast.parse(source, filename=str(path))
    parents = parents_of(tree)
    found = check_callbacks(tree, parents) + check_finalizers(tree) + check_paths(tree, parents)
    listing = ctypes_reader.read_listing(path, source)
    found += check_integers(tree, listing) + check_errors(tree, listing, path.parents[1])
    return [f"{path.relative_to(path.parents[2])}:{p}" for p in found]


def check_book(listings: Path = LISTINGS) -> tuple[list[str], int, list[str]]:
    """(problems, files checked, files skipped) for every Python file of every listing."""
    problems, checked, skipped = [], 0, []
    for path in [p for listing in model.listings(listings) for p in listing.python_files]:
        source = path.read_text()
        if model.check_setting(path, "wrapper-check") is not None:
            skipped.append(str(path.relative_to(listings.parent)))
            continue
        problems += check_file(path, source)
        checked += 1
    return problems, checked, skipped


def run(say) -> Report:
    problems, checked, skipped = check_book(LISTINGS)
    notes = [f"{path}: skipped (its folder's checks.toml)" for path in skipped]
    return Report(problems, notes, summary=f"{checked} files follow the rules")
