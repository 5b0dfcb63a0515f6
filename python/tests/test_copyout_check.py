"""The copy-out check must fail for what breaks a reader's download or copy: a manifest that
inherits from the workspace, a loader that only finds the repository's target/, a block that
differs from the downloaded file, an excerpt that is not part of it, a README that names other
runs, a header the build rewrites."""

import zipfile
from pathlib import Path

from snake_crab import downloads, gen, model
from snake_crab.checks import copyout as copyout_check

ROOT = Path(__file__).resolve().parents[2]


# A copy as it is passes the copy-out check: that is the check's own run on the whole book
# (verify's copyout). A manifest inheriting from the workspace and a loader finding only the
# repository's target/ share a copy and its site build with the book check's defects:
# test_verify_catches.py, test_each_broken_run_fails_the_book_check_and_each_broken_download_the_copyout_check.


def site(tmp_path: Path, blocks: str, files: dict[str, bytes] | None = None) -> Path:
    """A built site of one page (hello.html) with `blocks`, and hello.zip made as downloads.py does."""
    book = tmp_path / "book"
    (book / "listings").mkdir(parents=True)
    files = files if files is not None else downloads.files_of("hello")
    with zipfile.ZipFile(book / "listings" / "hello.zip", "w") as archive:
        for inner, data in files.items():
            archive.writestr(f"hello/{inner}", data)
    (book / "hello.html").write_text(f"<html><body><main>{blocks}</main></body></html>")
    return book


def shown(spec: str, text: str, anchor: str | None = None) -> str:
    """A captioned block as mdBook renders gen.py's markdown (without its syntax colouring)."""
    return f"<p>{gen.caption(spec, anchor, 0)}</p>\n<pre><code>{text}</code></pre>\n"


RUN = "<pre><code>hello$ cargo build --release\nhello$ python3 hello.py\nHello from Rust!\n</code></pre>\n"
HELLO = ROOT / "listings" / "hello"


def test_the_download_builds_and_runs(tmp_path: Path):
    book = site(tmp_path, shown("hello/hello.py", (HELLO / "hello.py").read_text()) + RUN)
    problems, ok, total, runs_ok, runs = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert problems == [] and (ok, total, runs_ok, runs) == (1, 1, 1, 1)


def test_a_block_that_differs_from_the_download_fails(tmp_path: Path):
    book = site(tmp_path, shown("hello/hello.py", (HELLO / "hello.py").read_text() + "print(1)\n") + RUN)
    problems, ok, _total, _runs_ok, _runs = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert ok == 0
    assert "hello.html: listings/hello: page: the block of hello/hello.py differs from the downloaded file" in problems


def test_an_excerpt_that_is_not_part_of_the_file_fails(tmp_path: Path):
    lib_rs = (HELLO / "src" / "lib.rs").read_text().replace("Hello from Rust!", "Hello from Crab!")
    excerpt = "".join(line + "\n" for line in lib_rs.splitlines() if "Crab" in line)
    book = site(tmp_path, shown("hello/src/lib.rs", excerpt, "region") + RUN)
    problems, *_ = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert "hello.html: listings/hello: page: the excerpt of hello/src/lib.rs is not a part of the downloaded file" in (
        problems
    )


def test_hidden_lines_are_not_what_a_reader_copies(tmp_path: Path):
    # The copy button leaves mdBook's hidden (`boring`) lines out: they must not count as shown.
    lib_rs = (HELLO / "src" / "lib.rs").read_text()
    block = '<span class="boring">fn not_in_the_file() {}\n</span>' + lib_rs
    book = site(tmp_path, shown("hello/src/lib.rs", block, "region") + RUN)
    problems, *_ = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert problems == []


def test_a_readme_that_names_other_runs_fails(tmp_path: Path):
    files = downloads.files_of("hello")
    files["README.txt"] = files["README.txt"].replace(b"python3 hello.py", b"python3 other.py")
    book = site(tmp_path, shown("hello/hello.py", (HELLO / "hello.py").read_text()) + RUN, files)
    problems, *_ = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert "listings/hello: archive: README.txt runs ['other.py'], the pages show ['hello.py']" in problems


def test_a_file_the_build_rewrites_differently_fails(tmp_path: Path):
    # A header written by build.rs that no longer matches the one the download has.
    files = downloads.files_of("hello")
    files["build.rs"] = b'fn main() { std::fs::write("hello.h", "new\\n").unwrap(); }\n'
    files["hello.h"] = b"old\n"
    book = site(tmp_path, RUN, files)
    problems, ok, _total, _runs_ok, _runs = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert ok == 0
    assert any("build: `cargo build` rewrote hello.h" in p for p in problems), problems


