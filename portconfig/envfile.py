"""Read an ``--env-file``: ``KEY=VALUE`` lines, as docker and dotenv write them.

Accepted: blank lines, ``#`` comments (whole lines, and after an unquoted value
when preceded by whitespace), an optional ``export`` prefix, and values in
single quotes (literal) or double quotes (``\\"``, ``\\\\``, ``\\n``, ``\\t``,
``\\r`` and ``\\$`` escapes).  Nothing is expanded: Spring resolves ``${...}``
in environment values itself, so a value is passed on exactly as written.

A line that is none of these is an error naming ``file:line``.  The line's text
is never quoted in the message, because env files hold secrets.
"""

from __future__ import annotations

import re

_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.\-]*")
_EXPORT = re.compile(r"export\s+")
_DOUBLE_ESCAPES = {'"': '"', "\\": "\\", "n": "\n", "t": "\t", "r": "\r", "$": "$"}


class EnvFileError(ValueError):
    """A line of an env file that is not ``KEY=VALUE``, or a file that cannot be read."""

    def __init__(self, path: str, line: int | None, reason: str) -> None:
        self.path = path
        self.line = line
        self.reason = reason
        where = path if line is None else f"{path}:{line}"
        super().__init__(f"{where}: {reason}")


def read_env_file(path: str) -> dict[str, str]:
    """The variables of the env file at ``path``, in file order (a later line wins)."""
    try:
        with open(path, encoding="utf-8") as handle:
            text = handle.read()
    except FileNotFoundError:
        raise EnvFileError(path, None, "no such file; check the --env-file path") from None
    except IsADirectoryError:
        raise EnvFileError(path, None, "is a directory; --env-file needs a file of KEY=VALUE lines") from None
    except UnicodeDecodeError:
        raise EnvFileError(path, None, "is not UTF-8 text; save it as UTF-8") from None
    except OSError as error:
        raise EnvFileError(path, None, f"cannot be read: {error.strerror or error}") from None
    return parse_env(text, path)


def parse_env(text: str, path: str = "<env-file>") -> dict[str, str]:
    """Parse env-file text; ``path`` only names the file in errors."""
    env: dict[str, str] = {}
    for number, line in enumerate(text.splitlines(), start=1):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        export = _EXPORT.match(stripped)
        if export is not None and "=" in stripped[export.end():]:
            stripped = stripped[export.end():]
        name, equals, rest = stripped.partition("=")
        name = name.strip()
        if not equals:
            raise EnvFileError(path, number, "expected KEY=VALUE (no '=' on this line)")
        if not _NAME.fullmatch(name):
            raise EnvFileError(
                path, number, "expected KEY=VALUE with KEY made of letters, digits, '_', '.' or '-'"
            )
        env[name] = _value(rest.strip(), path, number)
    return env


def _value(text: str, path: str, number: int) -> str:
    if not text:
        return ""
    quote = text[0]
    if quote == "'":
        end = text.find("'", 1)
        if end == -1:
            raise EnvFileError(path, number, "the single quote is not closed (values span one line)")
        _rest_is_comment(text[end + 1:], path, number)
        return text[1:end]
    if quote == '"':
        out: list[str] = []
        index = 1
        while index < len(text):
            ch = text[index]
            if ch == "\\" and index + 1 < len(text) and text[index + 1] in _DOUBLE_ESCAPES:
                out.append(_DOUBLE_ESCAPES[text[index + 1]])
                index += 2
                continue
            if ch == '"':
                _rest_is_comment(text[index + 1:], path, number)
                return "".join(out)
            out.append(ch)
            index += 1
        raise EnvFileError(path, number, "the double quote is not closed (values span one line)")
    # Unquoted: an inline comment starts at whitespace followed by '#'.
    comment = re.search(r"\s#", text)
    return text[: comment.start()].rstrip() if comment else text


def _rest_is_comment(rest: str, path: str, number: int) -> None:
    rest = rest.strip()
    if rest and not rest.startswith("#"):
        raise EnvFileError(path, number, "unexpected text after the closing quote")
