"""pdf: a PDF that lacks a chapter's title or a shown line, or that cuts a line at the margin, fails."""

from pathlib import Path

import pytest

from snake_crab import chromium
from snake_crab.checks import pdf as pdf_check


def printed(tmp_path: Path, body: str) -> Path:
    """`body` printed to an A4 PDF by Chromium, as the book is."""
    from playwright.sync_api import sync_playwright

    page_file, out = tmp_path / "page.html", tmp_path / "page.pdf"
    page_file.write_text(f'<html><head><meta charset="utf-8"></head><body>{body}</body></html>')
    with sync_playwright() as pw:
        browser = chromium.launch(pw)
        page = browser.new_page()
        page.goto(page_file.as_uri())
        page.pdf(path=str(out), format="A4")
        browser.close()
    return out


BODY = "<h1>Hello world</h1><pre><code>lib = ctypes.CDLL(path)\nlib.hello()  # 🦀</code></pre>"


def test_a_whole_pdf_passes(tmp_path: Path) -> None:
    shown = {"hello.html": ["lib = ctypes.CDLL(path)\nlib.hello()  # 🦀"]}
    assert pdf_check.problems_of(printed(tmp_path, BODY), ["Hello world"], shown) == []


def test_a_missing_title_and_line_fail(tmp_path: Path) -> None:
    shown = {"hello.html": ["lib = ctypes.CDLL(path)\nlib.add(2, 3)"]}
    found = pdf_check.problems_of(printed(tmp_path, BODY), ["Hello world", "Structs"], shown)
    assert found == [
        "page.pdf: no chapter titled 'Structs'",
        "page.pdf: 1 line(s) of hello.html's code blocks missing, first 'lib.add(2, 3)'",
    ]


def test_a_line_cut_at_the_margin_fails(tmp_path: Path) -> None:
    long = " ".join(f"word{i}" for i in range(60))
    found = pdf_check.problems_of(printed(tmp_path, f'<pre style="white-space: pre">{long}</pre>'), [], {})
    assert len(found) == 1 and "word(s) run past the page, first" in found[0]


@pytest.mark.parametrize("missing", ["no-such.pdf"])
def test_no_pdf_fails(tmp_path: Path, missing: str) -> None:
    assert pdf_check.problems_of(tmp_path / missing, [], {}) == [f"{missing}: no PDF; `book.py build` prints it"]


def test_links_that_lead_nowhere_fail(tmp_path: Path) -> None:
    """A link to the server the PDF was printed from, a malformed one; a link inside that works."""
    body = (
        '<h1 id="top">Hello world</h1><p><a href="#top">up</a> <a href="https://docs.python.org/3/">docs</a> '
        '<a href="http://127.0.0.1:9/listings/hello.zip">download hello.zip</a> <a href="http://docs">short</a></p>'
    )
    assert pdf_check.broken_links(printed(tmp_path, body)) == [
        "page.pdf: link to http://127.0.0.1:9/listings/hello.zip leads nowhere a reader can go",
        "page.pdf: link to http://docs/ leads nowhere a reader can go",
    ]


def test_an_internal_link_to_a_missing_destination_fails(tmp_path: Path) -> None:
    """Chromium writes no link to an anchor that is not there; the reading is checked on its own."""
    fake = tmp_path / "fake.pdf"
    fake.write_bytes(
        b"%PDF-1.4\n1 0 obj\n<</Type /Catalog /Dests 5 0 R>>\nendobj\n"
        b"2 0 obj\n<</Type /Annot /Subtype /Link /A <</S /GoTo /Dest /here>>>>\nendobj\n"
        b"3 0 obj\n<</Type /Annot /Subtype /Link /A <</S /GoTo /Dest /gone>>>>\nendobj\n"
        b"5 0 obj\n<</here [4 0 R /XYZ 0 0 0]\n>>\nendobj\n"
    )
    assert pdf_check.broken_links(fake) == ["fake.pdf: link to #gone leads nowhere"]
