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


def build(root: Path, extra: dict[str, str] | None = None, css: str = "", js: bool = True, quiz: str = "") -> Path:
    """Write and build a tiny mdBook under `root` with the book's theme/ (and `css` after it): the
    first and second chapters, the second ending with `quiz` if given, then each chapter of
    `extra` (file name -> Markdown; a `quiz:` entry ends that chapter with the quiz); return its
    output folder."""
    src = root / "src"
    src.mkdir(parents=True)
    shutil.copytree(ROOT / "theme", root / "theme")
    with (root / "theme" / "snake-crab.css").open("a") as theme:
        theme.write(css)
    if not js:
        (root / "theme" / "snake-crab.js").write_text("")
    html = '[output.html]\nadditional-css = ["theme/snake-crab.css"]\nadditional-js = ["theme/snake-crab.js"]\n'
    html += "\n[output.html.playground]\nrunnable = false\n"  # as book.toml: no probe of the playground
    (root / "book.toml").write_text('[book]\ntitle = "Tiny"\nsrc = "src"\n\n' + html)
    chapters = {"first.md": FIRST, "second.md": SECOND, **(extra or {})}
    quizzes = {"second.md": quiz} if quiz else {}
    for name, text in chapters.items():
        body, _, quizzed = text.partition("\nquiz:")
        if quizzed:
            quizzes[name] = quizzed
        (src / name).write_text(body)
    for name, questions in quizzes.items():
        (src / name.replace(".md", ".toml")).write_text(questions)
        with (src / name).open("a") as chapter:
            chapter.write(f"\n## Check your understanding\n\n{{{{#quiz {name.replace('.md', '.toml')}}}}}\n")
    titles = "".join(f"- [{name[:-3].replace('_', ' ').capitalize()}]({name})\n" for name in chapters)
    (src / "SUMMARY.md").write_text("# Summary\n\n" + titles)
    (src / "crab.svg").write_text(CRAB)
    (src / "snake-crab.pdf").write_bytes(b"%PDF-1.4\n")  # what the top bar's PDF and EPUB buttons link
    (src / "snake-crab.epub").write_bytes(b"PK\x03\x04")
    env = dict(os.environ)
    if quizzes:
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


needs_quiz = pytest.mark.skipif(not MDBOOK_QUIZ.is_file(), reason=f"no {MDBOOK_QUIZ} yet (book.py installs it)")


@needs_quiz
def test_clean_book_passes_and_its_quiz_is_taken_and_scored(tmp_path: Path) -> None:
    done = check(build(tmp_path / "tiny", quiz=QUIZ), tmp_path / "shots")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "no problems" in done.stdout
    assert "search 'argtypes'" in done.stdout
    assert "second.html  (" in done.stdout and ", quiz of 4 taken," in done.stdout  # one answer typed
    assert {p.name for p in (tmp_path / "shots").iterdir()} == {"first.png", "second.png", "print.png"}


WIDE_LINE = "```python\nprint('" + "x" * 120 + "')\n```\n"
# Each defect the check exists to catch, on a page of its own (so that each problem must name its
# page and no other): one book, one run of the check, instead of a book per defect.
DEFECTS = {
    "missing.md": "# Missing\n\nSee [gone](gone.md).\n",
    "anchor.md": "# Anchor\n\nSee [gone](second.md#nowhere).\n",
    "link_out.md": "# Link out\n\nSee [the docs](https://docs/).\n",
    "empty_run.md": SECOND.replace("# Second chapter", "# Empty run")
    + '\n## Nothing printed\n\n<div class="run-output">\n\n```console\n```\n\n</div>\n',
    "console.md": '# Console\n\n<script>console.error("boom from the page")</script>\n\n![gone](nowhere.png)\n',
    "elsewhere.md": '# Elsewhere\n\n<img alt="a crab" src="https://crabs.example/crab.png">\n',
    "wide.md": "# Wide\n\n## Too wide\n\n" + WIDE_LINE,
    "poster.md": "# Poster\n\nA box 600 px wide fits the desktop window, not a phone's 390 px.\n\n"
    '<div class="poster" style="width: 600px">A poster</div>\n',
    "quiz_link.md": "# Quiz link\n\nquiz:" + QUIZ.replace("first.html#a-picture", "first.html#a-photo"),
    # A paragraph drawn like every other, but on a white box: unreadable in the dark themes. The
    # colour rules skip what looks like an earlier element: the box's background must count.
    "boxed.md": '# Boxed\n\nA paragraph.\n\n<div style="background: #fff">\n\nA paragraph on a box.\n\n</div>\n',
    "quiz_choice.md": "# Quiz choice\n\nquiz:"
    + QUIZ.replace('prompt.distractors = ["classes", "modules"]', "prompt.distractors = []").replace("9a0", "9b0"),
}
DIM = "\n.navy .content p { color: #3b4058; }\n"  # 1.7:1 on navy's background


