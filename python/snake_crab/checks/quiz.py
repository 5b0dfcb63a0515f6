"""Check the chapters' quizzes (quizzes/*.toml, rendered by mdbook-quiz): every chapter ends
with one, and every answer about what a listing does is proven by that listing's recorded run.

    python3 python/book.py verify --only quiz

What it checks, for each chapter before the appendices (not the Introduction):
1. The chapter's last line is `{{#quiz ../quizzes/NAME.toml}}`, NAME the chapter's file name.
2. The quiz has 3 to 6 questions, each with an `id` unique in the book (mdbook-quiz would write
   a new one into the file on every fresh clone otherwise), a `context` that explains the answer
   and links the section that teaches it (`NAME.html#heading-id`, a heading that exists).
3. A question that asks what code prints, returns or does (its prompt says "what happens",
   "crash", or "what does ... print/return/report/see") carries a proof:

       proof.run = "primitives/without_argtypes.py"  # a listing run a chapter shows
       proof.output = "add(2**40, 3) = 3 "           # a piece of one line of that run's output
       proof.result = "3"                             # the part of it the answer rests on

   The output must appear in the output each Python must print (run_listing.expected_path for
   each of pythons.CELLS, which the verification keeps equal to real runs);
   the result must be inside the output, be a code span (`3`) of the answer, and be no
   distractor's code span; a short-answer question's answer (or one of its alternatives) must
   be the result itself, as the reader types it. So a quiz whose answer the run no longer supports fails here.

4. No rule of form finds the answers: over every multiple-choice question of the book, the right
   answer is the longest option, the shortest, or the one that repeats the most words of the
   prompt (ties shared) no more often than chance (one option in as many as there are) plus
   FORM_MARGIN. A reader who picks by form scores what a guess scores.

mdbook-quiz ignores the `proof` table (it renders prompt, answer and context only).
"""

import re
import tomllib
from pathlib import Path

from snake_crab import ROOT, model, pythons, run_listing
from snake_crab.check import Report

SECONDS = 1  # its usual time, warm, on 2 cores (orders the checks; see verify.py)

SRC = ROOT / "src"
QUIZZES = ROOT / "quizzes"
QUIZ_LINE = re.compile(r"^\{\{#quiz \.\./quizzes/(?P<name>[a-z_]+)\.toml\}\}$")
ASKS_WHAT_HAPPENS = re.compile(
    r"what happens|\bcrash|\bwhat (does|do|did) .*\b(print|return|report|see)", re.IGNORECASE | re.DOTALL
)
LINK = re.compile(r"\]\((?P<page>[a-z_]+)\.html#(?P<anchor>[^)\s]+)\)")
CODE_SPAN = re.compile(r"`([^`]+)`")
FORM_MARGIN = 0.1  # above chance: 0.1 of 71 questions is 7 questions
WORDS = re.compile(r"[a-z_]+")


def chapters(src: Path = SRC) -> list[str]:
    """The chapters that end with a quiz: SUMMARY.md's numbered chapters before the appendices."""
    names = []
    for line in (src / "SUMMARY.md").read_text().splitlines():
        if line.startswith("# Appendices"):
            break
        m = re.match(r"^\s*- \[[^]]+\]\((?P<file>[a-z_]+)\.md\)", line)
        if m:
            names.append(m["file"])
    return names


def heading_ids(markdown: str) -> set[str]:
    """The ids mdBook 0.4 gives a page's headings (its normalize_id; repeats get -1, -2, ...)."""
    ids: set[str] = set()
    fence = False
    for line in markdown.splitlines():
        if line.startswith("```"):
            fence = not fence
        m = None if fence else re.match(r"^#{1,6} (?P<text>.+?)\s*#*$", line)
        if not m:
            continue
        text = re.sub(r"<[^>]+>", "", m["text"])  # tags such as <sup> are not part of the id
        base = "".join(c for c in text.strip().lower().replace(" ", "-") if c.isalnum() or c in "-_")
        name, n = base, 0
        while name in ids:
            n += 1
            name = f"{base}-{n}"
        ids.add(name)
    return ids


