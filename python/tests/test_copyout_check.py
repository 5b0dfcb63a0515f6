"""The copy-out check must fail for what breaks a reader's copy: a manifest that inherits from the
workspace, tests in a file no page shows, a loader that only finds the repository's target/, an
excerpt without its hidden lines."""

from pathlib import Path

import copyout_check

ROOT = Path(__file__).resolve().parents[2]


def test_book_copy_passes(book_copy):
    done = book_copy.verify("book", "copyout")
    assert done.returncode == 0, done.stdout
    assert "copy-out check: 2/2 listings" in done.stdout


def test_manifest_inheriting_from_the_workspace_fails_at_build(book_copy):
    book_copy.edit("listings/hello/Cargo.toml", 'edition = "2024"', "edition.workspace = true")
    done = book_copy.verify("book", "copyout")
    assert done.returncode == 1
    assert "hello.html: listings/hello: build: `cargo build --release` failed" in done.stdout
    assert "workspace" in done.stdout  # cargo's own reason


def test_tests_in_a_file_no_page_shows_fail_at_test(book_copy):
    # `mod tests;` wants src/tests.rs, which the repository has and a reader's copy does not.
    book_copy.edit("listings/structs/src/lib.rs", "mod tests {", "mod tests;\n#[cfg(any())]\nmod inline {")
    (book_copy.path / "listings" / "structs" / "src" / "tests.rs").write_text("")
    done = book_copy.verify("book", "copyout")
    assert done.returncode == 1
    assert "structs.html: listings/structs: test: `cargo test` failed" in done.stdout
    assert "E0583" in done.stdout  # rustc's own reason: file not found for module `tests`


def test_loader_that_finds_only_the_repositorys_target_fails_at_run(book_copy):
    # Two folders up from listings/hello/: right inside the repository, nowhere in a reader's crate.
    book_copy.edit("listings/hello/hello.py", "for d in (here, *here.parents)]", "for d in (here.parents[1],)]")
    done = book_copy.verify("book", "copyout")
    assert done.returncode == 1
    assert "hello.html: listings/hello/hello.py: run: hello.py exited 1" in done.stdout
    assert "libhello.so is not built" in done.stdout


PAGE = """<html><body><main>
<p><span class="filename">Filename: listings/hello/Cargo.toml</span></p>
<pre><code class="language-toml">{manifest}</code></pre>
<p><span class="filename">Filename: listings/hello/src/lib.rs (excerpt)</span></p>
<pre><code class="language-rust">{lib_rs}</code></pre>
<p><span class="filename">Filename: listings/hello/hello.py</span></p>
<pre><code class="language-python">{script}</code></pre>
<pre><code class="language-console">$ python3 listings/hello/hello.py
Hello from Rust!
</code></pre>
</main></body></html>
"""


def page(tmp_path: Path, lib_rs: str) -> Path:
    book = tmp_path / "book"
    book.mkdir()
    hello = ROOT / "listings" / "hello"
    text = PAGE.format(
        manifest=(hello / "Cargo.toml").read_text(), lib_rs=lib_rs, script=(hello / "hello.py").read_text()
    )
    (book / "hello.html").write_text(text)
    return book


def test_the_whole_file_with_hidden_lines_builds_and_runs(tmp_path: Path):
    lib_rs = (ROOT / "listings" / "hello" / "src" / "lib.rs").read_text()
    hidden = "".join(f'<span class="boring">{line}\n</span>' for line in lib_rs.splitlines())
    problems, ok, total, runs_ok, runs = copyout_check.check(page(tmp_path, hidden), [], tmp_path / "copies")
    assert problems == [] and (ok, total, runs_ok, runs) == (1, 1, 1, 1)


def test_excerpt_without_its_hidden_lines_fails(tmp_path: Path):
    # What a reader copies when the page shows only the region, not the hidden lines around it:
    # here the `#[unsafe(no_mangle)]` line, so the symbol gets a mangled name.
    excerpt = 'pub extern "C" fn hello() {\n    println!("Hello from Rust!");\n}\n'
    problems, _ok, _total, runs_ok, _runs = copyout_check.check(page(tmp_path, excerpt), [], tmp_path / "copies")
    assert runs_ok == 0
    assert len(problems) == 1 and problems[0].startswith("hello.html: listings/hello/hello.py: run:"), problems
    assert "undefined symbol: hello" in problems[0]


def test_a_file_the_build_rewrites_differently_fails(tmp_path: Path):
    # A header written by build.rs that no longer matches the one the page shows.
    book = page(tmp_path, (ROOT / "listings" / "hello" / "src" / "lib.rs").read_text())
    extra = """<p><span class="filename">Filename: listings/hello/build.rs</span></p>
<pre><code class="language-rust">fn main() { std::fs::write("hello.h", "new\\n").unwrap(); }
</code></pre>
<p><span class="filename">Filename: listings/hello/hello.h</span></p>
<pre><code class="language-c">old
</code></pre>
"""
    html = book / "hello.html"
    html.write_text(html.read_text().replace("<html><body><main>", "<html><body><main>" + extra))
    problems, ok, _total, _runs_ok, _runs = copyout_check.check(book, [], tmp_path / "copies")
    assert ok == 0
    assert len(problems) == 1 and "build: `cargo build` rewrote hello.h" in problems[0], problems


def test_a_pip_command_continued_with_a_backslash_gives_every_package() -> None:
    page = copyout_check.Page("shipping.html")
    shown = "<pre><code>pip install build==1.6.1 \\\n    twine==7.0.0\n</code></pre>"
    copyout_check.PageParser(page).feed(shown)
    assert page.packages == ["build==1.6.1", "twine==7.0.0"]
