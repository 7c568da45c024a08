"""The README stays true: its rules table is the registry's, its set-up commands are what CI runs, and every
command it shows is run here, its output compared line by line with what the README prints.

Conventions for README authors:

* In a fenced ``console`` block, a line starting with ``$ `` is a command; the lines after it, up to the next
  command or the end of the block (trailing blank lines dropped), are its output: stdout and stderr together,
  exactly.  A command ending with ``# not run`` (``exec gunicorn ...``) is not run and shows no output; the
  ``portconfig`` invocations inside it must still be valid command lines.
* Commands run with ``bash -c`` in a fresh temporary directory holding a copy of ``examples/``, with an
  ``env -i``-like environment: ``PATH`` and ``HOME`` only, plus what the line itself sets (``PORT=9090 ...``).
  ``portconfig`` and ``python`` on that ``PATH`` run this checkout (whether or not it is installed).
* The first ``sh`` block is the set-up: its ``pip install`` is asserted, never run; the check it ends with is run.
"""

from __future__ import annotations

import contextlib
import io
import os
import re
import shlex
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from portconfig import cli
from portconfig.checks import rules_markdown

ROOT = Path(__file__).resolve().parents[1]
README = (ROOT / "README.md").read_text(encoding="utf-8")
NOT_RUN = "# not run"


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


def test_readme_keeps_the_spots_colleagues_fill() -> None:
    for marker in ("<!-- fix tour -->", "<!-- performance -->"):
        assert README.count(marker) == 1, marker
    assert "(tests/benchmarks/RESULTS.md)" in README and (ROOT / "tests/benchmarks/RESULTS.md").is_file()


# -- running what the README shows ------------------------------------------------


def console_commands(text: str) -> list[tuple[str, list[str]]]:
    """``(command, expected output lines)`` for every ``$ `` line of every ``console`` block."""
    found: list[tuple[str, list[str]]] = []
    for block in re.findall(r"^```console\n(.*?)^```$", text, re.S | re.M):
        for line in block.splitlines():
            if line.startswith("$ "):
                found.append((line[2:], []))
            else:
                assert found, f"console block output before any command: {line!r}"
                found[-1][1].append(line)
    for _, output in found:
        while output and not output[-1].strip():
            output.pop()
    return found


def write_shims(directory: Path) -> Path:
    """``portconfig`` and ``python`` commands that run this checkout with the test's interpreter."""
    directory.mkdir(parents=True, exist_ok=True)
    script = directory / "portconfig"
    script.write_text(
        f"#!{sys.executable}\n"
        "import sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "from portconfig.cli import main\n"
        "raise SystemExit(main())\n",
        encoding="utf-8",
    )
    for name in ("python", "python3"):
        (directory / name).write_text(
            f'#!/bin/sh\nPYTHONPATH={shlex.quote(str(ROOT))}${{PYTHONPATH:+:$PYTHONPATH}} '
            f'exec {shlex.quote(sys.executable)} "$@"\n',
            encoding="utf-8",
        )
    for path in directory.iterdir():
        path.chmod(0o755)
    return directory


def clean_env(shims: Path, home: Path) -> dict[str, str]:
    return {"PATH": os.pathsep.join([str(shims), "/usr/local/bin", "/usr/bin", "/bin"]), "HOME": str(home)}


def run_shown(command: str, tmp_path: Path) -> subprocess.CompletedProcess[str]:
    """Run one README command in a fresh directory holding a copy of ``examples/``."""
    work = tmp_path / "work"
    shutil.copytree(ROOT / "examples", work / "examples", ignore=shutil.ignore_patterns("__pycache__"))
    (tmp_path / "home").mkdir()
    env = clean_env(write_shims(tmp_path / "bin"), tmp_path / "home")
    return subprocess.run(["bash", "-c", command], cwd=work, env=env, stdout=subprocess.PIPE,
                          stderr=subprocess.STDOUT, text=True, timeout=60)


def portconfig_invocations(command: str) -> list[list[str]]:
    """The argument lists of the ``portconfig`` invocations in a shell line, ``$(...)`` included."""
    found = []
    pieces = [command] + re.findall(r"\$\(([^)]*)\)", command)
    for piece in pieces:
        piece = re.sub(r"\$\([^)]*\)", "X", piece).split(NOT_RUN)[0]
        lexer = shlex.shlex(piece, posix=True, punctuation_chars=True)
        lexer.whitespace_split = True
        words = list(lexer)
        for index, word in enumerate(words):
            if word == "portconfig":
                args = []
                for arg in words[index + 1 :]:
                    if arg in ("|", "||", "&&", ";", ">", ">>", "<", "&", ")"):
                        break
                    args.append(arg)
                found.append(args)
    return found


def assert_valid_command_line(args: list[str]) -> None:
    """``args`` are accepted by portconfig's own parser (without running anything)."""
    parser = cli.build_parser()
    try:
        with contextlib.redirect_stderr(io.StringIO()):
            parsed = cli.parse(parser, args)
    except SystemExit as exit:  # argparse's usage error
        raise AssertionError(f"portconfig {' '.join(args)}: rejected by the parser (exit {exit.code})") from None
    assert parsed.command in cli.COMMANDS, args


COMMANDS = console_commands(README)


def test_the_readme_shows_commands() -> None:
    shown = [command for command, _ in COMMANDS]
    for needed in ("portconfig check", "portconfig show", "portconfig explain", "portconfig port"):
        assert any(needed in command for command in shown), needed


@pytest.mark.parametrize(("command", "expected"), COMMANDS, ids=[command for command, _ in COMMANDS])
def test_readme_command_output(command: str, expected: list[str], tmp_path: Path) -> None:
    if command.endswith(NOT_RUN):
        assert expected == [], "a command that is not run cannot show output"
        invocations = portconfig_invocations(command)
        assert invocations, "a skipped command must at least name portconfig"
        for args in invocations:
            assert_valid_command_line(args)
        pytest.skip("marked '# not run'")
    result = run_shown(command, tmp_path)
    assert "Traceback" not in result.stdout
    assert result.stdout.rstrip("\n").splitlines() == expected


def test_setup_block_is_asserted_and_its_check_is_run(tmp_path: Path) -> None:
    block = re.search(r"```sh\n(.*?)\n```", README, re.S)
    assert block is not None
    install, tests = block.group(1).splitlines()
    steps = install.split(" && ")
    # Asserted, never run: creating a virtual environment and installing are CI's job (.ci/run).
    assert steps[:3] == ["python3 -m venv .venv", ". .venv/bin/activate", "pip install -e '.[test]'"]
    assert tests == "python -m pytest"  # running the suite from inside the suite would recurse
    assert len(steps) == 4 and steps[3].startswith("portconfig check ")
    result = run_shown(steps[3], tmp_path)
    assert result.returncode == 0, result.stdout
    assert "Traceback" not in result.stdout


def test_python_api_block_runs(tmp_path: Path) -> None:
    block = re.search(r"```python\n(.*?)\n```", README, re.S)
    assert block is not None
    work = tmp_path / "spring-app"
    shutil.copytree(ROOT / "examples" / "spring-app", work)
    env = {**clean_env(write_shims(tmp_path / "bin"), tmp_path), "PORT": "9090"}
    result = subprocess.run(["python", "-c", block.group(1)], cwd=work, env=env, capture_output=True, text=True,
                            timeout=60)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    # What the block's comments say each print shows.
    assert lines[:3] == ["9090", "environment variable PORT", "http://localhost:9090/"]
    assert lines[3] == 'server.port = "9090"' and any("found in environment variable PORT" in x for x in lines)
