"""python/snake_crab/checks/browser.py on a tiny book built here: clean passes, a broken link or empty run fails."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from snake_crab import install

ROOT = Path(__file__).resolve().parents[2]
MDBOOK = install.TOOLS / "bin" / "mdbook"
MDBOOK_QUIZ = install.TOOLS / "bin" / "mdbook-quiz"
CHECK = ["-m", "snake_crab.checks.browser"]

pytestmark = [
    pytest.mark.skipif(
        not Path("/usr/bin/chromium").is_file(), reason="no /usr/bin/chromium (apt-get install chromium)"
    ),
    pytest.mark.skipif(not MDBOOK.is_file(), reason=f"no {MDBOOK} yet (python3 python/book.py installs it)"),
]

FIRST = """# First chapter

Declare `argtypes` before the call; see [the second chapter](second.md#the-run) and [below](#a-picture).

```rust
# fn main() {
let answer = 42;
# }
```

```rust
# // a block of hidden lines only is still text
```

## A picture

![a crab](crab.svg)
"""

SECOND = """# Second chapter

## The run

<div class="run-output">

```console
$ python3 listings/hello/hello.py
Hello from Rust!
```

</div>
"""

# A chapter quiz as quizzes/ holds them; its context links to a heading of the first chapter.
QUIZ = """
[[questions]]
id = "0b5e0f4e-7d7e-4d55-9d3c-2f1a6c1e9a01"
type = "MultipleChoice"
prompt.prompt = "What does `ctypes` need before a call?"
answer.answer = "`argtypes`"
prompt.distractors = ["nothing", "a header"]
context = "See [A picture](first.html#a-picture)."

[[questions]]
id = "0b5e0f4e-7d7e-4d55-9d3c-2f1a6c1e9a02"
type = "MultipleChoice"
prompt.prompt = "What does Rust export?"
answer.answer = "`extern \\"C\\"` functions"
prompt.distractors = ["classes", "modules"]
context = "See [the run](second.html#the-run)."

[[questions]]
id = "0b5e0f4e-7d7e-4d55-9d3c-2f1a6c1e9a03"
type = "MultipleChoice"
prompt.prompt = "What loads the library?"
answer.answer = "`ctypes.CDLL`"
prompt.distractors = ["`import`", "`open`"]
context = "See [the first chapter](first.html)."

[[questions]]
id = "0b5e0f4e-7d7e-4d55-9d3c-2f1a6c1e9a04"
type = "ShortAnswer"
prompt.prompt = "How many bytes does a C `double` take? Answer with the number."
answer.answer = "8"
context = "See [the first chapter](first.html)."
"""

CRAB = '<svg xmlns="http://www.w3.org/2000/svg" width="20" height="10"><rect width="20" height="10" fill="red"/></svg>'


def build(root: Path, first: str = FIRST, second: str = SECOND, css: str = "", js: bool = True, quiz: str = "") -> Path:
    """Write and build a two-chapter mdBook under `root` with the book's theme/ (and `css` after
    it), the second chapter ending with `quiz` if given; return its output folder."""
    src = root / "src"
    src.mkdir(parents=True)
    shutil.copytree(ROOT / "theme", root / "theme")
    with (root / "theme" / "snake-crab.css").open("a") as theme:
        theme.write(css)
    if not js:
        (root / "theme" / "snake-crab.js").write_text("")
    html = '[output.html]\nadditional-css = ["theme/snake-crab.css"]\nadditional-js = ["theme/snake-crab.js"]\n'
    (root / "book.toml").write_text('[book]\ntitle = "Tiny"\nsrc = "src"\n\n' + html)
    (src / "SUMMARY.md").write_text("# Summary\n\n- [First](first.md)\n- [Second](second.md)\n")
    (src / "first.md").write_text(first)
    (src / "second.md").write_text(second + ("\n## Check your understanding\n\n{{#quiz quiz.toml}}\n" if quiz else ""))
    (src / "crab.svg").write_text(CRAB)
    (src / "snake-crab.pdf").write_bytes(b"%PDF-1.4\n")  # what the top bar's PDF and EPUB buttons link
    (src / "snake-crab.epub").write_bytes(b"PK\x03\x04")
    env = dict(os.environ)
    if quiz:
        (src / "quiz.toml").write_text(quiz)
        with (root / "book.toml").open("a") as toml:
            toml.write("\n[preprocessor.quiz]\n")
        env["PATH"] = f"{MDBOOK_QUIZ.parent}{os.pathsep}{env['PATH']}"
    subprocess.run([MDBOOK, "build"], cwd=root, check=True, capture_output=True, env=env)
    return root / "book"


def check(book: Path, shots: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        [sys.executable, *CHECK, book, "--screenshots", shots],
        capture_output=True,
        text=True,
        timeout=300,
        cwd=ROOT / "python",
    )


def test_clean_book_passes(tmp_path: Path) -> None:
    done = check(build(tmp_path / "tiny"), tmp_path / "shots")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout
    assert "search 'argtypes'" in done.stdout
    assert {p.name for p in (tmp_path / "shots").iterdir()} == {"first.png", "second.png", "print.png"}


@pytest.mark.parametrize(
    ("target", "href", "named"),
    [
        ("missing.md", "missing.html", "no file missing.html in the book"),
        ("second.md#nowhere", "second.html#nowhere", "no id #nowhere on second.html"),
    ],
)
def test_broken_internal_link_fails_naming_it(tmp_path: Path, target: str, href: str, named: str) -> None:
    done = check(build(tmp_path / "tiny", first=FIRST + f"\nSee [gone]({target}).\n"), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert f"first.html: broken link {href!r} ('gone'): {named}" in done.stdout
    assert "second.html:" not in done.stdout  # only the page with the link is blamed


def test_a_malformed_link_out_fails_naming_it(tmp_path: Path) -> None:
    done = check(build(tmp_path / "tiny", first=FIRST + "\nSee [the docs](https://docs/).\n"), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "first.html: link 'https://docs/' ('the docs') is no address" in done.stdout


def test_empty_run_output_fails_naming_it(tmp_path: Path) -> None:
    empty = '\n## Nothing printed\n\n<div class="run-output">\n\n```console\n```\n\n</div>\n'
    done = check(build(tmp_path / "tiny", second=SECOND + empty), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "second.html: run-output block #2 in section 'Nothing printed' has an empty code block" in done.stdout
    assert "run-output block #1" not in done.stdout


def test_console_error_and_missing_image_fail_naming_them(tmp_path: Path) -> None:
    broken = '\n<script>console.error("boom from the page")</script>\n\n![gone](nowhere.png)\n'
    done = check(build(tmp_path / "tiny", second=SECOND + broken), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "second.html: console error: boom from the page" in done.stdout
    assert "second.html: missing image 'nowhere.png' ('image'): no file nowhere.png in the book" in done.stdout


def test_low_contrast_in_one_theme_fails_naming_rule_theme_and_element(tmp_path: Path) -> None:
    dim = "\n.navy .content p { color: #3b4058; }\n"  # 1.7:1 on navy's background
    done = check(build(tmp_path / "tiny", css=dim), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "first.html: axe color-contrast in the navy theme" in done.stdout
    assert "insufficient color contrast" in done.stdout
    assert "light theme" not in done.stdout and "ayu theme" not in done.stdout  # only where it is


def test_a_listing_line_too_wide_for_the_page_fails(tmp_path: Path) -> None:
    wide = "\n## Too wide\n\n```python\nprint('" + "x" * 120 + "')\n```\n"
    done = check(build(tmp_path / "tiny", second=SECOND + wide), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "second.html: code block #2 (language-python) in section 'Too wide' scrolls sideways" in done.stdout
    assert "its longest line has 129 columns" in done.stdout
    # The keyboard can still reach it: theme/snake-crab.js made it focusable, so axe is content.
    assert "scrollable-region-focusable" not in done.stdout


def test_without_the_theme_script_axe_finds_mdbooks_own_faults(tmp_path: Path) -> None:
    wide = "\n## Too wide\n\n```python\nprint('" + "x" * 120 + "')\n```\n"
    done = check(build(tmp_path / "tiny", second=SECOND + wide, js=False), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "first.html: axe aria-allowed-attr in the light theme, 1 element(s): #mdbook-sidebar-toggle" in done.stdout
    assert "second.html: axe scrollable-region-focusable in the light theme" in done.stdout


needs_quiz = pytest.mark.skipif(not MDBOOK_QUIZ.is_file(), reason=f"no {MDBOOK_QUIZ} yet (book.py installs it)")


@needs_quiz
def test_a_quiz_is_taken_and_scored(tmp_path: Path) -> None:
    done = check(build(tmp_path / "tiny", quiz=QUIZ), tmp_path / "shots")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "second.html  (" in done.stdout and ", quiz of 4 taken," in done.stdout  # one answer typed


@needs_quiz
def test_a_quiz_context_link_to_no_heading_fails(tmp_path: Path) -> None:
    quiz = QUIZ.replace("first.html#a-picture", "first.html#a-photo")
    done = check(build(tmp_path / "tiny", quiz=quiz), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "second.html: quiz: broken link 'first.html#a-photo' ('A picture'): no id #a-photo on first.html" in (
        done.stdout
    )


@needs_quiz
def test_a_quiz_question_without_a_wrong_choice_fails(tmp_path: Path) -> None:
    # A question with no wrong choice tests nothing: the check cannot answer it wrong.
    quiz = QUIZ.replace('prompt.distractors = ["classes", "modules"]', "prompt.distractors = []")
    done = check(build(tmp_path / "tiny", quiz=quiz), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "second.html: quiz: question 2 offers only its answer" in done.stdout


def test_missing_book_is_a_usage_error(tmp_path: Path) -> None:
    done = check(tmp_path / "nothing", tmp_path / "shots")
    assert done.returncode == 2
    assert "build the book first" in done.stdout


def test_a_page_too_wide_for_a_phone_fails_naming_what_sticks_out(tmp_path: Path) -> None:
    """A box 600 px wide fits the desktop window but not a phone's 390 px: the page scrolls."""
    wide = '\n<div class="poster" style="width: 600px">A poster</div>\n'
    done = check(build(tmp_path / "tiny", first=FIRST + wide), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "first.html scrolls sideways at 390 px: the page is" in done.stdout
    assert "(div.poster reaches" in done.stdout
    assert "second.html scrolls" not in done.stdout
