"""The quiz check must fail for a quiz whose answer a run does not support, a chapter that does
not end with its quiz, a "what happens" question without a proof, and a context link to no heading."""

import shutil
from pathlib import Path

from snake_crab.checks import quiz as quiz_check

ROOT = Path(__file__).resolve().parents[2]


def copy(tmp_path: Path) -> tuple[Path, Path]:
    src, quizzes = tmp_path / "src", tmp_path / "quizzes"
    shutil.copytree(ROOT / "src", src)
    shutil.copytree(ROOT / "quizzes", quizzes)
    return src, quizzes


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text()
    assert old in text, f"{old!r} is not in {path}"
    path.write_text(text.replace(old, new, 1))


def problems(src: Path, quizzes: Path) -> list[str]:
    return quiz_check.check(src, quizzes)[0]


def test_the_books_quizzes_pass(tmp_path: Path):
    found, chapters, questions, proven = quiz_check.check()
    assert found == []
    assert chapters == len(quiz_check.chapters()) >= 20
    assert 0 < proven < questions


def test_a_wrong_answer_the_run_does_not_print_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    # The quiz now claims add(2**63, 0) gives the full sum: the run prints the low 64 bits.
    edit(
        quizzes / "primitives.toml",
        'answer.answer = "`-9223372036854775808`: the',
        'answer.answer = "`9223372036854775808`: the',
    )
    edit(
        quizzes / "primitives.toml",
        'proof.output = "add(2**63, 0) = -9223372036854775808"',
        'proof.output = "add(2**63, 0) = 9223372036854775808"',
    )
    edit(quizzes / "primitives.toml", 'proof.result = "-9223372036854775808"', 'proof.result = "9223372036854775808"')
    found = problems(src, quizzes)
    # every Python's recorded output (3.11's, 3.13's, ...) denies it
    assert all(
        p.startswith("quizzes/primitives.toml: question 2: listings/primitives/primitives.output") for p in found[:-1]
    )
    assert sum("does not print 'add(2**63, 0) = 9223372036854775808'" in p for p in found) >= 2
    # and the distractor that gave the sum is now the answer
    assert found[-1] == (
        "quizzes/primitives.toml: question 2: a distractor gives `9223372036854775808`, which the run prints: "
        "it is the answer"
    )


def test_an_answer_that_is_not_what_the_proof_shows_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(quizzes / "primitives.toml", 'answer.answer = "`-9223372036854775808`: the', 'answer.answer = "`-1`: the')
    assert problems(src, quizzes) == [
        "quizzes/primitives.toml: question 2: the answer does not give `-9223372036854775808`, which the run prints"
    ]


def test_a_distractor_that_is_what_the_run_prints_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(quizzes / "primitives.toml", '"It raises `OverflowError`, the same', '"`-9223372036854775808`, the same')
    assert problems(src, quizzes) == [
        "quizzes/primitives.toml: question 2: a distractor gives `-9223372036854775808`, which the run prints: "
        "it is the answer"
    ]


def test_a_short_answer_other_than_what_the_run_prints_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(quizzes / "primitives.toml", 'answer.answer = "3"', 'answer.answer = "1099511627779"')
    assert problems(src, quizzes) == [
        "quizzes/primitives.toml: question 1: the answer is not '3', which the run prints"
    ]


def test_a_short_answer_may_be_typed_another_way(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(
        quizzes / "numpy.toml",
        'answer.answer = "10.0"\nanswer.alternatives = ["10"]',
        'answer.answer = "10"\nanswer.alternatives = ["10.0"]',
    )
    assert problems(src, quizzes) == []


def test_a_chapter_without_its_quiz_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(src / "slices.md", "{{#quiz ../quizzes/slices.toml}}", "")
    assert problems(src, quizzes) == ["src/slices.md: does not end with {{#quiz ../quizzes/slices.toml}}"]


def test_a_what_happens_question_without_a_proof_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(quizzes / "slices.toml", 'proof.run = "slices/overrun.py"\n', "")
    text = (quizzes / "slices.toml").read_text()
    (quizzes / "slices.toml").write_text(
        text.replace('proof.output = "neighbour: exit code 0"\nproof.result = "0"\n', "")
    )
    assert problems(src, quizzes) == [
        "quizzes/slices.toml: question 4: asks what code does but names no run that proves the answer (proof)"
    ]


def test_a_context_link_to_no_heading_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    edit(quizzes / "hello.toml", "hello.html#loading-the-library)", "hello.html#loading-a-library)")
    assert problems(src, quizzes) == [
        "quizzes/hello.toml: question 1: the context links hello.html#loading-a-library, no heading"
    ]


def test_a_question_without_an_id_fails(tmp_path: Path):
    src, quizzes = copy(tmp_path)
    text = (quizzes / "hello.toml").read_text()
    first = text.index('id = "')
    (quizzes / "hello.toml").write_text(text[:first] + text[text.index("\n", first) + 1 :])
    assert problems(src, quizzes) == [
        "quizzes/hello.toml: question 1: no id (mdbook-quiz would write one into the file at every build)"
    ]


def biased(count: int) -> list[dict]:
    """Questions whose answer is always the longest option, and repeats the prompt's words."""
    return [
        {
            "type": "MultipleChoice",
            "prompt": {
                "prompt": f"Why does question {n} cross the boundary?",
                "distractors": ["No.", "Yes.", "Maybe."],
            },
            "answer": {"answer": f"Because question {n} must cross the boundary, as the chapter explains."},
        }
        for n in range(count)
    ]


def test_a_quiz_whose_answer_is_always_the_longest_fails():
    found = quiz_check.form_problems(biased(20))
    assert any("the longest option is the answer in 100% of the questions, chance is 25%" in p for p in found), found
    assert any("the repeats the prompt option" in p for p in found), found


def test_the_books_quizzes_have_no_cue_of_form():
    cues = quiz_check.form_cues(quiz_check.every_question())
    assert set(cues) == {"longest", "shortest", "repeats the prompt"}
    assert quiz_check.form_problems(quiz_check.every_question()) == []
