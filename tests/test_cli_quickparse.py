"""quick_parse reads everyday command lines exactly as argparse does, and leaves the rest to argparse."""

from __future__ import annotations

import contextlib
import io
import subprocess
import sys

import pytest

from portconfig import cli

ROOT = __import__("pathlib").Path(__file__).resolve().parents[1]


def full_parse(argv: list[str]) -> dict | None:
    try:
        with contextlib.redirect_stderr(io.StringIO()), contextlib.redirect_stdout(io.StringIO()):
            return vars(cli.parse(cli.build_parser(), argv))
    except SystemExit:
        return None


# Read by quick_parse: the result must be argparse's, attribute for attribute.
QUICK = [
    ["check"],
    ["check", "."],
    ["check", "a.yml", "b.properties", "-"],
    ["check", "--no-env", "--format", "json", "src/main/resources"],
    ["check", "--format=sarif", "--strict", "--show", "--bind", "x"],
    ["check", "x", "--no-env", "y", "--color", "never"],  # options and paths mix
    ["check", "--set", "server.port=9090", "--set=a=b=c", "--set", "a="],
    ["check", "--env-file", ".env", "--env-file", "-", "--profile", "prod,eu", "--profile", "dev"],
    ["check", "--port-key", "*.port", "--allow-privileged", "--lenient", "--filter-tokens"],
    ["check", "--encoding", "utf-8", "--stdin-name", "config/application-prod.yml", "-"],
    ["check", "--encoding=latin-1", "--show-secrets", "--format", "github", "--format", "text"],
    ["show", "--format", "env", "--show-secrets", "."],
    ["show", "--no-env"],
    ["explain", "server.port"],
    ["explain", "--no-env", "server.port", "src", "--set", "PORT=1"],
    ["explain", "server.port", "-"],
    ["port", "--no-env", "--env-file", "x.env", "app"],
    ["port"],
]

# Left to argparse (quick_parse gives None), which answers or refuses with its own messages.
ARGPARSE = [
    [],
    ["--version"],
    ["--help"],
    ["check", "--help"],
    ["check", "-h"],
    ["check", "--no-e"],  # an abbreviation
    ["check", "--"],
    ["check", "--", "-odd-name.yml"],
    ["check", "--format", "xml"],  # not a choice
    ["check", "--format"],  # no value
    ["check", "--set", "novalue"],  # the type refuses it
    ["check", "--set", "-x=1"],  # a value that looks like an option
    ["check", "--encoding", "rot13"],
    ["check", "--strict=yes"],
    ["check", "--unknown"],
    ["check", "-x"],
    ["explain"],  # KEY missing
    ["explain", "--no-env"],
    ["port", "--color", "never"],  # not an option of port
    ["rules"],
    ["rules", "port-privileged"],
    ["fix", "--diff", "."],
    ["nonsense"],
]


@pytest.mark.parametrize("argv", QUICK, ids=" ".join)
def test_quick_parse_reads_as_argparse_does(argv: list[str]) -> None:
    quick = cli.quick_parse(argv)
    assert quick is not None
    assert vars(quick) == full_parse(argv)


@pytest.mark.parametrize("argv", ARGPARSE, ids=lambda argv: " ".join(argv) or "(nothing)")
def test_quick_parse_leaves_the_rest_to_argparse(argv: list[str]) -> None:
    assert cli.quick_parse(argv) is None


def test_default_lists_are_fresh_each_time() -> None:
    first = cli.quick_parse(["check", "--set", "a=1"])
    second = cli.quick_parse(["check"])
    assert first is not None and second is not None
    assert second.set == [] and first.set == [("a", "1")]


def test_a_check_imports_no_argparse() -> None:
    """The point of quick_parse: the everyday command does not pay for argparse (nor gettext, locale)."""
    code = (
        "import sys\n"
        "before = set(sys.modules)  # what the interpreter's own start imported (site, .pth files)\n"
        "from portconfig import cli\n"
        "cli.main(['check', '--no-env', '--format', 'json', sys.argv[1]])\n"
        "new = set(sys.modules) - before\n"
        "print(sorted({'argparse', 'gettext', 'locale', 'dataclasses', 'inspect', 'typing', 'shutil'} & new))\n"
    )
    done = subprocess.run([sys.executable, "-c", code, str(ROOT / "examples" / "hardcoded")],
                          capture_output=True, text=True, cwd=ROOT)
    assert done.stdout.splitlines()[-1] == "[]", done.stdout + done.stderr


def test_a_missing_key_is_the_only_argument_named_missing(capsys) -> None:
    """PATH may be left out (it defaults to .), so argparse must not list it as required."""
    assert cli.main(["explain"]) == 2
    assert capsys.readouterr().err.splitlines()[-1] == (
        "portconfig explain: error: the following arguments are required: KEY")
