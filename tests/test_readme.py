"""The README stays true: its rules table is the registry's, and its set-up commands are what CI runs."""

from __future__ import annotations

import re
from pathlib import Path

from portconfig.checks import rules_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")


def test_rules_table_matches_the_registry() -> None:
    match = re.search(r"<!-- rules:start[^>]*-->\n(.*?)\n<!-- rules:end -->", README, re.S)
    assert match is not None, "README.md lost its rules table markers"
    assert match.group(1) == rules_markdown(), "regenerate the table with the command in the rules:start marker"


def test_readme_starts_with_the_two_commands_ci_runs() -> None:
    first_block = re.search(r"```sh\n(.*?)\n```", README, re.S)
    assert first_block is not None
    install, tests = first_block.group(1).splitlines()
    assert "pip install -e '.[test]'" in install and "portconfig check examples/" in install
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    assert "pip install --quiet -e '.[test]'" in ci
    assert tests == "python -m pytest" and "python -m pytest -q" in ci
