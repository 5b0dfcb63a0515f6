"""The pages' Run buttons: which scripts get one (python/snake_crab/wasm.py), and the browser check's presses
of them (python/snake_crab/checks/browser.py), each fed the defect it exists to catch."""

import contextlib
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from snake_crab import chromium, gen, wasm
from snake_crab.checks import browser as browser_check

ROOT = Path(__file__).resolve().parents[2]


HELLO = {"exit": 0, "stdout": "Hello from Rust!\n", "stderr": "", "ms": 5}


def test_a_script_that_prints_the_page_output_gets_a_button():
    assert wasm.verdict("hello/hello.py", HELLO) == {"ms": 5, "runs": True}


@pytest.mark.parametrize(
    "record, reason",
    [
        (HELLO | {"stdout": "Hello from C!\n"}, "prints something else in the browser"),
        (HELLO | {"exit": 1, "stderr": "OSError: [Errno 138] emscripten does not support processes."}, "child process"),
        (HELLO | {"exit": 1, "stderr": "RuntimeError: can't start new thread"}, "starts threads"),
        (HELLO | {"exit": 1, "stderr": 'await pyodide.loadPackage("numpy") in JavaScript'}, "needs NumPy"),
        (HELLO | {"exit": 1, "stderr": "the WebAssembly runtime aborted: RuntimeError"}, "aborts"),
        (HELLO | {"stderr": "a warning\n"}, "prints something else in the browser"),
    ],
)
def test_a_script_that_fails_in_the_browser_gets_a_reason(record: dict, reason: str):
    found = wasm.verdict("hello/hello.py", record)
    assert found["runs"] is False and reason in found["reason"]


def test_pages_get_a_panel_or_a_reason(tmp_path: Path):
    def block(spec: str) -> str:  # as mdBook renders gen.py's caption and block
        code = '<pre><code class="language-python">print("x")\n</code></pre>\n'
        return f"<p>{gen.caption(spec, None, 0)}</p>\n" + code

    page = tmp_path / "demo.html"
    page.write_text(block("hello/hello.py") + block("threads/gil.py"))
    (tmp_path / "print.html").write_text(block("hello/hello.py"))
    verdicts = {"hello/hello.py": {"runs": True}, "threads/gil.py": {"runs": False, "reason": "starts threads"}}
    assert wasm.mark_pages(tmp_path, verdicts) == 1
    text = page.read_text()
    assert '<div class="run-panel" data-script="hello/hello.py"></div>' in text
    assert "Not runnable in the page: it starts threads. Run it on your machine." in text
    assert "run-panel" not in (tmp_path / "print.html").read_text()


def test_an_exercises_starter_gets_a_check_panel(tmp_path: Path):
    starter = "\n".join(gen.starter_block("primitives/checked.py", 0))
    assert 'raise NotImplementedError("your code here")' in starter and "lib.add.argtypes" not in starter
    code = starter.split("```python\n")[1].split("```")[0]
    rendered = f'<p>{starter.splitlines()[0]}</p>\n<pre><code class="language-python">{code}</code></pre>\n'
    (tmp_path / "demo.html").write_text(rendered + rendered.replace("primitives", "threads"))
    verdicts = {"primitives/test_checked.py": {"runs": True}, "threads/test_checked.py": {"runs": False, "reason": "x"}}
    assert wasm.mark_pages(tmp_path, verdicts) == 1
    text = (tmp_path / "demo.html").read_text()
    assert '<div class="run-panel" data-script="primitives/test_checked.py" data-edits="checked.py"></div>' in text
    assert "Not checkable in the page: its tests x." in text


