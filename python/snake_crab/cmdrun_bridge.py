"""mdbook-cmdrun 0.7.3 under mdBook 0.5: the chapters' `<!-- cmdrun ... -->` lines keep their
runner, and this module translates between the two preprocessor formats around it.

cmdrun is built on mdBook 0.4's library: it reads `[context, {"sections": [...]}]` and writes
`{"sections": [...], "__non_exhaustive": null}`. mdBook 0.5 sends `{"items": [...]}` in that
place and wants it back; the chapters inside are the same. So the bridge renames that one key on
the way in and on the way out, leaves out the settings 0.5 sends as null (0.4 refuses a null
`description`; left out, it takes its default), gives the version cmdrun was built against
(else it warns on every build), and passes `supports RENDERER` through. It can go when cmdrun
releases its port to mdBook 0.5 (its pull request is open): book.toml then names
`mdbook-cmdrun` again, without `command`.
"""

import json
import subprocess
import sys

CMDRUN = "mdbook-cmdrun"
BUILT_AGAINST = "0.4.52"  # the mdBook that cmdrun 0.7.3's Cargo.lock holds


def without_nulls(value: object) -> object:
    if isinstance(value, dict):
        return {k: without_nulls(v) for k, v in value.items() if v is not None}
    return value


def to_04(payload: list) -> list:
    """mdBook 0.5's [context, book] as cmdrun 0.7.3 reads it."""
    context, book = payload
    context = dict(context, config=without_nulls(context["config"]), mdbook_version=BUILT_AGAINST)
    return [context, {"sections": book["items"], "__non_exhaustive": None}]


def to_05(book: dict) -> dict:
    """cmdrun's book as mdBook 0.5 reads it."""
    return {"items": book["sections"]}


def main(argv: list[str]) -> int:
    """mdBook's preprocessor protocol, with cmdrun doing the work."""
    if argv[:1] == ["supports"]:
        return subprocess.run([CMDRUN, *argv]).returncode
    sent = json.dumps(to_04(json.load(sys.stdin)))
    done = subprocess.run([CMDRUN], input=sent, stdout=subprocess.PIPE, text=True)
    if done.returncode != 0:
        return done.returncode  # cmdrun said why on stderr, which mdBook shows
    json.dump(to_05(json.loads(done.stdout)), sys.stdout)
    return 0