@needs_quiz
def test_each_defect_fails_naming_its_page(tmp_path: Path) -> None:
    done = check(build(tmp_path / "tiny", extra=DEFECTS, css=DIM), tmp_path / "shots")
    out = done.stdout
    assert done.returncode == 1, out + done.stderr
    # The summary's lines, "  page.html: problem". print.html repeats every chapter, and the pass at
    # a phone's width what its pages print, so those two are left out but where asked for.
    problems = [line.strip() for line in out.partition("problem(s):")[2].splitlines() if line.strip()]

    def only_on(page: str, text: str) -> None:
        found = {line.split(":")[0] for line in problems if text in line}
        assert page in found and found - {page} <= {"print.html", "phone width (390 px)"}, (text, found, out)

    # Links into the book, and out of it.
    only_on("missing.html", "broken link 'gone.html' ('gone'): no file gone.html in the book")
    only_on("anchor.html", "broken link 'second.html#nowhere' ('gone'): no id #nowhere on second.html")
    only_on("link_out.html", "link 'https://docs/' ('the docs') is no address")
    # A run with no output, named by its place.
    only_on("empty_run.html", "run-output block #2 in section 'Nothing printed' has an empty code block")
    assert "run-output block #1" not in out
    # What the console and the network say.
    only_on("console.html", "console error: boom from the page")
    only_on("console.html", "missing image 'nowhere.png' ('image'): no file nowhere.png in the book")
    # A resource from another host: the book must work offline.
    only_on("elsewhere.html", "loads a resource from another host: https://crabs.example/crab.png")
    # A line too wide for the page; the keyboard can still reach it (theme/snake-crab.js made it
    # focusable), so axe is content.
    only_on("wide.html", "code block #1 (language-python) in section 'Too wide' scrolls sideways")
    assert "its longest line has 129 columns" in out
    assert "scrollable-region-focusable" not in out
    # A page too wide for a phone, naming what sticks out.
    only_on("phone width (390 px)", "poster.html scrolls sideways at 390 px: the page is")
    assert "(div.poster reaches" in out
    assert sum("scrolls sideways at 390 px" in line for line in problems) == 1  # no other page does
    # Contrast too low in one theme: named with its rule, theme and element, and only there.
    assert "first.html: axe color-contrast in the navy theme" in out and "insufficient color contrast" in out
    only_on("boxed.html", "axe color-contrast in the ayu theme, 1 element(s)")
    assert not [line for line in problems if "light theme" in line or ("ayu theme" in line and "boxed" not in line)]
    # Quizzes: a context link to no heading; a question with no wrong choice tests nothing.
    only_on("quiz_link.html", "quiz: broken link 'first.html#a-photo' ('A picture'): no id #a-photo on first.html")
    only_on("quiz_choice.html", "quiz: question 2 offers only its answer")


def test_without_the_theme_script_axe_finds_mdbooks_own_faults(tmp_path: Path) -> None:
    wide = "\n## Too wide\n\n" + WIDE_LINE
    done = check(build(tmp_path / "tiny", extra={"wide.md": "# Wide\n" + wide}, js=False), tmp_path / "shots")
    assert done.returncode == 1, done.stdout + done.stderr
    assert "first.html: axe aria-allowed-attr in the light theme, 1 element(s): #mdbook-sidebar-toggle" in done.stdout
    assert "wide.html: axe scrollable-region-focusable in the light theme" in done.stdout


def test_missing_book_is_a_usage_error(tmp_path: Path) -> None:
    done = check(tmp_path / "nothing", tmp_path / "shots")
    assert done.returncode == 2
    assert "build the book first" in done.stdout
