"""Helpers for tests that run the command line in this process."""

from __future__ import annotations

from pathlib import Path

from portconfig.cli import main


def write(name: str, text: str) -> str:
    """Write ``text`` to ``name`` (relative to the test's directory), creating folders; returns the name."""
    path = Path(name)
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return name


def run(capsys, *argv: str) -> tuple[int, str, str]:
    """``portconfig ARGV``: the exit code, stdout and stderr."""
    code = main(list(argv))
    captured = capsys.readouterr()
    return code, captured.out, captured.err