def recorded_outputs(run: str) -> list[Path]:
    """The outputs the verification holds `run` to, one per Python it runs on (shared files once)."""
    script = ROOT / "listings" / run
    return sorted({run_listing.expected_path(script, cell) for cell in pythons.CELLS})


def answers_and_distractors(question: dict) -> tuple[list[str], list[str]]:
    answer = question.get("answer", {}).get("answer", "")
    answers = (answer if isinstance(answer, list) else [answer]) + question.get("answer", {}).get("alternatives", [])
    return [str(a) for a in answers], [str(d) for d in question.get("prompt", {}).get("distractors", [])]


def check_proof(where: str, question: dict, shown: set[str]) -> list[str]:
    proof = question.get("proof")
    if not isinstance(proof, dict) or not {"run", "output", "result"} <= set(proof):
        return [f"{where}: proof needs run, output and result"]
    run, output, result = str(proof["run"]), str(proof["output"]), str(proof["result"])
    problems = []
    if run not in shown:
        return [f"{where}: proof.run {run} is no listing run a chapter shows"]
    outputs = recorded_outputs(run)
    for path in outputs:
        if output not in path.read_text():
            problems.append(f"{where}: {path.relative_to(ROOT)} does not print {output!r}: the run no longer proves it")
    if result not in output:
        problems.append(f"{where}: proof.result {result!r} is not part of proof.output {output!r}")
    answers, distractors = answers_and_distractors(question)
    if question.get("type") == "ShortAnswer":  # the reader types the value the run prints
        if result not in answers:
            problems.append(f"{where}: the answer is not {result!r}, which the run prints")
        return problems
    if not any(result in CODE_SPAN.findall(a) for a in answers):
        problems.append(f"{where}: the answer does not give `{result}`, which the run prints")
    if any(result in CODE_SPAN.findall(d) for d in distractors):
        problems.append(f"{where}: a distractor gives `{result}`, which the run prints: it is the answer")
    return problems


def check_quiz(name: str, src: Path, quizzes: Path, shown: set[str], ids: dict[str, str]) -> tuple[list[str], int, int]:
    """(problems, questions, questions proven by a run) of one chapter's quiz."""
    chapter = src / f"{name}.md"
    lines = [line for line in chapter.read_text().splitlines() if line.strip()]
    m = QUIZ_LINE.match(lines[-1]) if lines else None
    if not m or m["name"] != name:
        return [f"src/{name}.md: does not end with {{{{#quiz ../quizzes/{name}.toml}}}}"], 0, 0
    path = quizzes / f"{name}.toml"
    if not path.is_file():
        return [f"src/{name}.md: quizzes/{name}.toml does not exist"], 0, 0
    try:
        questions = tomllib.loads(path.read_text()).get("questions", [])
    except tomllib.TOMLDecodeError as err:
        return [f"quizzes/{name}.toml: {err}"], 0, 0
    problems = []
    if not 3 <= len(questions) <= 6:
        problems.append(f"quizzes/{name}.toml: {len(questions)} questions, not 3 to 6")
    proven = 0
    for number, question in enumerate(questions, 1):
        where = f"quizzes/{name}.toml: question {number}"
        qid = question.get("id")
        if not qid:
            problems.append(f"{where}: no id (mdbook-quiz would write one into the file at every build)")
        elif qid in ids:
            problems.append(f"{where}: id {qid} is also {ids[qid]}'s")
        else:
            ids[qid] = where
        if question.get("type") not in ("MultipleChoice", "ShortAnswer"):
            problems.append(f"{where}: type {question.get('type')!r} is not MultipleChoice or ShortAnswer")
        context = str(question.get("context", ""))
        links = list(LINK.finditer(context))
        if not links:
            problems.append(f"{where}: the context links no section (NAME.html#heading)")
        for link in links:
            page = src / f"{link['page']}.md"
            if not page.is_file():
                problems.append(f"{where}: the context links {link['page']}.html, no chapter")
            elif link["anchor"] not in heading_ids(page.read_text()):
                problems.append(f"{where}: the context links {link['page']}.html#{link['anchor']}, no heading")
        prompt = str(question.get("prompt", {}).get("prompt", ""))
        if "proof" in question:
            problems += check_proof(where, question, shown)
            proven += 1
        elif ASKS_WHAT_HAPPENS.search(prompt):
            problems.append(f"{where}: asks what code does but names no run that proves the answer (proof)")
    return problems, len(questions), proven


