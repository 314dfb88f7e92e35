"""The README tells the truth: its example brief is today's output, and every command it shows exists."""

from __future__ import annotations

import re

from typer.testing import CliRunner

from benchmarks.readme import README, current_brief, readme_brief
from cablegram.commands import app


def test_readme_brief_is_current_output():
    assert readme_brief(README.read_text(encoding="utf-8")) == current_brief(), "run `make readme`"


def test_readme_commands_exist():
    text = README.read_text(encoding="utf-8")
    shell = "\n".join(re.findall(r"```(?:sh|console)\n(.*?)```", text, re.S))
    used = set(re.findall(r"(?:^|[;|] )\$? ?cablegram (\w+)", shell, re.M))
    assert {"analyze", "ingest", "serve"} <= used
    runner = CliRunner()
    for command in sorted(used):
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, f"README shows `cablegram {command}`, which does not exist"


def test_readme_starts_with_the_two_setup_commands():
    text = README.read_text(encoding="utf-8")
    head = text[:600]
    assert "make demo" in head and "make test" in head
