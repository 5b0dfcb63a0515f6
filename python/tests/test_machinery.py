"""The machinery check: chapters and downloads that narrate the book's own checks fail, naming
each word; the appendix may; the book as it is passes."""

from snake_crab.checks import machinery

ASIDES = """# Strings

The book's verification runs this listing under valgrind, and [the memory check](checks.md#memcheck)
fails on a leak.
<!-- cmdrun python3 ../python/book.py run strings/count.py -->
Its version is pinned in `python/requirements.txt`; this repository builds it in CI.
"""


def test_a_chapter_that_narrates_the_checks_fails_naming_each_word():
    found, count = machinery.problems({"strings.md": ASIDES}, {})
    assert count == 6  # the cmdrun comment is not shown to the reader, so it does not count
    assert found[0].startswith("6 words about the book's own machinery")
    assert 'strings.md:3: "The book\'s verification"' in "\n".join(found)
    assert "strings.md:6: 'this repository'" in "\n".join(found)


def test_a_handful_passes_and_the_appendix_may_say_anything():
    one = "The wheel check runs this.\n" * machinery.HANDFUL
    assert machinery.problems({"strings.md": one, machinery.APPENDIX: ASIDES * 3}, {}) == ([], machinery.HANDFUL)


def test_a_downloaded_comment_about_the_verification_fails():
    files = {
        f"bench.zip:src/lib{n}.rs": b"//! Built by python/snake_crab/bench.py for the verification.\n" for n in range(2)
    }
    found, count = machinery.problems({}, files)
    assert count == 4 and "bench.zip:src/lib0.rs:1: 'python/s'" in "\n".join(found)


def test_the_book_passes():
    report = machinery.run(print)
    assert report.problems == [], "\n".join(report.problems)