def test_the_kept_browser_libraries_are_used_only_for_the_same_rust(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    listings = tmp_path / "listings"
    shutil.copytree(wasm.LISTINGS / "hello", listings / "hello", ignore=shutil.ignore_patterns("target"))
    monkeypatch.setattr(wasm, "LISTINGS", listings)
    monkeypatch.setattr(wasm, "ROOT", tmp_path)
    monkeypatch.setattr(wasm, "WASM_LD", tmp_path / "wasm_ld.py")
    before = wasm.inputs_key(["hello"])
    (listings / "hello" / "hello.py").write_text("print('a script changed')\n")
    assert wasm.inputs_key(["hello"]) == before  # a script is not built into the library
    with open(listings / "hello" / "src" / "lib.rs", "a") as lib:
        lib.write("\n// a comment: the library is built again\n")
    edited = wasm.inputs_key(["hello"])
    assert edited != before
    (tmp_path / "wasm_ld.py").write_text("# another linker\n")
    assert wasm.inputs_key(["hello"]) != edited


# --- the browser check, on a copy of the built site ---------------------------------------------

BUILT = ROOT / "book" / "wasm" / "runs.json"
needs_site = pytest.mark.skipif(
    not BUILT.is_file() or not chromium.PATH.is_file(),
    reason="needs the built site with its Run buttons (python3 python/book.py build) and Chromium",
)


@contextlib.contextmanager
def checker_in_browser(book: Path) -> Iterator[tuple[browser_check.Checker, object]]:
    """The browser check's Checker and a page of one Chromium, with `book` served."""
    from playwright.sync_api import sync_playwright

    with chromium.serve(book) as base, sync_playwright() as pw:
        checker = browser_check.Checker(book, base, book / "shots", "")
        with browser_check.open_page(pw, checker) as page:
            yield checker, page


def problems_on(book: Path, *paths: str) -> list[str]:
    """What the browser check's Run and Check presses find on these pages, in one browser, each
    problem after its page's name."""
    found = []
    with checker_in_browser(book) as (checker, page):
        for path in paths:
            checker.current = []
            checker.load(page, path)
            checker.run_buttons(page, path)
            found += [f"{path}: {problem}" for problem in checker.current]
    return found


def editor_problems(book: Path) -> list[str]:
    """What the browser check finds when a reader types into browser_check.INTERACTIVE_PAGE's
    editor (its other presses left out: they do not touch the editor)."""
    with checker_in_browser(book) as (checker, page):
        checker.current = []
        checker.load(page, browser_check.INTERACTIVE_PAGE)
        checker.edit_and_abort(page.locator(f'.run-panel[data-script="{browser_check.INTERACTIVE_SCRIPT}"]'))
    return checker.current


def visit_problems(book: Path) -> list[str]:
    """What the browser check finds on a reader's visit of browser_check.VISIT, in one browser."""
    with checker_in_browser(book) as (checker, page):
        checker.visit(page, browser_check.VISIT)
    return [problem for _, problem in checker.problems]


def run_js(site: Path) -> Path:
    """theme/run.js as the site has it: mdBook 0.5 names it by its hash (run-1a2b3c4d.js)."""
    return next((site / "theme").glob("run-*.js"))


@pytest.fixture
def site(tmp_path: Path) -> Path:
    copy = tmp_path / "book"
    shutil.copytree(ROOT / "book", copy)
    return copy


# The pages passing these presses is the browser check's own run on the built site (verify's
# browser check); here each press is fed the defect it exists to catch. The defects of single
# pages share one copy of the site and one browser, each on its own page.
@needs_site
def test_a_run_or_check_that_goes_wrong_fails_naming_its_page(site: Path):
    # hello: a run that prints one line more than its page shows.
    script = site / "wasm" / "listings" / "hello" / "hello.py"
    script.write_text(script.read_text() + '\nprint("one line more")\n')
    page = site / "hello.html"
    page.write_text(page.read_text().replace("lib.hello()", 'lib.hello()\nprint("one line more")', 1))
    # structs: the library its scripts load is missing.
    (site / "wasm" / "libstructs.so").unlink()
    # threads: a button on a script that cannot run in the page.
    page = site / "threads.html"
    text = page.read_text()
    marker = '<p class="run-reason">Not runnable in the page: it starts threads'
    assert marker in text
    page.write_text(text.replace(marker, '<div class="run-panel" data-script="threads/gil.py"></div>\n' + marker, 1))
    # primitives: an exercise whose starter already passes its tests.
    (site / "wasm" / "listings" / "primitives" / "test_checked.py").write_text("def test_nothing():\n    pass\n")
    found = problems_on(site, "hello.html", "structs.html", "threads.html", "primitives.html")
    text = "\n".join(found)
    assert "hello.html: Run under listings/hello/hello.py: printed other than listings/hello/hello.output.txt" in text
    assert "structs.html: Run under listings/structs/structs.py: exited 1" in text and "libstructs.so" in text
    assert "threads.html: Run under listings/threads/gil.py: exited 1" in text
    assert "primitives.html: Check of primitives/checked.py: the starter did not fail its tests" in text
    assert {line.split(":")[0] for line in found} == {"hello.html", "structs.html", "threads.html", "primitives.html"}


# A page that moves under the pointer: the button is pressed, and released elsewhere.
MOVES_ON_PRESS = """
document.addEventListener("pointerdown", (event) => {
    const panel = event.target.closest(".run-panel");
    if (panel) panel.before(Object.assign(document.createElement("div"), { style: "height: 80px" }));
}, true);
"""


@needs_site
def test_a_run_button_that_moves_under_the_pointer_fails_at_once(site: Path):
    with run_js(site).open("a") as script:
        script.write(MOVES_ON_PRESS)
    found = "\n".join(problems_on(site, "hello.html"))
    assert "pressing Run did not click it: the page moved under the pointer" in found


# The editor as it was: the listing's own block made editable, so every key reached the book.
KEYS_LEAK = """export function makeEditor(code, text) {
    code.classList.add("cm-content");
    code.setAttribute("contenteditable", "plaintext-only");
    return { get text() { return code.innerText; }, set text(value) { code.textContent = value; } };
}
"""


# An editor that takes every Tab for itself: a keyboard user cannot leave it.
TAB_TRAP = """export function makeEditor(code, text) {
    code.classList.add("cm-content");
    code.setAttribute("contenteditable", "plaintext-only");
    code.addEventListener("keydown", (event) => {
        event.stopPropagation();
        if (event.key === "Tab") {
            event.preventDefault();
            document.execCommand("insertText", false, "    ");
        }
    });
    return { get text() { return code.innerText; }, set text(value) { code.textContent = value; } };
}
"""


@needs_site
def test_an_editor_that_traps_the_keyboard_fails(site: Path):
    (site / "wasm" / "editor.js").write_text(TAB_TRAP)
    found = "\n".join(editor_problems(site))
    assert "the editor keeps the keyboard: Escape, then Tab, did not leave it" in found


@needs_site
def test_an_editor_that_lets_keys_reach_the_book_fails(site: Path):
    (site / "wasm" / "editor.js").write_text(KEYS_LEAK)
    found = "\n".join(editor_problems(site))
    assert "typing in the editor reached the book's shortcuts" in found


@needs_site
def test_one_run_shared_by_the_panels_fails(site: Path, monkeypatch):
    # theme/run.js before each panel had its own run: one `current` run and handler table for all
    # panels, Stop killing every panel's run, Reset stopping none.
    shutil.copy(Path(__file__).with_name("fixtures") / "run-one-shared-worker.js", run_js(site))
    monkeypatch.setattr(browser_check, "RUN_TIMEOUT_MS", 10_000)  # its first panel hangs: fail sooner
    with checker_in_browser(site) as (checker, page):  # the two-panel presses alone
        checker.load(page, browser_check.TWO_PANEL_PAGE)
        with pytest.raises(Exception, match="Timeout"):  # the first panel's run never ends
            checker.two_panels(page)


@needs_site
def test_a_worker_that_starts_python_on_every_page_fails(site: Path):
    # theme/run-worker.js before the snapshot: every page's first Run loaded Python again.
    shutil.copy(
        Path(__file__).with_name("fixtures") / "run-worker-loads-every-page.js", site / "wasm" / "run-worker.js"
    )
    found = "\n".join(visit_problems(site))
    assert f"{browser_check.VISIT[1]}: Python started again from scratch" in found
