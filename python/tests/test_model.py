"""The model of a listing: what it finds, and that it is the one place that enumerates listings."""

import ast
import re
from pathlib import Path

from snake_crab import ROOT, model

PYTHON = Path(model.__file__).resolve().parent


def test_every_crate_folder_is_a_listing_and_only_the_pyo3_crate_inside_one_is_not_a_c_library():
    names = model.names()
    assert names == sorted(p.parent.name for p in model.LISTINGS.glob("*/Cargo.toml"))
    assert all(x.c_library for x in model.listings())
    assert [x.name for x in model.crates() if not x.c_library] == ["alternatives_pyo3"]  # inside alternatives/


def test_helpers_are_not_scripts():
    specs = model.script_specs()
    assert "hello/hello.py" in specs and "progress/progress.py" in specs
    assert not any(s.endswith(("/loader.py", "/ctrl_c.py", "/setup.py")) for s in specs)


def test_free_threaded_pythons_run_only_the_chapters_that_need_them():
    on = [c.name for c in model.cells_for(model.LISTINGS / "threads/gil.py")]
    off = [c.name for c in model.cells_for(model.LISTINGS / "hello/hello.py")]
    assert "3.13t" in on and "3.13t" not in off


def test_no_other_module_enumerates_the_listings():
    # a glob over listings/ outside the model is a second answer to "which listings are there"
    pattern = re.compile(r"""glob\(["']\*/(Cargo\.toml|\*\.py|\*/\*\.py)["']\)|iterdir\(\).*Cargo\.toml""")
    found = [
        f"{path.name}:{number}"
        for path in sorted(PYTHON.glob("*.py"))
        if path.name != "model.py"
        for number, line in enumerate(path.read_text().splitlines(), 1)
        if pattern.search(line)
    ]
    assert found == []


def harness_imports() -> dict[str, set[str]]:
    """Each module of the harness package, and the harness modules it imports."""
    package = ROOT / "python" / "snake_crab"
    graph: dict[str, set[str]] = {}
    for path in sorted(package.rglob("*.py")):
        name = ".".join(path.relative_to(package.parent).with_suffix("").parts).removesuffix(".__init__")
        graph[name] = set()
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("snake_crab"):
                for alias in node.names:
                    graph[name].add(
                        f"{node.module}.{alias.name}" if f"{node.module}.{alias.name}" in MODULES else node.module
                    )
    return graph


MODULES = {
    ".".join(p.relative_to(ROOT / "python").with_suffix("").parts).removesuffix(".__init__")
    for p in (ROOT / "python" / "snake_crab").rglob("*.py")
}


def test_the_harness_imports_form_no_circle():
    graph = harness_imports()
    state: dict[str, str] = {}

    def visit(module: str, path: list[str]) -> None:
        state[module] = "open"
        for other in sorted(graph.get(module, ())):
            if other == module or other not in graph:
                continue
            assert state.get(other) != "open", "import circle: " + " -> ".join([*path, module, other])
            if other not in state:
                visit(other, [*path, module])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            visit(module, [])


def test_no_harness_import_hides_inside_a_function():
    for path in sorted((ROOT / "python" / "snake_crab").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)):
                for inner in ast.walk(node):
                    if isinstance(inner, ast.ImportFrom) and (inner.module or "").startswith("snake_crab"):
                        raise AssertionError(
                            f"{path.relative_to(ROOT)}:{inner.lineno}: imports the harness inside a function"
                        )