def test_a_pip_command_continued_with_a_backslash_gives_every_package() -> None:
    page = copyout_check.Page("shipping.html")
    shown = "<pre><code>pip install build==1.6.1 \\\n    twine==7.0.0\n</code></pre>"
    copyout_check.PageParser(page).feed(shown)
    assert page.packages == ["build==1.6.1", "twine==7.0.0"]


def recipe_run(tmp_path: Path, block: str | None) -> str | None:
    """copyout_check.recipe on a Shipping page whose recipe section shows `block` (None: no block)."""
    built = {listing: tmp_path / "folders" / listing / listing for listing in ("collatz", "shipping")}
    for folder in built.values():
        folder.mkdir(parents=True)
    page = copyout_check.Page(copyout_check.RECIPE[0])
    if block is not None:  # the first section shows it; the second, wheels for every platform, a no-op
        page.commands[copyout_check.RECIPE[1][0]] = [block]
        page.commands[copyout_check.RECIPE[1][1]] = ["true"]
    return copyout_check.recipe([page], built, tmp_path)


def test_a_recipe_step_that_fails_fails(tmp_path: Path):
    failure = recipe_run(tmp_path, "echo building\nfalse\necho never")
    assert failure is not None and failure.startswith("recipe: exited 1")
    assert "building" in failure and "never" not in failure


def test_a_recipe_whose_wheel_does_not_answer_fails(tmp_path: Path):
    failure = recipe_run(tmp_path, "echo 'collatz.steps(27) = 111'\necho 'loaded from the venv: False'")
    assert failure is not None and "did not answer collatz.steps(27)" in failure


def test_a_recipe_that_answers_passes(tmp_path: Path):
    assert recipe_run(tmp_path, "echo 'collatz.steps(27) = 111'\necho 'loaded from the venv: True'") is None


def test_a_page_without_the_recipe_fails(tmp_path: Path):
    expected = (
        "recipe: each of shipping.html#your-own-crate-as-a-wheel, #wheels-for-every-platform must show one sh block"
    )
    assert recipe_run(tmp_path, None) == expected


def test_downloads_hold_no_anchor_line_and_one_that_does_fails(tmp_path: Path):
    errors = downloads.files_of("errors")
    assert b"ANCHOR" in (ROOT / "listings" / "errors" / "src" / "lib.rs").read_bytes()
    assert b"ANCHOR" not in errors["src/lib.rs"]
    files = downloads.files_of("hello")
    files["src/lib.rs"] = b"// ANCHOR: all\n" + files["src/lib.rs"] + b"// ANCHOR_END: all\n"
    book = site(tmp_path, RUN, files)
    problems, *_ = copyout_check.check(book, [], tmp_path / "copies", tmp_path / "folders")
    assert "listings/hello: archive: src/lib.rs holds an ANCHOR line, a marker of the book's" in problems


def test_each_download_is_unpacked_alone_so_no_script_finds_another_beside_it(tmp_path: Path):
    # alternatives.zip's script once needed alternatives_pyo3.zip unpacked beside it, which the
    # page did not say: unpacked side by side, the check could not notice.
    book = tmp_path / "book"
    (book / "listings").mkdir(parents=True)
    for name in ("one", "two"):
        with zipfile.ZipFile(book / "listings" / f"{name}.zip", "w") as archive:
            archive.writestr(f"{name}/Cargo.toml", "")
    one, two = (copyout_check.unpack(book / "listings" / f"{name}.zip", tmp_path / "copies") for name in ("one", "two"))
    assert [p.name for p in one.parent.iterdir()] == ["one"]
    assert [p.name for p in two.parent.iterdir()] == ["two"]


def starter_site(tmp_path: Path, in_zip: str) -> Path:
    """The hello site, plus an exercise's starter block on the page and its starter download."""
    lines = gen.starter_block("primitives/checked.py", 0)
    code = "\n".join(lines[lines.index("```python") + 1 : -1])
    block = f"<p>{lines[0]}</p>\n<pre><code>{code}\n</code></pre>\n"
    book = site(tmp_path, shown("hello/hello.py", (HELLO / "hello.py").read_text()) + RUN + block)
    with zipfile.ZipFile(book / "listings" / "primitives-start.zip", "w") as archive:
        archive.writestr("primitives/checked.py", in_zip)
    return book


def test_a_starter_shown_as_its_download_has_it_passes_and_one_that_differs_fails(tmp_path: Path):
    starter = model.starter((ROOT / "listings" / "primitives" / "checked.py").read_text(), ".py")
    problems, *_ = copyout_check.check(
        starter_site(tmp_path / "same", starter), [], tmp_path / "copies", tmp_path / "folders"
    )
    assert problems == []
    problems, *_ = copyout_check.check(
        starter_site(tmp_path / "other", starter + "x = 1\n"), [], tmp_path / "copies", tmp_path / "folders"
    )
    assert problems == ["hello.html: the starter's checked.py differs from primitives-start.zip's"]