def form_cues(questions: list[dict]) -> dict[str, tuple[float, float]]:
    """Each cue of form: (how often it picks the right answer, how often chance would), over the
    multiple-choice questions with one answer."""

    def longest(options: list[str]) -> list[float]:
        top = max(map(len, options))
        return [1.0 if len(o) == top and [len(x) for x in options].count(top) == 1 else 0.0 for o in options]

    def shortest(options: list[str]) -> list[float]:
        return longest([" " * (1000 - len(o)) for o in options])

    def echo(options: list[str], prompt: str) -> list[float]:
        said = set(WORDS.findall(prompt.lower()))
        shared = [len(set(WORDS.findall(o.lower())) & said) for o in options]
        return [1.0 / shared.count(max(shared)) if s == max(shared) else 0.0 for s in shared]

    picked = {"longest": 0.0, "shortest": 0.0, "repeats the prompt": 0.0}
    chance, count = 0.0, 0
    for question in questions:
        answer = question.get("answer", {}).get("answer")
        if question.get("type") != "MultipleChoice" or not isinstance(answer, str):
            continue
        options = [answer, *question.get("prompt", {}).get("distractors", [])]
        prompt = str(question.get("prompt", {}).get("prompt", ""))
        picked["longest"] += longest(options)[0]
        picked["shortest"] += shortest(options)[0]
        picked["repeats the prompt"] += echo(options, prompt)[0]
        chance += 1 / len(options)
        count += 1
    return {cue: (n / count, chance / count) for cue, n in picked.items()} if count else {}


def form_problems(questions: list[dict]) -> list[str]:
    return [
        f"quizzes: the {cue} option is the answer in {rate:.0%} of the questions, chance is {base:.0%}: "
        "a reader can pass without reading (make the options alike in form)"
        for cue, (rate, base) in form_cues(questions).items()
        if rate > base + FORM_MARGIN
    ]


def check(src: Path = SRC, quizzes: Path = QUIZZES) -> tuple[list[str], int, int, int]:
    """(problems, quizzes, questions, questions proven by runs)."""
    shown = set(model.script_specs())
    ids: dict[str, str] = {}
    problems, total, proven = [], 0, 0
    names = chapters(src)
    for name in names:
        found, count, runs = check_quiz(name, src, quizzes, shown, ids)
        problems += found
        total += count
        proven += runs
    extra = sorted({p.stem for p in quizzes.glob("*.toml")} - set(names))
    problems += [f"quizzes/{n}.toml: no chapter ends with it" for n in extra]
    problems += form_problems(every_question(quizzes))
    return problems, len(names), total, proven


def every_question(quizzes: Path = QUIZZES) -> list[dict]:
    found = []
    for path in sorted(quizzes.glob("*.toml")):
        try:
            found += tomllib.loads(path.read_text()).get("questions", [])
        except tomllib.TOMLDecodeError:
            pass  # check_quiz names it
    return found


def run(say) -> Report:
    problems, quizzes, questions, proven = check()
    cues = ", ".join(f"{cue} {rate:.0%}" for cue, (rate, _) in form_cues(every_question()).items())
    typed = sum(q.get("type") == "ShortAnswer" for q in every_question())
    return Report(
        problems,
        summary=f"{quizzes} chapters end with a quiz, {questions} questions ({typed} answered by typing a value), "
        f"{proven} proven by a run; the answer is the option that is {cues} of the time",
    )
