"""Secrets never leak (issue 6), beyond tests/test_cli.py's .properties matrix: YAML files, secrets in the
process environment (not an --env-file), a file that does not parse beside them, standard input, and the
library: the ``str()`` and ``repr()`` of every error ``load()`` raises, and ``lint()``'s messages.
"""

from __future__ import annotations

import io
import sys
from pathlib import Path

import pytest
from cli_support import run

import portconfig
from portconfig import InvalidConfigError, cli
from portconfig.port import check_port

SECRET = "Xy9-Hunter2-Secret"
FILE_SECRET = "F1le-Secret-Value"

CONFIGS = {
    "yaml-passing": ("application.yml",
                     "server:\n  port: ${PORT:8080}\nspring:\n  datasource:\n    password: " + FILE_SECRET + "\n"
                     "    url: postgres://app:" + FILE_SECRET + "@db:5432/x\napp:\n  dsn: jdbc://h/${DB_PASSWORD}\n"
                     "  api-key: ${API_KEY:" + FILE_SECRET + "}\n"),
    "yaml-failing": ("application.yml",
                     "server:\n  port: ${DB_PASSWORD}\nmanagement:\n  server:\n    port: ${API_KEY}\n"
                     "spring:\n  datasource:\n    password: " + FILE_SECRET + "${MISSING}\n"
                     "    url: postgres://app:" + FILE_SECRET + "@db/${MISSING}\n"
                     "app:\n  token: '" + FILE_SECRET + "${x'\n  chain: ${DB_PASSWORD}${UNSET}\n"
                     "  other: ${DB_PASSWORD:" + FILE_SECRET + "}${UNSET}\n"),
    "properties-failing": ("application.properties",
                           "server.port=${API_KEY}\napp.secret=${app.secret}" + FILE_SECRET + "\n"
                           "app.url=https://u:" + FILE_SECRET + "@h/${NOPE}\n"),
    "with-broken-file": ("application.properties",
                         "server.port=${DB_PASSWORD}\nspring.datasource.password=" + FILE_SECRET + "\n"),
}
COMMANDS = [
    ["check"], ["check", "--strict"], ["check", "--format", "json"], ["check", "--format", "github"],
    ["check", "--format", "sarif"], ["check", "--show"], ["check", "--show", "--format", "json"],
    ["check", "--lenient"], ["check", "--profile", "prod"],
    ["show"], ["show", "--format", "json"], ["show", "--format", "properties"], ["show", "--format", "yaml"],
    ["show", "--format", "env"], ["explain", "server.port"], ["explain", "spring.datasource.password"],
    ["explain", "spring.datasource.url"], ["explain", "app.dsn"], ["explain", "app.chain"],
    ["explain", "management.server.port"], ["port"],
]


@pytest.fixture(autouse=True)
def _secrets_in_the_environment(hermetic, monkeypatch):
    monkeypatch.setenv("DB_PASSWORD", SECRET)
    monkeypatch.setenv("API_KEY", SECRET + "-2")


def setup(config: str) -> None:
    name, text = CONFIGS[config]
    Path(name).write_text(text, encoding="utf-8")
    if config == "with-broken-file":
        Path("application.yml").write_text("spring:\n  datasource:\n    password: " + FILE_SECRET + "\n  bad: [\n")


def leaks(text: str) -> list[str]:
    return [secret for secret in (SECRET, FILE_SECRET) if secret in text or secret.lower() in text.lower()]


@pytest.mark.parametrize("config", sorted(CONFIGS))
@pytest.mark.parametrize("argv", COMMANDS, ids=" ".join)
def test_no_secret_on_any_output(capsys, config, argv):
    setup(config)
    code = cli.main(argv)
    captured = capsys.readouterr()
    assert code in (0, 1, 2) and "internal error" not in captured.err
    assert not leaks(captured.out + captured.err), captured.out + captured.err


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_show_secrets_reveals_them(capsys, config):
    setup(config)
    cli.main(["show", "--show-secrets"])
    captured = capsys.readouterr()
    assert FILE_SECRET in captured.out + captured.err or SECRET in captured.out + captured.err


def test_no_secret_from_standard_input(capsys, monkeypatch):
    text = CONFIGS["yaml-failing"][1].encode()
    for argv in (["check", "-"], ["show", "-"], ["port", "-"], ["explain", "server.port", "-"]):
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(text)))
        cli.main(argv)
        captured = capsys.readouterr()
        assert not leaks(captured.out + captured.err), (argv, captured.out + captured.err)


@pytest.mark.parametrize("config", sorted(CONFIGS))
def test_library_errors_do_not_quote_secrets(config):
    """load()'s exceptions reach logs: str() and repr() of the error and of each error in it hide secrets
    (a port that is a password, a placeholder chain through a secret, a secret default)."""
    setup(config)
    name = CONFIGS[config][0]
    env = {"DB_PASSWORD": SECRET, "API_KEY": SECRET + "-2"}
    for lenient in (False, True):
        try:
            portconfig.load(name, env=env, lenient=lenient)
        except InvalidConfigError as error:
            texts = [str(error), repr(error)] + [text for inner in error.errors for text in (str(inner), repr(inner))]
            assert not leaks("\n".join(texts)), "\n".join(texts)
        problems = portconfig.lint(name, env=env, lenient=lenient)
        assert not leaks("\n".join(problem.message for problem in problems))


def test_port_error_from_a_secret():
    """The port error keeps the value for code that asks (``.value``) but its message does not quote it."""
    Path("application.properties").write_text("server.port=${DB_PASSWORD}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load("application.properties", env={"DB_PASSWORD": SECRET})
    (error,) = caught.value.errors
    assert error.rule == "port-not-integer" and error.value == SECRET
    assert str(error) == ('server.port is "******" (from environment variable DB_PASSWORD), which Spring Boot '
                          'cannot convert to a port number (For input string: "******"); use a whole number '
                          'between 1024 and 65535, e.g. 8080')
    assert error.__cause__ is None  # Java's NumberFormatException quotes it too
    with pytest.raises(portconfig.PortError) as caught:
        check_port("not-a-port")
    assert "not-a-port" in str(caught.value)  # not a secret: quoted as Spring does


def test_placeholder_error_through_a_secret():
    """Spring's chain of values, with the secret parts of secret values masked and their placeholders kept."""
    Path("application.properties").write_text(
        "app.url=${DB_PASSWORD}\nspring.datasource.password=${VAULT_TOKEN:changeme}${MISSING}\n")
    with pytest.raises(InvalidConfigError) as caught:
        portconfig.load("application.properties", env={"DB_PASSWORD": SECRET + "${nope}"})
    text = str(caught.value)
    assert "Could not resolve placeholder 'nope' in value \"******${nope}\" <-- \"${DB_PASSWORD}\"" in text
    assert "in value \"${VAULT_TOKEN:******}${MISSING}\"" in text
    assert SECRET not in text and "changeme" not in text


def test_a_non_ascii_secret_is_not_quoted_by_the_encoding_rule(capsys):
    """The encoding rule quotes the UTF-8 reading of a value; for a secret key it describes it instead."""
    secret = "p\u00e4ss\tw0rdXYZ"
    Path("application.properties").write_bytes(b"spring.datasource.password=" + secret.replace("\t", "\\t").encode() + b"\n")
    code, out, err = run(capsys, "check", "--no-env", "application.properties")
    assert code == 0
    assert "spring.datasource.password: UTF-8 text read as ISO-8859-1: Spring Boot sees the value; use \\uXXXX escapes" in out
    for form in (secret, repr(secret)[1:-1], "w0rdXYZ"):
        assert form not in out + err
