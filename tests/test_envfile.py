"""The --env-file parser."""

from __future__ import annotations

import pytest

from portconfig.envfile import EnvFileError, parse_env, read_env_file


@pytest.mark.parametrize(
    "text, expected",
    [
        ("A=1", {"A": "1"}),
        ("A=1\nA=2", {"A": "2"}),
        ("# comment\n\n  A = 1  ", {"A": "1"}),
        ("export A=1", {"A": "1"}),
        ("export=1", {"export": "1"}),
        ("A=", {"A": ""}),
        ("A=a=b", {"A": "a=b"}),
        ("A=x # comment", {"A": "x"}),
        ("A=x#not-a-comment", {"A": "x#not-a-comment"}),
        ("A='single ${X} \\n'", {"A": "single ${X} \\n"}),
        ('A="double \\" \\\\ \\n \\$"', {"A": 'double " \\ \n $'}),
        ('A="x" # comment', {"A": "x"}),
        ("A='x'  ", {"A": "x"}),
        ("server.port=9090", {"server.port": "9090"}),
        ("MY-VAR=1", {"MY-VAR": "1"}),
        ("A=${B:default}", {"A": "${B:default}"}),  # never expanded: Spring does that
        ("A=1\r\nB=2\r\n", {"A": "1", "B": "2"}),
    ],
)
def test_parse(text, expected):
    assert parse_env(text) == expected


@pytest.mark.parametrize(
    "text, line, reason",
    [
        ("A=1\nno equals here", 2, "expected KEY=VALUE (no '=' on this line)"),
        ("=1", 1, "expected KEY=VALUE with KEY"),
        ("1A=1", 1, "expected KEY=VALUE with KEY"),
        ("A B=1", 1, "expected KEY=VALUE with KEY"),
        ("A='open", 1, "the single quote is not closed"),
        ('A="open', 1, "the double quote is not closed"),
        ("A='x' y", 1, "unexpected text after the closing quote"),
    ],
)
def test_errors_name_file_and_line(text, line, reason):
    with pytest.raises(EnvFileError) as caught:
        parse_env(text, "prod.env")
    assert caught.value.line == line
    assert str(caught.value).startswith(f"prod.env:{line}: {reason}")


def test_error_does_not_quote_the_line():
    with pytest.raises(EnvFileError) as caught:
        parse_env("PASSWORD hunter2", "x.env")
    assert "hunter2" not in str(caught.value)


def test_read_file(tmp_path):
    path = tmp_path / "a.env"
    path.write_text("A=1\n", encoding="utf-8")
    assert read_env_file(str(path)) == {"A": "1"}
    with pytest.raises(EnvFileError, match="no such file"):
        read_env_file(str(tmp_path / "missing.env"))
    with pytest.raises(EnvFileError, match="is a directory"):
        read_env_file(str(tmp_path))
    (tmp_path / "latin.env").write_bytes(b"A=caf\xe9\n")
    with pytest.raises(EnvFileError, match="not UTF-8"):
        read_env_file(str(tmp_path / "latin.env"))
