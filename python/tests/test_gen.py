"""gen.py's blocks: excerpts show their `use` lines and hide only what they name; captions link
the whole file and the download; `mdbook test` fails on a block that does not compile."""

from snake_crab import gen

FILE = """//! A crate.

use std::ffi::c_char;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The limit.
pub const LIMIT: usize = 4;

static COUNT: AtomicUsize = AtomicUsize::new(0);

thread_local! {
    static LAST: std::cell::Cell<usize> = const { std::cell::Cell::new(0) };
}

fn helper(n: usize) -> usize {
    n.min(LIMIT)
}

// ANCHOR: shown
#[unsafe(no_mangle)]
pub extern "C" fn shown(n: usize) -> usize {
    LAST.set(n);
    helper(n)
}
// ANCHOR_END: shown

#[cfg(test)]
mod tests {
    use super::*;
}
"""


def excerpt(tmp_path, text=FILE):
    path = tmp_path / "lib.rs"
    path.write_text(text)
    return gen.excerpt(*gen.region(path, "shown"))


def test_an_excerpt_hides_what_it_names_and_nothing_else(tmp_path):
    lines = excerpt(tmp_path)
    hidden = "\n".join(line for line in lines if line.startswith("#") and not line.startswith("#["))
    shown = [line for line in lines if not line.startswith("# ") and line != "#"]
    assert "# fn helper(n: usize) -> usize {" in hidden
    assert "# pub const LIMIT: usize = 4;" in hidden  # named by helper, which the region names
    assert "# thread_local! {" in hidden  # a static inside a macro
    assert "COUNT" not in "\n".join(lines)  # not named: left out
    assert "mod tests" not in "\n".join(lines)
    assert "//! A crate." not in "\n".join(lines)
    assert shown[0] == "use std::ffi::c_char;" or "atomic" not in "\n".join(shown)
    assert 'pub extern "C" fn shown(n: usize) -> usize {' in shown


def test_an_excerpt_shows_the_use_lines_it_needs(tmp_path):
    text = FILE.replace("    helper(n)\n", "    COUNT.fetch_add(1, Ordering::SeqCst);\n    helper(n)\n")
    lines = excerpt(tmp_path, text)
    assert "use std::sync::atomic::{AtomicUsize, Ordering};" in lines
    assert "use std::ffi::c_char;" not in lines  # nothing in the excerpt uses it
    assert "# static COUNT: AtomicUsize = AtomicUsize::new(0);" in lines


def test_captions_link_the_whole_file_and_the_download():
    caption = gen.caption("hello/src/lib.rs", "region", depth=1)
    assert 'data-listing="hello" data-path="src/lib.rs"' in caption
    assert "Filename: hello/src/lib.rs (excerpt)" in caption
    assert '<a href="../listings/hello/src/lib.rs">whole file</a>' in caption
    assert '<a href="../listings/hello.zip" download>download hello.zip</a>' in caption
    assert "whole file" not in gen.caption("hello/hello.py", None, depth=0)


def test_a_block_that_does_not_compile_fails_mdbook_test(book_copy):
    book_copy.append("src/hello.md", '\n```rust\nfn broken() -> u32 { "no" }\n```\n')
    done = book_copy.verify("mdbook-test")
    assert done.returncode == 1
    assert "mismatched types" in done.stdout


def run_preprocessor(monkeypatch, capsys, url):
    import io
    import json

    chapter = {
        "content": "Intro.\n\n<!-- repository: Source at <{url}>. -->\n",
        "source_path": "intro.md",
        "sub_items": [],
    }
    html = {"git-repository-url": url} if url else {}
    monkeypatch.setattr(
        "sys.stdin",
        io.StringIO(json.dumps([{"config": {"output": {"html": html}}}, {"items": [{"Chapter": chapter}]}])),
    )
    assert gen.preprocess([]) == 0
    return json.loads(capsys.readouterr().out)["items"][0]["Chapter"]["content"]


def test_the_repository_sentence_appears_only_when_book_toml_sets_the_address(monkeypatch, capsys):
    assert "Source at <https://example.org/book>." in run_preprocessor(monkeypatch, capsys, "https://example.org/book")
    unset = run_preprocessor(monkeypatch, capsys, "")
    assert "repository" not in unset and "{url}" not in unset


def test_a_danger_demo_is_labelled_in_its_caption():
    assert "<strong>Danger demo</strong>" in gen.caption("slices/overrun.py", None, 0)
    assert "Danger demo" not in gen.caption("slices/slices.py", None, 0)
