"""cmdrun_bridge: mdbook-cmdrun 0.7.3 (mdBook 0.4's format) runs the chapters' commands under
mdBook 0.5, and their output reaches the page."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from snake_crab import ROOT, cmdrun_bridge, install

MDBOOK = install.TOOLS / "bin" / "mdbook"
CMDRUN = install.CMDRUN / "bin" / "mdbook-cmdrun"
pytestmark = pytest.mark.skipif(
    not (MDBOOK.is_file() and CMDRUN.is_file()), reason="no mdbook or mdbook-cmdrun yet (book.py installs them)"
)


def test_the_formats_are_translated_both_ways() -> None:
    chapter = {"Chapter": {"name": "A", "content": "x", "number": [1], "sub_items": [], "path": "a.md"}}
    context = {"root": "/b", "config": {"book": {"title": "t", "description": None}}, "mdbook_version": "0.5.4"}
    old_context, old_book = cmdrun_bridge.to_04([context, {"items": [chapter]}])
    assert old_book == {"sections": [chapter], "__non_exhaustive": None}
    assert old_context["config"] == {"book": {"title": "t"}}  # 0.4 refuses a null description
    assert old_context["mdbook_version"] == cmdrun_bridge.BUILT_AGAINST
    assert cmdrun_bridge.to_05(old_book) == {"items": [chapter]}


def test_a_cmdrun_lines_output_reaches_the_page(tmp_path: Path) -> None:
    (tmp_path / "src").mkdir()
    (tmp_path / "src" / "SUMMARY.md").write_text("# Summary\n\n- [Run](run.md)\n")
    (tmp_path / "src" / "run.md").write_text("# Run\n\n<!-- cmdrun echo 'printed by cmdrun' -->\n")
    bridge = f"{sys.executable} {ROOT / 'python' / 'book.py'} cmdrun"
    (tmp_path / "book.toml").write_text(
        f'[book]\ntitle = "t"\n\n[preprocessor.cmdrun]\ncommand = {json.dumps(bridge)}\n'
    )
    env = {"PATH": f"{CMDRUN.parent}:/usr/bin:/bin", "SNAKE_CRAB_INSTALLED": "1"}
    done = subprocess.run([MDBOOK, "build"], cwd=tmp_path, capture_output=True, text=True, env=env)
    assert done.returncode == 0, done.stderr
    assert "WARN" not in done.stderr and "Warning" not in done.stderr, done.stderr
    assert "<p>printed by cmdrun</p>" in (tmp_path / "book" / "run.html").read_text()
