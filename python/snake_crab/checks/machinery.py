"""The chapters and the downloads talk about the reader's code, not about how this book checks
itself: no word of its verification, its checks, its CI or this repository's harness (python/)
in a chapter's prose, its quiz, or any file a reader downloads. Only the appendix (src/checks.md) and the
README speak of them. A few words are tolerated (HANDFUL); each one found is named."""

import re

from snake_crab import downloads, model
from snake_crab.check import Report
from snake_crab.checks.quiz import QUIZZES

NEEDS = ("build",)  # downloads hold the headers build.rs writes
SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

HANDFUL = 3
APPENDIX = "checks.md"
MACHINERY = re.compile(
    r"\bverif(?:y|ies|ied|ication)\b"
    r"|\b(?:this|the book's) repository\b"
    r"|\bthe book's (?:build|verification|CI|checks?|tests?)\b"
    r"|\b(?:header|unwind|memory|wheel|copy-out|boundary|validity|browser|quiz|matrix|interrupt|UB|msrv|cross)"
    r" check\b"
    r"|\bpython/\w|\bbook\.py\b|\bchecks\.(?:md|toml)\b|\bin CI\b|\bbook's CI\b",
    re.IGNORECASE,
)
# mdBook directives and the chapters' other comments are not shown to the reader, nor a quiz's.
COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
TOML_COMMENT = re.compile(r"^\s*#.*$", re.MULTILINE)


def found_in(label: str, text: str) -> list[str]:
    """Each machinery word in `text`, as "label:line: 'words': the line"."""
    return [
        f"{label}:{number}: {m.group()!r}: {line.strip()[:120]}"
        for number, line in enumerate(text.splitlines(), 1)
        for m in MACHINERY.finditer(line)
    ]


def prose(text: str) -> str:
    """A chapter or quiz as its reader sees it: without comments (line numbers kept)."""
    return COMMENT.sub(lambda m: "\n" * m.group().count("\n"), text)


def problems(chapters: dict[str, str], files: dict[str, bytes]) -> tuple[list[str], int]:
    """The words found in `chapters` (name -> Markdown) and in downloaded `files` (path -> bytes),
    and the problems: all of them when there are more than HANDFUL."""
    found = [w for name, text in chapters.items() if name != APPENDIX for w in found_in(name, prose(text))]
    found += [
        w for path, data in files.items() if (text := data.decode(errors="replace")) for w in found_in(path, text)
    ]
    if len(found) <= HANDFUL:
        return [], len(found)
    return [f"{len(found)} words about the book's own machinery (at most {HANDFUL}):", *found], len(found)


def run(say) -> Report:
    chapters = {chapter.name: chapter.read_text() for chapter in model.chapters() if chapter.name != "SUMMARY.md"}
    chapters |= {f"quizzes/{q.name}": TOML_COMMENT.sub("", q.read_text()) for q in sorted(QUIZZES.glob("*.toml"))}
    files = {f"{name}.zip:{path}": data for name in model.names() for path, data in downloads.files_of(name).items()}
    found, count = problems(chapters, files)
    return Report(
        found,
        summary=f"{count} words about the book's machinery in the chapters, quizzes and {len(files)} downloaded files",
    )
